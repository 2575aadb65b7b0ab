//! Escaping and number/date formatting shared by the SVG charts and the HTML report.

use std::fmt::Write as _;

/// Escapes text for use in HTML or XML, both as element content and inside
/// single- or double-quoted attribute values.
///
/// `&`, `<`, `>`, `"` and `'` become character references. Control characters
/// that are not allowed in XML 1.0 (everything below U+0020 except tab, line
/// feed and carriage return) are dropped, so the output is always well-formed.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// Same as [`escape_html`]; named for use inside SVG documents.
pub fn escape_xml(text: &str) -> String {
    escape_html(text)
}

/// Formats a coordinate for SVG output: at most two decimals, no trailing
/// zeros, never `-0`. Non-finite values become `0` (callers filter them
/// earlier; this is only a guard so the XML stays valid).
pub(crate) fn coord(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Formats `value` with `decimals` fractional digits and a thin-space-free,
/// comma thousands separator (e.g. `12,500.5`). Non-finite values give `–`.
/// A dollar amount in billions as people write it: whole numbers without decimals
/// (`5`), others with up to two (`2.5`, `0.75`), never rounded to a whole dollar figure.
pub fn format_usd_bn(value: f64) -> String {
    let text = format_number(value, 2);
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
}

pub fn format_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let s = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int_part.chars().collect();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(*d);
    }
    let negative = value < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// Formats a probability in `[0, 1]` as a percentage for readers:
/// whole percents from 1% to 99%, one decimal below 1% and above 99%,
/// `<0.1%` / `>99.9%` at the extremes, and exact `0%` / `100%`.
/// Non-finite input gives `–`; values outside `[0, 1]` are clamped.
pub fn format_probability(p: f64) -> String {
    if !p.is_finite() {
        return "–".to_string();
    }
    let p = p.clamp(0.0, 1.0);
    let pct = p * 100.0;
    if p == 0.0 {
        "0%".to_string()
    } else if p == 1.0 {
        "100%".to_string()
    } else if pct < 0.1 {
        "<0.1%".to_string()
    } else if pct > 99.9 {
        ">99.9%".to_string()
    } else if !(1.0..=99.0).contains(&pct) {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.0}%")
    }
}

/// Formats a probability interval as `19–27%` (both ends via
/// [`format_probability`], the first without its percent sign when both have one).
pub fn format_interval(lower: f64, upper: f64) -> String {
    let lo = format_probability(lower);
    let hi = format_probability(upper);
    match lo.strip_suffix('%') {
        Some(l)
            if hi.ends_with('%') && !l.starts_with(['<', '>']) && !hi.starts_with(['<', '>']) =>
        {
            format!("{l}–{hi}")
        }
        _ => format!("{lo} – {hi}"),
    }
}

/// A calendar date (proleptic Gregorian), used to label day-indexed x axes.
///
/// Day `0` on a chart whose x labels are [`crate::XLabels::Dates`] is this date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Date {
    /// Builds a date; returns `None` if month or day are out of range.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let d = Date { year, month, day };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(d)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date plus `days` (may be negative).
    pub fn add_days(self, days: i64) -> Self {
        Self::from_days(self.to_days() + days)
    }

    /// Short label such as `3 Feb`.
    pub fn short_label(self) -> String {
        format!(
            "{} {}",
            self.day,
            MONTHS[(self.month.clamp(1, 12) - 1) as usize]
        )
    }
}

impl std::fmt::Display for Date {
    /// ISO 8601, e.g. `2025-02-03`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Rough width in pixels of `text` set in DejaVu Sans at `size` px. Used only for
/// layout (margins, legend wrapping), so it errs on the wide side.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    let mut em = 0.0;
    for c in text.chars() {
        em += match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.32,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
            'm' | 'w' | 'M' | 'W' | '%' | '—' => 0.95,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii_digit() => 0.64,
            _ => 0.62,
        };
    }
    em * size
}

/// Appends `s` to `out`; tiny helper to keep `write!` results out of the call sites.
pub(crate) fn push_fmt(out: &mut String, args: std::fmt::Arguments<'_>) {
    let _ = out.write_fmt(args);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape_html("plain text – ünïcode"), "plain text – ünïcode");
        assert_eq!(escape_html("a\u{0}b\u{1b}c\td\ne"), "abc\td\ne");
        assert_eq!(escape_html("&amp;"), "&amp;amp;");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn coordinates_are_compact() {
        assert_eq!(coord(1.0), "1");
        assert_eq!(coord(1.256), "1.26");
        assert_eq!(coord(-0.001), "0");
        assert_eq!(coord(f64::NAN), "0");
        assert_eq!(coord(12.5), "12.5");
    }

    #[test]
    fn numbers_get_grouping_and_minus_sign() {
        assert_eq!(format_number(12500.5, 1), "12,500.5");
        assert_eq!(format_number(-1234567.0, 0), "−1,234,567");
        assert_eq!(format_number(-0.0001, 2), "0.00");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(f64::NAN, 0), "–");
    }

    #[test]
    fn probabilities_read_naturally() {
        assert_eq!(format_probability(0.0), "0%");
        assert_eq!(format_probability(0.0004), "<0.1%");
        assert_eq!(format_probability(0.004), "0.4%");
        assert_eq!(format_probability(0.234), "23%");
        assert_eq!(format_probability(0.995), "99.5%");
        assert_eq!(format_probability(0.9999), ">99.9%");
        assert_eq!(format_probability(1.0), "100%");
        assert_eq!(format_probability(1.7), "100%");
        assert_eq!(format_probability(f64::NAN), "–");
        assert_eq!(format_interval(0.19, 0.27), "19–27%");
        assert_eq!(format_interval(0.0, 0.0004), "0% – <0.1%");
        assert_eq!(format_interval(0.0004, 0.01), "<0.1% – 1%");
    }

    #[test]
    fn dates_round_trip() {
        let d = Date::new(2024, 1, 17).unwrap();
        assert_eq!(d.to_days(), 19_739);
        assert_eq!(Date::from_days(19_739), d);
        assert_eq!(d.add_days(15).to_string(), "2024-02-01");
        assert_eq!(d.add_days(43).to_string(), "2024-02-29");
        assert_eq!(d.add_days(-17).to_string(), "2023-12-31");
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(d.short_label(), "17 Jan");
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        for n in [-800_000_i64, -1, 0, 59, 60, 365, 10_000, 800_000] {
            assert_eq!(Date::from_days(n).to_days(), n);
        }
    }
}
