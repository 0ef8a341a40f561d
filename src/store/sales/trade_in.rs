//! Trade-in at the counter: the owner's programmes (owner and admin only,
//! shared and guarded at the hub), and an old unit taken in against an
//! open order in one transaction: the unit described and graded, valued by
//! the programme (or as agreed when there is none), its credit recorded as
//! a verified order payment of method `trade_in` (no drawer move: no cash
//! changed hands), and the unit into stock as used goods — unpriced and
//! not for sale until the owner prices it — or to the maker's programme.

use crate::domain::money::{self, Currency};
use crate::domain::payment;
use crate::domain::sales::catalog::{check_serial, Product, TaxClass, WarrantyType};
use crate::domain::sales::order::OrderStatus;
use crate::domain::sales::trade_in::{
    check_credit, check_list, CheckItem, Destination, Grade, Programme,
};
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::sales::detail::{detail, detail_in, OrderDetail};
use crate::store::{parse_id, shop, shop::calendar, shop::outbox, ts, Ctx, Db};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgrammeRow {
    pub id: Uuid,
    pub programme: Programme,
}

/// The programmes, newest first.
pub async fn programmes(db: &Db) -> Result<Vec<ProgrammeRow>> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, name, brand, models, valid_from, valid_to FROM trade_in_programmes ORDER BY created_at DESC, id DESC",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ProgrammeRow {
                id: parse_id("id", &r.0)?,
                programme: Programme {
                    name: r.1,
                    brand: r.2,
                    models: serde_json::from_str(&r.3).unwrap_or_default(),
                    valid_from: r.4,
                    valid_to: r.5,
                },
            })
        })
        .collect()
}

/// Creates a programme (`id` None) or changes one; the owner's or an admin's.
pub async fn save_programme(
    db: &Db,
    ctx: &Ctx,
    id: Option<Uuid>,
    input: Programme,
) -> Result<Vec<ProgrammeRow>> {
    ctx.require(Action::ManageShop)?;
    let cur = shop::profile(db).await?.currency;
    let p = input.checked(cur)?;
    let models = serde_json::to_string(&p.models).unwrap_or_default();
    let mut tx = db.begin().await?;
    let id = match id {
        Some(id) => {
            let changed = sqlx::query(
                "UPDATE trade_in_programmes SET name = ?, brand = ?, models = ?, valid_from = ?, valid_to = ?, updated_at = ? WHERE id = ?",
            )
            .bind(&p.name)
            .bind(&p.brand)
            .bind(&models)
            .bind(&p.valid_from)
            .bind(&p.valid_to)
            .bind(ts(ctx.now))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(Error::not_found("trade_in_programme"));
            }
            id
        }
        None => {
            let id = crate::domain::new_id();
            sqlx::query(
                "INSERT INTO trade_in_programmes (id, name, brand, models, valid_from, valid_to, currency, created_by, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id.to_string())
            .bind(&p.name)
            .bind(&p.brand)
            .bind(&models)
            .bind(&p.valid_from)
            .bind(&p.valid_to)
            .bind(cur.code())
            .bind(ctx.staff_id.to_string())
            .bind(ts(ctx.now))
            .bind(ts(ctx.now))
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    outbox::append(&mut tx, ctx, "trade_in_programme", id, "save", &p).await?;
    tx.commit().await?;
    programmes(db).await
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TradeInInput {
    /// The programme it is valued by (empty: the agreed value).
    pub programme_id: Option<String>,
    pub brand: String,
    pub model: String,
    pub serial: String,
    pub grade: Grade,
    pub checklist: Vec<CheckItem>,
    /// The agreed value, only without a programme.
    pub value: Option<String>,
    pub destination: Destination,
    /// Photos of the unit as taken in (PNG or JPEG; at most ten).
    #[serde(default)]
    pub photos: Vec<crate::domain::attachment::AttachmentInput>,
}

/// The used-goods product a taken-in unit is stocked under: one per brand
/// and model, `BEKAS-<BRAND>-<MODEL>` in the category "Bekas", unpriced and
/// inactive until the owner prices it.
fn used_sku(brand: &str, model: &str) -> String {
    let part = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect::<String>()
    };
    let sku = format!("BEKAS-{}-{}", part(brand), part(model));
    sku.chars().take(60).collect()
}

/// Takes an old unit in against `order`; the order as it stands after.
pub async fn take_in(db: &Db, ctx: &Ctx, order: Uuid, input: TradeInInput) -> Result<OrderDetail> {
    ctx.require(Action::Sell)?;
    let brand = check::required("brand", &input.brand, 60)?;
    let model = check::required("model", &input.model, 80)?;
    let serial = check_serial("serial", &input.serial)?;
    let checklist = check_list(&input.checklist)?;
    let profile = shop::profile(db).await?;
    let cur = profile.currency;
    let today = calendar::calendar(db).await?.local_date(ctx.now);
    let programme = match input
        .programme_id
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => {
            let pid = parse_id("programme_id", p)?;
            let row = programmes(db)
                .await?
                .into_iter()
                .find(|r| r.id == pid)
                .ok_or_else(|| {
                    Error::validation("programme_id", "unknown_programme", "choose a programme")
                })?;
            Some(row)
        }
        None => None,
    };
    let credit = match (
        &programme,
        input
            .value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty()),
    ) {
        (Some(_), Some(_)) => {
            return Err(Error::validation(
                "value",
                "programme_value",
                "the programme sets the value",
            ))
        }
        (Some(p), None) => p.programme.credit(&brand, &model, input.grade, today)?,
        (None, v) => payment::parse_optional_amount("value", v, cur)?.unwrap_or(Decimal::ZERO),
    };
    let mut tx = db.begin().await?;
    // The balance and state the credit rests on are read in the write
    // transaction: two counters cannot both settle the same balance.
    let o = detail_in(db, &mut tx, order).await?;
    if o.currency != cur {
        return Err(Error::invalid_state(
            "currency_changed",
            "the order is in another currency",
        ));
    }
    if o.status == OrderStatus::Cancelled || !o.status.before_processing() {
        return Err(Error::invalid_state(
            "not_open",
            "a trade-in is taken against an order not yet paid",
        ));
    }
    if o.payments.iter().any(|p| p.status == "pending") {
        return Err(Error::invalid_state(
            "transfer_pending",
            "the customer confirmed a transfer: verify or reject it first",
        ));
    }
    if o.payments
        .iter()
        .any(|p| p.method == "trade_in" && p.status == "verified")
    {
        return Err(Error::invalid_state(
            "trade_in_taken",
            "this order already has a trade-in",
        ));
    }
    check_credit(credit, o.balance)?;
    let known: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM trade_ins WHERE serial = ?1) + (SELECT COUNT(*) FROM units WHERE serial = ?1 AND status = 'in_stock')",
    )
    .bind(&serial)
    .fetch_one(&mut *tx)
    .await?;
    if known > 0 {
        return Err(Error::validation(
            "serial",
            "serial_known",
            "this serial is already in stock or traded in",
        ));
    }
    let payment_id = crate::store::sales::payments::insert(
        &mut tx, ctx, &o, "payment", "trade_in", credit, None, "verified", None,
    )
    .await?;
    let product = match input.destination {
        Destination::UsedStock => Some(
            used_product(
                &mut tx,
                ctx,
                &brand,
                &model,
                cur,
                &serial,
                o.number.as_str(),
                &profile.branch_code,
            )
            .await?,
        ),
        Destination::MakerProgramme => None,
    };
    let id = crate::domain::new_id();
    sqlx::query(
        "INSERT INTO trade_ins (id, order_id, payment_id, programme_id, brand, model, serial, grade, checklist, credit, currency, destination, product_id, staff_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(order.to_string())
    .bind(payment_id.to_string())
    .bind(programme.as_ref().map(|p| p.id.to_string()))
    .bind(&brand)
    .bind(&model)
    .bind(&serial)
    .bind(input.grade.as_str())
    .bind(serde_json::to_string(&checklist).unwrap_or_default())
    .bind(money::to_minor(credit, cur))
    .bind(cur.code())
    .bind(input.destination.as_str())
    .bind(product.map(|p| p.to_string()))
    .bind(ctx.staff_id.to_string())
    .bind(ts(ctx.now))
    .execute(&mut *tx)
    .await?;
    let subject = crate::store::shop::attachments::Subject::TradeIn;
    crate::store::shop::attachments::add_in(&mut tx, ctx, subject, id, "photos", &input.photos)
        .await?;
    // The order no longer expires unpaid: part of it is settled.
    sqlx::query("UPDATE orders SET pay_by = NULL WHERE id = ?")
        .bind(order.to_string())
        .execute(&mut *tx)
        .await?;
    let data = serde_json::json!({ "trade_in_id": id, "payment_id": payment_id, "brand": brand, "model": model, "serial": serial,
        "grade": input.grade, "credit": credit.to_string(), "destination": input.destination, "programme": programme.as_ref().map(|p| p.id) });
    crate::store::sales::write::append_event(&mut tx, ctx, order, "trade_in", None, None, data)
        .await?;
    tx.commit().await?;
    detail(db, order).await
}

/// Finds or makes the used-goods product and puts the unit in its stock.
#[allow(clippy::too_many_arguments)]
async fn used_product(
    tx: &mut crate::store::Tx,
    ctx: &Ctx,
    brand: &str,
    model: &str,
    cur: Currency,
    serial: &str,
    order_number: &str,
    branch: &str,
) -> Result<Uuid> {
    let sku = used_sku(brand, model);
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM products WHERE sku = ?")
        .bind(&sku)
        .fetch_optional(&mut **tx)
        .await?;
    let product = match found {
        Some(id) => parse_id("product_id", &id)?,
        None => {
            let id = crate::domain::new_id();
            let p = Product {
                sku: sku.clone(),
                name: format!("{brand} {model} (bekas)"),
                brand: brand.to_string(),
                category: "Bekas".into(),
                price: Decimal::ZERO,
                tax_class: TaxClass::Standard,
                serialised: true,
                weight_grams: 0,
                warranty_store_months: 0,
                warranty_maker_months: 0,
                warranty_type: WarrantyType::Standard,
                down_payment_allowed: false,
                cost_price: None,
            };
            crate::store::sales::catalog::insert_row(tx, id, &p, cur, &ts(ctx.now)).await?;
            // Not for sale until the owner prices it.
            sqlx::query("UPDATE products SET active = 0 WHERE id = ?")
                .bind(id.to_string())
                .execute(&mut **tx)
                .await?;
            outbox::append(tx, ctx, "product", id, "create", &p).await?;
            id
        }
    };
    sqlx::query("INSERT INTO units (id, product_id, serial, branch, status, updated_at) VALUES (?, ?, ?, ?, 'in_stock', ?)")
        .bind(crate::domain::new_id().to_string())
        .bind(product.to_string())
        .bind(serial)
        .bind(branch)
        .bind(ts(ctx.now))
        .execute(&mut **tx)
        .await?;
    let note = format!("Tukar tambah {order_number}");
    crate::store::sales::catalog::insert_move(
        tx,
        ctx,
        product,
        branch,
        1,
        "receive",
        Some(serial),
        None,
        Some(&note),
    )
    .await?;
    Ok(product)
}

#[cfg(test)]
mod tests {
    #[test]
    fn used_goods_have_a_readable_sku() {
        assert_eq!(
            super::used_sku("HP", "LaserJet P1102"),
            "BEKAS-HP-LASERJETP1102"
        );
        assert_eq!(super::used_sku("Épson", "L-3110 / x"), "BEKAS-PSON-L3110X");
    }
}
