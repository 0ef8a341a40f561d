//! TypeScript bindings for every type that crosses into the UI, generated
//! from these Rust definitions with ts-rs. `cargo test` checks the committed
//! `ui/src/api/bindings.ts` is current; `UPDATE_BINDINGS=1 cargo test
//! bindings` rewrites it.

use ts_rs::TS;

macro_rules! decls {
    ($($t:ty),* $(,)?) => {
        vec![$(<$t as TS>::decl()),*]
    };
}

pub fn typescript() -> String {
    use crate::docs::DocKind;
    use crate::domain::{
        calendar::DayHours, holidays::Holiday, money::Currency, payment::PaymentMethod, shop::*,
        staff::Role, ticket::*, totals::*,
    };
    use crate::store::{
        audit::AuditCheck,
        backup::BackupInfo,
        board::*,
        calendar::{DayHoursInput, HolidayInput},
        customers::*,
        pickup::*,
        quotes::*,
        shop::*,
        staff::*,
        tickets::*,
    };
    let mut out =
        String::from("// Generated from Rust by ts-rs (src/bindings.rs). Do not edit.\n\n");
    let all = decls![
        crate::Error,
        Currency,
        PaymentMethod,
        Role,
        PaperSize,
        ShopProfile,
        DayHours,
        Holiday,
        TicketStatus,
        Accessory,
        ApprovalChannel,
        LineKind,
        Line,
        Totals,
        SetupInput,
        HolidayInput,
        crate::domain::audit::Broken,
        crate::domain::permissions::Action,
        AuditCheck,
        BackupInfo,
        crate::store::backup::BackupProgress,
        crate::domain::settings::CounterSettings,
        crate::store::audit_view::AuditQuery,
        crate::store::audit_view::AuditRow,
        DayHoursInput,
        Session,
        crate::store::signin::SwitchCandidate,
        NewStaff,
        StaffMember,
        StaffUpdate,
        NewCustomer,
        Customer,
        IntakeInput,
        TicketEvent,
        PaymentRecord,
        InvoiceInfo,
        crate::store::parts::PartInput,
        crate::store::parts::PartUsed,
        TicketDetail,
        LineInput,
        QuoteDecision,
        PickupInput,
        PickupResult,
        BoardQuery,
        TicketSummary,
        DocKind,
        AppStatus,
        crate::domain::catalog::TaxClass,
        crate::domain::catalog::WarrantyType,
        crate::domain::catalog::ProductInput,
        crate::store::catalog::ProductSummary,
        crate::store::catalog::StockReceipt,
        crate::domain::sales::CouponKind,
        crate::domain::sales::Coupon,
        crate::domain::sales::OrderTotals,
        crate::store::coupons::CouponInput,
        crate::domain::order::OrderStatus,
        crate::domain::order::Channel,
        crate::domain::order::Fulfilment,
        crate::store::orders::OrderLineInput,
        crate::store::orders::NewOrder,
        crate::store::order_detail::OrderLine,
        crate::store::order_detail::OrderPayment,
        crate::store::order_detail::OrderEvent,
        crate::store::order_detail::OrderDetail,
        crate::store::order_detail::OrderQuery,
        crate::store::order_detail::OrderSummary,
        crate::store::order_payments::CounterPayment,
        crate::store::order_payments::PaidResult,
        crate::store::order_payments::TransferConfirmation,
        crate::store::order_flow::ScannedSerial,
        crate::store::order_invoices::OrderInvoice,
        crate::store::woo::ImportReport,
        crate::store::woo::RejectedRecord,
        crate::store::woo::ImportProgress,
        crate::store::reports::MethodTotal,
        crate::store::reports::StatusCount,
        crate::store::reports::WaitingTransfer,
        crate::store::reports::DayReport,
        crate::domain::returns::WindowUnit,
        crate::domain::returns::ReturnPolicy,
        crate::domain::returns::ReturnReason,
        crate::domain::returns::ShippingPayer,
        crate::domain::returns::Condition,
        crate::domain::returns::ReturnOutcome,
        crate::store::returns::ReturnInput,
        crate::store::returns::ReturnResult,
        crate::store::returns::ReturnRecord,
        crate::store::order_corrections::PriceCorrection,
        crate::store::order_changes::LineChange,
        crate::store::woo_pull::PullInput,
        crate::domain::shipping::ShippingRate,
        crate::domain::shipping::ShippingRules,
        crate::domain::shipping::ShippingQuote,
        crate::store::order_delivery::DamageReport,
        crate::store::order_partial::ShippedQty,
        crate::store::order_partial::PartialShipment,
        crate::store::order_partial::PartialResult,
        crate::domain::warranty::WarrantyRules,
        crate::domain::warranty::Purchase,
        crate::domain::warranty::Defect,
        crate::domain::warranty::Checklist,
        crate::domain::warranty::Outcome,
        crate::domain::warranty::ShippingPayer,
        crate::domain::warranty::Reason,
        crate::domain::warranty::Verdict,
        crate::domain::card::CardPayload,
        crate::domain::past_sales::Mapping,
        crate::docs::CardPaper,
        crate::store::warranty::WarrantyUnit,
        crate::store::warranty_check::CheckInput,
        crate::store::warranty_check::ClaimInput,
        crate::store::warranty_check::CardCheck,
        crate::store::warranty_check::UnitEvent,
        crate::store::warranty_check::CheckResult,
        crate::store::card_keys::CardKey,
        crate::store::past_sales::ImportOptions,
        crate::store::past_sales::PreviewRow,
        crate::store::past_sales::Preview,
        crate::store::past_sales::BadRow,
        crate::store::past_sales::PastSalesReport,
        crate::store::past_sales::PastSalesProgress,
        crate::store::warranty_claims::ClaimRequest,
        crate::store::warranty_claims::PrincipalRma,
        crate::store::warranty_claims::PrincipalSend,
        crate::store::warranty_claims::PrincipalOutcome,
        crate::store::warranty_claims::PrincipalReturn,
        crate::domain::sla::SlaRules,
        crate::domain::sla::SlaState,
        crate::domain::sla::Surcharge,
        crate::domain::visit_policy::VisitPolicy,
        crate::store::visit_work::WorkshopHandoff,
        crate::store::visit_billing::VisitInvoice,
        crate::store::visit_billing::VisitPayment,
        crate::store::visit_billing::VisitBill,
        crate::store::visit_billing::VisitPaymentInput,
        crate::store::visit_billing::VisitPaid,
        crate::domain::booking::Availability,
        crate::domain::booking::Slot,
        crate::store::technicians::TechnicianInput,
        crate::store::technicians::Technician,
        crate::store::visits::VisitKind,
        crate::store::visits::VisitRequest,
        crate::store::visits::VisitUnit,
        crate::store::visits::BookingInput,
        crate::store::visits::Visit,
        crate::store::visit_work::VisitOutcome,
        crate::store::visit_work::VisitPart,
        crate::store::visit_work::VisitReport,
        crate::domain::custody::Party,
        crate::domain::contract_plan::Frequency,
        crate::store::courier_jobs::JobKind,
        crate::store::courier_jobs::NewJob,
        crate::store::courier_jobs::Job,
        crate::store::courier_jobs::Handover,
        crate::store::courier_jobs::CustodyEntry,
        crate::store::courier_jobs::Courier,
        crate::store::courier_cash::JobCash,
        crate::store::courier_cash::RunClosed,
        crate::store::courier_cash::RunCash,
        crate::store::courier_cash::RunClose,
        crate::store::courier_cash::CourierDay,
        crate::store::contracts::NewContract,
        crate::store::contracts::ContractReport,
        crate::store::contracts::Consultation,
        crate::store::contracts::ConsultationEntry,
    ];
    for d in all {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_are_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/api/bindings.ts");
        let fresh = super::typescript();
        if std::env::var("UPDATE_BINDINGS").is_ok() {
            std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
            std::fs::write(path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/api/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test bindings` and commit it"
        );
    }
}
