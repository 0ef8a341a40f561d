//! The warranty verdict (seed 002): is this unit ours, and is it still
//! under warranty? A pure function of the unit's purchase, the claim and the
//! working calendar, with reasons a clerk can read out, in Bahasa Indonesia
//! and English. Every period and flag comes from `WarrantyRules` (defaults
//! from seed 002), set per brand or product.

use crate::domain::sales::catalog::WarrantyType;
use crate::domain::shop::calendar::WorkingCalendar;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The periods and flags of a warranty policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WarrantyRules {
    /// A hardware defect within this many days of purchase → a new unit.
    pub doa_days: u32,
    /// … only with the complete box and accessories.
    pub doa_needs_complete_box: bool,
    /// "Lifetime warranty": the store handles claims this long, then the maker.
    pub lifetime_store_months: u32,
    /// A claim shipped in from outside the city within this many working
    /// days of receipt → the shop pays the return shipping.
    pub free_return_working_days: u32,
}

impl Default for WarrantyRules {
    fn default() -> Self {
        WarrantyRules {
            doa_days: 7,
            doa_needs_complete_box: true,
            lifetime_store_months: 12,
            free_return_working_days: 14,
        }
    }
}

/// The unit's purchase as the registry (or a verified card) knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Purchase {
    /// The day the customer received it (local date).
    pub start: NaiveDate,
    pub store_months: u32,
    pub maker_months: u32,
    pub kind: WarrantyType,
}

impl Purchase {
    /// Where the unit's warranty stands on `day`, for a list (the counter's
    /// check gives the verdict of a claim): in_store, maker_only, lifetime
    /// or expired, and the last day of the warranty that runs longest.
    pub fn standing(&self, day: NaiveDate) -> (&'static str, Option<NaiveDate>) {
        if self.kind == WarrantyType::Lifetime {
            return ("lifetime", None);
        }
        let store = last_day(self.start, self.store_months);
        let maker = last_day(self.start, self.maker_months);
        let state = if self.store_months > 0 && day <= store {
            "in_store"
        } else if self.maker_months > 0 && day <= maker {
            "maker_only"
        } else {
            "expired"
        };
        (state, Some(store.max(maker)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Defect {
    /// Hardware or a production fault.
    #[default]
    Hardware,
    /// Software, settings, drivers: fixed as service.
    Software,
}

/// What the clerk sees and ticks at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Checklist {
    /// Box, packaging and every accessory are there.
    pub box_complete: bool,
    pub physical_damage: bool,
    pub seal_broken: bool,
    /// Opened or repaired somewhere else.
    pub unauthorised_repair: bool,
    /// The fault is in a consumable part (lamp, rollers, print head …).
    pub consumable: bool,
}

/// The claim: when, what, in what state, and how it reached the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Claim {
    pub date: NaiveDate,
    pub defect: Defect,
    pub checklist: Checklist,
    /// Sent in by courier from outside the city.
    pub shipped_in: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "WarrantyOutcome")]
pub enum Outcome {
    /// Not bought here: no warranty, paid service offered.
    NotOurs,
    /// Dead on arrival: exchanged for a new unit.
    Exchange,
    /// Under the store's warranty: parts and service free.
    FreeRepair,
    /// Under warranty, but the cause is not covered: paid repair.
    Chargeable,
    /// Past the store's part: the claim goes to the maker, the shop assisting.
    Principal,
    /// Warranty over: paid service, post-warranty support.
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ClaimShippingPayer")]
pub enum ShippingPayer {
    Shop,
    Buyer,
}

/// One reason, with the words to read out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "VerdictReason")]
pub struct Reason {
    pub code: String,
    pub id: String,
    pub en: String,
}

fn reason(code: &str, id: String, en: String) -> Reason {
    Reason {
        code: code.into(),
        id,
        en,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Verdict {
    pub outcome: Outcome,
    pub reasons: Vec<Reason>,
    /// Last day of the store's warranty, and of the maker's.
    pub store_until: Option<NaiveDate>,
    pub maker_until: Option<NaiveDate>,
    /// Who pays to send a couriered unit back.
    pub return_shipping: Option<ShippingPayer>,
}

/// The last day of a warranty of `months` from `start`. A month later is the
/// same day of the month; a start on a day the end month lacks (29 February,
/// 31 March) runs to the end of that month.
pub fn last_day(start: NaiveDate, months: u32) -> NaiveDate {
    let end = start
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    if end.day() < start.day() {
        end // clamped: the whole last month counts
    } else {
        end.pred_opt().unwrap_or(end)
    }
}

fn date_id(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

pub fn verdict(
    purchase: Option<&Purchase>,
    claim: &Claim,
    rules: &WarrantyRules,
    cal: &WorkingCalendar,
) -> Verdict {
    let Some(p) = purchase else {
        return Verdict {
            outcome: Outcome::NotOurs,
            reasons: vec![reason(
                "not_bought_here",
                "Unit ini tidak tercatat dibeli di toko kami: tidak ada garansi toko. Kami tawarkan servis berbayar.".into(),
                "This unit is not recorded as bought here: no store warranty. We offer paid service.".into(),
            )],
            store_until: None,
            maker_until: None,
            return_shipping: None,
        };
    };
    let store_months = match p.kind {
        WarrantyType::Lifetime => rules.lifetime_store_months,
        WarrantyType::Standard => p.store_months,
    };
    let store_until = last_day(p.start, store_months);
    let maker_until = match p.kind {
        // "Lifetime": as long as the model is made; the maker decides.
        WarrantyType::Lifetime => None,
        WarrantyType::Standard => Some(last_day(p.start, p.maker_months)),
    };
    let age_days = (claim.date - p.start).num_days();
    let c = claim.checklist;
    let mut reasons = vec![];
    let chargeable: Vec<Reason> = [
        (
            c.physical_damage,
            "physical_damage",
            "ada kerusakan fisik",
            "there is physical damage",
        ),
        (
            c.seal_broken,
            "seal_broken",
            "segel garansi rusak",
            "the warranty seal is broken",
        ),
        (
            c.unauthorised_repair,
            "unauthorised_repair",
            "pernah dibuka atau diperbaiki di tempat lain",
            "it was opened or repaired elsewhere",
        ),
        (
            c.consumable,
            "consumable",
            "kerusakan pada suku cadang habis pakai",
            "the fault is in a consumable part",
        ),
    ]
    .into_iter()
    .filter(|(hit, ..)| *hit)
    .map(|(_, code, id, en)| {
        reason(
            &format!("chargeable_{code}"),
            format!("Tidak ditanggung garansi: {id}; perbaikan berbayar."),
            format!("Not covered by the warranty: {en}; a paid repair."),
        )
    })
    .collect();
    let outcome = if claim.date < p.start {
        reasons.push(reason(
            "claim_before_start",
            format!(
                "Tanggal klaim sebelum tanggal terima ({}).",
                date_id(p.start)
            ),
            format!(
                "The claim is dated before the unit was received ({}).",
                p.start
            ),
        ));
        Outcome::NotOurs
    } else if claim.date <= store_until {
        let doa = age_days <= i64::from(rules.doa_days) && claim.defect == Defect::Hardware;
        if !chargeable.is_empty() {
            reasons.extend(chargeable);
            Outcome::Chargeable
        } else if doa && (c.box_complete || !rules.doa_needs_complete_box) {
            reasons.push(reason(
                "doa_exchange",
                format!("Kerusakan hardware dalam {} hari setelah pembelian dengan dus dan aksesoris lengkap: ditukar unit baru.", rules.doa_days),
                format!("A hardware defect within {} days of purchase with the complete box and accessories: exchanged for a new unit.", rules.doa_days),
            ));
            Outcome::Exchange
        } else {
            if doa {
                reasons.push(reason(
                    "doa_box_incomplete",
                    "Dalam masa tukar baru, tetapi dus/aksesoris tidak lengkap: diperbaiki dengan garansi.".into(),
                    "Within the exchange period, but the box or accessories are incomplete: repaired under warranty.".into(),
                ));
            }
            reasons.push(reason(
                "store_warranty",
                format!(
                    "Dalam garansi toko sampai {}: suku cadang dan jasa servis gratis.",
                    date_id(store_until)
                ),
                format!(
                    "Under the store's warranty until {store_until}: parts and service are free."
                ),
            ));
            Outcome::FreeRepair
        }
    } else if p.kind == WarrantyType::Lifetime {
        reasons.push(reason(
            "lifetime_principal",
            format!("Garansi 'lifetime': toko menangani klaim {} bulan (sampai {}); sekarang klaim langsung ke principal, kami bantu prosesnya.", rules.lifetime_store_months, date_id(store_until)),
            format!("'Lifetime' warranty: the store handles claims for {} months (until {store_until}); now the claim goes to the manufacturer, and we assist.", rules.lifetime_store_months),
        ));
        Outcome::Principal
    } else if maker_until.is_some_and(|m| claim.date <= m) {
        let m = maker_until.unwrap_or(store_until);
        reasons.push(reason(
            "maker_warranty",
            format!("Garansi toko berakhir {}; garansi pabrik sampai {}: klaim ke principal, kami bantu prosesnya.", date_id(store_until), date_id(m)),
            format!("The store's warranty ended on {store_until}; the maker's runs until {m}: the claim goes to the manufacturer, and we assist."),
        ));
        Outcome::Principal
    } else {
        let end = maker_until.unwrap_or(store_until).max(store_until);
        reasons.push(reason(
            "expired",
            format!(
                "Garansi berakhir {}: servis berbayar, dukungan purna garansi tetap tersedia.",
                date_id(end)
            ),
            format!("The warranty ended on {end}: paid service, with post-warranty support."),
        ));
        Outcome::Expired
    };
    let return_shipping = (claim.shipped_in && outcome != Outcome::NotOurs).then(|| {
        let waited = cal.working_days_between(p.start, claim.date);
        if waited <= rules.free_return_working_days {
            reasons.push(reason(
                "return_shipping_shop",
                format!("Diklaim {waited} hari kerja setelah barang diterima (batas {}): ongkos kirim kembali ditanggung toko.", rules.free_return_working_days),
                format!("Claimed {waited} working days after receipt (limit {}): the shop pays the return shipping.", rules.free_return_working_days),
            ));
            ShippingPayer::Shop
        } else {
            reasons.push(reason(
                "return_shipping_buyer",
                format!("Diklaim {waited} hari kerja setelah barang diterima (lebih dari {}): ongkos kirim kembali ditanggung pembeli.", rules.free_return_working_days),
                format!("Claimed {waited} working days after receipt (more than {}): the buyer pays the return shipping.", rules.free_return_working_days),
            ));
            ShippingPayer::Buyer
        }
    });
    Verdict {
        outcome,
        reasons,
        store_until: Some(store_until),
        maker_until,
        return_shipping,
    }
}
