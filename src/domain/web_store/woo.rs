//! WooCommerce REST API v3 orders (`GET /wp-json/wc/v3/orders` and the order
//! webhooks send the same JSON): the fields Konter reads, and how the web
//! store's statuses and payment methods map to Konter's. Pure: parsing and
//! mapping only; `store::web_store::import` writes.

use crate::domain::money::{self, Currency};
use crate::domain::sales::order::{Fulfilment, OrderStatus};
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
    pub date_completed_gmt: Option<String>,
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

/// What the web store says about the money of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WooMoney {
    /// Woo recorded the payment (`date_paid_gmt`, UTC).
    Paid {
        at: String,
    },
    Unpaid,
    /// Woo refunded the order in full.
    Refunded,
}

/// A Woo order counts as paid only when Woo says it was paid: a paid date,
/// in a status that follows payment. Cash on delivery is paid at the door,
/// so only a completed COD order can be paid; `processing` with no paid date
/// (COD at checkout, a manual status change) is not money.
pub fn money_state(status: &str, method: &str, date_paid_gmt: Option<&str>) -> WooMoney {
    if status == "refunded" {
        return WooMoney::Refunded;
    }
    let Some(at) = date_paid_gmt.map(str::trim).filter(|d| !d.is_empty()) else {
        return WooMoney::Unpaid;
    };
    let paid = match status {
        "completed" => true,
        "processing" => method != "cod",
        _ => false,
    };
    if paid {
        WooMoney::Paid { at: at.to_string() }
    } else {
        WooMoney::Unpaid
    }
}

/// Woo's status → Konter's, given whether Woo says it is paid. `completed`
/// depends on how the goods went; `processing` unpaid (COD, or no paid date)
/// waits for payment or for the door.
pub fn map_status(status: &str, fulfilment: Fulfilment, paid: bool) -> Result<OrderStatus> {
    Ok(match status {
        "pending" => OrderStatus::AwaitingPayment,
        "on-hold" => OrderStatus::OnHold,
        "processing" if paid => OrderStatus::PaymentReceived,
        "processing" => OrderStatus::AwaitingPayment,
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

/// How far along an order is, for imports: a later import only moves an
/// order to a later stage, never back over what the counter did.
fn stage(s: OrderStatus) -> u8 {
    use OrderStatus::*;
    match s {
        AwaitingPayment | PaymentDeclined => 0,
        OnHold | InsufficientStock => 1,
        PaymentReceived => 2,
        Processing => 3,
        ReadyForPickup | InDelivery => 4,
        PickedUp | Delivered | Cancelled => 5,
    }
}

/// May an import move an order from `from` (as Konter has it) to `to` (as
/// the web store has it)? Only forward, never out of a closed status, and
/// never cancelling goods already on their way.
pub fn import_moves(from: OrderStatus, to: OrderStatus) -> bool {
    if from.is_closed() || from == to {
        return false;
    }
    if to == OrderStatus::Cancelled && from == OrderStatus::InDelivery {
        return false;
    }
    if to == OrderStatus::Delivered && from == OrderStatus::ReadyForPickup {
        return false;
    }
    if to == OrderStatus::PickedUp && from == OrderStatus::InDelivery {
        return false;
    }
    // Waiting for stock: only the store's end of the order moves it.
    if from == OrderStatus::InsufficientStock && !to.is_closed() {
        return false;
    }
    stage(to) > stage(from)
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
        use OrderStatus::*;
        let table = [
            ("pending", Delivery, false, AwaitingPayment),
            ("on-hold", Delivery, false, OnHold),
            ("processing", Pickup, true, PaymentReceived),
            ("processing", Delivery, false, AwaitingPayment),
            ("completed", Pickup, true, PickedUp),
            ("completed", Delivery, false, Delivered),
            ("refunded", Delivery, false, Cancelled),
            ("cancelled", Delivery, false, Cancelled),
            ("failed", Delivery, false, PaymentDeclined),
        ];
        for (woo, f, paid, want) in table {
            assert_eq!(map_status(woo, f, paid).unwrap(), want, "{woo} {paid}");
        }
        assert!(map_status("checkout-draft", Delivery, false).is_err());
        assert_eq!(map_payment("bacs"), "bank_transfer");
        assert_eq!(map_payment("cod"), "cod");
        assert_eq!(map_payment("midtrans_qris"), "qris");
        assert_eq!(map_payment("stripe"), "card");
    }

    /// Status × payment method × paid date: paid only when Woo says so.
    #[test]
    fn paid_only_when_the_store_says_it_was_paid() {
        // Written out case by case (P = paid, R = refunded, - = not money),
        // for each status: (bank transfer, COD, card gateway), without and
        // with the store's paid date.
        let table: [(&str, [&str; 3], [&str; 3]); 7] = [
            ("pending", ["-", "-", "-"], ["-", "-", "-"]),
            ("on-hold", ["-", "-", "-"], ["-", "-", "-"]),
            ("processing", ["-", "-", "-"], ["P", "-", "P"]),
            ("completed", ["-", "-", "-"], ["P", "P", "P"]),
            ("cancelled", ["-", "-", "-"], ["-", "-", "-"]),
            ("refunded", ["R", "R", "R"], ["R", "R", "R"]),
            ("failed", ["-", "-", "-"], ["-", "-", "-"]),
        ];
        let at = "2026-11-20T03:05:00";
        for (status, without, with) in table {
            for (i, method) in ["bacs", "cod", "stripe"].into_iter().enumerate() {
                for (date, want) in [
                    (None, without[i]),
                    (Some(""), without[i]),
                    (Some(at), with[i]),
                ] {
                    let want = match want {
                        "P" => WooMoney::Paid { at: at.into() },
                        "R" => WooMoney::Refunded,
                        _ => WooMoney::Unpaid,
                    };
                    assert_eq!(
                        money_state(status, method, date),
                        want,
                        "{status} {method} {date:?}"
                    );
                }
            }
        }
        // Other gateways count like a card.
        assert_eq!(
            money_state("processing", "midtrans_qris", Some(at)),
            WooMoney::Paid { at: at.into() }
        );
        assert_eq!(money_state("processing", "", None), WooMoney::Unpaid);
    }

    /// An import moves forward only, never back over the counter's work.
    #[test]
    fn imports_move_forward_only() {
        use OrderStatus::*;
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                let ok = import_moves(from, to);
                if from.is_closed() || from == to {
                    assert!(!ok, "{from:?} -> {to:?}");
                }
                if ok {
                    assert!(stage(to) > stage(from), "{from:?} -> {to:?}");
                }
            }
        }
        // The counter shipped it; the store still says processing.
        assert!(!import_moves(InDelivery, PaymentReceived));
        assert!(!import_moves(ReadyForPickup, PaymentReceived));
        assert!(!import_moves(PickedUp, PaymentReceived));
        assert!(!import_moves(InDelivery, Cancelled));
        assert!(import_moves(AwaitingPayment, PaymentReceived));
        assert!(import_moves(OnHold, PaymentReceived));
        assert!(import_moves(AwaitingPayment, Cancelled));
        assert!(import_moves(InDelivery, Delivered));
        assert!(import_moves(PaymentReceived, PickedUp));
        assert!(!import_moves(ReadyForPickup, Delivered));
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
