//! The warranty card check on the shop's pages: genuine, altered, or not
//! this shop's.

use super::web::*;
use super::work::*;
use super::*;

#[tokio::test]
async fn a_warranty_card_is_checked_genuine_altered_or_not_this_shops() {
    let h = hub().await;
    let a = promoted(&h).await;
    let keys = tempfile::tempdir().unwrap();
    let (text, _) = sold_card(&a, keys.path()).await;
    a.round().await;
    let mut v = Visitor::new(&h.url);
    let genuine = v.get(&format!("/s/{}/w/{text}", h.shop)).await;
    assert_eq!(genuine.status, 200);
    assert!(
        genuine.body.contains("data-verdict=\"genuine\""),
        "{}",
        genuine.body
    );
    assert!(genuine.body.contains("Epson DS-530 II") && genuine.body.contains("SN-9001"));
    assert!(genuine.body.contains("data-state=\"store\""));
    assert!(
        !genuine.body.contains("Hendra"),
        "no customer on the card page"
    );
    let p = v.get(&format!("/s/{}/w/{}", h.shop, altered(&text))).await;
    assert!(p.body.contains("data-verdict=\"altered\""));
    assert!(
        !p.body.contains("data-state"),
        "an altered card proves nothing"
    );
    let foreign = foreign(&text);
    let p = v.get(&format!("/s/{}/w/{foreign}", h.shop)).await;
    assert!(p.body.contains("data-verdict=\"other_shop\""));
    let p = v.get(&format!("/s/{}/w/not-a-card", h.shop)).await;
    assert!(p.body.contains("data-verdict=\"unreadable\""));
}

/// A unit sold and handed over at `d` (Epson DS-530 II, SN-9001): its
/// warranty card's QR text (the shop's key made in `keys`) and its id.
pub(super) async fn sold_card(d: &Device, keys: &std::path::Path) -> (String, Uuid) {
    let c = customers::NewCustomer {
        name: "Hendra Halim".into(),
        phone: "0812-9999-0000".into(),
        email: None,
        address: None,
    };
    let customer = customers::create(&d.db, &d.ctx(2), c)
        .await
        .unwrap()
        .id
        .to_string();
    let input = ProductInput {
        sku: "EPS-DS530".into(),
        name: "DS-530 II".into(),
        brand: "Epson".into(),
        category: "Scanner".into(),
        price: "6.250.000".into(),
        tax_class: TaxClass::Standard,
        serialised: true,
        weight_grams: "3600".into(),
        warranty_store_months: "12".into(),
        warranty_maker_months: "24".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&d.db, &d.ctx(3), input)
        .await
        .unwrap();
    let r = StockReceipt {
        product_id: p.id.to_string(),
        qty: "1".into(),
        serials: vec!["SN-9001".into()],
        note: None,
    };
    catalog::receive_stock(&d.db, &d.ctx(4), r).await.unwrap();
    let o = paid_order(d, &customer, p.id, 10).await.unwrap();
    hand_over(d, o.id, "SN-9001", 11).await.unwrap();
    let unit = konter::store::warranty::find(&d.db, "SN-9001")
        .await
        .unwrap()
        .remove(0);
    let (text, _) = konter::docs::warranty::card_text(&d.db, keys, &unit, Utc::now())
        .await
        .unwrap();
    (text, unit.id)
}

/// The card with one byte of its serial changed, the shop's key id kept.
pub(super) fn altered(text: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut bytes = b64.decode(text.strip_prefix("KW1:").unwrap()).unwrap();
    bytes[17] ^= 0x01;
    format!("KW1:{}", b64.encode(&bytes))
}

/// The same card signed by another shop's key.
pub(super) fn foreign(text: &str) -> String {
    let other = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let read = konter::domain::warranty::card::read(text).unwrap();
    konter::domain::warranty::card::sign(&read.payload, &other).unwrap()
}
