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
        money::Currency, payment::PaymentMethod, repairs::ticket::*, shop::calendar::DayHours,
        shop::holidays::Holiday, shop::*, staff::Role, totals::*,
    };
    use crate::store::{
        customers::*,
        repairs::board::*,
        repairs::pickup::*,
        repairs::quotes::*,
        repairs::tickets::*,
        shop::audit::AuditCheck,
        shop::backup::BackupInfo,
        shop::calendar::{DayHoursInput, HolidayInput},
        shop::*,
        staff::*,
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
        crate::domain::shop::audit::Broken,
        crate::domain::staff::permissions::Action,
        AuditCheck,
        BackupInfo,
        crate::store::shop::backup::BackupProgress,
        crate::domain::shop::settings::CounterSettings,
        crate::store::shop::audit_view::AuditQuery,
        crate::store::shop::audit_view::AuditRow,
        DayHoursInput,
        Session,
        crate::store::staff::signin::SwitchCandidate,
        NewStaff,
        StaffMember,
        StaffUpdate,
        NewCustomer,
        Customer,
        IntakeInput,
        TicketEvent,
        PaymentRecord,
        InvoiceInfo,
        crate::store::repairs::parts::PartInput,
        crate::store::repairs::parts::PartUsed,
        TicketDetail,
        LineInput,
        QuoteDecision,
        PickupInput,
        PickupResult,
        BoardQuery,
        TicketSummary,
        DocKind,
        AppStatus,
        crate::store::sync::SyncStatus,
        crate::store::sync::JoinInput,
        crate::domain::sync::HubConflict,
        crate::store::sync::ResolveInput,
        crate::store::sync::MergeInput,
        crate::domain::web::messages::MessageKind,
        crate::store::web::PublicFace,
        crate::store::web::Template,
        crate::store::web::messages::PrepareMessage,
        crate::store::web::messages::PreparedMessage,
        crate::domain::sales::catalog::TaxClass,
        crate::domain::sales::catalog::WarrantyType,
        crate::domain::sales::catalog::ProductInput,
        crate::store::sales::catalog::ProductSummary,
        crate::store::sales::catalog::StockReceipt,
        crate::domain::sales::CouponKind,
        crate::domain::sales::Coupon,
        crate::domain::sales::OrderTotals,
        crate::store::sales::coupons::CouponInput,
        crate::domain::sales::order::OrderStatus,
        crate::domain::sales::order::Channel,
        crate::domain::sales::order::Fulfilment,
        crate::store::sales::orders::OrderLineInput,
        crate::store::sales::orders::NewOrder,
        crate::store::sales::detail::OrderLine,
        crate::store::sales::detail::OrderPayment,
        crate::store::sales::detail::OrderEvent,
        crate::store::sales::detail::OrderDetail,
        crate::store::sales::detail::OrderQuery,
        crate::store::sales::detail::OrderSummary,
        crate::store::sales::payments::CounterPayment,
        crate::store::sales::payments::PaidResult,
        crate::store::sales::payments::TransferConfirmation,
        crate::store::sales::flow::ScannedSerial,
        crate::store::sales::invoices::OrderInvoice,
        crate::store::web_store::import::ImportReport,
        crate::store::web_store::import::RejectedRecord,
        crate::store::web_store::import::ImportProgress,
        crate::store::sales::reports::MethodTotal,
        crate::store::sales::reports::StatusCount,
        crate::store::sales::reports::WaitingTransfer,
        crate::store::sales::reports::DayReport,
        crate::store::sales::reports::BranchTotal,
        crate::domain::returns::WindowUnit,
        crate::domain::returns::ReturnPolicy,
        crate::domain::returns::ReturnReason,
        crate::domain::returns::ShippingPayer,
        crate::domain::returns::Condition,
        crate::domain::returns::ReturnOutcome,
        crate::store::returns::ReturnInput,
        crate::store::returns::ReturnResult,
        crate::store::returns::ReturnRecord,
        crate::store::sales::corrections::PriceCorrection,
        crate::store::sales::changes::LineChange,
        crate::store::web_store::pull::PullInput,
        crate::domain::sales::shipping::ShippingRate,
        crate::domain::sales::shipping::ShippingRules,
        crate::domain::sales::shipping::ShippingQuote,
        crate::store::sales::delivery::DamageReport,
        crate::store::sales::partial::ShippedQty,
        crate::store::sales::partial::PartialShipment,
        crate::store::sales::partial::PartialResult,
        crate::domain::warranty::WarrantyRules,
        crate::domain::warranty::Purchase,
        crate::domain::warranty::Defect,
        crate::domain::warranty::Checklist,
        crate::domain::warranty::Outcome,
        crate::domain::warranty::ShippingPayer,
        crate::domain::warranty::Reason,
        crate::domain::warranty::Verdict,
        crate::domain::warranty::card::CardPayload,
        crate::domain::warranty::past_sales::Mapping,
        crate::docs::warranty::CardPaper,
        crate::store::warranty::WarrantyUnit,
        crate::store::warranty::check::CheckInput,
        crate::store::warranty::check::ClaimInput,
        crate::store::warranty::check::CardCheck,
        crate::store::warranty::check::UnitEvent,
        crate::store::warranty::check::CheckResult,
        crate::store::warranty::card_keys::CardKey,
        crate::store::warranty::past_sales::ImportOptions,
        crate::store::warranty::past_sales::PreviewRow,
        crate::store::warranty::past_sales::Preview,
        crate::store::warranty::past_sales::BadRow,
        crate::store::warranty::past_sales::PastSalesReport,
        crate::store::warranty::past_sales::PastSalesProgress,
        crate::store::warranty::claims::ClaimRequest,
        crate::store::warranty::claims::PrincipalRma,
        crate::store::warranty::claims::PrincipalSend,
        crate::store::warranty::claims::PrincipalOutcome,
        crate::store::warranty::claims::PrincipalReturn,
        crate::domain::field::sla::SlaRules,
        crate::domain::field::sla::SlaState,
        crate::domain::field::sla::Surcharge,
        crate::domain::field::policy::VisitPolicy,
        crate::store::field::work::WorkshopHandoff,
        crate::store::field::billing::VisitInvoice,
        crate::store::field::billing::VisitPayment,
        crate::store::field::billing::VisitBill,
        crate::store::field::billing::VisitPaymentInput,
        crate::store::field::billing::VisitPaid,
        crate::domain::field::booking::Availability,
        crate::domain::field::booking::Slot,
        crate::store::field::technicians::TechnicianInput,
        crate::store::field::technicians::Technician,
        crate::store::field::visits::VisitKind,
        crate::store::field::visits::VisitRequest,
        crate::store::field::visits::VisitUnit,
        crate::store::field::visits::BookingInput,
        crate::store::field::visits::Visit,
        crate::store::field::work::VisitOutcome,
        crate::store::field::work::VisitPart,
        crate::store::field::work::VisitReport,
        crate::domain::field::custody::Party,
        crate::domain::field::contract_plan::Frequency,
        crate::store::field::courier_jobs::JobKind,
        crate::store::field::courier_jobs::NewJob,
        crate::store::field::courier_jobs::Job,
        crate::store::field::courier_jobs::Handover,
        crate::store::field::courier_jobs::CustodyEntry,
        crate::store::field::courier_jobs::Courier,
        crate::store::field::courier_cash::JobCash,
        crate::store::field::courier_cash::RunClosed,
        crate::store::field::courier_cash::RunCash,
        crate::store::field::courier_cash::RunClose,
        crate::store::field::courier_cash::CourierDay,
        crate::store::field::contracts::NewContract,
        crate::store::field::contracts::ContractReport,
        crate::store::field::contracts::Consultation,
        crate::store::field::contracts::ConsultationEntry,
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
