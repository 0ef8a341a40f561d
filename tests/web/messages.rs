use crate::common::*;
use konter::domain::staff::Role;
use konter::domain::web::messages::MessageKind;
use konter::store::repairs::tickets;
use konter::store::web::{self, messages, PublicFace, Template};
use konter::store::Ctx;

const READY: &str = "Halo {name}, {device} ({number}) siap diambil di {shop}. Sisa: {amount}.";

#[tokio::test]
async fn a_message_is_prepared_from_the_ticket_with_the_owners_wording() {
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "0812-3456-7890").await;
    let t = tickets::intake(&s.db, &s.ctx(1), scanner_intake(c.id))
        .await
        .unwrap();

    // The catalog's wording (passed by the counter) when the owner set none.
    let input = messages::PrepareMessage {
        kind: MessageKind::Received,
        id: t.id.to_string(),
        fallback: "Halo {name}, servis {number} di {shop}. Lacak: {link}".into(),
    };
    let m = messages::prepare(&s.db, &input).await.unwrap();
    assert_eq!(
        m.text,
        format!(
            "Halo Budi Santoso, servis {} di Toko Scanner Jaya. Lacak: ",
            t.number
        )
    );
    assert!(
        m.link
            .starts_with("https://wa.me/6281234567890?text=Halo%20Budi%20Santoso%2C"),
        "{}",
        m.link
    );

    // The owner's own wording wins; the amount is the ticket's balance.
    let face = PublicFace {
        public_url: "https://servis.toko.co.id/".into(),
        templates: vec![Template {
            kind: MessageKind::Ready,
            text: READY.into(),
        }],
    };
    let saved = web::update(&s.db, &s.ctx(2), face).await.unwrap();
    assert_eq!(saved.public_url, "https://servis.toko.co.id");
    let m = messages::prepare(
        &s.db,
        &messages::PrepareMessage {
            kind: MessageKind::Ready,
            id: t.id.to_string(),
            fallback: "ignored {name}".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        m.text,
        format!(
            "Halo Budi Santoso, Canon DR-C225 ({}) siap diambil di Toko Scanner Jaya. Sisa: Rp 0.",
            t.number
        )
    );
    // Not joined to a hub: no tracking link to offer, the code still is.
    assert_eq!(
        web::tracking_link(&s.db, &t.tracking_code).await.unwrap(),
        None
    );

    // Unknown records and a malformed fallback are refused.
    let unknown = messages::PrepareMessage {
        kind: MessageKind::Received,
        id: uuid::Uuid::now_v7().to_string(),
        fallback: "Halo".into(),
    };
    assert!(matches!(
        messages::prepare(&s.db, &unknown).await.unwrap_err(),
        konter::Error::NotFound { .. }
    ));
    let bad = messages::PrepareMessage {
        kind: MessageKind::Received,
        id: t.id.to_string(),
        fallback: "  ".into(),
    };
    assert_eq!(
        messages::prepare(&s.db, &bad).await.unwrap_err().code(),
        Some("required")
    );
}

#[tokio::test]
async fn the_public_face_is_the_owners_to_set_and_a_bad_one_writes_nothing() {
    let s = shop().await;
    let before = s.counts().await;
    let outbox = s.outbox_len().await;
    let cases = [
        (
            "http://servis.toko.co.id",
            vec![],
            "public_url",
            "invalid_url",
        ),
        (
            "https://x.id",
            vec![Template {
                kind: MessageKind::Paid,
                text: "Halo {nama}".into(),
            }],
            "templates.paid",
            "unknown_placeholder",
        ),
        (
            "https://x.id",
            vec![Template {
                kind: MessageKind::Quote,
                text: "x".repeat(1001),
            }],
            "templates.quote",
            "too_long",
        ),
    ];
    for (url, templates, field, code) in cases {
        let e = web::update(
            &s.db,
            &s.ctx(1),
            PublicFace {
                public_url: url.into(),
                templates,
            },
        )
        .await
        .unwrap_err();
        match e {
            konter::Error::Validation {
                field: f, code: c, ..
            } => assert_eq!((f.as_str(), c.as_str()), (field, code)),
            other => panic!("{other:?}"),
        }
    }
    // A front desk clerk may not change the shop's wording.
    let clerk = Ctx {
        role: Role::FrontDesk,
        ..s.ctx(2)
    };
    let face = PublicFace {
        public_url: String::new(),
        templates: vec![Template {
            kind: MessageKind::Paid,
            text: "Halo {name}".into(),
        }],
    };
    assert!(matches!(
        web::update(&s.db, &clerk, face.clone()).await.unwrap_err(),
        konter::Error::Forbidden { .. }
    ));
    assert_eq!(s.counts().await, before);
    assert_eq!(
        s.outbox_len().await,
        outbox,
        "nothing written, nothing audited"
    );

    // The owner's save is one audited change; saving it again is none; an
    // emptied text goes back to the catalog's.
    web::update(&s.db, &s.ctx(3), face.clone()).await.unwrap();
    assert_eq!(s.outbox_len().await, outbox + 1);
    web::update(&s.db, &s.ctx(4), face).await.unwrap();
    assert_eq!(s.outbox_len().await, outbox + 1);
    let cleared = PublicFace {
        public_url: String::new(),
        templates: vec![Template {
            kind: MessageKind::Paid,
            text: " ".into(),
        }],
    };
    assert_eq!(
        web::update(&s.db, &s.ctx(5), cleared)
            .await
            .unwrap()
            .templates,
        vec![]
    );
    assert_eq!(web::get(&s.db).await.unwrap().templates, vec![]);
}

#[tokio::test]
async fn the_receipts_tracking_link_scanned_at_the_counter_finds_its_ticket() {
    let s = shop().await;
    let c = customer(&s, "Budi Santoso", "0812-3456-7890").await;
    let t = tickets::intake(&s.db, &s.ctx(1), scanner_intake(c.id))
        .await
        .unwrap();
    let link = konter::domain::web::tracking_link(
        "https://servis.toko.co.id",
        uuid::Uuid::now_v7(),
        &t.tracking_code,
    );
    let found = konter::store::repairs::board::find_for_pickup(&s.db, &link)
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|f| f.number.as_str()).collect::<Vec<_>>(),
        vec![t.number.as_str()]
    );
}
