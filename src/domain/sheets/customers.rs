//! Customers as a spreadsheet: the columns guessed from the header, a row
//! read into the customer form, and the export's header.

use super::{cell, column, Sheet};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CustomerColumns {
    pub name: Option<u32>,
    pub phone: Option<u32>,
    pub email: Option<u32>,
    pub address: Option<u32>,
    pub note: Option<u32>,
}

pub const HEADER: [&str; 5] = ["Nama", "Telepon", "Email", "Alamat", "Catatan"];

pub fn guess(header: &[String]) -> CustomerColumns {
    let at = |names: &[&str]| column(header, names).map(|i| i as u32);
    CustomerColumns {
        name: at(&["nama", "name", "pelanggan", "customer"]),
        phone: at(&["telepon", "phone", "hp", "no hp", "telp", "wa", "whatsapp"]),
        email: at(&["email", "e mail", "surel"]),
        address: at(&["alamat", "address"]),
        note: at(&["catatan", "note", "keterangan"]),
    }
}

pub fn check(m: &CustomerColumns, sheet: &Sheet) -> Result<(), (&'static str, &'static str)> {
    let n = sheet.header.len() as u32;
    for (field, col) in [
        ("name", m.name),
        ("phone", m.phone),
        ("email", m.email),
        ("address", m.address),
        ("note", m.note),
    ] {
        if col.is_some_and(|c| c >= n) {
            return Err((field, "no_such_column"));
        }
    }
    for (field, col) in [("name", m.name), ("phone", m.phone)] {
        if col.is_none() {
            return Err((field, "column_required"));
        }
    }
    Ok(())
}

/// A customer as the row gives it (checked by the customer form's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCustomer {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
}

pub fn customer(m: &CustomerColumns, row: &[String]) -> RowCustomer {
    let c = |i: Option<u32>| cell(row, i.map(|i| i as usize)).to_string();
    let opt = |v: String| Some(v).filter(|v| !v.is_empty());
    RowCustomer {
        name: c(m.name),
        phone: c(m.phone),
        email: opt(c(m.email)),
        address: opt(c(m.address)),
        note: opt(c(m.note)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_row() {
        let header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
        let m = guess(&header);
        assert_eq!(
            m,
            CustomerColumns {
                name: Some(0),
                phone: Some(1),
                email: Some(2),
                address: Some(3),
                note: Some(4)
            }
        );
        let other: Vec<String> = ["Pelanggan", "No HP"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m2 = guess(&other);
        assert_eq!((m2.name, m2.phone, m2.email), (Some(0), Some(1), None));
        let sheet = Sheet {
            header: other,
            rows: vec![],
        };
        assert_eq!(check(&m2, &sheet), Ok(()));
        let c = customer(&m2, &["Budi".to_string(), "0812 3456 7890".to_string()]);
        assert_eq!(
            (c.name.as_str(), c.phone.as_str(), c.email, c.note),
            ("Budi", "0812 3456 7890", None, None)
        );
    }
}
