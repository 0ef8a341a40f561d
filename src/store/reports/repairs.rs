//! Repairs: turnaround from intake to ready to picked up (median and p90
//! by device type or technician, of the repairs taken in during the span),
//! the repairs open now by age, and each technician's completed work in
//! the span (repairs made ready, visits done).

use super::{days_between, empty, Span};
use crate::domain::reports::{
    age_bucket, days, percentile, ColumnKind::*, Report, ReportKind, AGE_BUCKETS,
};
use crate::error::Result;
use crate::store::{parse_ts, Db};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// (group, created_at, first ready, first picked up) of the span's intakes.
type Timing = (String, String, Option<String>, Option<String>);

pub(super) async fn turnaround(db: &Db, span: &Span, group: &str) -> Result<Report> {
    let mut r = empty(
        ReportKind::Turnaround,
        group,
        &[
            ("name", Text),
            ("tickets", Count),
            ("ready_median", Days),
            ("ready_p90", Days),
            ("pickup_median", Days),
            ("pickup_p90", Days),
            ("total_median", Days),
        ],
        "bar",
        &["ready_median", "ready_p90"],
    );
    let key = if group == "technician" {
        "COALESCE((SELECT s.name FROM staff s WHERE s.id = t.technician_id), '—')"
    } else {
        "t.device_category"
    };
    let rows: Vec<Timing> = sqlx::query_as(&format!(
        "SELECT {key}, t.created_at,
            (SELECT MIN(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.to_status = 'ready_for_pickup'),
            (SELECT MIN(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.to_status = 'picked_up')
         FROM tickets t WHERE t.created_at >= ?1 AND t.created_at < ?2"
    ))
    .bind(&span.start)
    .bind(&span.end)
    .fetch_all(&db.pool)
    .await?;
    let minutes = |a: &str, b: &str| (parse_ts(b) - parse_ts(a)).num_minutes().max(0);
    // Per group: tickets, [intake→ready], [ready→pickup], [intake→pickup].
    let mut groups: BTreeMap<String, (i64, [Vec<i64>; 3])> = BTreeMap::new();
    let mut all: (i64, [Vec<i64>; 3]) = (0, Default::default());
    for (name, created, ready, picked) in rows {
        let g = groups.entry(name).or_default();
        let mut add = |i: usize, v: i64| {
            g.1[i].push(v);
            all.1[i].push(v);
        };
        if let Some(ready) = &ready {
            add(0, minutes(&created, ready));
            if let Some(p) = &picked {
                add(1, minutes(ready, p));
            }
        }
        if let Some(p) = &picked {
            add(2, minutes(&created, p));
        }
        g.0 += 1;
        all.0 += 1;
    }
    let row = |name: String, (n, mut d): (i64, [Vec<i64>; 3])| {
        let mut cell = |i: usize, p: u32| percentile(&mut d[i], p).map(days).unwrap_or_default();
        vec![
            name,
            n.to_string(),
            cell(0, 50),
            cell(0, 90),
            cell(1, 50),
            cell(1, 90),
            cell(2, 50),
        ]
    };
    for (name, g) in groups {
        r.rows.push(row(name, g));
    }
    r.total = Some(row(String::new(), all));
    Ok(r)
}

pub(super) async fn open_tickets(db: &Db, now: DateTime<Utc>) -> Result<Report> {
    let mut r = empty(
        ReportKind::OpenTickets,
        "age",
        &[
            ("age", Text),
            ("in_work", Count),
            ("waiting", Count),
            ("ready", Count),
        ],
        "stacked",
        &["in_work", "waiting", "ready"],
    );
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT created_at, status FROM tickets WHERE status NOT IN ('picked_up', 'cancelled', 'returned_unrepaired')",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut buckets = [[0i64; 3]; 5];
    for (created, status) in rows {
        let b = age_bucket(days_between(parse_ts(&created), now));
        let i = AGE_BUCKETS.iter().position(|x| *x == b).unwrap_or(4);
        let col = match status.as_str() {
            "ready_for_pickup" => 2,
            // Waiting on the customer's decision or on parts.
            "awaiting_approval" | "waiting_for_parts" => 1,
            _ => 0,
        };
        buckets[i][col] += 1;
    }
    for (b, counts) in AGE_BUCKETS.iter().zip(buckets) {
        let mut row = vec![b.to_string()];
        row.extend(counts.iter().map(|c| c.to_string()));
        r.rows.push(row);
    }
    let sum = |i: usize| buckets.iter().map(|b| b[i]).sum::<i64>().to_string();
    r.total = Some(vec![String::new(), sum(0), sum(1), sum(2)]);
    Ok(r)
}

pub(super) async fn technicians(db: &Db, span: &Span) -> Result<Report> {
    let mut r = empty(
        ReportKind::Technicians,
        "technician",
        &[
            ("name", Text),
            ("repairs", Count),
            ("visits", Count),
            ("ready_median", Days),
        ],
        "bar",
        &["repairs", "visits"],
    );
    // A repair counts for its technician (else who made it ready) on the
    // day it first became ready for pickup.
    let repairs: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT COALESCE(ts.name, es.name), t.created_at, e.at FROM tickets t
         JOIN ticket_events e ON e.ticket_id = t.id AND e.to_status = 'ready_for_pickup'
           AND e.at = (SELECT MIN(x.at) FROM ticket_events x WHERE x.ticket_id = t.id AND x.to_status = 'ready_for_pickup')
         JOIN staff es ON es.id = e.staff_id LEFT JOIN staff ts ON ts.id = t.technician_id
         WHERE e.at >= ?1 AND e.at < ?2",
    )
    .bind(&span.start)
    .bind(&span.end)
    .fetch_all(&db.pool)
    .await?;
    let visits: Vec<(String, i64)> = sqlx::query_as(
        "SELECT s.name, COUNT(*) FROM visits v JOIN staff s ON s.id = v.technician_id
         WHERE v.status = 'done' AND v.done_at >= ?1 AND v.done_at < ?2 GROUP BY s.name",
    )
    .bind(&span.start)
    .bind(&span.end)
    .fetch_all(&db.pool)
    .await?;
    let mut by: BTreeMap<String, (Vec<i64>, i64)> = BTreeMap::new();
    for (name, created, ready) in repairs {
        let m = (parse_ts(&ready) - parse_ts(&created)).num_minutes().max(0);
        by.entry(name).or_default().0.push(m);
    }
    for (name, n) in visits {
        by.entry(name).or_default().1 += n;
    }
    let (mut repairs_total, mut visits_total) = (0, 0);
    for (name, (mut times, visits)) in by {
        repairs_total += times.len();
        visits_total += visits;
        r.rows.push(vec![
            name,
            times.len().to_string(),
            visits.to_string(),
            percentile(&mut times, 50).map(days).unwrap_or_default(),
        ]);
    }
    r.total = Some(vec![
        String::new(),
        repairs_total.to_string(),
        visits_total.to_string(),
        String::new(),
    ]);
    Ok(r)
}
