//! A report as a file: CSV (amounts as plain decimals, for any program),
//! XLSX (a real workbook: numbers as numbers with their format, written by
//! `rust_xlsxwriter`) and a printable A4 PDF (the chart the screen drew,
//! then the table). The headers and the title come from the screen in the
//! language it shows; they are only labels, checked for length.

use crate::docs::canvas::{Align, Canvas, Paper};
use crate::domain::money::{self, Currency};
use crate::domain::reports::{ColumnKind, Report};
use crate::domain::shop::ShopProfile;
use crate::error::{check, Error, Result};
use crate::store::reports::ReportQuery;
use crate::store::{shop, Ctx, Db};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Pdf,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReportExport {
    pub query: ReportQuery,
    pub format: ExportFormat,
    /// The report's title as the screen shows it.
    pub title: String,
    /// One header per column, as the screen shows them.
    pub headers: Vec<String>,
    /// The chart as the screen drew it (PDF only): a PNG, base64.
    pub chart_png: Option<String>,
}

/// The report and its file: (file name, bytes).
pub async fn render(db: &Db, ctx: &Ctx, input: &ReportExport) -> Result<(String, Vec<u8>)> {
    let r = crate::store::reports::report(db, ctx, &input.query).await?;
    let title = check::required("title", &input.title, 120)?;
    if input.headers.len() != r.columns.len() {
        return Err(Error::validation(
            "headers",
            "wrong_count",
            format!(
                "{} headers for {} columns",
                input.headers.len(),
                r.columns.len()
            ),
        ));
    }
    let headers = input
        .headers
        .iter()
        .map(|h| check::required("headers", h, 60))
        .collect::<Result<Vec<_>>>()?;
    let profile = shop::profile(db).await?;
    let stem = format!("laporan-{}-{}-{}", r.kind.as_str(), r.from, r.to);
    Ok(match input.format {
        ExportFormat::Csv => (format!("{stem}.csv"), csv(&r, &headers)),
        ExportFormat::Xlsx => (format!("{stem}.xlsx"), xlsx(&r, &title, &headers)?),
        ExportFormat::Pdf => {
            let chart = match input.chart_png.as_deref().filter(|c| !c.trim().is_empty()) {
                Some(c) => Some(crate::docs::picture::png_from_base64(
                    "chart_png",
                    c,
                    4 * 1024 * 1024,
                )?),
                None => None,
            };
            (
                format!("{stem}.pdf"),
                pdf(&profile, &r, &title, &headers, chart.as_deref())?,
            )
        }
    })
}

fn rows_with_total(r: &Report) -> impl Iterator<Item = (&Vec<String>, bool)> {
    r.rows
        .iter()
        .map(|row| (row, false))
        .chain(r.total.iter().map(|t| (t, true)))
}

/// CSV: a header line, the rows and the total; numbers stay numbers (the
/// formula guard applies to text cells only).
pub fn csv(r: &Report, headers: &[String]) -> Vec<u8> {
    let cell = |v: &str| {
        if Decimal::from_str(v).is_ok() {
            v.to_string()
        } else {
            crate::domain::csv::cell(v)
        }
    };
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(headers.iter().map(|h| cell(h)).collect()));
    for (row, _) in rows_with_total(r) {
        out.push_str(&line(row.iter().map(|v| cell(v)).collect()));
    }
    out.into_bytes()
}

/// XLSX: a bold header, numbers as numbers (amounts with thousands, a
/// percentage with one decimal), the total in bold.
pub fn xlsx(r: &Report, title: &str, headers: &[String]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Document {
        message: format!("xlsx: {e}"),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    let name: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(name.trim()).map_err(fail)?;
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(fail)?;
        sheet
            .set_column_width(c as u16, if c == 0 { 28 } else { 16 })
            .map_err(fail)?;
    }
    let amount = Format::new().set_num_format("#,##0.##");
    let count = Format::new().set_num_format("0");
    let decimal = Format::new().set_num_format("0.0");
    for (i, (row, total)) in rows_with_total(r).enumerate() {
        let y = i as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let kind = r.columns.get(c).map(|k| k.kind).unwrap_or(ColumnKind::Text);
            let number = Decimal::from_str(v).ok().and_then(|d| d.to_f64());
            let x = c as u16;
            match (kind, number) {
                (ColumnKind::Text, _) | (_, None) => {
                    if total {
                        sheet
                            .write_string_with_format(y, x, v, &bold)
                            .map_err(fail)?;
                    } else {
                        sheet.write_string(y, x, v).map_err(fail)?;
                    }
                }
                (k, Some(n)) => {
                    let f = match k {
                        ColumnKind::Money => &amount,
                        ColumnKind::Count => &count,
                        _ => &decimal,
                    };
                    let f = if total {
                        f.clone().set_bold()
                    } else {
                        f.clone()
                    };
                    sheet.write_number_with_format(y, x, n, &f).map_err(fail)?;
                }
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}

fn shown(kind: ColumnKind, v: &str, cur: Currency) -> String {
    match (kind, Decimal::from_str(v)) {
        (ColumnKind::Money, Ok(d)) => money::format(d, cur),
        (ColumnKind::Percent, Ok(_)) => format!("{v} %"),
        (ColumnKind::Days, Ok(_)) => format!("{v} hr"),
        _ => v.to_string(),
    }
}

/// A4: the shop's header, the title and range, the chart, the table.
pub fn pdf(
    shop: &ShopProfile,
    r: &Report,
    title: &str,
    headers: &[String],
    chart: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let mut c = Canvas::new(Paper::A4);
    crate::docs::header(&mut c, shop);
    c.line(title, 13.0, true);
    c.line(
        &format!(
            "{} – {}",
            crate::docs::local_date(&r.from),
            crate::docs::local_date(&r.to)
        ),
        9.0,
        false,
    );
    c.gap(2.0);
    if let Some(png) = chart {
        let pic = crate::docs::picture::decode(png)?;
        let h = c.content_width() * pic.height as f32 / pic.width as f32;
        c.ensure(h);
        let x = c.left();
        let h = c.picture(x, &pic, c.content_width());
        c.gap(h + 3.0);
    }
    let cols = headers.len().max(1);
    let first = c.content_width() * if cols > 4 { 0.3 } else { 0.4 };
    let rest = (c.content_width() - first) / (cols.saturating_sub(1).max(1)) as f32;
    let x_of = |c0: f32, i: usize| {
        if i == 0 {
            c0
        } else {
            c0 + first + rest * (i - 1) as f32
        }
    };
    let row = |c: &mut Canvas, cells: Vec<String>, bold: bool| {
        c.ensure(5.0);
        let left = c.left();
        for (i, v) in cells.iter().enumerate() {
            if i == 0 {
                c.text_at(left, v, 8.0, bold, Align::Left);
            } else {
                c.text_at(x_of(left, i) + rest, v, 8.0, bold, Align::Right);
            }
        }
        c.gap(4.6);
    };
    row(&mut c, headers.to_vec(), true);
    c.rule(0.3);
    for (cells, total) in rows_with_total(r) {
        let shown: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, v)| shown(r.columns[i].kind, v, shop.currency))
            .collect();
        if total {
            c.rule(0.2);
        }
        row(&mut c, shown, total);
    }
    Ok(c.finish(title))
}
