//! Time expressions in a sentence, resolved against the article's date.

use events::Date;

use crate::text::{Kind, Token, number_value};

/// What a time expression says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum When {
    /// A day.
    Day(Date),
    /// The same day as the sentence's other day, or the previous one ("earlier in the day").
    SameDay,
    /// `n` days before (negative: after) the day of the surrounding episode ("two days after X" dates X).
    Shift(i32),
    /// A time that gives no day ("last week", "recently").
    Undated,
    /// A month or a year only ("in April 2019", "last year"): background, not news.
    Background,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct TimeExpr {
    /// Token index where the expression starts.
    pub tok: usize,
    pub when: When,
}

const MONTHS: [&str; 12] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
];
pub(crate) const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const SMALL: [&str; 11] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

fn month_of(w: &str) -> Option<u32> {
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        return Some(i as u32 + 1);
    }
    if matches!(w, "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec") {
        return MONTHS.iter().position(|m| m.starts_with(&w[..3])).map(|i| i as u32 + 1);
    }
    None
}

/// Monday = 0. 1970-01-01 was a Thursday.
fn weekday(d: Date) -> i32 {
    (d.days_since_epoch().rem_euclid(7) + 3) % 7
}

/// The time expressions of one sentence. `pub_date` resolves relative ones; without
/// it they are undated.
pub(crate) fn scan(lower: &str, toks: &[Token], pub_date: Option<Date>) -> Vec<TimeExpr> {
    let w = |i: usize| toks.get(i).map_or("", |t: &Token| &lower[t.start..t.end]);
    let num = |i: usize| toks.get(i).filter(|t| t.kind == Kind::Number).and_then(|t| number_value(&lower[t.start..t.end]));
    let year_at = |i: usize| num(i).filter(|y| (1900..=2100).contains(y)).map(|y| y as i32);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let word = w(i);
        let push = |out: &mut Vec<TimeExpr>, when| out.push(TimeExpr { tok: i, when });
        if let Some(m) = month_of(word) {
            // "June 19", "June 19, 2017", "19 June", "June 2019", "in June".
            let day_after = num(i + 1).filter(|d| (1..=31).contains(d));
            let day_before = if i > 0 { num(i - 1).filter(|d| (1..=31).contains(d)) } else { None };
            if word == "may" && day_after.is_none() && day_before.is_none() {
                i += 1;
                continue; // the verb
            }
            let (day, year) = match (day_after, day_before) {
                (Some(d), _) => {
                    let y = year_at(i + 2).or_else(|| if w(i + 2) == "," { year_at(i + 3) } else { None });
                    (Some(d), y)
                }
                (None, Some(d)) => (Some(d), year_at(i + 1)),
                _ => (None, year_at(i + 1)),
            };
            match day {
                Some(d) => {
                    let year = year.or_else(|| pub_date.map(|p| infer_year(p, m, d)));
                    match year.and_then(|y| Date::from_ymd(y, m, d)) {
                        Some(date) => push(&mut out, When::Day(date)),
                        None => push(&mut out, When::Undated),
                    }
                }
                None => push(&mut out, When::Background),
            }
            i += 1;
            continue;
        }
        if let Some(wd) = WEEKDAYS.iter().position(|d| *d == word) {
            let when = match pub_date {
                Some(p) => {
                    // "last Wednesday" in a Wednesday's paper is the week before.
                    let last = i >= 1 && w(i - 1) == "last";
                    let back = (weekday(p) - wd as i32).rem_euclid(7);
                    When::Day(p.add_days(-if back == 0 && last { 7 } else { back }))
                }
                None => When::Undated,
            };
            push(&mut out, when);
            i += 1;
            continue;
        }
        let rel = |n: i32| pub_date.map_or(When::Undated, |p| When::Day(p.add_days(-n)));
        let next = w(i + 1);
        let when = match (word, next) {
            ("yesterday", _) => Some(rel(1)),
            ("today" | "tonight", _) => Some(rel(0)),
            ("tomorrow", _) => Some(When::Background),
            ("this", "morning" | "evening" | "afternoon") => Some(rel(0)),
            ("last", "night" | "evening") => Some(rel(1)),
            ("last", "week") => Some(When::Undated),
            ("next", "week") => Some(When::Background),
            ("last" | "this" | "next", "month" | "year") => Some(When::Background),
            ("earlier" | "later", "in") if w(i + 2) == "the" && w(i + 3) == "day" => Some(When::SameDay),
            ("earlier", "today") => Some(rel(0)),
            ("the", "same") if w(i + 2) == "day" => Some(When::SameDay),
            ("the", "following" | "next") if w(i + 2) == "day" => Some(When::Shift(-1)),
            ("a" | "one", "day") if matches!(w(i + 2), "after" | "later") => Some(When::Shift(-1)),
            ("a" | "one", "day") if matches!(w(i + 2), "earlier" | "before") => Some(When::Shift(1)),
            // "the fiercest in recent years" compares; it does not date.
            ("recent", "years" | "months" | "weeks" | "decades" | "times" | "history" | "memory") => None,
            // "in the most recent clashes … on Thursday": the superlative does not date.
            ("recent", _) if i >= 1 && w(i - 1) == "most" => None,
            ("recent" | "recently", _) => Some(When::Undated),
            ("christmas", "day") => pub_date.map(|p| {
                let y = year_at(i + 3).or_else(|| year_at(i + 2)).unwrap_or_else(|| infer_year(p, 12, 25));
                Date::from_ymd(y, 12, 25).map_or(When::Undated, When::Day)
            }),
            ("since" | "in", _) if year_at(i + 1).is_some() && month_of(w(i + 2)).is_none() => Some(When::Background),
            // "the 2008 Mumbai attacks": an earlier year naming an episode.
            ("the", _) if year_at(i + 1).is_some_and(|y| pub_date.is_some_and(|p| y < p.year())) => Some(When::Background),
            _ => None,
        };
        if let Some(when) = when {
            push(&mut out, when);
            i += 1;
            continue;
        }
        // "two days after", "three days ago".
        let n = num(i).map(|v| v as i32).or_else(|| SMALL.iter().position(|s| *s == word).map(|v| v as i32));
        if let Some(n) = n
            && matches!(next, "days" | "day")
        {
            match w(i + 2) {
                "ago" => push(&mut out, rel(n)),
                "after" => push(&mut out, When::Shift(n)),
                "later" => push(&mut out, When::Shift(-n)),
                "before" | "earlier" => push(&mut out, When::Shift(-n)),
                _ => {}
            }
        }
        // "a month ago", "two years ago": background; "a week ago": no day.
        if (n.is_some() || matches!(word, "a" | "an" | "one")) && w(i + 2) == "ago" {
            match next {
                "month" | "months" | "year" | "years" => push(&mut out, When::Background),
                "week" | "weeks" => push(&mut out, When::Undated),
                _ => {}
            }
        }
        i += 1;
    }
    out
}

/// The year of "month day" written without one: the publication year, or the one
/// before when that would put the day far after publication.
fn infer_year(p: Date, m: u32, d: u32) -> i32 {
    let y = p.year();
    match Date::from_ymd(y, m, d) {
        Some(date) if date.days_since(p) > 200 => y - 1,
        _ => y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{lower_ascii, tokenize};

    fn scan_str(s: &str, p: Date) -> Vec<When> {
        let lower = lower_ascii(s);
        let mut toks = Vec::new();
        tokenize(&lower, 0, s.len(), &mut toks);
        scan(&lower, &toks, Some(p)).into_iter().map(|t| t.when).collect()
    }

    #[test]
    fn resolves_relative_and_explicit_days() {
        let p = Date::from_ymd(2024, 1, 23).unwrap(); // a Tuesday
        let d = |y, m, dd| When::Day(Date::from_ymd(y, m, dd).unwrap());
        assert_eq!(scan_str("On Monday they met", p), [d(2024, 1, 22)]);
        assert_eq!(scan_str("on Tuesday", p), [d(2024, 1, 23)]);
        assert_eq!(scan_str("last Tuesday, last Monday", p), [d(2024, 1, 16), d(2024, 1, 22)]);
        assert_eq!(scan_str("yesterday and June 19, 2017", p), [d(2024, 1, 22), d(2017, 6, 19)]);
        assert_eq!(scan_str("on 11 April", p), [d(2024, 4, 11)]);
        assert_eq!(scan_str("Dec 30", p), [d(2023, 12, 30)]);
        assert_eq!(scan_str("in June 2019 and last year", p), [When::Background, When::Background]);
        assert_eq!(scan_str("after the 2008 Mumbai attacks", p), [When::Background]);
        assert_eq!(scan_str("the fiercest fighting in recent years", p), []);
        assert_eq!(scan_str("only a month ago and two weeks ago", p), [When::Background, When::Undated]);
        assert_eq!(scan_str("last week, earlier in the day", p), [When::Undated, When::SameDay]);
        assert_eq!(scan_str("two days after the raid", p), [When::Shift(2)]);
        assert_eq!(scan_str("a day earlier", p), [When::Shift(1)]);
        // Christmas Day without a year, in early January, is the one just past.
        assert_eq!(scan_str("on Christmas Day", p), [d(2023, 12, 25)]);
        assert_eq!(scan_str("It may rain", p), []);
    }
}
