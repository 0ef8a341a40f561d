//! The check at the counter: a scanned card, a serial, an invoice number or a
//! phone → the unit, the verdict with its reasons, the dates and the unit's
//! history. A card is verified against the keys this counter trusts; a card
//! of another shop, an altered one and a forged one are each refused with a
//! reason. Checking writes nothing.

use crate::domain::staff::permissions::Action;
use crate::domain::warranty::card::{self, CardPayload, CardRefusal};
use crate::domain::warranty::{self as rules, Checklist, Claim, Defect, Outcome, Reason, Verdict};
use crate::error::{check, Error, Result};
use crate::store::warranty::card_keys;
use crate::store::warranty::{find, get, rules_for, WarrantyUnit, UNIT};
use crate::store::{shop::calendar, Ctx, Db};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CheckInput {
    /// A scanned card's QR text, a serial, an invoice number or a phone.
    pub query: String,
    /// One of several units found (by invoice or phone).
    pub unit_id: Option<String>,
    pub claim: ClaimInput,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ClaimInput {
    /// YYYY-MM-DD; empty = today.
    pub date: Option<String>,
    pub defect: Defect,
    pub checklist: Checklist,
    pub shipped_in: bool,
}

/// What the card said about itself.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CardCheck {
    pub accepted: bool,
    /// card_valid | card_other_shop | card_altered | card_forged
    pub code: String,
    pub reason: Reason,
    pub payload: CardPayload,
}

#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct UnitEvent {
    pub kind: String,
    pub data: String,
    pub ticket_number: Option<String>,
    pub staff_name: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CheckResult {
    /// Everything the query found.
    pub units: Vec<WarrantyUnit>,
    /// The unit judged (none when several match and none was picked).
    pub unit: Option<WarrantyUnit>,
    pub card: Option<CardCheck>,
    pub verdict: Option<Verdict>,
    pub history: Vec<UnitEvent>,
}

fn card_reason(code: &str) -> Reason {
    let (id, en) = match code {
        "card_valid" => (
            "Kartu garansi asli dan utuh.",
            "A genuine, unaltered warranty card.",
        ),
        "card_other_shop" => (
            "Kartu ini ditandatangani toko lain, bukan toko kami: tidak ada garansi toko.",
            "This card was signed by another shop, not ours: no store warranty.",
        ),
        "card_altered" => (
            "Isi kartu telah diubah (tanda tangan tidak cocok): kartu ditolak.",
            "The card's contents were changed (the signature does not match): refused.",
        ),
        _ => (
            "Kartu palsu: tanda tangan tidak sah dan unit tidak tercatat: kartu ditolak.",
            "A forged card: the signature is not valid and the unit is not on record: refused.",
        ),
    };
    Reason {
        code: code.into(),
        id: id.into(),
        en: en.into(),
    }
}

fn claim_of(input: &ClaimInput, today: NaiveDate) -> Result<Claim> {
    let date = match check::optional("claim.date", input.date.as_deref(), 10)? {
        None => today,
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map_err(|_| Error::validation("claim.date", "invalid_date", "YYYY-MM-DD"))?,
    };
    if date > today {
        return Err(Error::validation(
            "claim.date",
            "future_date",
            "a claim cannot be dated in the future",
        ));
    }
    Ok(Claim {
        date,
        defect: input.defect,
        checklist: input.checklist,
        shipped_in: input.shipped_in,
    })
}

pub async fn check(db: &Db, ctx: &Ctx, input: &CheckInput) -> Result<CheckResult> {
    ctx.require(Action::TakeIn)?;
    let query = check::required("query", &input.query, 600)?;
    let query = card::from_scan(&query).to_string();
    let cal = calendar::calendar(db).await?;
    let claim = claim_of(&input.claim, cal.local_date(ctx.now))?;
    let judge =
        |purchase: Option<rules::Purchase>, r| rules::verdict(purchase.as_ref(), &claim, &r, &cal);
    if query.starts_with(card::PREFIX) {
        let keys = card_keys::trusted(db).await?;
        let (payload, code) = match card::verify(&query, &keys) {
            Ok(p) => (p, "card_valid"),
            Err(CardRefusal::Unreadable) => {
                return Err(Error::validation(
                    "query",
                    "card_unreadable",
                    "not a readable Konter warranty card",
                ))
            }
            Err(CardRefusal::OtherShop) => (
                card::read(&query).map_err(|_| unreadable())?.payload,
                "card_other_shop",
            ),
            Err(CardRefusal::BadSignature) => {
                let p = card::read(&query).map_err(|_| unreadable())?.payload;
                let on_record: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM warranties WHERE serial = ? OR invoice_number = ?",
                )
                .bind(&p.serial)
                .bind(&p.invoice)
                .fetch_one(&db.pool)
                .await?;
                (
                    p,
                    if on_record > 0 {
                        "card_altered"
                    } else {
                        "card_forged"
                    },
                )
            }
        };
        let accepted = code == "card_valid";
        let reason = card_reason(code);
        let unit: Option<WarrantyUnit> = if accepted {
            sqlx::query_as(&format!(
                "{UNIT} WHERE w.serial = ? AND w.invoice_number = ?"
            ))
            .bind(&payload.serial)
            .bind(&payload.invoice)
            .fetch_optional(&db.pool)
            .await?
        } else {
            None
        };
        let verdict = if accepted {
            // Our registry is the truth when it has the unit; a valid card of
            // another branch stands on its own.
            let purchase = match &unit {
                Some(u) => u.purchase()?,
                None => rules::Purchase {
                    start: payload.start,
                    store_months: payload.store_months,
                    maker_months: payload.maker_months,
                    kind: payload.kind,
                },
            };
            let r = rules_for(
                db,
                &payload.sku,
                unit.as_ref().map(|u| u.brand.as_str()).unwrap_or(""),
            )
            .await?;
            judge(Some(purchase), r)
        } else {
            // The card proves nothing: say why, and what to do instead.
            let mut v = judge(None, rules::WarrantyRules::default());
            v.reasons = vec![
                reason.clone(),
                Reason {
                    code: "check_by_serial".into(),
                    id: "Periksa unit lewat nomor serial atau invoice-nya; tanpa bukti pembelian, kami tawarkan servis berbayar.".into(),
                    en: "Check the unit by its serial or invoice; without proof of purchase, we offer paid service.".into(),
                },
            ];
            v
        };
        let history = match &unit {
            Some(u) => history(db, u).await?,
            None => vec![],
        };
        return Ok(CheckResult {
            units: unit.iter().cloned().collect(),
            unit,
            card: Some(CardCheck {
                accepted,
                code: code.into(),
                reason,
                payload,
            }),
            verdict: Some(verdict),
            history,
        });
    }
    let units = find(db, &query).await?;
    let unit = match &input.unit_id {
        Some(id) => {
            let id = crate::store::parse_id("unit_id", id)?;
            Some(get(db, id).await?)
        }
        None if units.len() == 1 => units.first().cloned(),
        None => None,
    };
    let verdict = match &unit {
        Some(u) => {
            let r = rules_for(db, &u.sku, &u.brand).await?;
            let mut v = judge(Some(u.purchase()?), r);
            if let Some(rma) = returned(db, u).await? {
                v.reasons.insert(
                    0,
                    Reason {
                        code: "returned".into(),
                        id: format!("Unit ini sudah dikembalikan dan dananya dikembalikan ({rma}): garansi pembelian ini berakhir."),
                        en: format!("This unit was returned and refunded ({rma}): the warranty of this purchase ended."),
                    },
                );
            }
            if let Some(by) = &u.replaced_by {
                v.reasons.insert(
                    0,
                    Reason {
                        code: "replaced".into(),
                        id: format!("Unit ini sudah diganti dengan unit {by}."),
                        en: format!("This unit was replaced by unit {by}."),
                    },
                );
            }
            Some(v)
        }
        None if units.is_empty() => Some(judge(None, rules::WarrantyRules::default())),
        None => None,
    };
    let history = match &unit {
        Some(u) => history(db, u).await?,
        None => vec![],
    };
    Ok(CheckResult {
        units,
        unit,
        card: None,
        verdict,
        history,
    })
}

fn unreadable() -> Error {
    Error::validation(
        "query",
        "card_unreadable",
        "not a readable Konter warranty card",
    )
}

/// The unit's history, oldest first.
/// The RMA number when the unit was refunded under this purchase.
async fn returned(db: &Db, u: &WarrantyUnit) -> Result<Option<String>> {
    let data: Option<String> = sqlx::query_scalar(
        "SELECT data FROM warranty_events WHERE warranty_id = ? AND kind = 'returned' ORDER BY at DESC LIMIT 1",
    )
    .bind(u.id.to_string())
    .fetch_optional(&db.pool)
    .await?;
    Ok(data.map(|d| {
        serde_json::from_str::<serde_json::Value>(&d)
            .ok()
            .and_then(|v| v["rma"].as_str().map(str::to_string))
            .unwrap_or_default()
    }))
}

pub async fn history(db: &Db, u: &WarrantyUnit) -> Result<Vec<UnitEvent>> {
    Ok(sqlx::query_as(
        "SELECT e.kind, e.data, t.number AS ticket_number, s.name AS staff_name, e.at FROM warranty_events e
         JOIN staff s ON s.id = e.staff_id LEFT JOIN tickets t ON t.id = e.ticket_id
         WHERE e.warranty_id = ? ORDER BY e.at, e.rowid",
    )
    .bind(u.id.to_string())
    .fetch_all(&db.pool)
    .await?)
}

/// Whether an outcome is covered by the store (a warranty ticket) or not.
pub fn is_warranty(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Exchange | Outcome::FreeRepair)
}
