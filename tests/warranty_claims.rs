//! The warranty story after the check: sale → claim (a warranty ticket with
//! the verdict attached) → principal RMA → a replacement that inherits the
//! rest of the warranty; and the refusals on the way.

mod common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::warranty::Checklist;
use konter::store::warranty_check::{check, CheckInput, ClaimInput};
use konter::store::warranty_claims::{
    file_claim, principal_returned, principal_rmas, send_to_principal, ClaimRequest,
    PrincipalOutcome, PrincipalReturn, PrincipalSend,
};
use konter::store::{warranty, Ctx};
use konter::Error;

fn by(query: &str) -> CheckInput {
    CheckInput {
        query: query.into(),
        unit_id: None,
        claim: ClaimInput {
            checklist: Checklist {
                box_complete: true,
                ..Default::default()
            },
            ..Default::default()
        },
    }
}

#[tokio::test]
async fn claim_principal_rma_and_a_replacement() {
    let s = shop().await;
    let (budi, _) = sold_scanner(&s).await;
    let at = |days: i64| Ctx {
        now: monday_10_wib() + Duration::days(days),
        ..s.ctx(0)
    };

    // Day 200: a fault under the store's warranty → a warranty ticket.
    let claim = ClaimRequest {
        check: by("SN-0001"),
        complaint: "Sensor kamera 2 bergaris".into(),
        customer_id: None,
    };
    let t = file_claim(&s.db, &at(200), claim).await.unwrap();
    assert_eq!(
        (t.claim_kind.as_deref(), t.claim_outcome.as_deref()),
        (Some("warranty"), Some("free_repair"))
    );
    assert_eq!(
        (t.serial.as_deref(), t.customer.id),
        (Some("SN-0001"), budi.id)
    );
    assert!(t
        .condition_notes
        .unwrap()
        .contains("dus & aksesoris lengkap"));

    // The maker handles it: sent under the brand's RMA number, once.
    let unit = warranty::find(&s.db, "SN-0001").await.unwrap().remove(0);
    let send = |rma: &str| PrincipalSend {
        warranty_id: unit.id.to_string(),
        ticket_id: Some(t.id.to_string()),
        rma_number: rma.into(),
        shipped_on: None,
    };
    let rma = send_to_principal(&s.db, &at(201), send("CTX-RMA-7781"))
        .await
        .unwrap();
    let before = s.counts().await;
    let err = send_to_principal(&s.db, &at(201), send("CTX-RMA-7782"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { ref code, .. } if code == "rma_open"));
    assert_eq!(
        send_to_principal(&s.db, &at(201), send(" "))
            .await
            .unwrap_err()
            .field(),
        Some("rma_number")
    );
    // Back replaced: the same serial is refused, then SN-0002 registered.
    let back = |serial: &str| PrincipalReturn {
        outcome: PrincipalOutcome::Replaced,
        returned_on: None,
        replacement_serial: Some(serial.into()),
        fresh_warranty: false,
    };
    let err = principal_returned(&s.db, &at(230), rma.id, back("sn-0001"))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("replacement_serial"));
    assert_eq!(s.counts().await, before, "refusals wrote nothing");
    let done = principal_returned(&s.db, &at(230), rma.id, back("SN-0002"))
        .await
        .unwrap();
    assert_eq!(done.replacement_serial.as_deref(), Some("SN-0002"));
    let err = principal_returned(&s.db, &at(231), rma.id, back("SN-0003"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidState { ref code, .. } if code == "rma_closed"));
    assert_eq!(principal_rmas(&s.db, unit.id).await.unwrap().len(), 1);

    // The replacement inherits the rest: its warranty ends when SN-0001's did.
    let new = check(&s.db, &at(230), &by("SN-0002")).await.unwrap();
    let nu = new.unit.clone().unwrap();
    assert_eq!(
        (nu.source.as_str(), nu.start_date.as_str()),
        ("replacement", "2026-11-23")
    );
    assert_eq!(
        new.verdict.as_ref().unwrap().store_until,
        Some(chrono::NaiveDate::from_ymd_opt(2027, 11, 22).unwrap())
    );
    let old = check(&s.db, &at(230), &by("SN-0001")).await.unwrap();
    assert_eq!(old.verdict.as_ref().unwrap().reasons[0].code, "replaced");
    let history: Vec<_> = old.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        history,
        [
            "registered",
            "claim",
            "principal_sent",
            "principal_returned",
            "replaced"
        ]
    );
    assert_eq!(
        old.history[1].ticket_number.as_deref(),
        Some(t.number.as_str())
    );

    // A unit not sold here: a non-warranty ticket, for a customer chosen at the counter.
    let stranger = ClaimRequest {
        check: by("SN-OTHER-9"),
        complaint: "Tidak menyala".into(),
        customer_id: None,
    };
    let err = file_claim(&s.db, &at(231), stranger.clone())
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("customer_id"));
    let paid = file_claim(
        &s.db,
        &at(231),
        ClaimRequest {
            customer_id: Some(budi.id.to_string()),
            ..stranger
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (paid.claim_kind.as_deref(), paid.claim_outcome.as_deref()),
        (Some("non_warranty"), Some("not_ours"))
    );
    assert_eq!(paid.serial.as_deref(), Some("SN-OTHER-9"));
}
