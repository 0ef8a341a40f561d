//! Shipped holiday data. Indonesia's 2026 national holidays and joint leave
//! days (cuti bersama, SKB 3 Menteri) live in `data/holidays-id-2026.csv`, not
//! in code, so a new year is a data change; the owner edits the copy in the
//! database from the settings screen.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Holiday {
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// `national`, `joint_leave` or `shop`.
    pub kind: String,
    pub name: String,
}

const INDONESIA_2026: &str = include_str!("../../../data/holidays-id-2026.csv");

pub fn indonesia_2026() -> Vec<Holiday> {
    parse_csv(INDONESIA_2026).expect("shipped holiday data is valid")
}

/// Parses `date,kind,name` lines (header first). Returns the first bad line number.
pub fn parse_csv(text: &str) -> Result<Vec<Holiday>, usize> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let mut parts = line.splitn(3, ',');
            let date = parts
                .next()
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
            let kind = parts.next().map(|k| k.trim().to_string());
            let name = parts.next().map(|n| n.trim().to_string());
            match (date, kind, name) {
                (Some(date), Some(kind), Some(name)) if !name.is_empty() => {
                    Ok(Holiday { date, kind, name })
                }
                _ => Err(i + 1),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_2026_list_is_complete_and_sorted() {
        let list = indonesia_2026();
        assert!(list.len() >= 20);
        assert!(list.windows(2).all(|w| w[0].date < w[1].date));
        assert!(list
            .iter()
            .any(|h| h.date == NaiveDate::from_ymd_opt(2026, 8, 17).unwrap()));
        assert!(list.iter().any(|h| h.kind == "joint_leave"));
    }

    #[test]
    fn bad_line_is_reported() {
        assert_eq!(parse_csv("date,kind,name\n2026-13-01,national,X\n"), Err(2));
    }
}
