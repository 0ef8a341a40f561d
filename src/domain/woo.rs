//! WooCommerce REST API v3 orders (`GET /wp-json/wc/v3/orders` and the order
//! webhooks send the same JSON): the fields Konter reads, and how the web
//! store's statuses and payment methods map to Konter's. Pure: parsing and
//! mapping only; `store::woo` writes.

use crate::domain::money::{self, Currency};
use crate::domain::order::{Fulfilment, OrderStatus};
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

#[derive(Debug, Clone, Deserialize)]
pub struct WooOrder {
    pub id: u64,
    #[serde(default)]
    pub number: Option<String>,
    pub status: String,
    pub currency: String,
    #[serde(default)]
    pub date_created_gmt: Option<String>,
    #[serde(default)]
    pub date_modified_gmt: Option<String>,
    #[serde(default)]
    pub date_paid_gmt: Option<String>,
    #[serde(default)]
    pub discount_total: String,
    #[serde(default)]
    pub shipping_total: String,
    #[serde(default)]
    pub total_tax: String,
    pub total: String,
    #[serde(default)]
    pub customer_note: String,
    pub billing: Address,
    #[serde(default)]
    pub shipping: Option<Address>,
    #[serde(default)]
    pub payment_method: String,
    pub line_items: Vec<LineItem>,
    #[serde(default)]
    pub shipping_lines: Vec<ShippingLine>,
    #[serde(default)]
    pub coupon_lines: Vec<CouponLine>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Address {
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub address_1: String,
    #[serde(default)]
    pub address_2: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LineItem {
    pub name: String,
    #[serde(default)]
    pub sku: String,
    pub quantity: i64,
    /// Before coupons.
    pub subtotal: String,
    /// After coupons.
    pub total: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ShippingLine {
    #[serde(default)]
    pub method_id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CouponLine {
    pub code: String,
}

/// Woo's status → Konter's. `completed` depends on how the goods went.
pub fn map_status(status: &str, fulfilment: Fulfilment) -> Result<OrderStatus> {
    Ok(match status {
        "pending" => OrderStatus::AwaitingPayment,
        "on-hold" => OrderStatus::OnHold,
        "processing" => OrderStatus::PaymentReceived,
        "completed" if fulfilment == Fulfilment::Pickup => OrderStatus::PickedUp,
        "completed" => OrderStatus::Delivered,
        "cancelled" | "refunded" => OrderStatus::Cancelled,
        "failed" => OrderStatus::PaymentDeclined,
        other => {
            return Err(Error::validation(
                "status",
                "unknown_status",
                format!("unknown WooCommerce status {other:?}"),
            ))
        }
    })
}

/// Woo's gateway id → Konter's method text (`cod` stays cash on delivery;
/// online gateways count as card payments).
pub fn map_payment(method: &str) -> &'static str {
    match method {
        "bacs" | "cheque" => "bank_transfer",
        "cod" => "cod",
        "" => "bank_transfer",
        m if m.contains("qris") => "qris",
        _ => "card",
    }
}

/// Store pickup in Woo is a shipping method (`local_pickup`, or the block
/// checkout's `pickup_location`).
pub fn fulfilment(o: &WooOrder) -> Fulfilment {
    if o.shipping_lines
        .iter()
        .any(|s| s.method_id == "local_pickup" || s.method_id == "pickup_location")
    {
        Fulfilment::Pickup
    } else {
        Fulfilment::Delivery
    }
}

/// Woo sends amounts as decimal strings ("150000.00"); they must fit the
/// shop's currency (no sen for IDR).
pub fn amount(field: &str, v: &str, cur: Currency) -> Result<Decimal> {
    let t = v.trim();
    if t.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let d = Decimal::from_str(t)
        .map_err(|_| Error::validation(field, "invalid_amount", "not a number"))?;
    money::check_amount(field, d.normalize(), cur)
}

/// Parses one order of a file or webhook: a typed error names what is wrong.
pub fn parse_order(value: serde_json::Value) -> Result<WooOrder> {
    serde_json::from_value(value)
        .map_err(|e| Error::validation("order", "malformed_order", e.to_string()))
}

/// A file or response body: a JSON array of orders, or one order (webhook).
pub fn parse_batch(text: &str) -> Result<Vec<serde_json::Value>> {
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Error::validation("file", "malformed_json", e.to_string()))?;
    match v {
        serde_json::Value::Array(items) => Ok(items),
        obj @ serde_json::Value::Object(_) => Ok(vec![obj]),
        _ => Err(Error::validation(
            "file",
            "malformed_json",
            "expected orders",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_methods_map() {
        use Fulfilment::*;
        assert_eq!(
            map_status("pending", Delivery).unwrap(),
            OrderStatus::AwaitingPayment
        );
        assert_eq!(
            map_status("on-hold", Delivery).unwrap(),
            OrderStatus::OnHold
        );
        assert_eq!(
            map_status("processing", Pickup).unwrap(),
            OrderStatus::PaymentReceived
        );
        assert_eq!(
            map_status("completed", Pickup).unwrap(),
            OrderStatus::PickedUp
        );
        assert_eq!(
            map_status("completed", Delivery).unwrap(),
            OrderStatus::Delivered
        );
        assert_eq!(
            map_status("refunded", Delivery).unwrap(),
            OrderStatus::Cancelled
        );
        assert_eq!(
            map_status("failed", Delivery).unwrap(),
            OrderStatus::PaymentDeclined
        );
        assert!(map_status("checkout-draft", Delivery).is_err());
        assert_eq!(map_payment("bacs"), "bank_transfer");
        assert_eq!(map_payment("cod"), "cod");
        assert_eq!(map_payment("midtrans_qris"), "qris");
        assert_eq!(map_payment("stripe"), "card");
    }

    #[test]
    fn amounts_fit_the_currency() {
        assert_eq!(
            amount("total", "150000.00", Currency::IDR).unwrap(),
            Decimal::from(150000)
        );
        assert!(amount("total", "150000.50", Currency::IDR).is_err());
        assert!(amount("total", "-5", Currency::IDR).is_err());
        assert!(amount("total", "abc", Currency::IDR).is_err());
        assert!(parse_batch("{").is_err());
        assert!(parse_batch("42").is_err());
        assert_eq!(parse_batch("[{}, {}]").unwrap().len(), 2);
    }
}
