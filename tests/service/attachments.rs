//! The requirements keep their files (issue 17): a site photo and a floor
//! plan kept with a service order, known by their bytes, listed on the
//! order and named on the printed confirmation; a file that is none of
//! PNG, JPEG or PDF, an unknown order or an eleventh file write nothing.

use crate::common;
use crate::service::fixtures::*;

use base64::Engine;
use common::*;
use konter::domain::attachment::AttachmentInput;
use konter::store::service::orders;
use konter::store::shop::attachments::{self, Subject};

fn file(name: &str, bytes: &[u8]) -> AttachmentInput {
    AttachmentInput {
        name: name.into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

#[tokio::test]
async fn the_requirements_keep_a_site_photo_and_a_floor_plan() {
    let s = shop().await;
    let darma = customer(&s, "PT Gudang Darma", "081377788899").await;
    let o = orders::create(&s.db, &s.ctx(0), new(darma.id))
        .await
        .unwrap();
    let photo = file("foto-gudang.jpg", &[0xFF, 0xD8, 0xFF, 0xE1, 0, 0x18]);
    let plan = file(
        "denah-lantai-1.pdf",
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n",
    );
    attachments::add(&s.db, &s.ctx(1), Subject::ServiceOrder, o.id, photo.clone())
        .await
        .unwrap();
    let listed = attachments::add(&s.db, &s.ctx(2), Subject::ServiceOrder, o.id, plan)
        .await
        .unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|a| (a.name.as_str(), a.mime.as_str(), a.size))
            .collect::<Vec<_>>(),
        [
            ("foto-gudang.jpg", "image/jpeg", 6),
            ("denah-lantai-1.pdf", "application/pdf", 31)
        ]
    );
    let (name, mime, bytes) = attachments::read(&s.db, listed[1].id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        (name.as_str(), mime.as_str()),
        ("denah-lantai-1.pdf", "application/pdf")
    );
    assert!(bytes.starts_with(b"%PDF-1.4"));
    let o = konter::store::service::detail(&s.db, s.ctx(3).now, o.id)
        .await
        .unwrap();
    assert_eq!(o.attachments.len(), 2);
    let pdf = konter::docs::service::render_confirmation(&s.db, s.ctx(3).now, o.id)
        .await
        .unwrap();
    let text = pdf_text(&s, "konfirmasi-lampiran.pdf", &pdf);
    assert!(
        text.contains("Lampiran: foto-gudang.jpg, denah-lantai-1.pdf"),
        "{text}"
    );

    // Refused, nothing written.
    let before = s.counts().await;
    let fake = file("denah.pdf", b"<html>bukan pdf</html>");
    let e = attachments::add(&s.db, &s.ctx(4), Subject::ServiceOrder, o.id, fake)
        .await
        .unwrap_err();
    assert_eq!(code(&e), "file:invalid_file");
    let e = attachments::add(
        &s.db,
        &s.ctx(4),
        Subject::ServiceOrder,
        uuid::Uuid::now_v7(),
        photo.clone(),
    )
    .await
    .unwrap_err();
    assert_eq!(code(&e), "not_found:service_order");
    assert_eq!(s.counts().await, before);
    for k in 0..8 {
        let p = file(&format!("foto-{k}.jpg"), &[0xFF, 0xD8, 0xFF, 0xE0]);
        attachments::add(&s.db, &s.ctx(5), Subject::ServiceOrder, o.id, p)
            .await
            .unwrap();
    }
    let before = s.counts().await;
    let e = attachments::add(&s.db, &s.ctx(6), Subject::ServiceOrder, o.id, photo)
        .await
        .unwrap_err();
    assert_eq!(code(&e), "file:too_many");
    assert_eq!(s.counts().await, before);
}
