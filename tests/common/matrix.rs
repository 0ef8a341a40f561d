//! Fixtures for the permission matrix: a ticket or an order brought (as
//! the owner) to the state an action needs.

use super::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
use konter::domain::sales::catalog::{ProductInput, TaxClass, WarrantyType};
use konter::domain::sales::order::{Channel, Fulfilment};
use konter::domain::staff::permissions::Action;
use konter::domain::totals::LineKind;
use konter::store::repairs::quotes::{self, QuoteDecision};
use konter::store::repairs::tickets::{self, TicketDetail};
use konter::store::sales::catalog::{self, StockReceipt};
use konter::store::sales::orders::{self, NewOrder, OrderLineInput};
use konter::store::sales::payments::{self, CounterPayment, TransferConfirmation};
use uuid::Uuid;

/// A ticket brought (as the owner) to the state the action needs.
pub async fn ticket_in(s: &TestShop, customer: Uuid, state: TicketStatus) -> TicketDetail {
    ticket_paid(s, customer, state, "100.000").await
}

/// The same, with `down` paid at intake.
pub async fn ticket_paid(
    s: &TestShop,
    customer: Uuid,
    state: TicketStatus,
    down: &str,
) -> TicketDetail {
    let owner = s.ctx(0);
    let input = tickets::IntakeInput {
        down_payment: Some(down.into()),
        ..intake_input(customer.to_string())
    };
    let t = tickets::intake(&s.db, &owner, input).await.unwrap();
    let path: &[TicketStatus] = match state {
        TicketStatus::Received => &[],
        TicketStatus::Diagnosing => &[TicketStatus::Diagnosing],
        TicketStatus::AwaitingApproval | TicketStatus::ReadyForPickup => {
            &[TicketStatus::Diagnosing]
        }
        other => panic!("no fixture for {other:?}"),
    };
    for st in path {
        tickets::change_status(&s.db, &owner, t.id, *st, None)
            .await
            .unwrap();
    }
    if matches!(
        state,
        TicketStatus::AwaitingApproval | TicketStatus::ReadyForPickup
    ) {
        let lines = vec![line(LineKind::Labour, "Servis", "1", "150.000", "")];
        quotes::set_quote(&s.db, &owner, t.id, lines).await.unwrap();
    }
    if state == TicketStatus::ReadyForPickup {
        let ok = QuoteDecision {
            approved: true,
            channel: ApprovalChannel::InPerson,
            diagnosis_fee: None,
            note: None,
        };
        quotes::decide(&s.db, &owner, t.id, ok).await.unwrap();
        tickets::change_status(&s.db, &owner, t.id, TicketStatus::ReadyForPickup, None)
            .await
            .unwrap();
    }
    tickets::detail(&s.db, t.id).await.unwrap()
}

/// A product in stock and, for order actions, an order in the state the
/// action needs (made as the owner).
pub async fn sales_fixture(
    s: &TestShop,
    customer: Uuid,
    action: Action,
    n: usize,
) -> (Uuid, Option<Uuid>) {
    let owner = s.ctx(0);
    let input = ProductInput {
        sku: format!("SKU-{n}"),
        name: "Kabel USB".into(),
        brand: "Ugreen".into(),
        category: "Aksesori".into(),
        price: "150.000".into(),
        tax_class: TaxClass::Standard,
        serialised: false,
        weight_grams: "100".into(),
        warranty_store_months: "".into(),
        warranty_maker_months: "".into(),
        warranty_type: WarrantyType::Standard,
        down_payment_allowed: false,
        cost_price: None,
    };
    let p = catalog::create_product(&s.db, &owner, input).await.unwrap();
    let receipt = StockReceipt {
        product_id: p.id.to_string(),
        qty: "5".into(),
        serials: vec![],
        note: None,
    };
    catalog::receive_stock(&s.db, &owner, receipt)
        .await
        .unwrap();
    if !matches!(
        action,
        Action::VerifyPayment
            | Action::FulfilOrder
            | Action::CancelOrder
            | Action::VoidInvoice
            | Action::OverridePrice
    ) {
        return (p.id, None);
    }
    let o = orders::create(
        &s.db,
        &owner,
        new_order(customer, p.id, action == Action::VerifyPayment),
    )
    .await
    .unwrap();
    match action {
        Action::VerifyPayment => {
            let form = TransferConfirmation {
                bank: "BCA".into(),
                account_name: "Budi".into(),
                amount: "166.500".into(),
                paid_on: "2026-11-23".into(),
                proof_path: None,
            };
            payments::confirm_transfer(&s.db, &owner, o.id, form)
                .await
                .unwrap();
        }
        Action::FulfilOrder | Action::VoidInvoice | Action::OverridePrice => {
            let pay = CounterPayment {
                method: PaymentMethod::Card,
                tendered: None,
                amount: None,
            };
            payments::pay_at_counter(&s.db, &owner, o.id, pay)
                .await
                .unwrap();
        }
        _ => {}
    }
    (p.id, Some(o.id))
}

pub fn new_order(customer: Uuid, product: Uuid, transfer: bool) -> NewOrder {
    NewOrder {
        channel: Channel::Counter,
        customer_id: customer.to_string(),
        fulfilment: Fulfilment::Pickup,
        ship_address: None,
        ship_city: None,
        payment_method: if transfer {
            PaymentMethod::BankTransfer
        } else {
            PaymentMethod::Cash
        },
        cod: false,
        coupon: None,
        shipping: None,
        lines: vec![OrderLineInput {
            product_id: product.to_string(),
            qty: "1".into(),
            discount: None,
        }],
        note: None,
        buyer_tax_id: None,
    }
}
