//! Paper of returns: the RMA receipt (tanda terima retur) of what came back,
//! in what condition, why, and what the customer got.

pub mod rma;

use super::canvas::Paper;
use crate::domain::shop::PaperSize;
use crate::error::Result;
use crate::store::{shop, Db};
use uuid::Uuid;

/// Renders the RMA receipt of one return.
pub async fn render_return(db: &Db, return_id: Uuid) -> Result<Vec<u8>> {
    let profile = shop::profile(db).await?;
    let r = crate::store::returns::get(db, return_id).await?;
    let paper = if profile.receipt_paper == PaperSize::Roll80 {
        Paper::ROLL80
    } else {
        Paper::A5
    };
    rma::render(&profile, &r, paper)
}
