//! The owner's reports over a chosen range of local days: money in by day
//! and method, sales with their margin, repair turnaround, open repairs by
//! age, technicians' work, warranty claims with their rate, and the
//! busiest hours. Each is a [`Report`] table the screen charts and the
//! exports write. Read-only; the owner's and admins' (`view_reports`).
//! Money counts as the day report counts it: a transfer on the day it was
//! verified, voided payments never.

mod money;
mod repairs;
mod sales;

use crate::domain::reports::{self, Report, ReportKind};
use crate::domain::shop::calendar::WorkingCalendar;
use crate::domain::staff::permissions::Action;
use crate::error::{Error, Result};
use crate::store::{shop, ts, Ctx, Db};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReportQuery {
    pub kind: ReportKind,
    /// First and last local day, YYYY-MM-DD.
    pub from: String,
    pub to: String,
    /// sales: category | brand | product; turnaround: device | technician.
    #[serde(default)]
    pub group: Option<String>,
}

/// The UTC bounds of a range of local days, and the calendar.
pub(crate) struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub start: String,
    pub end: String,
    pub cal: WorkingCalendar,
}

impl Span {
    pub fn local_day(&self, at: &str) -> NaiveDate {
        self.cal.local_date(crate::store::parse_ts(at))
    }
    pub fn local(&self, at: &str) -> DateTime<chrono_tz::Tz> {
        crate::store::parse_ts(at).with_timezone(&self.cal.tz)
    }
}

pub async fn report(db: &Db, ctx: &Ctx, q: &ReportQuery) -> Result<Report> {
    ctx.require(Action::ViewReports)?;
    let (from, to) = reports::range(&q.from, &q.to)?;
    let cal = shop::calendar::calendar(db).await?;
    let span = Span {
        from,
        to,
        start: ts(cal.start_of(from)),
        end: ts(cal.start_of(to + Duration::days(1))),
        cal,
    };
    let group = |allowed: &[&str]| -> Result<String> {
        match q.group.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
            None => Ok(allowed[0].to_string()),
            Some(g) if allowed.contains(&g) => Ok(g.to_string()),
            Some(_) => Err(Error::validation(
                "group",
                "unknown_group",
                allowed.join(" | "),
            )),
        }
    };
    let cur = shop::profile(db).await?.currency;
    let mut r = match q.kind {
        ReportKind::MoneyIn => money::money_in(db, &span, cur).await?,
        ReportKind::BusyHours => money::busy_hours(db, &span).await?,
        ReportKind::Sales => {
            sales::sales(db, &span, cur, &group(&["category", "brand", "product"])?).await?
        }
        ReportKind::WarrantyClaims => sales::warranty_claims(db, &span).await?,
        ReportKind::Turnaround => {
            repairs::turnaround(db, &span, &group(&["device", "technician"])?).await?
        }
        ReportKind::OpenTickets => repairs::open_tickets(db, ctx.now).await?,
        ReportKind::Technicians => repairs::technicians(db, &span).await?,
    };
    r.kind = q.kind;
    r.from = from.to_string();
    r.to = to.to_string();
    Ok(r)
}

/// An empty report of `kind` with its columns and chart, for the parts to fill.
pub(crate) fn empty(
    kind: ReportKind,
    group: &str,
    columns: &[(&str, reports::ColumnKind)],
    style: &str,
    series: &[&str],
) -> Report {
    Report {
        kind,
        from: String::new(),
        to: String::new(),
        group: group.to_string(),
        columns: reports::columns(columns),
        rows: vec![],
        total: None,
        chart: reports::ChartSpec {
            style: style.to_string(),
            series: series.iter().map(|s| s.to_string()).collect(),
        },
    }
}

/// The current time, for reports of the state now (open repairs by age).
pub(crate) fn days_between(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (b - a).num_days()
}
