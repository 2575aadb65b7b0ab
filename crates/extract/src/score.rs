//! Scoring extracted events against hand labels: precision, recall and F1 of events
//! matched on type, actor and target, and the accuracy of date, place and fatalities
//! on the matches. Works on the text of the files (native column names), so labels
//! of several scenarios can be scored at once.

use std::collections::BTreeMap;

use crate::error::ExtractError;

/// One row of a labelled or extracted file, as strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub date: String,
    pub actor: String,
    pub target: String,
    pub event_type: String,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub fatalities: String,
    pub note: String,
    /// The articles (file stems) an extracted row was read from; empty for labels.
    pub files: Vec<String>,
}

/// Types whose actor and target are matched in either order.
pub const SYMMETRIC_TYPES: [&str; 3] = ["call", "agreement", "security_cooperation"];

/// Parses a CSV table with a header (RFC 4180 quoting) into rows of named fields.
pub fn parse_rows(text: &str, origin: &str) -> Result<Vec<Row>, ExtractError> {
    let records = parse_csv(text, origin)?;
    let Some((header, body)) = records.split_first() else {
        return Err(ExtractError::Table { origin: origin.into(), line: 1, reason: "empty file: expected a header row".into() });
    };
    let col = |name: &str| header.1.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name);
    for required in ["date", "actor", "target", "event_type"] {
        if col(required).is_none() {
            return Err(ExtractError::Table { origin: origin.into(), line: 1, reason: format!("no `{required}` column") });
        }
    }
    let get = |rec: &[String], name: &str| col(name).and_then(|i| rec.get(i)).cloned().unwrap_or_default();
    Ok(body
        .iter()
        .map(|(_, rec)| Row {
            date: get(rec, "date"),
            actor: get(rec, "actor"),
            target: get(rec, "target"),
            event_type: get(rec, "event_type"),
            country: get(rec, "country"),
            admin1: get(rec, "admin1"),
            admin2: get(rec, "admin2"),
            fatalities: get(rec, "fatalities_best"),
            note: get(rec, "note"),
            files: get(rec, "file").split(';').filter(|s| !s.is_empty()).map(stem).collect(),
        })
        .collect())
}

/// The file name without folders and extension (`corpus/texts/005.txt` → `005`).
pub fn stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.split('.').next().unwrap_or(name).to_string()
}

fn parse_csv(text: &str, origin: &str) -> Result<Vec<(usize, Vec<String>)>, ExtractError> {
    let mut out = Vec::new();
    let mut rec = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => rec.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                rec.push(std::mem::take(&mut field));
                if !(rec.len() == 1 && rec[0].is_empty()) {
                    out.push((start_line, std::mem::take(&mut rec)));
                }
                rec.clear();
                line += 1;
                start_line = line;
                any = false;
                continue;
            }
            _ => field.push(c),
        }
        any = true;
    }
    if quoted {
        return Err(ExtractError::Table { origin: origin.into(), line: start_line, reason: "unterminated quoted field".into() });
    }
    if any || !field.is_empty() || !rec.is_empty() {
        rec.push(field);
        out.push((start_line, rec));
    }
    Ok(out)
}

/// Counts and accuracies over a set of texts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    pub texts: usize,
    pub expected: usize,
    pub extracted: usize,
    pub matched: usize,
    /// Matches whose label has a date, and how many of those have the same date.
    pub dated: usize,
    pub date_exact: usize,
    /// Matches whose label has a place (country), and how many agree on country,
    /// province and district.
    pub placed: usize,
    pub place_exact: usize,
    /// Matches whose label has a toll, and how many have the same best figure.
    pub counted: usize,
    pub fatalities_exact: usize,
    /// Per text: (stem, expected, extracted, matched).
    pub per_text: Vec<(String, usize, usize, usize)>,
    /// Per event type: (expected, extracted, matched).
    pub per_type: BTreeMap<String, (usize, usize, usize)>,
    /// Missed labels and spurious extractions, for reading: (stem, description).
    pub misses: Vec<(String, String)>,
    pub spurious: Vec<(String, String)>,
    /// Matches that differ in date, place or toll, for reading: (stem, "label => extracted").
    pub mismatches: Vec<(String, String)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { f64::NAN } else { a as f64 / b as f64 }
}

/// Precision, recall and F1 of one event type's `matched` events among its `extracted`
/// and `expected` ones; F1 is 0 where either is undefined (nothing of that type).
fn type_scores(matched: usize, extracted: usize, expected: usize) -> (f64, f64, f64) {
    let (p, r) = (ratio(matched, extracted), ratio(matched, expected));
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.extracted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.expected)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn date_accuracy(&self) -> f64 {
        ratio(self.date_exact, self.dated)
    }
    pub fn place_accuracy(&self) -> f64 {
        ratio(self.place_exact, self.placed)
    }
    pub fn fatalities_accuracy(&self) -> f64 {
        ratio(self.fatalities_exact, self.counted)
    }

    /// A plain-text report.
    pub fn render_text(&self, verbose: bool) -> String {
        let pct = |x: f64| if x.is_nan() { "-".to_string() } else { format!("{:.1} %", 100.0 * x) };
        let mut s = format!(
            "texts {}  expected {}  extracted {}  matched {}\nprecision {:.3}  recall {:.3}  F1 {:.3}\ndate exact {} ({}/{})  place exact {} ({}/{})  fatalities exact {} ({}/{})\n",
            self.texts, self.expected, self.extracted, self.matched, self.precision(), self.recall(), self.f1(),
            pct(self.date_accuracy()), self.date_exact, self.dated, pct(self.place_accuracy()), self.place_exact, self.placed,
            pct(self.fatalities_accuracy()), self.fatalities_exact, self.counted,
        );
        if !self.per_type.is_empty() {
            s.push_str("by type (expected / extracted / matched, precision, recall, F1):\n");
            for (t, &(e, x, m)) in &self.per_type {
                let (p, r, f1) = type_scores(m, x, e);
                let num = |v: f64| if v.is_nan() { "-".to_string() } else { format!("{v:.3}") };
                s.push_str(&format!("  {t:<22} {e:>4} / {x:>4} / {m:>4}  {}  {}  {}\n", num(p), num(r), num(f1)));
            }
        }
        if verbose {
            for (f, d) in &self.misses {
                s.push_str(&format!("missed   {f}: {d}\n"));
            }
            for (f, d) in &self.spurious {
                s.push_str(&format!("spurious {f}: {d}\n"));
            }
            for (f, d) in &self.mismatches {
                s.push_str(&format!("differs  {f}: {d}\n"));
            }
        }
        s
    }

    /// The report as JSON.
    pub fn render_json(&self) -> String {
        let num = |x: f64| if x.is_nan() { serde_json::Value::Null } else { serde_json::json!((x * 1e4).round() / 1e4) };
        serde_json::to_string_pretty(&serde_json::json!({
            "texts": self.texts, "expected": self.expected, "extracted": self.extracted, "matched": self.matched,
            "precision": num(self.precision()), "recall": num(self.recall()), "f1": num(self.f1()),
            "date_exact": num(self.date_accuracy()), "dated_matches": self.dated,
            "place_exact": num(self.place_accuracy()), "placed_matches": self.placed,
            "fatalities_exact": num(self.fatalities_accuracy()), "counted_matches": self.counted,
            "by_type": self.per_type.iter().map(|(t, &(e, x, m))| {
                let (p, r, f1) = type_scores(m, x, e);
                (t.clone(), serde_json::json!({"expected": e, "extracted": x, "matched": m, "precision": num(p), "recall": num(r), "f1": num(f1)}))
            }).collect::<serde_json::Map<String, serde_json::Value>>(),
        }))
        .unwrap_or_default()
    }
}

fn describe(r: &Row) -> String {
    format!("{} {} {}->{} {}/{}/{} deaths={}", if r.date.is_empty() { "undated" } else { &r.date }, r.event_type, r.actor, r.target, r.country, r.admin1, r.admin2, r.fatalities)
}

fn unordered(r: &Row) -> bool {
    SYMMETRIC_TYPES.contains(&r.event_type.as_str()) || r.note.contains("exchange") || r.note.contains("mutual")
}

fn same_pair(e: &Row, x: &Row) -> bool {
    e.event_type == x.event_type
        && ((e.actor == x.actor && e.target == x.target) || (unordered(e) && e.actor == x.target && e.target == x.actor))
}

/// Scores `extracted` against `expected`, a map from text stem to its labels. An
/// extracted row counts for every text it was read from.
pub fn score(expected: &BTreeMap<String, Vec<Row>>, extracted: &[Row]) -> Score {
    let mut s = Score { texts: expected.len(), ..Score::default() };
    for (stem, labels) in expected {
        let mine: Vec<&Row> = extracted.iter().filter(|x| x.files.iter().any(|f| f == stem)).collect();
        let mut used = vec![false; mine.len()];
        let mut matched = 0;
        for e in labels {
            // Prefer a candidate with the same date, then the same province.
            let best = (0..mine.len())
                .filter(|&k| !used[k] && same_pair(e, mine[k]))
                .max_by_key(|&k| (mine[k].date == e.date, mine[k].admin1 == e.admin1, std::cmp::Reverse(k)));
            let Some(k) = best else {
                s.misses.push((stem.clone(), describe(e)));
                continue;
            };
            used[k] = true;
            matched += 1;
            s.per_type.entry(e.event_type.clone()).or_default().2 += 1;
            let x = mine[k];
            // Each attribute the label gives, and whether the extraction has it the same.
            let date = (!e.date.is_empty()).then_some(x.date == e.date);
            let place = (!e.country.is_empty()).then_some(x.country == e.country && x.admin1 == e.admin1 && x.admin2 == e.admin2);
            let toll = (!e.fatalities.is_empty()).then_some(x.fatalities == e.fatalities);
            for (given, count, exact) in
                [(date, &mut s.dated, &mut s.date_exact), (place, &mut s.placed, &mut s.place_exact), (toll, &mut s.counted, &mut s.fatalities_exact)]
            {
                if let Some(same) = given {
                    *count += 1;
                    *exact += usize::from(same);
                }
            }
            if [date, place, toll].contains(&Some(false)) {
                s.mismatches.push((stem.clone(), format!("{} => {}", describe(e), describe(x))));
            }
        }
        for (k, x) in mine.iter().enumerate() {
            if !used[k] {
                s.spurious.push((stem.clone(), describe(x)));
            }
        }
        for e in labels {
            s.per_type.entry(e.event_type.clone()).or_default().0 += 1;
        }
        for x in &mine {
            s.per_type.entry(x.event_type.clone()).or_default().1 += 1;
        }
        s.expected += labels.len();
        s.extracted += mine.len();
        s.matched += matched;
        s.per_text.push((stem.clone(), labels.len(), mine.len(), matched));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(date: &str, actor: &str, target: &str, t: &str, deaths: &str, file: &str) -> Row {
        Row {
            date: date.into(),
            actor: actor.into(),
            target: target.into(),
            event_type: t.into(),
            country: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            fatalities: deaths.into(),
            note: String::new(),
            files: if file.is_empty() { vec![] } else { vec![file.into()] },
        }
    }

    #[test]
    fn counts_matches_and_accuracies() {
        let mut expected = BTreeMap::new();
        expected.insert(
            "001".to_string(),
            vec![
                row("2024-01-16", "iran", "pakistan", "cross_border_strike", "2", ""),
                row("2024-01-22", "iran", "pakistan", "call", "", ""),
                row("", "pakistan", "iran", "accusation", "", ""),
            ],
        );
        let extracted = vec![
            row("2024-01-16", "iran", "pakistan", "cross_border_strike", "3", "001"),
            row("2024-01-21", "pakistan", "iran", "call", "", "001"),
            row("2024-01-21", "iran", "pakistan", "visit", "", "001"),
            row("2024-01-21", "iran", "pakistan", "visit", "", "002"),
        ];
        let s = score(&expected, &extracted);
        assert_eq!((s.expected, s.extracted, s.matched), (3, 3, 2));
        assert_eq!((s.dated, s.date_exact, s.counted, s.fatalities_exact), (2, 1, 1, 0));
        assert!((s.f1() - 2.0 / 3.0).abs() < 1e-12);
        // Per type: the call and the strike match; the accusation is missed; the visit
        // is spurious (once, for text 001).
        assert_eq!(s.per_type["call"], (1, 1, 1));
        assert_eq!(s.per_type["accusation"], (1, 0, 0));
        assert_eq!(s.per_type["visit"], (0, 1, 0));
        assert!(s.render_text(false).contains("accusation"), "{}", s.render_text(false));
        // The strike's toll and the call's day differ; both are listed for reading.
        assert_eq!(s.mismatches.len(), 2);
        assert!(s.render_text(true).contains("differs  001: 2024-01-22 call iran->pakistan"), "{}", s.render_text(true));
    }

    #[test]
    fn csv_with_quotes_and_missing_column() {
        let rows = parse_rows("date,actor,target,event_type,note,file\n,a,b,call,\"x, \"\"y\"\"\",t/005.txt;u/006.txt\n", "f.csv").unwrap();
        assert_eq!(rows[0].note, "x, \"y\"");
        assert_eq!(rows[0].files, ["005", "006"]);
        let e = parse_rows("date,actor\n", "g.csv").unwrap_err().to_string();
        assert_eq!(e, "g.csv: line 1: no `target` column");
    }
}
