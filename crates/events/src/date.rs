//! A tiny proleptic-Gregorian civil date, stored as days since 1970-01-01.
//!
//! The conversions follow Howard Hinnant's `days_from_civil` / `civil_from_days`
//! algorithms (public domain), re-derived here.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day (no time, no zone). Ordered, hashable, cheap to copy.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

impl Date {
    /// Builds a date from year, month (1–12) and day (1–31); `None` if the day does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(-100_000..=100_000).contains(&year) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400; // [0, 399]
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date { days: era * 146_097 + doe - 719_468 })
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i32) -> Date {
        Date { days }
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i32 {
        self.days
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The first day of this date's month.
    pub fn month_start(self) -> Date {
        let (y, m, _) = self.ymd();
        Date::from_ymd(y, m, 1).unwrap_or(self)
    }

    /// `self + n` days.
    pub fn add_days(self, n: i32) -> Date {
        Date { days: self.days + n }
    }

    /// Whole days from `earlier` to `self` (negative if `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.days - earlier.days
    }

    /// Parses `YYYY-MM-DD`. Trailing time parts (`T…` or ` …`) are ignored, so
    /// `2024-01-16 00:00:00.000` (UCDP exports) also parses.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.trim().as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if b.len() > 10 && b[10] != b'T' && b[10] != b' ' {
            return None;
        }
        let y = digits(&b[0..4])?;
        let m = digits(&b[5..7])?;
        let d = digits(&b[8..10])?;
        Date::from_ymd(y as i32, m, d)
    }

    /// Parses GDELT's `YYYYMMDD` (SQLDATE).
    pub fn parse_yyyymmdd(b: &[u8]) -> Option<Date> {
        if b.len() != 8 {
            return None;
        }
        Date::from_ymd(digits(&b[0..4])? as i32, digits(&b[4..6])?, digits(&b[6..8])?)
    }

    /// Parses ACLED's long form `16 January 2024` (also `16-January-2024`, month
    /// names may be abbreviated to three letters), falling back to ISO.
    pub fn parse_flexible(s: &str) -> Option<Date> {
        if let Some(d) = Date::parse_iso(s) {
            return Some(d);
        }
        let parts: Vec<&str> = s
            .trim()
            .split([' ', '-', '/'])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() != 3 {
            return None;
        }
        let day: u32 = parts[0].parse().ok()?;
        let month = month_from_name(parts[1])?;
        let year: i32 = parts[2].parse().ok()?;
        Date::from_ymd(year, month, day)
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

fn month_from_name(s: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ];
    let l = s.to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|n| *n == l || (l.len() == 3 && n.starts_with(&l)))
        .map(|i| i as u32 + 1)
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in the month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse_iso(s).ok_or_else(|| format!("not an ISO date (YYYY-MM-DD): {s:?}"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_round_trip() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::from_ymd(2024, 1, 16).unwrap().days_since_epoch(), 19_738);
        for days in -800_000..800_000 {
            if days % 97 != 0 {
                continue;
            }
            let d = Date::from_days_since_epoch(days);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d));
        }
        assert!(Date::from_ymd(2023, 2, 29).is_none());
        assert!(Date::from_ymd(2024, 2, 29).is_some());
    }

    #[test]
    fn parsers() {
        let d = Date::from_ymd(2024, 1, 18).unwrap();
        assert_eq!(Date::parse_iso("2024-01-18"), Some(d));
        assert_eq!(Date::parse_iso("2024-01-18 00:00:00.000"), Some(d));
        assert_eq!(Date::parse_yyyymmdd(b"20240118"), Some(d));
        assert_eq!(Date::parse_flexible("18 January 2024"), Some(d));
        assert_eq!(Date::parse_flexible("18-Jan-2024"), Some(d));
        assert_eq!(Date::parse_iso("2024-13-01"), None);
        assert_eq!(d.to_string(), "2024-01-18");
    }
}
