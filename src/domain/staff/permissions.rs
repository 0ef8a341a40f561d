//! Who may do what: one matrix of action × role, checked by the core for
//! every command (never only in the UI). Tests enumerate all of it.

use crate::domain::staff::Role;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Shop profile, working hours, holidays.
    ManageShop,
    ManageStaff,
    CreateCustomer,
    TakeIn,
    /// Manual status moves (diagnosing, waiting for parts, ready …).
    MoveTicket,
    AddNote,
    /// Parts used on a repair, without prices (technicians record them,
    /// the front desk prices them into the quote).
    RecordPart,
    ViewUnlockSecret,
    /// Quote lines carry prices: not for technicians.
    SetQuote,
    RecordDecision,
    /// Pickup with payment and invoice.
    TakePayment,
    /// Paying money back (e.g. an overpaid down payment at pickup).
    Refund,
    /// Voiding a payment, with a reason (money is never deleted).
    VoidPayment,
    /// Quote discounts above the configured limit.
    GrantDiscount,
    /// Reading and exporting the audit trail, verifying its chain.
    ViewAudit,
    /// Backups on demand and the daily backup settings.
    Backup,
    /// Replacing the live database with a backup.
    Restore,
    /// Setting a new password for another staff member.
    ResetPassword,
    /// Products, prices and coupons.
    ManageCatalog,
    /// Goods arriving into stock.
    ReceiveStock,
    /// Creating orders and taking counter payments for them.
    Sell,
    /// Checking a customer's bank transfer against the statement.
    VerifyPayment,
    /// Moving an order through processing, delivery and O2O handover.
    FulfilOrder,
    /// Cancelling an order with its reason (a paid one also needs Refund).
    CancelOrder,
    /// Voiding an invoice with a reason (it keeps its number) and reissuing.
    VoidInvoice,
    /// The day's money, open orders, waiting transfers, backorders.
    ViewReports,
    /// Correcting a price on an order (a pricing error, seed 002).
    OverridePrice,
    /// Pickup-and-delivery runs and device handovers; a courier only on
    /// their own jobs.
    CourierJobs,
    /// Recording the cash a courier collected on a job: the courier (own
    /// jobs only) or the counter.
    RecordCourierCash,
    /// Closing a courier's run at the counter: the cash handed in counted
    /// against what the jobs collected.
    ReconcileCash,
    /// Opening the cash drawer without a sale (with a reason, audited);
    /// a cash payment or refund opens it by itself.
    OpenDrawer,
    /// Opening the counter's cash drawer for a shift with a float, pay-ins
    /// and pay-outs with a reason, and closing one's own shift with the
    /// counted cash.
    RunShift,
    /// Seeing every shift and closing a colleague's.
    ManageShifts,
}

impl Action {
    pub const ALL: [Action; 33] = [
        Action::ManageShop,
        Action::ManageStaff,
        Action::CreateCustomer,
        Action::TakeIn,
        Action::MoveTicket,
        Action::AddNote,
        Action::RecordPart,
        Action::ViewUnlockSecret,
        Action::SetQuote,
        Action::RecordDecision,
        Action::TakePayment,
        Action::Refund,
        Action::VoidPayment,
        Action::GrantDiscount,
        Action::ViewAudit,
        Action::Backup,
        Action::Restore,
        Action::ResetPassword,
        Action::ManageCatalog,
        Action::ReceiveStock,
        Action::Sell,
        Action::VerifyPayment,
        Action::FulfilOrder,
        Action::CancelOrder,
        Action::VoidInvoice,
        Action::ViewReports,
        Action::OverridePrice,
        Action::CourierJobs,
        Action::RecordCourierCash,
        Action::ReconcileCash,
        Action::OpenDrawer,
        Action::RunShift,
        Action::ManageShifts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ManageShop => "manage_shop",
            Action::ManageStaff => "manage_staff",
            Action::CreateCustomer => "create_customer",
            Action::TakeIn => "take_in",
            Action::MoveTicket => "move_ticket",
            Action::AddNote => "add_note",
            Action::RecordPart => "record_part",
            Action::ViewUnlockSecret => "view_unlock_secret",
            Action::SetQuote => "set_quote",
            Action::RecordDecision => "record_decision",
            Action::TakePayment => "take_payment",
            Action::Refund => "refund",
            Action::VoidPayment => "void_payment",
            Action::GrantDiscount => "grant_discount",
            Action::ViewAudit => "view_audit",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::ResetPassword => "reset_password",
            Action::ManageCatalog => "manage_catalog",
            Action::ReceiveStock => "receive_stock",
            Action::Sell => "sell",
            Action::VerifyPayment => "verify_payment",
            Action::FulfilOrder => "fulfil_order",
            Action::CancelOrder => "cancel_order",
            Action::VoidInvoice => "void_invoice",
            Action::ViewReports => "view_reports",
            Action::OverridePrice => "override_price",
            Action::CourierJobs => "courier_jobs",
            Action::RecordCourierCash => "record_courier_cash",
            Action::ReconcileCash => "reconcile_cash",
            Action::OpenDrawer => "open_drawer",
            Action::RunShift => "run_shift",
            Action::ManageShifts => "manage_shifts",
        }
    }
}

/// The matrix. Couriers get their pickup-and-delivery runs and the cash of
/// their jobs, nothing else; the jobs themselves keep a courier to their own.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        Restore | ResetPassword => role == Owner,
        ManageShop | ManageStaff | Refund | VoidPayment | GrantDiscount | ViewAudit | Backup
        | ManageCatalog | VerifyPayment | VoidInvoice | ViewReports | OverridePrice
        | OpenDrawer | ManageShifts => {
            matches!(role, Owner | Admin)
        }
        // Cancelling a paid order also needs `Refund`.
        ReceiveStock | Sell | FulfilOrder | CancelOrder => {
            matches!(role, Owner | Admin | FrontDesk)
        }
        CreateCustomer | TakeIn | SetQuote | RecordDecision | TakePayment | ReconcileCash
        | RunShift => {
            matches!(role, Owner | Admin | FrontDesk)
        }
        MoveTicket | AddNote | RecordPart | ViewUnlockSecret => {
            matches!(role, Owner | Admin | FrontDesk | Technician)
        }
        // Everyone who hands a device on; couriers limited to their own jobs.
        CourierJobs => true,
        // Money is not for technicians; couriers record their own jobs' cash.
        RecordCourierCash => matches!(role, Owner | Admin | FrontDesk | Courier),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_may_do_everything_and_couriers_only_their_runs() {
        for a in Action::ALL {
            assert!(allows(Role::Owner, a), "{a:?}");
            let courier_may = [Action::CourierJobs, Action::RecordCourierCash];
            assert_eq!(allows(Role::Courier, a), courier_may.contains(&a), "{a:?}");
        }
        let owner_only = [Action::Restore, Action::ResetPassword];
        assert!(
            allows(Role::FrontDesk, Action::Sell)
                && !allows(Role::FrontDesk, Action::VerifyPayment)
        );
        for a in Action::ALL {
            assert_eq!(allows(Role::Admin, a), !owner_only.contains(&a), "{a:?}");
        }
    }

    #[test]
    fn money_corrections_need_admin() {
        for a in [Action::Refund, Action::VoidPayment, Action::GrantDiscount] {
            assert!(!allows(Role::FrontDesk, a), "{a:?}");
            assert!(!allows(Role::Technician, a), "{a:?}");
        }
    }

    #[test]
    fn technicians_repair_but_do_not_price_or_take_money() {
        assert!(allows(Role::Technician, Action::MoveTicket));
        assert!(allows(Role::Technician, Action::AddNote));
        assert!(allows(Role::Technician, Action::RecordPart));
        assert!(!allows(Role::Technician, Action::SetQuote));
        assert!(!allows(Role::Technician, Action::TakePayment));
        assert!(!allows(Role::Technician, Action::RecordCourierCash));
        assert!(!allows(Role::Courier, Action::ReconcileCash));
        assert!(!allows(Role::FrontDesk, Action::ManageStaff));
    }
}
