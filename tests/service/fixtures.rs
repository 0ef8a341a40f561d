//! What the service order stories share: the CCTV installation's scope,
//! its handover, the clock of the story, a visit worked from booking to
//! check-out, and the inputs and error codes the refusals use.

use crate::common;
use crate::field::billing::signature;

use chrono::Duration;
use common::*;
use konter::domain::service::{Milestone, ServiceChannel, ServiceScope};
use konter::domain::totals::{Line, LineKind};
use konter::store::field::visits::{self, BookingInput};
use konter::store::field::work::{check_in, check_out, VisitOutcome, VisitPart, VisitReport};
use konter::store::service::handover::{CriterionCheck, HandoverInput, HandoverOutcome};
use konter::store::service::orders::{AcceptanceInput, AcceptedHow, NewServiceOrder};
use konter::store::service::work::ProgressInput;
use konter::store::Ctx;
use konter::Error;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

pub(crate) fn line(kind: LineKind, desc: &str, qty: Decimal, price: Decimal) -> Line {
    Line {
        kind,
        description: desc.into(),
        qty,
        unit_price: price,
        discount: Decimal::ZERO,
    }
}

/// Eight cameras, an NVR and the installation; 30 % down, 20 % when the
/// cabling is done, the rest on acceptance; 90 days of support.
pub(crate) fn cctv() -> ServiceScope {
    ServiceScope {
        title: "Instalasi CCTV gudang".into(),
        requirements: "Pantau gudang dan kantor 24 jam, rekaman 14 hari, bisa dilihat dari ponsel"
            .into(),
        checklist: vec![
            "8 kamera outdoor 4 MP".into(),
            "NVR 2 TB".into(),
            "Aplikasi ponsel".into(),
        ],
        site_address: "Jl. Industri Raya 5, Cikarang".into(),
        lines: vec![
            line(
                LineKind::Part,
                "Kamera outdoor 4 MP",
                dec!(8),
                dec!(1250000),
            ),
            line(LineKind::Part, "NVR 8 kanal 2 TB", dec!(1), dec!(3500000)),
            line(
                LineKind::Labour,
                "Instalasi dan kabel",
                dec!(1),
                dec!(2000000),
            ),
        ],
        milestones: vec![
            Milestone {
                title: "Penarikan kabel".into(),
                planned_on: "2026-11-24".into(),
                deliverable: "Kabel di semua titik kamera".into(),
                pay_percent: 20,
            },
            Milestone {
                title: "Pemasangan kamera dan NVR".into(),
                planned_on: "2026-11-26".into(),
                deliverable: "Semua kamera merekam ke NVR".into(),
                pay_percent: 0,
            },
        ],
        acceptance_criteria: vec![
            "Semua kamera merekam siang dan malam".into(),
            "Rekaman 14 hari tersimpan".into(),
            "Tampil di aplikasi ponsel pemilik".into(),
        ],
        deposit_percent: 30,
        support_days: 90,
        support_scope: "Gangguan kamera, NVR dan aplikasi".into(),
        terms: "Garansi perangkat mengikuti garansi pabrik.".into(),
    }
}

pub(crate) fn at_day(s: &TestShop, days: i64, hours: i64) -> Ctx {
    Ctx {
        now: monday_10_wib() + Duration::days(days) + Duration::hours(hours),
        ..s.ctx(0)
    }
}

pub(crate) fn criteria(met: &[bool]) -> Vec<CriterionCheck> {
    cctv()
        .acceptance_criteria
        .into_iter()
        .zip(met)
        .map(|(criterion, met)| CriterionCheck {
            criterion,
            met: *met,
        })
        .collect()
}

pub(crate) fn booking(tech: uuid::Uuid, when: &str, minutes: u32) -> BookingInput {
    BookingInput {
        technician_id: tech.to_string(),
        starts_at: when.into(),
        minutes,
        after_hours_accepted: false,
        reason: None,
    }
}

pub(crate) fn report(parts: Vec<VisitPart>) -> VisitReport {
    VisitReport {
        work_done: "Dikerjakan sesuai tahap".into(),
        parts,
        labour_minutes: 120,
        customer_name: "Pak Darma".into(),
        signature_png: Some(signature()),
        outcome: VisitOutcome::Fixed,
        workshop: None,
        breach_reason: None,
    }
}

/// Books, checks in and checks out a visit at `day` (local date) 09:00.
pub(crate) async fn work_visit(
    s: &TestShop,
    tech: uuid::Uuid,
    visit: uuid::Uuid,
    day_offset: i64,
    date: &str,
    parts: Vec<VisitPart>,
) {
    visits::book(
        &s.db,
        &at_day(s, day_offset - 1, 0),
        visit,
        booking(tech, &format!("{date}T09:00"), 120),
    )
    .await
    .unwrap();
    check_in(&s.db, &at_day(s, day_offset, -1), visit)
        .await
        .unwrap();
    check_out(&s.db, &at_day(s, day_offset, 1), visit, report(parts))
        .await
        .unwrap();
}

pub(crate) fn code(e: &Error) -> String {
    match e {
        Error::Validation { field, code, .. } => format!("{field}:{code}"),
        Error::InvalidState { code, .. } => code.clone(),
        Error::NotFound { entity, .. } => format!("not_found:{entity}"),
        Error::Forbidden { .. } => "forbidden".into(),
        other => format!("{other:?}"),
    }
}

pub(crate) fn new(customer: uuid::Uuid) -> NewServiceOrder {
    NewServiceOrder {
        customer_id: customer.to_string(),
        channel: ServiceChannel::WalkIn,
        scope: cctv(),
    }
}

pub(crate) fn by_channel(revision: u32, reference: Option<&str>) -> AcceptanceInput {
    AcceptanceInput {
        revision,
        how: AcceptedHow::Whatsapp,
        signer: "Darma".into(),
        reference: reference.map(str::to_string),
        signature_png: None,
    }
}

pub(crate) fn hand_accepted() -> HandoverInput {
    HandoverInput {
        delivered: "Semua".into(),
        criteria: criteria(&[true, true, true]),
        outcome: HandoverOutcome::Accepted,
        revisions: None,
        signer: "Darma".into(),
        signature_png: signature(),
    }
}

pub(crate) fn progress(milestone: u32, progress: u32) -> ProgressInput {
    ProgressInput {
        milestone,
        progress,
        note: "Jalan".into(),
    }
}
