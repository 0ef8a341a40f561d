//! The catalogue as a spreadsheet: which column is which (guessed from the
//! header in Indonesian or English, and changeable), a row read into the
//! product form (the same checks as typing it), and the columns the
//! export writes (which the import reads back unchanged).

use super::{cell, column, yes, Sheet};
use crate::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The column of each field (none = not in the file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProductColumns {
    pub sku: Option<u32>,
    pub name: Option<u32>,
    pub brand: Option<u32>,
    pub category: Option<u32>,
    pub price: Option<u32>,
    pub cost_price: Option<u32>,
    pub serialised: Option<u32>,
    pub tax_exempt: Option<u32>,
    pub weight_grams: Option<u32>,
    pub warranty_store_months: Option<u32>,
    pub warranty_maker_months: Option<u32>,
}

/// The export's header, in this order; the import's guess reads it back.
pub const HEADER: [&str; 11] = [
    "SKU",
    "Nama",
    "Merek",
    "Kategori",
    "Harga",
    "Harga pokok",
    "Serial",
    "Bebas PPN",
    "Berat (g)",
    "Garansi toko (bulan)",
    "Garansi pabrik (bulan)",
];

pub fn guess(header: &[String]) -> ProductColumns {
    let at = |names: &[&str]| column(header, names).map(|i| i as u32);
    ProductColumns {
        sku: at(&["sku", "kode barang", "kode", "code", "barcode"]),
        name: at(&["nama", "name", "nama barang", "produk", "product"]),
        brand: at(&["merek", "brand", "merk"]),
        category: at(&["kategori", "category", "jenis"]),
        price: at(&["harga", "harga jual", "price", "sell price"]),
        cost_price: at(&["harga pokok", "modal", "cost", "harga beli", "hpp"]),
        serialised: at(&["serial", "serialised", "ber serial", "imei"]),
        tax_exempt: at(&["bebas ppn", "tax exempt", "non ppn"]),
        weight_grams: at(&["berat (g)", "berat", "weight"]),
        warranty_store_months: at(&["garansi toko (bulan)", "garansi toko", "store warranty"]),
        warranty_maker_months: at(&["garansi pabrik (bulan)", "garansi pabrik", "maker warranty"]),
    }
}

/// The mapping's columns must exist in the file; SKU, name and price are needed.
pub fn check(m: &ProductColumns, sheet: &Sheet) -> Result<(), (&'static str, &'static str)> {
    let n = sheet.header.len() as u32;
    let all = [
        ("sku", m.sku),
        ("name", m.name),
        ("brand", m.brand),
        ("category", m.category),
        ("price", m.price),
        ("cost_price", m.cost_price),
        ("serialised", m.serialised),
        ("tax_exempt", m.tax_exempt),
        ("weight_grams", m.weight_grams),
        ("warranty_store_months", m.warranty_store_months),
        ("warranty_maker_months", m.warranty_maker_months),
    ];
    for (field, col) in all {
        if col.is_some_and(|c| c >= n) {
            return Err((field, "no_such_column"));
        }
    }
    for (field, col) in [("sku", m.sku), ("name", m.name), ("price", m.price)] {
        if col.is_none() {
            return Err((field, "column_required"));
        }
    }
    Ok(())
}

/// One row as the product form: a missing brand or category reads "Umum"
/// (general); a missing warranty, 12 months from the shop.
pub fn product(m: &ProductColumns, row: &[String]) -> ProductInput {
    let c = |i: Option<u32>| cell(row, i.map(|i| i as usize)).to_string();
    let or = |v: String, d: &str| if v.is_empty() { d.to_string() } else { v };
    ProductInput {
        sku: c(m.sku),
        name: c(m.name),
        brand: or(c(m.brand), "Umum"),
        category: or(c(m.category), "Umum"),
        price: c(m.price),
        tax_class: if yes(&c(m.tax_exempt)) {
            TaxClass::Exempt
        } else {
            TaxClass::Standard
        },
        serialised: yes(&c(m.serialised)),
        weight_grams: c(m.weight_grams),
        warranty_store_months: or(c(m.warranty_store_months), "12"),
        warranty_maker_months: or(c(m.warranty_maker_months), "12"),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: Some(c(m.cost_price)).filter(|v| !v.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(header: &[&str]) -> Sheet {
        Sheet {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: vec![],
        }
    }

    #[test]
    fn the_export_header_reads_back_to_itself() {
        let h = sheet(&HEADER);
        let m = guess(&h.header);
        assert_eq!(
            m,
            ProductColumns {
                sku: Some(0),
                name: Some(1),
                brand: Some(2),
                category: Some(3),
                price: Some(4),
                cost_price: Some(5),
                serialised: Some(6),
                tax_exempt: Some(7),
                weight_grams: Some(8),
                warranty_store_months: Some(9),
                warranty_maker_months: Some(10),
            }
        );
        assert_eq!(check(&m, &h), Ok(()));
    }

    #[test]
    fn a_shops_own_header_and_a_row() {
        let h = sheet(&["Kode Barang", "Nama Barang", "Harga Jual", "Modal", "IMEI?"]);
        let m = guess(&h.header);
        assert_eq!(
            (m.sku, m.name, m.price, m.cost_price, m.serialised),
            (Some(0), Some(1), Some(2), Some(3), Some(4))
        );
        let row: Vec<String> = ["hp-a15", "Samsung A15", "2.499.000", "2.100.000", "ya"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let p = product(&m, &row);
        assert_eq!(
            (p.sku.as_str(), p.brand.as_str(), p.serialised),
            ("hp-a15", "Umum", true)
        );
        assert_eq!(p.cost_price.as_deref(), Some("2.100.000"));
        assert_eq!(p.warranty_store_months, "12");
        let no_price = ProductColumns {
            price: None,
            ..m.clone()
        };
        assert_eq!(check(&no_price, &h), Err(("price", "column_required")));
        let far = ProductColumns {
            brand: Some(9),
            ..m
        };
        assert_eq!(check(&far, &h), Err(("brand", "no_such_column")));
    }
}
