//! The whole permission matrix, enumerated: every action is tried by every
//! role on a real SQLite file. Allowed → it succeeds; refused → a typed
//! `Forbidden` error and not a single row written.

use crate::common;

use common::matrix::*;
use common::*;
use konter::domain::payment::PaymentMethod;
use konter::domain::repairs::ticket::{ApprovalChannel, TicketStatus};
use konter::domain::sales::CouponKind;
use konter::domain::staff::permissions::{allows, Action};
use konter::domain::staff::Role;
use konter::domain::totals::LineKind;
use konter::store::customers::{self, NewCustomer};
use konter::store::repairs::parts::{self, PartInput};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::quotes::{self, QuoteDecision};
use konter::store::repairs::tickets::{self};
use konter::store::sales::catalog::{self, StockReceipt};
use konter::store::sales::corrections::{self, PriceCorrection};
use konter::store::sales::coupons::{self, CouponInput};
use konter::store::sales::flow;
use konter::store::sales::orders::{self};
use konter::store::sales::payments::{self};
use konter::store::shop::audit_view::{self, AuditQuery};
use konter::store::shop::calendar::{self, HolidayInput};
use konter::store::staff::{self, NewStaff};
use konter::store::{cash, repairs, shop, shop::audit, shop::backup, Ctx};
use konter::Error;
use uuid::Uuid;

/// Prepares what `action` needs, then runs it as `ctx`.
async fn attempt(
    s: &TestShop,
    ctx: &Ctx,
    action: Action,
    customer: Uuid,
    n: usize,
) -> Result<(), Error> {
    let ready = match action {
        Action::MoveTicket | Action::AddNote | Action::RecordPart | Action::ViewUnlockSecret => {
            Some(ticket_in(s, customer, TicketStatus::Received).await)
        }
        Action::SetQuote => Some(ticket_in(s, customer, TicketStatus::Diagnosing).await),
        Action::RecordDecision => {
            Some(ticket_in(s, customer, TicketStatus::AwaitingApproval).await)
        }
        Action::TakePayment => Some(ticket_in(s, customer, TicketStatus::ReadyForPickup).await),
        Action::Refund => {
            Some(ticket_paid(s, customer, TicketStatus::ReadyForPickup, "500.000").await)
        }
        Action::VoidPayment => Some(ticket_in(s, customer, TicketStatus::Received).await),
        Action::GrantDiscount => Some(ticket_in(s, customer, TicketStatus::Diagnosing).await),
        _ => None,
    };
    let backups = s.dir.path().join("backups");
    if matches!(action, Action::Restore) {
        backup::backup_to(&s.db, &backups, 30, ctx.now, &|_| {})
            .await
            .unwrap();
    }
    let sales = if matches!(
        action,
        Action::ManageCatalog
            | Action::ReceiveStock
            | Action::Sell
            | Action::VerifyPayment
            | Action::FulfilOrder
            | Action::CancelOrder
            | Action::VoidInvoice
            | Action::OverridePrice
    ) {
        Some(sales_fixture(s, customer, action, n).await)
    } else {
        None
    };
    let colleague = if action == Action::ResetPassword {
        let input = NewStaff {
            name: "Lupa Sandi".into(),
            username: format!("lupa{n}"),
            password: "rahasia-123".into(),
            role: Role::FrontDesk,
        };
        Some(staff::add(&s.db, &s.ctx(0), input).await.unwrap().id)
    } else {
        None
    };
    // A shift of the owner's open on the drawer, for a colleague to close.
    let owners_shift = if action == Action::ManageShifts {
        if let Some(open) = cash::current(&s.db, &s.ctx(0)).await.unwrap() {
            // Other actions' cash went into it meanwhile: counted exactly.
            let exact = cash::ShiftClose {
                counted: Some(open.expected.to_string()),
                ..zero_close()
            };
            cash::close(&s.db, &s.ctx(0), open.id.parse().unwrap(), exact)
                .await
                .unwrap();
        }
        let float = cash::ShiftOpen { float: "0".into() };
        Some(cash::open(&s.db, &s.ctx(0), float).await.unwrap().id)
    } else {
        None
    };
    let cash = if matches!(action, Action::RecordCourierCash | Action::ReconcileCash) {
        Some(cash_fixture(s, ctx, customer, action, n).await)
    } else {
        None
    };
    // A receipt printer that takes the drawer's pulse (never read: the
    // kernel's queue accepts it).
    let _printer = if action == Action::OpenDrawer {
        let sink = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = sink.local_addr().unwrap().to_string();
        let set = crate::print::counter::receipt_printer(&addr);
        konter::store::print::set_printers(&s.db, &s.ctx(0), set)
            .await
            .unwrap();
        Some(sink)
    } else {
        None
    };
    let before = s.counts().await;
    let id = ready.as_ref().map(|t| t.id).unwrap_or_default();
    let result = match action {
        Action::ManageShop => calendar::add_holiday(
            &s.db,
            ctx,
            HolidayInput {
                date: "2026-12-31".into(),
                name: "Tutup buku".into(),
            },
        )
        .await
        .map(drop)
        .and(shop::update_profile(&s.db, ctx, profile()).await.map(drop)),
        Action::ManageStaff => {
            let new = NewStaff {
                name: "Baru".into(),
                username: format!("baru{n}"),
                password: "rahasia-123".into(),
                role: Role::FrontDesk,
            };
            staff::add(&s.db, ctx, new).await.map(drop)
        }
        Action::CreateCustomer => {
            let c = NewCustomer {
                name: "Pelanggan".into(),
                phone: format!("0813{:08}", n),
                email: None,
                address: None,
            };
            customers::create(&s.db, ctx, c).await.map(drop)
        }
        Action::TakeIn => tickets::intake(&s.db, ctx, intake_input(customer.to_string()))
            .await
            .map(drop),
        Action::MoveTicket => {
            tickets::change_status(&s.db, ctx, id, TicketStatus::Diagnosing, None)
                .await
                .map(drop)
        }
        Action::AddNote => tickets::add_note(&s.db, ctx, id, "Cek".into())
            .await
            .map(drop),
        Action::ViewUnlockSecret => tickets::unlock_secret(&s.db, ctx, id).await.map(drop),
        Action::RecordPart => {
            let part = PartInput {
                description: "Pickup roller".into(),
                qty: "1".into(),
                serial: None,
            };
            parts::add_part(&s.db, ctx, id, part).await.map(drop)
        }
        Action::SetQuote => quotes::set_quote(
            &s.db,
            ctx,
            id,
            vec![line(LineKind::Part, "Roller", "1", "90.000", "")],
        )
        .await
        .map(drop),
        Action::RecordDecision => {
            let d = QuoteDecision {
                approved: true,
                channel: ApprovalChannel::Phone,
                diagnosis_fee: None,
                note: None,
            };
            quotes::decide(&s.db, ctx, id, d).await.map(drop)
        }
        Action::Refund | Action::TakePayment => pickup::pickup(
            &s.db,
            ctx,
            id,
            PickupInput {
                method: PaymentMethod::Card,
                tendered: None,
                note: None,
            },
        )
        .await
        .map(drop),
        Action::VoidPayment => {
            let paid = ready.as_ref().unwrap().payments[0].id;
            repairs::payments::void_payment(&s.db, ctx, id, paid, "Salah input nominal")
                .await
                .map(drop)
        }
        Action::GrantDiscount => quotes::set_quote(
            &s.db,
            ctx,
            id,
            vec![line(LineKind::Labour, "Servis", "1", "100.000", "50.000")],
        )
        .await
        .map(drop),
        Action::ViewAudit => {
            let q = AuditQuery::default();
            audit::verify(&s.db, ctx).await.map(drop)?;
            audit_view::list(&s.db, ctx, &q).await.map(drop)?;
            audit_view::export_csv(&s.db, ctx, &q).await.map(drop)
        }
        Action::Backup => backup::backup_now(&s.db, ctx, &backups, 30, &|_| {})
            .await
            .map(drop),
        Action::Restore => {
            let newest = std::fs::read_dir(&backups)
                .unwrap()
                .last()
                .unwrap()
                .unwrap()
                .path();
            let live = s.dir.path().join("konter.db");
            let staged = backup::stage_restore(ctx, &live, &newest).await;
            let _ = std::fs::remove_file(live.with_file_name("restore-pending.db"));
            staged
        }
        Action::ManageCatalog => {
            let c = CouponInput {
                code: format!("HEMAT{n}"),
                kind: CouponKind::Fixed,
                value: "10.000".into(),
                valid_from: "2026-11-01".into(),
                valid_to: None,
                min_subtotal: None,
            };
            coupons::create(&s.db, ctx, c).await.map(drop)
        }
        Action::ReceiveStock => {
            let (product, _) = sales.unwrap();
            let r = StockReceipt {
                product_id: product.to_string(),
                qty: "2".into(),
                serials: vec![],
                note: None,
            };
            catalog::receive_stock(&s.db, ctx, r).await.map(drop)
        }
        Action::Sell => {
            let (product, _) = sales.unwrap();
            orders::create(&s.db, ctx, new_order(customer, product, false))
                .await
                .map(drop)
        }
        Action::VerifyPayment => {
            let order = sales.unwrap().1.unwrap();
            let pending = orders::detail(&s.db, order).await.unwrap().payments[0]
                .id
                .to_string();
            payments::decide_transfer(&s.db, ctx, order, &pending, true, None)
                .await
                .map(drop)
        }
        Action::FulfilOrder => flow::start_processing(&s.db, ctx, sales.unwrap().1.unwrap())
            .await
            .map(drop),
        Action::CancelOrder => {
            flow::cancel(&s.db, ctx, sales.unwrap().1.unwrap(), "Pelanggan batal")
                .await
                .map(drop)
        }
        Action::VoidInvoice => konter::store::sales::invoices::void(
            &s.db,
            ctx,
            sales.unwrap().1.unwrap(),
            "NPWP pembeli salah",
        )
        .await
        .map(drop),
        Action::OverridePrice => {
            let fix = PriceCorrection {
                position: 0,
                unit_price: "140.000".into(),
                customer_accepts: None,
                note: None,
            };
            corrections::correct_price(&s.db, ctx, sales.unwrap().1.unwrap(), fix)
                .await
                .map(drop)
        }
        Action::ViewReports => konter::store::sales::reports::day(&s.db, ctx, None)
            .await
            .map(drop),
        Action::CourierJobs => {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
            konter::store::field::courier_jobs::run(&s.db, ctx, ctx.staff_id, day)
                .await
                .map(drop)
        }
        Action::RecordCourierCash => {
            let (_, job) = cash.unwrap();
            konter::store::field::courier_cash::record(&s.db, ctx, job, "66.500")
                .await
                .map(drop)
        }
        Action::ReconcileCash => {
            let (courier, _) = cash.unwrap();
            let close = konter::store::field::courier_cash::RunClose {
                handed_in: "66.500".into(),
                note: None,
            };
            let day = crate::field::courier_cash::today();
            konter::store::field::courier_cash::reconcile(&s.db, ctx, courier, day, close)
                .await
                .map(drop)
        }
        Action::OpenDrawer => konter::store::print::open_drawer(&s.db, ctx, "Tukar uang kecil")
            .await
            .map(|p| assert_eq!(p.job.outcome, "printed", "{p:?}")),
        Action::RunShift => {
            let float = cash::ShiftOpen { float: "0".into() };
            match cash::open(&s.db, ctx, float).await {
                Ok(open) => cash::close(&s.db, ctx, open.id.parse().unwrap(), zero_close())
                    .await
                    .map(drop),
                Err(e) => Err(e),
            }
        }
        Action::ManageShifts => {
            let id = owners_shift.unwrap().parse().unwrap();
            cash::close(&s.db, ctx, id, zero_close()).await.map(drop)
        }
        Action::ResetPassword => {
            staff::reset_password(&s.db, ctx, colleague.unwrap(), "sementara-1")
                .await
                .map(drop)
        }
    };
    if result.is_err() {
        assert_eq!(
            s.counts().await,
            before,
            "{action:?} as {:?} wrote rows before failing",
            ctx.role
        );
    }
    result
}

fn zero_close() -> cash::ShiftClose {
    cash::ShiftClose {
        counted: Some("0".into()),
        denominations: vec![],
        note: None,
    }
}

/// A courier (the acting one, if a courier) with a cash job today; to close
/// the run, its cash already recorded by the owner. Returns (courier, job).
async fn cash_fixture(
    s: &TestShop,
    ctx: &Ctx,
    customer: Uuid,
    action: Action,
    n: usize,
) -> (Uuid, Uuid) {
    let courier = if ctx.role == Role::Courier {
        ctx.staff_id
    } else {
        crate::field::courier_jobs::courier(s, &format!("kurir{n}"))
            .await
            .staff_id
    };
    let job = crate::field::courier_cash::cash_job(s, customer, courier, true).await;
    if action == Action::ReconcileCash {
        konter::store::field::courier_cash::record(&s.db, &s.ctx(0), job.id, "66.500")
            .await
            .unwrap();
    }
    (courier, job.id)
}

#[tokio::test]
async fn every_action_for_every_role() {
    let s = shop().await;
    let customer = customer(&s, "Budi Santoso", "081234567890").await.id;
    let mut n = 0;
    for role in Role::ALL {
        let ctx = if role == Role::Owner {
            s.ctx(0)
        } else {
            let input = NewStaff {
                name: format!("{role:?}"),
                username: format!("user-{}", role.as_str().replace('_', "-")),
                password: "rahasia-123".into(),
                role,
            };
            let member = staff::add(&s.db, &s.ctx(0), input).await.unwrap();
            Ctx {
                staff_id: member.id,
                role,
                now: monday_10_wib(),
            }
        };
        for action in Action::ALL {
            n += 1;
            let result = attempt(&s, &ctx, action, customer, n).await;
            if allows(role, action) {
                assert!(
                    result.is_ok(),
                    "{action:?} must be allowed for {role:?}: {result:?}"
                );
            } else {
                // A discount beyond the limit is refused at the line's field.
                let typed = match &result {
                    Err(Error::Forbidden { .. }) => true,
                    Err(Error::Validation { code, .. }) => {
                        action == Action::GrantDiscount && code == "discount_above_limit"
                    }
                    _ => false,
                };
                assert!(typed, "{action:?} must be refused for {role:?}: {result:?}");
            }
        }
    }
    assert_eq!(n, Role::ALL.len() * Action::ALL.len());
}
