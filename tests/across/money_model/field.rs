//! The money model's field work: visits billed at check-out and paid, and
//! couriers' cash collected and their runs closed.

use super::Model;
use crate::common;
use konter::domain::payment::PaymentMethod;
use konter::store::{Ctx, Db};
use konter::Error;
use rand::Rng;

impl Model {
    /// A paid visit on the next free working day: booked, carried out with
    /// parts from stock, invoiced at check-out, paid (sometimes from both
    /// counters at once); or an earlier visit's bill paid again.
    pub(super) async fn visit(&mut self, db: &Db) -> Result<(), Error> {
        use konter::store::field::billing::{self, VisitPaymentInput};
        use konter::store::field::visits;
        use konter::store::field::work::{
            check_in, check_out, VisitOutcome, VisitPart, VisitReport,
        };
        let pay = || VisitPaymentInput {
            method: PaymentMethod::Cash,
            tendered: None,
        };
        if !self.visits.is_empty() && self.rng.gen_bool(0.3) {
            let v = self.visits[self.rng.gen_range(0..self.visits.len())];
            return billing::pay(db, &self.ctx(), v, pay()).await.map(|_| ());
        }
        let tech = match self.technician {
            Some(t) => t,
            None => {
                let t = crate::field::visits::technician(&self.s).await;
                self.technician = Some(t);
                t
            }
        };
        let cal = konter::store::shop::calendar::calendar(&self.s.db).await?;
        let tuesday = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        self.visit_days += 1;
        let day = cal.add_working_days(tuesday, self.visit_days as u32);
        let local = |h: u32, m: u32| {
            chrono::TimeZone::from_local_datetime(
                &chrono_tz::Asia::Jakarta,
                &day.and_hms_opt(h, m, 0).unwrap(),
            )
            .unwrap()
            .with_timezone(&chrono::Utc)
        };
        let base = self.ctx();
        let at = move |h, m| Ctx {
            now: local(h, m),
            ..base
        };
        let customer = self.customers[self.rng.gen_range(0..self.customers.len())];
        let v = visits::request(
            db,
            &self.ctx(),
            crate::field::visits::request(customer, &[]),
        )
        .await?;
        let booking = crate::field::visits::at(tech, &format!("{day}T09:00"), 60);
        visits::book(db, &self.ctx(), v.id, booking).await?;
        check_in(db, &at(9, 0), v.id).await?;
        let cable = self.products.iter().find(|p| p.sku == "USB-3M").unwrap().id;
        let report = |breach: Option<&str>| VisitReport {
            work_done: "Roller diganti".into(),
            parts: vec![VisitPart {
                product_id: cable.to_string(),
                qty: "1".into(),
            }],
            labour_minutes: 45,
            customer_name: "Pak Andi".into(),
            signature_png: None,
            outcome: VisitOutcome::Fixed,
            workshop: None,
            breach_reason: breach.map(str::to_string),
        };
        let out = match check_out(db, &at(10, 0), v.id, report(None)).await {
            Err(e) if e.field() == Some("breach_reason") => {
                check_out(db, &at(10, 0), v.id, report(Some("jadwal pelanggan"))).await
            }
            other => other,
        };
        out?;
        self.visits.push(v.id);
        if self.rng.gen_bool(0.3) {
            let (c, d1, d2) = (at(10, 30), self.s.db.clone(), self.second.clone());
            let (a, b) = tokio::join!(
                billing::pay(&d1, &c, v.id, pay()),
                billing::pay(&d2, &c, v.id, pay())
            );
            self.ok(a);
            self.ok(b);
            return Ok(());
        }
        billing::pay(db, &at(10, 30), v.id, pay()).await.map(|_| ())
    }

    /// A repaired device delivered by the courier with its balance to
    /// collect; what the courier collected recorded (right, short, too much,
    /// negative, twice at once); the run of a day closed at the counter.
    pub(super) async fn courier_cash(&mut self, db: &Db, ctx: &Ctx) -> Result<(), Error> {
        use konter::domain::repairs::ticket::TicketStatus;
        use konter::store::field::courier_cash::{reconcile, record, RunClose};
        use konter::store::field::courier_jobs::{self, JobKind, NewJob};
        let courier = match self.courier {
            Some(c) => c,
            None => {
                let c = crate::field::courier_jobs::courier(&self.s, "andi")
                    .await
                    .staff_id;
                self.courier = Some(c);
                c
            }
        };
        let day = ctx
            .now
            .with_timezone(&chrono_tz::Asia::Jakarta)
            .date_naive();
        let open: Vec<(String, i64)> = sqlx::query_as(
            "SELECT j.id, j.cash_to_collect FROM courier_jobs j WHERE j.cash_to_collect > 0 AND NOT EXISTS (SELECT 1 FROM courier_cash c WHERE c.job_id = j.id) ORDER BY j.rowid",
        )
        .fetch_all(&self.s.db.pool)
        .await
        .unwrap();
        match self.rng.gen_range(0..3) {
            0 => {
                let customer = self.customers[self.rng.gen_range(0..self.customers.len())];
                let t = common::matrix::ticket_paid(
                    &self.s,
                    customer,
                    TicketStatus::ReadyForPickup,
                    "0",
                )
                .await;
                let job = NewJob {
                    kind: JobKind::Delivery,
                    ticket_id: t.id.to_string(),
                    address: "Jl. Melati 3".into(),
                    city: "Depok".into(),
                    phone: "0812 3456 7890".into(),
                    courier_id: courier.to_string(),
                    planned_on: day.to_string(),
                    collect_balance: true,
                };
                courier_jobs::create(db, ctx, job).await.map(|_| ())
            }
            1 if !open.is_empty() => {
                let (job, due) = &open[self.rng.gen_range(0..open.len())];
                let job: uuid::Uuid = job.parse().unwrap();
                let amount =
                    [*due, due - 1000, due + 1000, -5][self.rng.gen_range(0..4)].to_string();
                let (d1, d2) = (self.s.db.clone(), self.second.clone());
                let (a, b) = tokio::join!(
                    record(&d1, ctx, job, &amount),
                    record(&d2, ctx, job, &amount)
                );
                self.ok(b);
                a.map(|_| ())
            }
            _ => {
                let days: Vec<String> = sqlx::query_scalar(
                    "SELECT DISTINCT planned_on FROM courier_jobs WHERE planned_on <= ? ORDER BY planned_on",
                )
                .bind(day.to_string())
                .fetch_all(&self.s.db.pool)
                .await
                .unwrap();
                let Some(d) = days.get(self.rng.gen_range(0..days.len().max(1))) else {
                    return Ok(());
                };
                let expected: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(SUM(c.amount), 0) FROM courier_cash c JOIN courier_jobs j ON j.id = c.job_id WHERE j.courier_id = ? AND j.planned_on = ?",
                )
                .bind(courier.to_string())
                .bind(d)
                .fetch_one(&self.s.db.pool)
                .await
                .unwrap();
                let short = self.rng.gen_bool(0.3);
                let input = RunClose {
                    handed_in: (expected - if short { expected.min(5000) } else { 0 }).to_string(),
                    note: short.then(|| "uang kembalian kurang".into()),
                };
                reconcile(db, ctx, courier, d.parse().unwrap(), input)
                    .await
                    .map(|_| ())
            }
        }
    }
}
