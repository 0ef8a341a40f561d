//! A table written as a spreadsheet file: CSV (UTF-8 with its mark, so a
//! spreadsheet opens it as UTF-8; formula-safe text cells) or XLSX (a real
//! workbook; the amount columns as numbers). Used by the catalogue's and
//! the customers' exports, which the imports read back.

use crate::domain::sheets::SheetFormat;
use crate::error::{Error, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

/// (file name, bytes). `amounts`: the columns holding typed amounts
/// ("1234,5"), written as numbers in an XLSX.
pub fn write(
    stem: &str,
    header: &[String],
    rows: &[Vec<String>],
    format: SheetFormat,
    amounts: &[usize],
) -> Result<(String, Vec<u8>)> {
    match format {
        SheetFormat::Csv => {
            let mut out = String::from("\u{feff}");
            for row in std::iter::once(header).chain(rows.iter().map(|r| r.as_slice())) {
                let cells: Vec<&str> = row.iter().map(String::as_str).collect();
                out.push_str(&crate::domain::csv::row(&cells));
            }
            Ok((format!("{stem}.csv"), out.into_bytes()))
        }
        SheetFormat::Xlsx => {
            use rust_xlsxwriter::{Format, Workbook};
            let fail = |e: rust_xlsxwriter::XlsxError| Error::Document {
                message: format!("xlsx: {e}"),
            };
            let mut book = Workbook::new();
            let bold = Format::new().set_bold();
            let sheet = book.add_worksheet();
            for (c, h) in header.iter().enumerate() {
                sheet
                    .write_string_with_format(0, c as u16, h, &bold)
                    .map_err(fail)?;
                sheet.set_column_width(c as u16, 18).map_err(fail)?;
            }
            for (r, row) in rows.iter().enumerate() {
                let y = r as u32 + 1;
                for (c, v) in row.iter().enumerate() {
                    let number = amounts
                        .contains(&c)
                        .then(|| Decimal::from_str(&v.replace(',', ".")).ok())
                        .flatten()
                        .and_then(|d| d.to_f64());
                    match number {
                        Some(n) => sheet.write_number(y, c as u16, n).map_err(fail)?,
                        None => sheet.write_string(y, c as u16, v).map_err(fail)?,
                    };
                }
            }
            Ok((format!("{stem}.xlsx"), book.save_to_buffer().map_err(fail)?))
        }
    }
}
