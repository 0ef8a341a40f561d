//! Paper of work outside the counter: a courier's route sheet (lembar rute)
//! for a day, the visit report (laporan kunjungan) the customer signs on
//! site, and a visit's invoice or 80 mm receipt.
//!
//! A courier prints only their own run.

pub mod invoice;
pub mod report;
pub mod route_sheet;

use super::canvas::Paper;
use crate::error::{Error, Result};
use crate::store::{shop, Db};
use uuid::Uuid;

/// A courier's route sheet for a day (couriers print their own only).
pub async fn render_route_sheet(
    db: &Db,
    ctx: &crate::store::Ctx,
    courier: Uuid,
    day: chrono::NaiveDate,
) -> Result<Vec<u8>> {
    let jobs = crate::store::field::courier_jobs::run(db, ctx, courier, day).await?;
    let name: String = sqlx::query_scalar("SELECT name FROM staff WHERE id = ?")
        .bind(courier.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("courier"))?;
    let profile = shop::profile(db).await?;
    route_sheet::render(&profile, &name, &day.to_string(), &jobs)
}

/// The report of a visit that is done, for the customer's signature.
pub async fn render_visit_report(db: &Db, visit_id: Uuid) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    report::render(db, &profile, visit_id).await
}

/// A visit's invoice: A4, or the 80 mm receipt.
pub async fn render_visit_invoice(db: &Db, visit_id: Uuid, receipt: bool) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let bill = crate::store::field::billing::bill(db, visit_id).await?;
    let paper = if receipt { Paper::ROLL80 } else { Paper::A4 };
    invoice::render(&profile, &bill, paper)
}
