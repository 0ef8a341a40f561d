//! The catalogue written as a spreadsheet (CSV or XLSX) in the columns
//! the import (`catalog_sheet`) reads back unchanged.

use super::catalog_sheet::{stored, Stored};
use crate::domain::sales::catalog::TaxClass;
use crate::domain::sheets::{self, catalog as sheet};
use crate::domain::staff::permissions::Action;
use crate::error::Result;
use crate::store::{shop, Ctx, Db};

/// The catalogue as CSV or XLSX, in the columns the import reads back.
pub async fn export(db: &Db, ctx: &Ctx, format: sheets::SheetFormat) -> Result<(String, Vec<u8>)> {
    ctx.require(Action::ManageCatalog)?;
    let cur = shop::profile(db).await?.currency;
    let mut list: Vec<Stored> = stored(&mut *db.pool.acquire().await?, cur)
        .await?
        .into_values()
        .collect();
    list.sort_by(|a, b| a.product.sku.cmp(&b.product.sku));
    let typed = |d: rust_decimal::Decimal| crate::domain::payment::typed(d);
    let rows: Vec<Vec<String>> = list
        .into_iter()
        .map(|s| {
            let p = s.product;
            vec![
                p.sku,
                p.name,
                p.brand,
                p.category,
                typed(p.price),
                p.cost_price.map(typed).unwrap_or_default(),
                if p.serialised { "ya" } else { "tidak" }.into(),
                if p.tax_class == TaxClass::Exempt {
                    "ya"
                } else {
                    "tidak"
                }
                .into(),
                p.weight_grams.to_string(),
                p.warranty_store_months.to_string(),
                p.warranty_maker_months.to_string(),
            ]
        })
        .collect();
    let header: Vec<String> = sheet::HEADER.iter().map(|h| h.to_string()).collect();
    crate::docs::sheets::write("katalog", &header, &rows, format, &[4, 5])
}
