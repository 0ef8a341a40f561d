//! Reading the audit trail: the owner's viewer with filters (staff, local
//! dates, kind) and its CSV export. Read-only; writing is `audit::append`.

use crate::domain::csv;
use crate::domain::staff::permissions::Action;
use crate::error::{check, Error, Result};
use crate::store::{shop, Ctx, Db};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, QueryBuilder, Sqlite};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct AuditQuery {
    pub staff_id: Option<String>,
    /// First and last local day (YYYY-MM-DD, the shop's zone), inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The entity kind: ticket, staff, settings, shop …
    pub entity: Option<String>,
    /// Paging: only entries older than this sequence number.
    #[ts(type = "number | null")]
    pub before_seq: Option<i64>,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS, FromRow)]
pub struct AuditRow {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub staff_name: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub op: String,
    pub before: Option<String>,
    pub detail: String,
}

fn day(field: &str, v: Option<&str>) -> Result<Option<NaiveDate>> {
    match check::optional(field, v, 10)? {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Error::validation(field, "invalid_date", "use YYYY-MM-DD")),
    }
}

async fn query(db: &Db, q: &AuditQuery, limit: u32) -> Result<Vec<AuditRow>> {
    let tz = shop::profile(db).await?.tz();
    let from = day("from", q.from.as_deref())?;
    let to = day("to", q.to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(Error::validation(
                "to",
                "before_start",
                "ends before it starts",
            ));
        }
    }
    // Local midnight in the shop's zone, as the UTC text stored in `at`.
    let instant = |d: NaiveDate| {
        let local = tz
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        crate::store::ts(local)
    };
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT a.seq, a.at, s.name AS staff_name, a.entity, a.entity_id, a.op, a.before, a.detail FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id WHERE 1 = 1",
    );
    if let Some(staff) = check::optional("staff_id", q.staff_id.as_deref(), 36)? {
        let id = crate::store::parse_id("staff_id", &staff)?;
        sql.push(" AND a.staff_id = ").push_bind(id.to_string());
    }
    if let Some(entity) = check::optional("entity", q.entity.as_deref(), 40)? {
        sql.push(" AND a.entity = ").push_bind(entity);
    }
    if let Some(f) = from {
        sql.push(" AND a.at >= ").push_bind(instant(f));
    }
    if let Some(t) = to {
        sql.push(" AND a.at < ")
            .push_bind(instant(t + chrono::Days::new(1)));
    }
    if let Some(seq) = q.before_seq {
        sql.push(" AND a.seq < ").push_bind(seq);
    }
    sql.push(" ORDER BY a.seq DESC LIMIT ")
        .push_bind(limit as i64);
    Ok(sql.build_query_as().fetch_all(&db.pool).await?)
}

/// One page of the viewer, newest first (at most 500 entries).
pub async fn list(db: &Db, ctx: &Ctx, q: &AuditQuery) -> Result<Vec<AuditRow>> {
    ctx.require(Action::ViewAudit)?;
    query(db, q, q.limit.unwrap_or(100).clamp(1, 500)).await
}

/// Every entry the filters match, oldest first, as CSV for a spreadsheet.
pub async fn export_csv(db: &Db, ctx: &Ctx, q: &AuditQuery) -> Result<String> {
    ctx.require(Action::ViewAudit)?;
    let mut rows = query(
        db,
        &AuditQuery {
            before_seq: None,
            ..q.clone()
        },
        u32::MAX,
    )
    .await?;
    rows.reverse();
    let mut out = csv::row(&[
        "seq",
        "at_utc",
        "staff",
        "entity",
        "entity_id",
        "op",
        "before",
        "after",
    ]);
    for r in rows {
        out.push_str(&csv::row(&[
            &r.seq.to_string(),
            &r.at,
            r.staff_name.as_deref().unwrap_or(""),
            &r.entity,
            &r.entity_id,
            &r.op,
            r.before.as_deref().unwrap_or(""),
            &r.detail,
        ]));
    }
    Ok(out)
}

/// The kinds present, for the viewer's filter.
pub async fn entities(db: &Db, ctx: &Ctx) -> Result<Vec<String>> {
    ctx.require(Action::ViewAudit)?;
    Ok(
        sqlx::query_scalar("SELECT DISTINCT entity FROM audit_log ORDER BY entity")
            .fetch_all(&db.pool)
            .await?,
    )
}
