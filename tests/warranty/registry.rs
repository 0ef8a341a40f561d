//! The warranty registry on a real database: a unit registered when the
//! customer takes it, found by serial, invoice and phone; its card printed
//! with a signed QR (read back with pdftotext and zbarimg) and checked at the
//! counter; another shop's, an altered and a forged card refused with their
//! reasons; a branch's key imported so its cards are accepted offline.

use crate::common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::sales::*;
use common::*;
use ed25519_dalek::SigningKey;
use konter::docs::warranty::{render_card, CardPaper};
use konter::domain::sales::catalog::WarrantyType;
use konter::domain::warranty::card::{self, CardPayload, PREFIX};
use konter::domain::warranty::{Checklist, Outcome};
use konter::store::warranty::check::{check, CheckInput, ClaimInput};
use konter::store::{sales::orders, warranty, warranty::card_keys};

fn by(query: &str, box_complete: bool) -> CheckInput {
    CheckInput {
        query: query.into(),
        unit_id: None,
        claim: ClaimInput {
            checklist: Checklist {
                box_complete,
                ..Default::default()
            },
            ..Default::default()
        },
    }
}

fn codes(r: &konter::store::warranty::check::CheckResult) -> Vec<String> {
    r.verdict
        .as_ref()
        .map(|v| v.reasons.iter().map(|r| r.code.clone()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_sold_unit_its_card_and_the_check_at_the_counter() {
    let s = shop().await;
    let (_, o) = sold_scanner(&s).await;
    let invoice = orders::detail(&s.db, o.id).await.unwrap().invoices[0]
        .number
        .clone();

    // Registered at handover, found by serial, invoice and phone as typed.
    for q in ["sn-0001", invoice.as_str(), "0812-3456-7890"] {
        let found = warranty::find(&s.db, q).await.unwrap();
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(
            (
                found[0].serial.as_str(),
                found[0].start_date.as_str(),
                found[0].store_months
            ),
            ("SN-0001", "2026-11-23", 12)
        );
    }

    // The card: A6 with the terms and a QR that decodes to a signed payload.
    let unit = warranty::find(&s.db, "SN-0001").await.unwrap().remove(0);
    let pdf = render_card(&s.db, &s.ctx(3), s.dir.path(), unit.id, CardPaper::A6)
        .await
        .unwrap();
    let text = pdf_text(&s, "kartu.pdf", &pdf);
    for expected in [
        "KARTU GARANSI",
        "SN-0001",
        "CTX-SD36",
        &invoice,
        "Garansi toko s/d",
        "22-11-2027",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    let path = s.dir.path().join("kartu.pdf");
    if let Ok(dir) = std::env::var("KONTER_ARTIFACTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            &path,
            std::path::Path::new(&dir).join("warranty-card-a6.pdf"),
        )
        .unwrap();
    }
    let (_, decoded) = render_and_decode(&path);
    let qr = decoded
        .iter()
        .find(|c| c.starts_with(PREFIX))
        .unwrap_or_else(|| panic!("no card QR in {decoded:?}"))
        .clone();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.dir.path().join(card_keys::KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the private key is the owner's only");
    }

    // Scanned on day 3 with the complete box: dead on arrival → a new unit.
    let at = |days: i64| konter::store::Ctx {
        now: monday_10_wib() + chrono::Duration::days(days),
        ..s.ctx(0)
    };
    let r = check(&s.db, &at(3), &by(&qr, true)).await.unwrap();
    let card = r.card.as_ref().unwrap();
    assert!(card.accepted && card.code == "card_valid");
    assert_eq!(r.verdict.as_ref().unwrap().outcome, Outcome::Exchange);
    let history: Vec<_> = r.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(history, ["registered", "card_printed"]);
    // By serial a year and a day later: expired.
    let late = check(&s.db, &at(366), &by("SN-0001", true)).await.unwrap();
    assert_eq!(late.verdict.unwrap().outcome, Outcome::Expired);

    // Another shop's card, an altered card, a forged card: each refused.
    let payload = CardPayload {
        serial: "SN-0001".into(),
        sku: "CTX-SD36".into(),
        invoice: invoice.clone(),
        start: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        store_months: 12,
        maker_months: 12,
        kind: WarrantyType::Standard,
    };
    let stranger = SigningKey::from_bytes(&[42; 32]);
    let theirs = card::sign(&payload, &stranger).unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(&qr[PREFIX.len()..]).unwrap();
    bytes[10 + 7] ^= 0x01; // last digit of the serial: SN-0001 → SN-0000
    let altered = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(&bytes));
    let ours = URL_SAFE_NO_PAD.decode(&qr[PREFIX.len()..]).unwrap();
    let fake = CardPayload {
        serial: "XX-9".into(),
        invoice: "INV-FAKE-1".into(),
        ..payload.clone()
    };
    let mut forged = URL_SAFE_NO_PAD
        .decode(&card::sign(&fake, &stranger).unwrap()[PREFIX.len()..])
        .unwrap();
    forged[1..5].copy_from_slice(&ours[1..5]);
    let forged = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(&forged));
    let before = s.counts().await;
    for (text, code) in [
        (&theirs, "card_other_shop"),
        (&altered, "card_altered"),
        (&forged, "card_forged"),
    ] {
        let r = check(&s.db, &at(3), &by(text, true)).await.unwrap();
        let card = r.card.as_ref().unwrap();
        assert!(!card.accepted, "{code}");
        assert_eq!(card.code, code);
        assert_eq!(r.verdict.as_ref().unwrap().outcome, Outcome::NotOurs);
        assert_eq!(codes(&r)[0], code, "the card's reason comes first");
        assert!(!card.reason.id.is_empty() && !card.reason.en.is_empty());
    }
    let junk = check(&s.db, &at(3), &by("KW1:not-a-card", true))
        .await
        .unwrap_err();
    assert_eq!(junk.field(), Some("query"));
    assert_eq!(s.counts().await, before, "checking writes nothing");

    // A unit never sold here.
    let none = check(&s.db, &at(3), &by("SN-ELSEWHERE", true))
        .await
        .unwrap();
    assert!(none.units.is_empty());
    assert_eq!(codes(&none), ["not_bought_here"]);

    // The other branch's key, imported: its cards are accepted offline and
    // judged on what they say (the unit is not in this registry).
    let line = format!(
        "konter-card-key/1 {} Cabang Bandung",
        stranger
            .verifying_key()
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    card_keys::import(&s.db, &s.ctx(4), &line).await.unwrap();
    let r = check(&s.db, &at(3), &by(&theirs, false)).await.unwrap();
    assert!(r.card.unwrap().accepted);
    assert_eq!(r.verdict.unwrap().outcome, Outcome::FreeRepair);
    for bad in ["", "konter-card-key/1 zz Cabang", "ssh-ed25519 AAAA", &line] {
        assert_eq!(
            card_keys::import(&s.db, &s.ctx(5), bad)
                .await
                .unwrap_err()
                .field(),
            Some("key"),
            "{bad}"
        );
    }
    assert!(card_keys::export(&s.db)
        .await
        .unwrap()
        .starts_with("konter-card-key/1 "));
}
