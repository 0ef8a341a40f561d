//! Every command's arguments, fuzzed on a real SQLite file: whatever arrives
//! (empty, huge, negative, malformed, unknown ids, wrong states), the answer
//! is a value or a typed error that is not a storage failure, nothing panics,
//! and a refused action writes not one row.

use crate::common;

use common::fuzz::*;
use konter::domain::repairs::ticket::ApprovalChannel;
use konter::domain::shop::settings::CounterSettings;
use konter::store::customers::{self, NewCustomer};
use konter::store::repairs::board::{self, BoardQuery};
use konter::store::repairs::pickup::{self, PickupInput};
use konter::store::repairs::quotes::{self, QuoteDecision};
use konter::store::repairs::tickets::{self, IntakeInput};
use konter::store::shop::audit_view::{self, AuditQuery};
use konter::store::shop::calendar::{self, DayHoursInput, HolidayInput};
use konter::store::{repairs::payments, shop::backup, shop::settings};
use konter::Error;
use proptest::prelude::*;
use uuid::Uuid;

#[test]
fn customers() {
    fuzz(
        200,
        (text(), text(), opt_text(), opt_text()),
        |s, (name, phone, email, address)| async move {
            customers::create(
                &s.db,
                &s.ctx(0),
                NewCustomer {
                    name,
                    phone,
                    email,
                    address,
                },
            )
            .await
            .map(drop)?;
            Ok(())
        },
    );
    fuzz(100, text(), |s, q| async move {
        customers::find(&s.db, &q).await.map(drop)
    });
}

#[test]
fn intake() {
    let input = (
        (text(), text(), text(), opt_text(), text()),
        (opt_text(), opt_text(), opt_text(), opt_text()),
        (
            opt_text(),
            proptest::option::of(method()),
            opt_text(),
            opt_text(),
        ),
        any::<bool>(),
    );
    fuzz(
        200,
        input,
        |s,
         (
            (category, brand, model, serial, complaint),
            (other, notes, secret, estimate),
            (down, down_method, promised, tech),
            known,
        )| async move {
            let input = IntakeInput {
                customer_id: if known {
                    s.f.customer.to_string()
                } else {
                    "nope".into()
                },
                device_category: category,
                brand,
                model,
                serial,
                complaint,
                accessories: vec![],
                accessories_other: other,
                condition_notes: notes,
                unlock_secret: secret,
                estimated_cost: estimate,
                down_payment: down,
                down_payment_method: down_method,
                promised_date: promised,
                technician_id: tech,
            };
            tickets::intake(&s.db, &s.ctx(0), input).await.map(drop)
        },
    );
}

#[test]
fn ticket_actions() {
    fuzz(100, text(), |s, note| async move {
        tickets::add_note(&s.db, &s.ctx(1), s.f.ticket, note)
            .await
            .map(drop)
    });
    fuzz(
        100,
        (text(), text(), opt_text()),
        |s, (description, qty, serial)| async move {
            let part = konter::store::repairs::parts::PartInput {
                description,
                qty,
                serial,
            };
            konter::store::repairs::parts::add_part(&s.db, &s.ctx(1), s.f.ticket, part)
                .await
                .map(drop)
        },
    );
    fuzz(150, (status(), opt_text()), |s, (to, note)| async move {
        tickets::change_status(&s.db, &s.ctx(1), s.f.ticket, to, note)
            .await
            .map(drop)
    });
    fuzz(
        150,
        proptest::collection::vec(quote_line(), 0..4),
        |s, lines| async move {
            quotes::set_quote(&s.db, &s.ctx(1), s.f.ticket, lines)
                .await
                .map(drop)
        },
    );
    fuzz(
        100,
        (any::<bool>(), opt_text(), opt_text()),
        |s, (approved, fee, note)| async move {
            let d = QuoteDecision {
                approved,
                channel: ApprovalChannel::Phone,
                diagnosis_fee: fee,
                note,
            };
            quotes::decide(&s.db, &s.ctx(1), s.f.ticket, d)
                .await
                .map(drop)
        },
    );
    fuzz(
        100,
        (method(), opt_text(), opt_text()),
        |s, (method, tendered, note)| async move {
            pickup::pickup(
                &s.db,
                &s.ctx(1),
                s.f.ticket,
                PickupInput {
                    method,
                    tendered,
                    note,
                },
            )
            .await
            .map(drop)
        },
    );
}

#[test]
fn payment_voids() {
    fuzz(
        100,
        (text(), any::<bool>()),
        |s, (reason, known)| async move {
            let payment = if known { s.f.payment } else { Uuid::now_v7() };
            payments::void_payment(&s.db, &s.ctx(1), s.f.ticket, payment, &reason)
                .await
                .map(drop)
        },
    );
}

#[test]
fn courier_cash() {
    use konter::store::field::courier_cash::{self, RunClose};
    fuzz(
        100,
        (text(), any::<bool>()),
        |s, (amount, known)| async move {
            let job = if known { s.f.job } else { Uuid::now_v7() };
            courier_cash::record(&s.db, &s.ctx(1), job, &amount)
                .await
                .map(drop)
        },
    );
    fuzz(
        150,
        (text(), opt_text(), any::<bool>(), -2i64..3),
        |s, (handed_in, note, known, offset)| async move {
            let courier = if known { s.f.run_courier } else { s.f.customer };
            let day = crate::field::courier_cash::today() + chrono::Duration::days(offset);
            let input = RunClose { handed_in, note };
            courier_cash::reconcile(&s.db, &s.ctx(1), courier, day, input)
                .await
                .map(drop)
        },
    );
}

#[test]
fn visit_invoice_voids() {
    use konter::store::field::invoices;
    fuzz(
        100,
        (text(), any::<bool>()),
        |s, (reason, known)| async move {
            let visit = if known { s.f.visit } else { Uuid::now_v7() };
            invoices::void(&s.db, &s.ctx(1), visit, &reason)
                .await
                .map(drop)
        },
    );
    fuzz(
        100,
        (opt_text(), any::<bool>()),
        |s, (npwp, known)| async move {
            let visit = if known { s.f.voided_visit } else { s.f.visit };
            invoices::reissue(&s.db, &s.ctx(1), visit, npwp)
                .await
                .map(drop)
        },
    );
}

#[test]
fn settings_hours_holidays() {
    fuzz(150, (text(), text()), |s, (date, name)| async move {
        calendar::add_holiday(&s.db, &s.ctx(0), HolidayInput { date, name })
            .await
            .map(drop)
    });
    fuzz(100, text(), |s, date| async move {
        calendar::remove_holiday(&s.db, &s.ctx(0), &date).await
    });
    let day = (opt_text(), opt_text(), "([01][0-9]|2[0-3]):[0-5][0-9]").prop_map(|(o, c, t)| {
        DayHoursInput {
            open: o.or(Some(t)),
            close: c,
        }
    });
    fuzz(
        150,
        proptest::collection::vec(day, 0..9),
        |s, days| async move {
            calendar::set_working_hours(&s.db, &s.ctx(0), days)
                .await
                .map(drop)
        },
    );
    fuzz(
        150,
        (
            (0u32..400, 0u32..200, 0u32..500, opt_text(), any::<bool>()),
            (0u32..1000, proptest::collection::vec(text(), 0..4)),
        ),
        |s, ((idle, limit, keep, dir, daily), (window, cod_regions))| async move {
            let input = CounterSettings {
                idle_lock_minutes: idle,
                discount_limit_percent: limit,
                backup_keep: keep,
                backup_dir: dir,
                backup_daily: daily,
                payment_window_hours: window,
                cod_regions,
                return_policy: Default::default(),
                customer_may_cancel_paid: daily,
                cancel_fee_percent: limit,
                shipping: Default::default(),
                reship_fee: i64::from(keep) * 100_000 - 1_000_000,
                visits: konter::domain::field::policy::VisitPolicy {
                    travel_buffer_minutes: limit * 2,
                    ..Default::default()
                },
                stale_ticket_days: window / 10,
                stale_service_days: window / 10,
            };
            settings::update(&s.db, &s.ctx(0), input).await.map(drop)
        },
    );
}

#[test]
fn reads_with_filters() {
    let q = (
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        proptest::option::of(any::<i64>()),
        proptest::option::of(any::<u32>()),
    );
    fuzz(
        150,
        q,
        |s, (staff_id, from, to, entity, before_seq, limit)| async move {
            let q = AuditQuery {
                staff_id,
                from,
                to,
                entity,
                before_seq,
                limit,
            };
            audit_view::list(&s.db, &s.ctx(0), &q).await.map(drop)
        },
    );
    fuzz(
        150,
        (proptest::option::of(status()), opt_text(), any::<bool>()),
        |s, (status, text, include_closed)| async move {
            board::board(
                &s.db,
                &BoardQuery {
                    status,
                    text: text.clone(),
                    include_closed,
                },
            )
            .await
            .map(drop)?;
            board::find_for_pickup(&s.db, text.as_deref().unwrap_or(""))
                .await
                .map(drop)
        },
    );
    fuzz(60, pick_id(Uuid::nil()), |s, id| async move {
        let id = konter::store::parse_id("id", &id)?;
        tickets::detail(&s.db, id).await.map(drop)
    });
}

#[test]
fn malformed_backup_files() {
    let sqlite_header = b"SQLite format 3\0".to_vec();
    let bytes = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..4096),
        proptest::collection::vec(any::<u8>(), 0..4096).prop_map(move |tail| [
            sqlite_header.clone(),
            tail
        ]
        .concat()),
    ];
    fuzz(100, bytes, |s, bytes| async move {
        let path = s.dir.join("suspect.db");
        std::fs::write(&path, &bytes).unwrap();
        let result = backup::check(&path).await;
        assert!(
            matches!(result, Err(Error::Validation { ref field, .. }) if field == "path"),
            "{result:?}"
        );
        Ok(())
    });
}
