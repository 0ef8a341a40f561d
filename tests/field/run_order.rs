//! A courier's run put in driving order: three pickups in three cities,
//! the third moved to the front, the route sheet following with the phones
//! as people dial them; the courier orders their own run only; a stop
//! already at the end stays.

use crate::common;

use common::*;
use konter::domain::staff::Role;
use konter::store::field::courier_jobs::{self, JobKind, NewJob};
use konter::store::field::run_order::move_stop;
use konter::store::repairs::tickets;
use konter::store::Ctx;
use konter::Error;

#[tokio::test]
async fn a_run_in_driving_order_and_its_route_sheet() {
    let s = shop().await;
    let budi = customer(&s, "Budi", "081234567890").await;
    let t = tickets::intake(&s.db, &s.ctx(0), intake_input(budi.id.to_string()))
        .await
        .unwrap();
    let andi = crate::field::courier_jobs::courier(&s, "andi").await;
    let rudi = crate::field::courier_jobs::courier(&s, "rudi").await;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut jobs = vec![];
    for (city, phone) in [
        ("Bekasi", "0812 1111 2222"),
        ("Depok", "0813 3333 4444"),
        ("Tangerang", "0857 5555 6666"),
    ] {
        let j = NewJob {
            kind: JobKind::Pickup,
            ticket_id: t.id.to_string(),
            address: format!("Jl. Melati 3, {city}"),
            city: city.into(),
            phone: phone.into(),
            courier_id: andi.staff_id.to_string(),
            planned_on: day.to_string(),
            collect_balance: false,
        };
        jobs.push(courier_jobs::create(&s.db, &s.ctx(1), j).await.unwrap());
    }
    let cities = |run: &[courier_jobs::Job]| run.iter().map(|j| j.city.clone()).collect::<Vec<_>>();
    let run = courier_jobs::run(&s.db, &andi, andi.staff_id, day)
        .await
        .unwrap();
    assert_eq!(cities(&run), ["Bekasi", "Depok", "Tangerang"]);
    assert_eq!(run[0].phone_dial, "0812-1111-2222");

    // The counter moves Tangerang up twice: it is driven first.
    move_stop(&s.db, &s.ctx(2), jobs[2].id, true).await.unwrap();
    let run = move_stop(&s.db, &s.ctx(3), jobs[2].id, true).await.unwrap();
    assert_eq!(cities(&run), ["Tangerang", "Bekasi", "Depok"]);
    let e = move_stop(&s.db, &s.ctx(4), jobs[2].id, true)
        .await
        .unwrap_err();
    assert_eq!(crate::common::sales::code(&e), "at_end");
    // The courier moves Bekasi down on their own run; not on another's.
    let run = move_stop(&s.db, &andi, jobs[0].id, false).await.unwrap();
    assert_eq!(cities(&run), ["Tangerang", "Depok", "Bekasi"]);
    assert!(matches!(
        move_stop(&s.db, &rudi, jobs[0].id, true).await,
        Err(Error::Forbidden { .. })
    ));
    let tech = Ctx {
        role: Role::Technician,
        ..s.ctx(5)
    };
    assert!(
        move_stop(&s.db, &tech, jobs[0].id, true).await.is_ok(),
        "whoever hands devices on may order a run"
    );
    assert!(matches!(
        move_stop(&s.db, &s.ctx(6), uuid::Uuid::now_v7(), true).await,
        Err(Error::NotFound { .. })
    ));

    // The route sheet follows, with the phones as people dial them.
    let pdf = konter::docs::field::render_route_sheet(&s.db, &andi, andi.staff_id, day)
        .await
        .unwrap();
    let text = pdf_text(&s, "rute", &pdf);
    let at = |w: &str| text.find(w).unwrap_or_else(|| panic!("{w} in {text}"));
    assert!(at("Tangerang") < at("Bekasi"), "{text}");
    assert!(text.contains("0857-5555-6666"), "{text}");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE op = 'reorder'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 4);
}
