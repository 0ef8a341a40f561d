//! A shop set up in Türkiye (issue 18) on a real database: the defaults the
//! country fills (Istanbul, TRY, KDV 20 % in the prices, Monday to
//! Saturday), Turkey's 2026 holidays with the half days closing at 13:00,
//! and the shop's tax id checked as a VKN; Indonesia stays as it was.

use crate::common::*;
use chrono::{NaiveDate, TimeZone, Utc};
use konter::domain::money::Currency;
use konter::domain::shop::ShopProfile;
use konter::store::shop::{self, calendar, SetupInput};

fn setup(profile: ShopProfile) -> SetupInput {
    SetupInput {
        profile,
        owner_name: "Ayşe Yılmaz".into(),
        owner_username: "ayse".into(),
        owner_password: "gizli-sifre-1".into(),
    }
}

fn turkish(npwp: Option<&str>) -> ShopProfile {
    ShopProfile {
        name: "Kadıköy Teknik Servis".into(),
        address: "Caferağa Mah. Moda Cad. 12, Kadıköy/İstanbul".into(),
        phone: "+90 216 345 67 89".into(),
        npwp: npwp.map(str::to_string),
        ..ShopProfile::turkish_defaults()
    }
}

#[tokio::test]
async fn a_turkish_shop_gets_its_countrys_rules() {
    // A VKN whose check digit does not hold is refused at its field.
    let (_dir, db) = open().await;
    let e = shop::setup(&db, setup(turkish(Some("4540536921"))), monday_10_wib())
        .await
        .unwrap_err();
    assert_eq!(
        (e.field(), e.code()),
        (Some("npwp"), Some("tax_id_checksum"))
    );
    assert!(!shop::is_setup(&db).await.unwrap(), "nothing written");

    shop::setup(&db, setup(turkish(Some("454 053 6920"))), monday_10_wib())
        .await
        .unwrap();
    let p = shop::profile(&db).await.unwrap();
    assert_eq!(p.currency, Currency::TRY);
    assert_eq!(p.tax_rate.to_string(), "0.20");
    assert!(p.prices_include_tax);
    assert_eq!(p.npwp.as_deref(), Some("4540536920"));
    let cal = calendar::calendar(&db).await.unwrap();
    let ist = |m, d, h| {
        chrono_tz::Europe::Istanbul
            .with_ymd_and_hms(2026, m, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    // Saturday is a working day; Republic Day is off, its eve closes at 13:00.
    assert!(cal.is_working_day(day(10, 31)));
    assert!(!cal.is_working_day(day(10, 29)));
    assert_eq!(cal.closing(day(10, 28)), Some(ist(10, 28, 13)));
    assert_eq!(cal.closing(day(10, 27)), Some(ist(10, 27, 19)));
    assert!(!cal.is_working_day(day(5, 27)), "Kurban Bayramı");

    // Indonesia as it was: Jakarta, IDR, PPN 11 %, 17 August off, Saturday off.
    let s = self::shop().await;
    let p = shop::profile(&s.db).await.unwrap();
    assert_eq!(
        (p.currency, p.tax_rate.to_string()),
        (Currency::IDR, "0.11".into())
    );
    let cal = calendar::calendar(&s.db).await.unwrap();
    assert!(!cal.is_working_day(day(8, 17)) && !cal.is_working_day(day(10, 31)));
    assert!(cal.is_working_day(day(10, 28)));
}

/// A warranty repair at a Turkish shop shows Law 6502's clock on the
/// board: the 20th working day from its intake on Turkey's calendar and
/// the working days left; an ordinary repair and an Indonesian shop's
/// warranty repair show none.
#[tokio::test]
async fn the_board_shows_a_warranty_repairs_legal_deadline() {
    use konter::domain::tr::law6502::{repair_clock, LOAN_AFTER_WORKING_DAYS};
    use konter::store::repairs::board::{board, BoardQuery};
    use konter::store::repairs::tickets;
    let (dir, db) = open().await;
    let owner = shop::setup(&db, setup(turkish(None)), monday_10_wib())
        .await
        .unwrap();
    let s = TestShop { dir, db, owner };
    let ayse = customer(&s, "Ayşe Yılmaz", "+90 532 123 45 67").await;
    let claim = tickets::intake(&s.db, &s.ctx(0), intake_input(ayse.id.to_string()))
        .await
        .unwrap();
    let plain = tickets::intake(&s.db, &s.ctx(5), intake_input(ayse.id.to_string()))
        .await
        .unwrap();
    // Fixture: the first ticket is a warranty claim (as `file_claim` marks it).
    sqlx::query("UPDATE tickets SET claim_kind = 'warranty' WHERE id = ?")
        .bind(claim.id.to_string())
        .execute(&s.db.pool)
        .await
        .unwrap();
    let rows = board(&s.db, &BoardQuery::default()).await.unwrap();
    let row = |id| rows.iter().find(|r| r.id == id).unwrap();
    let cal = calendar::calendar(&s.db).await.unwrap();
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Istanbul)
        .date_naive();
    let want = repair_clock(
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        today,
        LOAN_AFTER_WORKING_DAYS,
        &cal.holidays,
    );
    let legal = row(claim.id)
        .legal
        .clone()
        .expect("a warranty repair's clock");
    assert_eq!(legal, want);
    // Monday 23 November + 20 working days (Sundays skipped): 16 December.
    assert_eq!(
        legal.deadline,
        NaiveDate::from_ymd_opt(2026, 12, 16).unwrap()
    );
    assert!(row(plain.id).legal.is_none(), "not under warranty");

    let indo = self::shop().await;
    let budi = customer(&indo, "Budi Santoso", "0812-3456-7890").await;
    let t = tickets::intake(&indo.db, &indo.ctx(0), intake_input(budi.id.to_string()))
        .await
        .unwrap();
    sqlx::query("UPDATE tickets SET claim_kind = 'warranty' WHERE id = ?")
        .bind(t.id.to_string())
        .execute(&indo.db.pool)
        .await
        .unwrap();
    let rows = board(&indo.db, &BoardQuery::default()).await.unwrap();
    assert!(
        rows.iter().all(|r| r.legal.is_none()),
        "Indonesia as it was"
    );
}
