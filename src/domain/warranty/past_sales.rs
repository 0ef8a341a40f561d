//! Past sales from a CSV file (a spreadsheet export of older invoices): which
//! column holds what, guessed from the header and adjustable, and each row
//! checked into a sale the warranty registry can take — or a reason.

use crate::domain::phone;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Column positions (0-based) of each field in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Mapping {
    pub serial: u32,
    /// SKU as in the catalog, or the product's name.
    pub product: u32,
    pub invoice: u32,
    pub date: u32,
    pub customer: u32,
    pub phone: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastSale {
    pub serial: String,
    pub product: String,
    pub invoice: String,
    pub date: NaiveDate,
    pub customer: String,
    /// E.164, when the file has a usable phone.
    pub phone: Option<String>,
}

/// The file's delimiter: `;` (spreadsheets set to Indonesian) or `,`.
pub fn delimiter(header: &str) -> char {
    if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    }
}

/// A first guess at the mapping from the header's names (Indonesian or English).
pub fn guess(header: &[String]) -> Mapping {
    let find = |names: &[&str]| {
        header.iter().position(|h| {
            let h = h.trim().to_lowercase();
            names.iter().any(|n| h == *n || h.contains(n))
        })
    };
    let at = |names: &[&str], fallback: u32| find(names).map(|i| i as u32).unwrap_or(fallback);
    Mapping {
        serial: at(&["serial", "no seri", "nomor seri", "s/n", "sn"], 0),
        product: at(&["sku", "produk", "product", "barang", "item"], 1),
        invoice: at(&["invoice", "faktur", "nota"], 2),
        date: at(&["tanggal", "date", "tgl"], 3),
        customer: at(&["pelanggan", "customer", "nama", "name"], 4),
        phone: find(&["telepon", "phone", "hp", "telp", "wa"]).map(|i| i as u32),
    }
}

/// 2026-11-21, 21/11/2026, 21-11-2026 or 21.11.2026.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// One row, checked. The reason is written for the error report.
pub fn parse(cells: &[String], m: &Mapping) -> Result<PastSale, String> {
    let cell = |i: u32, name: &str, max: usize| -> Result<String, String> {
        let v = cells.get(i as usize).map(|c| c.trim()).unwrap_or_default();
        if v.is_empty() {
            return Err(format!("{name} kosong / {name} empty"));
        }
        if v.chars().count() > max {
            return Err(format!("{name} terlalu panjang / {name} too long"));
        }
        Ok(v.to_string())
    };
    let serial = cell(m.serial, "serial", 60)?.to_uppercase();
    let product = cell(m.product, "product", 200)?;
    let invoice = cell(m.invoice, "invoice", 60)?;
    let raw_date = cell(m.date, "date", 20)?;
    let date = parse_date(&raw_date)
        .ok_or_else(|| format!("tanggal tidak terbaca / unreadable date: {raw_date}"))?;
    let customer = cell(m.customer, "customer", 200)?;
    let phone = match m
        .phone
        .and_then(|i| cells.get(i as usize))
        .map(|p| p.trim())
    {
        None | Some("") => None,
        Some(p) => Some(
            phone::normalize(p).map_err(|_| format!("telepon tidak valid / invalid phone: {p}"))?,
        ),
    };
    Ok(PastSale {
        serial,
        product,
        invoice,
        date,
        customer,
        phone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<String> {
        crate::domain::csv::split_on(line, delimiter(line)).unwrap()
    }

    #[test]
    fn headers_guess_the_mapping_and_rows_are_checked() {
        let header = cells("No;Nomor Seri;SKU;No Faktur;Tanggal;Nama Pelanggan;Telepon");
        let m = guess(&header);
        assert_eq!(
            m,
            Mapping {
                serial: 1,
                product: 2,
                invoice: 3,
                date: 4,
                customer: 5,
                phone: Some(6)
            }
        );
        let ok = parse(
            &cells("1;sn-77;CTX-SD36;INV/2024/001;29/02/2024;Budi;0812 3456 7890"),
            &m,
        )
        .unwrap();
        assert_eq!(ok.serial, "SN-77");
        assert_eq!(ok.date, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(ok.phone.as_deref(), Some("+6281234567890"));
        for (line, why) in [
            ("1;;CTX;INV-1;2024-01-01;Budi;", "serial"),
            ("1;SN-1;CTX;INV-1;31/02/2024;Budi;", "tanggal"),
            ("1;SN-1;CTX;INV-1;2024-01-01;Budi;12", "telepon"),
            ("1;SN-1;CTX;INV-1;2024-01-01", "customer"),
        ] {
            let err = parse(&cells(line), &m).unwrap_err();
            assert!(err.contains(why), "{line}: {err}");
        }
        assert_eq!(
            guess(&cells("serial,product,invoice,date,customer")).phone,
            None
        );
    }
}
