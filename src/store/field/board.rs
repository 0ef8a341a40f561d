//! Reading visits: one, the week board (a week's visits per technician,
//! with their SLA states) and the requests still to book.

use crate::domain::field::sla::{self, SlaRules, SlaState};
use crate::error::{Error, Result};
use crate::store::field::visits::Visit;
use crate::store::{shop::calendar, ts, Db};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    i64,
    Option<String>,
    String,
);
const VISIT: &str = "SELECT id, number, customer_id, kind, problem, site_address, status, requested_at, due_at, technician_id, starts_at, ends_at, after_hours, surcharge, done_at, units FROM visits";

fn visit(
    r: Row,
    now: DateTime<Utc>,
    cal: &crate::domain::shop::calendar::WorkingCalendar,
    rules: &SlaRules,
) -> Result<Visit> {
    let due = crate::store::parse_ts(&r.8);
    let done = r.14.as_deref().map(crate::store::parse_ts);
    Ok(Visit {
        id: crate::store::parse_id("id", &r.0)?,
        number: r.1,
        customer_id: r.2,
        kind: r.3,
        problem: r.4,
        site_address: r.5,
        sla: if r.6 == "cancelled" {
            SlaState::OnTime
        } else {
            sla::state(due, done, now, rules, cal)
        },
        status: r.6,
        requested_at: r.7,
        due_at: r.8,
        technician_id: r.9,
        starts_at: r.10,
        ends_at: r.11,
        after_hours: r.12,
        surcharge: r.13,
        units: serde_json::from_str(&r.15).unwrap_or_default(),
        confirmation: None,
    })
}

/// Each booked visit's standing at the hub (see `Visit::confirmation`).
async fn confirm(db: &Db, visits: &mut [Visit]) -> Result<()> {
    let Some(open) = crate::store::sync::standing(db, "visits").await? else {
        return Ok(());
    };
    for v in visits.iter_mut().filter(|v| v.starts_at.is_some()) {
        v.confirmation = Some(
            open.get(&v.id.to_string())
                .cloned()
                .unwrap_or_else(|| "confirmed".into()),
        );
    }
    Ok(())
}

pub async fn get(db: &Db, now: DateTime<Utc>, id: Uuid) -> Result<Visit> {
    let cal = calendar::calendar(db).await?;
    let rules = crate::store::shop::settings::get(db).await?.visits.sla;
    let r: Row = sqlx::query_as(&format!("{VISIT} WHERE id = ?"))
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("visit"))?;
    let mut v = [visit(r, now, &cal, &rules)?];
    confirm(db, &mut v).await?;
    let [v] = v;
    Ok(v)
}

/// The week board: every booked visit on the `days` local days from `from`
/// (one that started the evening before included),
/// ordered by technician and time, with its SLA state at `now`.
pub async fn week(db: &Db, now: DateTime<Utc>, from: NaiveDate, days: u32) -> Result<Vec<Visit>> {
    let cal = calendar::calendar(db).await?;
    let rules = crate::store::shop::settings::get(db).await?.visits.sla;
    let midnight = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let start = cal
        .tz
        .from_local_datetime(&midnight)
        .earliest()
        .map_or(now, |t| t.with_timezone(&Utc));
    let end = start + Duration::days(i64::from(days.clamp(1, 31)));
    // One row of JSON instead of one row per visit: sqlx hands SQLite rows
    // over one at a time across threads, which cost more than the query.
    // Sorted here, not by SQLite: its sort of the wide rows took half the time.
    let json: String = sqlx::query_scalar(
        "SELECT COALESCE(json_group_array(json_array(id, number, customer_id, kind, problem, site_address, status, requested_at,
                due_at, technician_id, starts_at, ends_at, json(CASE WHEN after_hours THEN 'true' ELSE 'false' END), surcharge, done_at, units)), '[]')
         FROM visits WHERE starts_at >= ? AND starts_at < ? AND ends_at > ? AND status <> 'cancelled'",
    )
    // A visit lasts at most 12 hours: one that began the evening before
    // and runs past midnight is on the board too.
    .bind(ts(start - Duration::hours(12)))
    .bind(ts(end))
    .bind(ts(start))
    .fetch_one(&db.pool)
    .await?;
    let rows: Vec<Row> = serde_json::from_str(&json).map_err(|e| Error::Storage {
        message: format!("week board: {e}"),
    })?;
    let mut visits = rows
        .into_iter()
        .map(|r| visit(r, now, &cal, &rules))
        .collect::<Result<Vec<_>>>()?;
    visits.sort_unstable_by(|a, b| {
        (&a.technician_id, &a.starts_at, &a.number).cmp(&(
            &b.technician_id,
            &b.starts_at,
            &b.number,
        ))
    });
    confirm(db, &mut visits).await?;
    Ok(visits)
}

/// Requests not booked yet, the most urgent first.
pub async fn open_requests(db: &Db, now: DateTime<Utc>) -> Result<Vec<Visit>> {
    let cal = calendar::calendar(db).await?;
    let rules = crate::store::shop::settings::get(db).await?.visits.sla;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{VISIT} WHERE status = 'requested' ORDER BY due_at LIMIT 200"
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|r| visit(r, now, &cal, &rules))
        .collect()
}
