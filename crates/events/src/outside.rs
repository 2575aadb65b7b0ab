//! The record of outside crises: wars and major crises between a state of a
//! built-in dyad and a third party, leaders' falls and regional wars
//! (`crates/events/data/outside-crises.csv`, `docs/chronologies/outside-crises.md`).
//! It sets the rates and durations of the model's outside-shock process.

use std::path::Path;

use crate::csvtok::{Reader, Record};
use crate::{Date, EventsError};

/// One outside crisis of one state.
#[derive(Clone, Debug, PartialEq)]
pub struct OutsideCrisis {
    pub start: Date,
    /// Last day of the acute phase; `None` while it was still going on at the end of the record.
    pub end: Option<Date>,
    /// State id (as the built-in scenarios spell it).
    pub state: String,
    pub third_party: String,
    /// `war`, `regional_war`, `crisis` or `leader`.
    pub kind: String,
    /// The crisis made the state or a neighbour close a border between them.
    pub closes_border: bool,
    /// The neighbour (state id) whose border with `state` was closed.
    pub closed_with: Option<String>,
    /// 1 (a brief clash or row), 2 (a major standoff, rupture or regional war), 3 (strikes traded, a regime toppled).
    pub severity: u8,
    pub source: String,
    pub note: String,
}

const COLUMNS: [&str; 10] =
    ["start", "end", "state", "third_party", "kind", "closes_border", "closed_with", "severity", "source", "note"];

/// The built-in record of outside crises, to 2024-12-14.
pub fn builtin_outside_crises() -> Vec<OutsideCrisis> {
    parse_outside_crises(include_str!("../data/outside-crises.csv"), Path::new("outside-crises.csv"))
        .expect("the built-in record parses")
}

/// Parses the outside-crises CSV (header `start,end,state,third_party,kind,closes_border,closed_with,severity,source,note`).
pub fn parse_outside_crises(text: &str, path: &Path) -> Result<Vec<OutsideCrisis>, EventsError> {
    let mut reader = Reader::new(text.as_bytes(), b',', true);
    let mut rec = Record::default();
    let row_err = |row: usize, column: &str, reason: String| EventsError::Row { path: path.to_path_buf(), row, column: column.to_string(), reason };
    match reader.read(&mut rec).map_err(|e| EventsError::io(path, e))? {
        Some(Ok(())) => {
            for (i, want) in COLUMNS.iter().enumerate() {
                let got = rec.get(i).map(String::from_utf8_lossy).unwrap_or_default();
                if got != *want {
                    return Err(EventsError::Header { path: path.to_path_buf(), column: want.to_string(), reason: format!("expected `{want}` as column {}, found `{got}`", i + 1) });
                }
            }
        }
        _ => return Err(EventsError::Header { path: path.to_path_buf(), column: "start".into(), reason: "the file has no header".into() }),
    }
    let mut out = Vec::new();
    while let Some(r) = reader.read(&mut rec).map_err(|e| EventsError::io(path, e))? {
        let line = rec.line;
        if r.is_err() {
            return Err(row_err(line, "", "unbalanced quotes".into()));
        }
        let field = |i: usize| -> Result<String, EventsError> {
            let b = rec.get(i).ok_or_else(|| row_err(line, COLUMNS[i], "missing".into()))?;
            String::from_utf8(b.to_vec()).map_err(|_| row_err(line, COLUMNS[i], "not UTF-8".into()))
        };
        let date = |i: usize, s: &str| Date::parse_iso(s).ok_or_else(|| row_err(line, COLUMNS[i], format!("`{s}` is not a date (YYYY-MM-DD)")));
        let start = date(0, &field(0)?)?;
        let end_text = field(1)?;
        let end = if end_text.is_empty() { None } else { Some(date(1, &end_text)?) };
        if end.is_some_and(|e| e < start) {
            return Err(row_err(line, "end", format!("{end_text} is before the start {start}")));
        }
        let closes_border = match field(5)?.as_str() {
            "yes" => true,
            "no" => false,
            other => return Err(row_err(line, "closes_border", format!("`{other}`: expected yes or no"))),
        };
        let closed_with = Some(field(6)?).filter(|s| !s.is_empty());
        if closes_border != closed_with.is_some() {
            return Err(row_err(line, "closed_with", "a neighbour is named exactly when closes_border is yes".into()));
        }
        let severity = match field(7)?.as_str() {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            other => return Err(row_err(line, "severity", format!("`{other}`: expected 1, 2 or 3"))),
        };
        out.push(OutsideCrisis {
            start,
            end,
            state: field(2)?,
            third_party: field(3)?,
            kind: field(4)?,
            closes_border,
            closed_with,
            severity,
            source: field(8)?,
            note: field(9)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_record_parses_with_its_documented_counts() {
        let all = builtin_outside_crises();
        assert_eq!(all.len(), 43);
        assert_eq!(all.iter().filter(|c| c.closes_border).count(), 9);
        assert!(all.iter().all(|c| c.start <= Date::from_ymd(2024, 12, 14).unwrap()));
        assert_eq!(all.iter().filter(|c| c.end.is_none()).count(), 1);
    }

    #[test]
    fn a_bad_row_names_its_line_and_column() {
        let text = "start,end,state,third_party,kind,closes_border,closed_with,severity,source,note\n2020-01-03,2020-01-08,iran,US,war,maybe,,3,u,n\n";
        let e = parse_outside_crises(text, Path::new("x.csv")).unwrap_err().to_string();
        assert!(e.contains("x.csv: row 2: column closes_border"), "{e}");
        let text = "start,end,state,third_party,kind,closes_border,closed_with,severity,source,note\n2020-01-03,2019-01-08,iran,US,war,no,,3,u,n\n";
        let e = parse_outside_crises(text, Path::new("x.csv")).unwrap_err().to_string();
        assert!(e.contains("column end"), "{e}");
    }
}
