//! The owner's reports as rules: which days a report covers, percentiles
//! of durations, the age buckets of open repairs, a line's amount without
//! its tax (for the margin), and a report's one table shape that the
//! screen charts and the exports (CSV, XLSX, PDF) write. Nothing here
//! reads a database.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Money in by day and by method.
    MoneyIn,
    /// Sales by category, brand or product, with the margin where the cost is known.
    Sales,
    /// Repair turnaround (intake → ready → picked up) by device type or technician.
    Turnaround,
    /// Open repairs by age.
    OpenTickets,
    /// Technicians' completed work.
    Technicians,
    /// Warranty claims by brand and product, with the claim rate.
    WarrantyClaims,
    /// Payments and intakes by hour of the day.
    BusyHours,
}

impl ReportKind {
    pub const ALL: [ReportKind; 7] = [
        ReportKind::MoneyIn,
        ReportKind::Sales,
        ReportKind::Turnaround,
        ReportKind::OpenTickets,
        ReportKind::Technicians,
        ReportKind::WarrantyClaims,
        ReportKind::BusyHours,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::MoneyIn => "money_in",
            ReportKind::Sales => "sales",
            ReportKind::Turnaround => "turnaround",
            ReportKind::OpenTickets => "open_tickets",
            ReportKind::Technicians => "technicians",
            ReportKind::WarrantyClaims => "warranty_claims",
            ReportKind::BusyHours => "busy_hours",
        }
    }
}

/// How a column's cells read: text, an amount, a count, a percentage, days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Text,
    Money,
    Count,
    Percent,
    Days,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Column {
    /// The message key's tail (`report.col.<key>`) and the export's header.
    pub key: String,
    pub kind: ColumnKind,
}

/// One series of the chart: a column drawn over the rows' first column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChartSpec {
    /// bar | stacked | line
    pub style: String,
    /// The columns drawn (by key), in order.
    pub series: Vec<String>,
}

/// A report: its columns and rows (cells as text: amounts as decimals,
/// counts as integers, percentages and days with their decimals; empty =
/// not known), an optional total row, and what the chart draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Report {
    pub kind: ReportKind,
    pub from: String,
    pub to: String,
    pub group: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
    pub chart: ChartSpec,
}

impl Report {
    /// The column's index by key.
    pub fn col(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }
}

pub fn columns(spec: &[(&str, ColumnKind)]) -> Vec<Column> {
    spec.iter()
        .map(|(k, kind)| Column {
            key: k.to_string(),
            kind: *kind,
        })
        .collect()
}

/// The days a report covers: `from` to `to` (both included, YYYY-MM-DD),
/// at most 366 days, `to` not before `from`.
pub fn range(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    let day = |field: &str, v: &str| {
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map_err(|_| Error::validation(field, "invalid_date", "use YYYY-MM-DD"))
    };
    let (f, t) = (day("from", from)?, day("to", to)?);
    if t < f {
        return Err(Error::validation(
            "to",
            "before_start",
            "the end is before the start",
        ));
    }
    if (t - f).num_days() > 365 {
        return Err(Error::validation(
            "to",
            "range_too_long",
            "at most a year at once",
        ));
    }
    Ok((f, t))
}

/// The nearest-rank percentile `p` (0–100) of `values` (sorted here);
/// None when there are none.
pub fn percentile(values: &mut [i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = ((p.min(100) as f64 / 100.0) * values.len() as f64).ceil() as usize;
    Some(values[rank.clamp(1, values.len()) - 1])
}

/// Minutes as days with one decimal ("1.5"), for the turnaround tables.
pub fn days(minutes: i64) -> String {
    format!(
        "{:.1}",
        (Decimal::from(minutes) / Decimal::from(1440)).round_dp(1)
    )
}

/// The age buckets of open repairs, in days since intake.
pub const AGE_BUCKETS: [&str; 5] = ["0-2", "3-7", "8-14", "15-30", "31+"];

pub fn age_bucket(days: i64) -> &'static str {
    match days {
        i64::MIN..=2 => AGE_BUCKETS[0],
        3..=7 => AGE_BUCKETS[1],
        8..=14 => AGE_BUCKETS[2],
        15..=30 => AGE_BUCKETS[3],
        _ => AGE_BUCKETS[4],
    }
}

/// A line's amount without its tax: prices that include PPN at `rate` are
/// divided by (1 + rate); exempt goods and prices before tax stand.
pub fn net_of_tax(amount: Decimal, rate: Decimal, inclusive: bool, exempt: bool) -> Decimal {
    if inclusive && !exempt {
        amount / (Decimal::ONE + rate)
    } else {
        amount
    }
}

/// `part` of `whole` as a percentage with one decimal; empty when `whole` is 0.
pub fn percent(part: Decimal, whole: Decimal) -> String {
    if whole.is_zero() {
        String::new()
    } else {
        format!("{:.1}", (part * Decimal::from(100) / whole).round_dp(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn ranges_are_checked() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            range("2026-11-01", "2026-11-30").unwrap(),
            (d("2026-11-01"), d("2026-11-30"))
        );
        assert_eq!(
            range("2026-11-01", "2026-11-01").unwrap().0,
            d("2026-11-01")
        );
        let field = |r: Result<(NaiveDate, NaiveDate)>| match r {
            Err(Error::Validation { field, code, .. }) => format!("{field}:{code}"),
            other => format!("{other:?}"),
        };
        assert_eq!(field(range("", "2026-11-01")), "from:invalid_date");
        assert_eq!(field(range("2026-11-01", "30-11-2026")), "to:invalid_date");
        assert_eq!(field(range("2026-11-02", "2026-11-01")), "to:before_start");
        assert_eq!(
            field(range("2025-01-01", "2026-01-02")),
            "to:range_too_long"
        );
        assert!(range("2025-01-01", "2026-01-01").is_ok(), "365 days apart");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&mut [], 50), None);
        assert_eq!(percentile(&mut [7], 90), Some(7));
        let mut v = [5, 1, 4, 2, 3];
        assert_eq!(percentile(&mut v, 50), Some(3));
        assert_eq!(percentile(&mut v, 90), Some(5));
        let mut ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&mut ten, 50), Some(5));
        assert_eq!(percentile(&mut ten, 90), Some(9));
        assert_eq!(percentile(&mut ten, 100), Some(10));
        assert_eq!(percentile(&mut ten, 0), Some(1));
    }

    #[test]
    fn ages_days_and_taxes() {
        let table = [
            (0, "0-2"),
            (2, "0-2"),
            (3, "3-7"),
            (7, "3-7"),
            (8, "8-14"),
            (14, "8-14"),
            (15, "15-30"),
            (30, "15-30"),
            (31, "31+"),
            (400, "31+"),
        ];
        for (d, b) in table {
            assert_eq!(age_bucket(d), b, "{d}");
        }
        assert_eq!(days(2160), "1.5");
        assert_eq!(days(0), "0.0");
        assert_eq!(days(1440), "1.0");
        assert_eq!(
            net_of_tax(dec!(111000), dec!(0.11), true, false),
            dec!(100000)
        );
        assert_eq!(
            net_of_tax(dec!(111000), dec!(0.11), true, true),
            dec!(111000)
        );
        assert_eq!(
            net_of_tax(dec!(100000), dec!(0.11), false, false),
            dec!(100000)
        );
        assert_eq!(percent(dec!(1), dec!(3)), "33.3");
        assert_eq!(percent(dec!(2), dec!(5)), "40.0");
        assert_eq!(percent(dec!(1), dec!(0)), "");
    }
}
