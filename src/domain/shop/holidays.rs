//! Shipped holiday data. Indonesia's 2026 national holidays and joint leave
//! days (cuti bersama, SKB 3 Menteri) live in `data/holidays-id-2026.csv`,
//! Turkey's 2026 public holidays with their half days (kind `half_day`: 28
//! October and the eves of Ramazan and Kurban Bayramı close at 13:00) in
//! `data/holidays-tr-2026.csv` (the religious days per Diyanet's calendar),
//! not in code, so a new year is a data change; the owner edits the copy in
//! the database from the settings screen.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Holiday {
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// `national`, `joint_leave`, `half_day` (closes at 13:00) or `shop`.
    pub kind: String,
    pub name: String,
}

const INDONESIA_2026: &str = include_str!("../../../data/holidays-id-2026.csv");

pub fn indonesia_2026() -> Vec<Holiday> {
    parse_csv(INDONESIA_2026).expect("shipped holiday data is valid")
}

const TURKEY_2026: &str = include_str!("../../../data/holidays-tr-2026.csv");

pub fn turkey_2026() -> Vec<Holiday> {
    parse_csv(TURKEY_2026).expect("shipped holiday data is valid")
}

/// A calendar's days off and early closings from a holiday list: a half
/// day closes at `HALF_DAY_CLOSE`, every other kind is a day off.
pub fn apply(cal: &mut super::calendar::WorkingCalendar, list: &[Holiday]) {
    let (h, m) = super::calendar::HALF_DAY_CLOSE;
    let close = chrono::NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
    for day in list {
        if day.kind == "half_day" {
            cal.early_close.insert(day.date, close);
        } else {
            cal.holidays.insert(day.date);
        }
    }
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
    use chrono::TimeZone;

    #[test]
    fn turkey_closes_early_on_its_half_days() {
        let list = turkey_2026();
        assert!(list.windows(2).all(|w| w[0].date < w[1].date));
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(list.iter().filter(|h| h.kind == "half_day").count(), 3);
        assert!(list
            .iter()
            .any(|h| h.name.starts_with("Atatürk'ü Anma, Gençlik")));
        let mut cal =
            super::super::calendar::WorkingCalendar::standard(chrono_tz::Europe::Istanbul, []);
        apply(&mut cal, &list);
        let ist = |m, day, h| {
            chrono_tz::Europe::Istanbul
                .with_ymd_and_hms(2026, m, day, h, 0, 0)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        // 28 October (Wednesday) is worked until 13:00, the 29th is off.
        assert_eq!(cal.closing(d(10, 28)), Some(ist(10, 28, 13)));
        assert!(cal.is_working_time(ist(10, 28, 12)));
        assert!(!cal.is_working_time(ist(10, 28, 14)));
        assert!(!cal.is_working_day(d(10, 29)));
        // Four working hours from 11:00 on the eve end at 10:30 on the 30th:
        // two before the early close, two after Friday's 08:30 opening.
        let four = cal.add_working_hours(ist(10, 28, 11), 4);
        assert_eq!(
            four,
            chrono_tz::Europe::Istanbul
                .with_ymd_and_hms(2026, 10, 30, 10, 30, 0)
                .unwrap()
                .with_timezone(&chrono::Utc)
        );
    }

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
