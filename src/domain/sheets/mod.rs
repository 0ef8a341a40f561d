//! Spreadsheets in and out of the shop: a CSV (`,` or `;`, as Indonesian
//! spreadsheets save it) or an XLSX (read with `calamine`) turned into a
//! header and rows of text, ready for the catalogue's and the customers'
//! column mappings (`catalog`, `customers`). A number read from an XLSX
//! becomes text the way the counter types it (a comma before decimals),
//! so the amount parsers read it as written. No database here.

pub mod catalog;
pub mod customers;

use crate::domain::csv::split_on;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Most rows one file may carry.
pub const MAX_ROWS: usize = 50_000;
/// Largest file accepted (bytes).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub header: Vec<String>,
    /// Each data row with its line number in the file (the header is 1).
    pub rows: Vec<(u32, Vec<String>)>,
}

/// Which file a spreadsheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

pub fn format_of(bytes: &[u8]) -> SheetFormat {
    // An XLSX is a zip file.
    if bytes.starts_with(b"PK\x03\x04") {
        SheetFormat::Xlsx
    } else {
        SheetFormat::Csv
    }
}

/// A file the page's picker read, as base64 (a `data:` URL is fine).
pub fn from_base64(file: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    let b64 = file
        .split_once("base64,")
        .map(|(_, b)| b)
        .unwrap_or(file)
        .trim();
    if b64.len() > MAX_BYTES * 4 / 3 + 4 {
        return Err(Error::validation("file", "too_large", "at most 20 MB"));
    }
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| Error::validation("file", "unreadable", "cannot read this file"))
}

/// Reads a CSV or XLSX: the first row names the columns; blank rows are
/// skipped.
pub fn read(bytes: &[u8]) -> Result<Sheet> {
    if bytes.is_empty() {
        return Err(Error::validation("file", "empty", "the file is empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(Error::validation("file", "too_large", "at most 20 MB"));
    }
    let mut rows = match format_of(bytes) {
        SheetFormat::Xlsx => xlsx_rows(bytes)?,
        SheetFormat::Csv => csv_rows(bytes)?,
    }
    .into_iter()
    .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let (_, header) = rows
        .next()
        .ok_or_else(|| Error::validation("file", "empty", "the file is empty"))?;
    let rows: Vec<(u32, Vec<String>)> = rows.collect();
    if rows.len() > MAX_ROWS {
        return Err(Error::validation(
            "file",
            "too_many_rows",
            format!("at most {MAX_ROWS} rows"),
        ));
    }
    // An XLSX range is as wide as its widest row: its header may end in
    // empty cells that name no column.
    let mut header: Vec<String> = header.into_iter().map(|h| h.trim().to_string()).collect();
    while header.last().is_some_and(|h| h.is_empty()) {
        header.pop();
    }
    Ok(Sheet { header, rows })
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::validation("file", "not_utf8", "save the CSV as UTF-8"))?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    };
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            split_on(line.trim_end_matches('\r'), delimiter)
                .map(|cells| (i as u32 + 1, cells))
                .ok_or_else(|| {
                    Error::validation(
                        "file",
                        "invalid_csv",
                        format!("line {}: a quote is not closed", i + 1),
                    )
                })
        })
        .collect()
}

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>> {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let bad =
        |e: String| Error::validation("file", "invalid_xlsx", format!("not a readable XLSX: {e}"));
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| bad(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("no worksheet".into()))?
        .map_err(|e| bad(e.to_string()))?;
    let first = range.start().map(|(r, _)| r).unwrap_or(0);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first + i as u32 + 1, cells.iter().map(text_of).collect()))
        .collect())
}

/// A cell as the counter would have typed it.
fn text_of(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "ya" } else { "tidak" }.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => rust_decimal::Decimal::from_f64_retain(*f)
            .map(|d| crate::domain::payment::typed(d.round_dp(6)))
            .unwrap_or_else(|| f.to_string()),
        // Excel counts days from 30 December 1899.
        Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|e| e.checked_add_signed(chrono::Duration::days(d.as_f64().floor() as i64)))
            .map(|day| day.to_string())
            .unwrap_or_default(),
    }
}

/// The index of the first header naming one of `names` (case and spaces
/// ignored; an exact name wins over a name that only contains it).
pub fn column(header: &[String], names: &[&str]) -> Option<usize> {
    let norm = |s: &str| s.trim().to_lowercase().replace(['_', '-'], " ");
    let exact = header
        .iter()
        .position(|h| names.iter().any(|n| norm(h) == *n));
    exact.or_else(|| {
        header
            .iter()
            .position(|h| names.iter().any(|n| norm(h).contains(n)))
    })
}

/// A yes/no cell: ya, y, yes, true, 1, x (anything else is no).
pub fn yes(v: &str) -> bool {
    matches!(
        v.trim().to_lowercase().as_str(),
        "ya" | "y" | "yes" | "true" | "1" | "x" | "benar"
    )
}

/// The cell at `i` of a row, empty when the column is not mapped or short.
pub fn cell(row: &[String], i: Option<usize>) -> &str {
    i.and_then(|i| row.get(i)).map(|s| s.trim()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_bom_and_quotes() {
        let text =
            "\u{feff}SKU;Nama;Harga\r\nA-1;\"Kabel; 1 m\";150.000\r\n\r\nB-2;Tinta;25.000\r\n";
        let s = read(text.as_bytes()).unwrap();
        assert_eq!(s.header, ["SKU", "Nama", "Harga"]);
        assert_eq!(
            s.rows,
            vec![
                (2, vec!["A-1".into(), "Kabel; 1 m".into(), "150.000".into()]),
                (4, vec!["B-2".into(), "Tinta".into(), "25.000".into()])
            ]
        );
        let bad = read(b"a,b\n\"open,x\n").unwrap_err();
        assert_eq!(bad.field(), Some("file"));
        assert_eq!(read(b"").unwrap_err().field(), Some("file"));
        assert_eq!(read(b"\n\n").unwrap_err().field(), Some("file"));
        assert_eq!(read(&[0xff, 0xfe, 0x41]).unwrap_err().field(), Some("file"));
        assert_eq!(read(b"PK\x03\x04broken").unwrap_err().field(), Some("file"));
    }

    #[test]
    fn xlsx_numbers_read_as_typed() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(0, 0, "SKU").unwrap();
        ws.write_string(0, 1, "Harga").unwrap();
        ws.write_string(0, 2, "Modal").unwrap();
        ws.write_string(1, 0, "A-1").unwrap();
        ws.write_number(1, 1, 150000.0).unwrap();
        ws.write_number(1, 2, 12.5).unwrap();
        ws.write_boolean(1, 3, true).unwrap();
        let s = read(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(s.header, ["SKU", "Harga", "Modal"]);
        assert_eq!(
            s.rows,
            vec![(
                2,
                vec!["A-1".into(), "150000".into(), "12,5".into(), "ya".into()]
            )]
        );
    }

    #[test]
    fn columns_by_name() {
        let h: Vec<String> = ["Kode Barang", "SKU", "Harga Pokok", "Harga jual"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(column(&h, &["sku"]), Some(1), "exact first");
        assert_eq!(column(&h, &["harga pokok", "modal"]), Some(2));
        assert_eq!(column(&h, &["harga jual", "harga"]), Some(3));
        assert_eq!(column(&h, &["berat"]), None);
        assert!(yes(" Ya ") && yes("1") && !yes("tidak") && !yes(""));
    }
}
