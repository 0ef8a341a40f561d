//! The warranty story: sale → card → claim (a warranty ticket with
//! the verdict attached) → principal RMA → a replacement that inherits the
//! rest of the warranty; and the refusals on the way.

use crate::common;

use chrono::Duration;
use common::sales::*;
use common::*;
use konter::domain::warranty::Checklist;
use konter::store::warranty::check::{check, CheckInput, ClaimInput};
use konter::store::warranty::claims::{
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

    // The card printed at the sale is what the customer brings back.
    let unit = warranty::find(&s.db, "SN-0001").await.unwrap().remove(0);
    konter::docs::warranty::render_card(
        &s.db,
        &s.ctx(3),
        s.dir.path(),
        unit.id,
        konter::docs::warranty::CardPaper::Roll80,
    )
    .await
    .unwrap();
    let (card, _) = konter::docs::warranty::card_text(&s.db, s.dir.path(), &unit, s.ctx(3).now)
        .await
        .unwrap();

    // Day 200: a fault under the store's warranty → a warranty ticket.
    let claim = ClaimRequest {
        check: by(&card),
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
            "card_printed",
            "claim",
            "principal_sent",
            "principal_returned",
            "replaced"
        ]
    );
    assert_eq!(
        old.history[2].ticket_number.as_deref(),
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

/// Rules per brand or SKU change the verdict; the SKU's win over the brand's.
#[tokio::test]
async fn rules_per_brand_and_sku() {
    use konter::domain::warranty::{Outcome, WarrantyRules};
    let s = shop().await;
    sold_scanner(&s).await;
    let at = |days: i64| Ctx {
        now: monday_10_wib() + Duration::days(days),
        ..s.ctx(0)
    };
    let outcome = |r: konter::store::warranty::check::CheckResult| r.verdict.unwrap().outcome;
    // Day 10: seed 002's 7 days are over.
    let day10 = check(&s.db, &at(10), &by("SN-0001")).await.unwrap();
    assert_eq!(outcome(day10), Outcome::FreeRepair);
    let fortnight = WarrantyRules {
        doa_days: 14,
        ..WarrantyRules::default()
    };
    warranty::set_rules(&s.db, &s.ctx(1), "brand: CONTEX ", Some(fortnight))
        .await
        .unwrap();
    let day10 = check(&s.db, &at(10), &by("SN-0001")).await.unwrap();
    assert_eq!(outcome(day10), Outcome::Exchange, "Contex: 14 days");
    let strict = WarrantyRules {
        doa_days: 3,
        ..WarrantyRules::default()
    };
    warranty::set_rules(&s.db, &s.ctx(2), "sku:ctx-sd36", Some(strict))
        .await
        .unwrap();
    let day10 = check(&s.db, &at(10), &by("SN-0001")).await.unwrap();
    assert_eq!(outcome(day10), Outcome::FreeRepair, "the SKU's 3 days win");
    assert_eq!(warranty::all_rules(&s.db).await.unwrap().len(), 2);
    // Refusals, typed, nothing written.
    let before = s.counts().await;
    let wild = WarrantyRules {
        doa_days: 500,
        ..WarrantyRules::default()
    };
    for (scope, rules, field) in [
        ("shop:all", None, "scope"),
        ("brand:", None, "scope"),
        ("brand:X", Some(wild), "rules"),
    ] {
        let err = warranty::set_rules(&s.db, &s.ctx(3), scope, rules)
            .await
            .unwrap_err();
        assert_eq!(err.field(), Some(field), "{scope}");
    }
    let clerk = Ctx {
        role: konter::domain::staff::Role::FrontDesk,
        ..s.ctx(3)
    };
    assert!(warranty::set_rules(&s.db, &clerk, "brand:X", None)
        .await
        .is_err());
    assert_eq!(s.counts().await, before);
    warranty::set_rules(&s.db, &s.ctx(4), "sku:CTX-SD36", None)
        .await
        .unwrap();
    assert_eq!(warranty::all_rules(&s.db).await.unwrap().len(), 1);
}

/// Whatever reaches the warranty commands: a value or a typed error that
/// wrote nothing.
#[test]
fn warranty_commands_take_any_input() {
    use common::fuzz::*;
    use konter::domain::warranty::Defect;
    use proptest::prelude::*;
    let checklist = (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c)| Checklist {
        box_complete: a,
        physical_damage: b,
        seal_broken: c,
        ..Default::default()
    });
    let claim = (opt_text(), any::<bool>(), checklist, any::<bool>()).prop_map(
        |(date, hw, checklist, shipped_in)| ClaimInput {
            date,
            defect: if hw {
                Defect::Hardware
            } else {
                Defect::Software
            },
            checklist,
            shipped_in,
        },
    );
    let input = (text(), opt_text(), claim).prop_map(|(query, unit_id, claim)| CheckInput {
        query,
        unit_id,
        claim,
    });
    fuzz(
        60,
        (input, text(), any::<bool>()),
        |s, (check_in, complaint, known)| async move {
            let customer_id = known.then(|| s.f.customer.to_string());
            file_claim(
                &s.db,
                &s.ctx(1),
                ClaimRequest {
                    check: check_in,
                    complaint,
                    customer_id,
                },
            )
            .await
            .map(drop)
        },
    );
    fuzz(
        40,
        (text(), opt_text(), text()),
        |s, (id, date, rma)| async move {
            let input = PrincipalSend {
                warranty_id: id,
                ticket_id: None,
                rma_number: rma,
                shipped_on: date,
            };
            send_to_principal(&s.db, &s.ctx(1), input).await.map(drop)
        },
    );
    fuzz(40, text(), |s, key| async move {
        konter::store::warranty::card_keys::import(&s.db, &s.ctx(1), &key)
            .await
            .map(drop)
    });
    fuzz(40, text(), |s, csv| async move {
        let options = konter::store::warranty::past_sales::ImportOptions {
            mapping: Default::default(),
            header: true,
            store_months: 12,
            maker_months: 12,
        };
        konter::store::warranty::past_sales::import(&s.db, &s.ctx(1), &csv, &options, &|_| {})
            .await
            .map(drop)
    });
}
