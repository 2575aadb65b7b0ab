//! UCDP Georeferenced Event Dataset (GED) CSV.

use std::io::BufRead;

use super::Column::{Optional, Required};
use super::{ClassifiedRow, Collector, Column, CsvRows, classify_names, parse_count};
use crate::date::Date;
use crate::error::EventsError;
use crate::event::{Dataset, Fatalities, SourceCodes};
use crate::vocab::{Actor, EventType};

/// Maps UCDP's type of violence and sides onto the vocabulary: (type, actor, target).
pub(crate) fn map_ucdp(tov: u8, a: Actor, b: Actor, location: Option<usize>) -> (EventType, Actor, Actor) {
    // State-based violence between the two states, or a state fighting on the other's soil.
    if tov == 1 || tov == 3 {
        for (x, y) in [(a, b), (b, a)] {
            if let Some(s) = x.state()
                && (y.state().is_some_and(|t| t != s) || location.is_some_and(|l| l != s))
            {
                return (EventType::CrossBorderStrike, x, y);
            }
        }
    }
    // side_a is the government (tov 1) or the perpetrator (tov 3); the insurgent side acts.
    if b.is_insurgent() && tov != 3 {
        return (EventType::InsurgentAttack, b, a);
    }
    if a.is_insurgent() {
        return (EventType::InsurgentAttack, a, b);
    }
    (EventType::Other, a, b)
}

/// The columns read as text, in the order their encoding is checked.
const TEXT_COLUMNS: [Column; 10] = [
    Required("date_start"),
    Required("type_of_violence"),
    Required("side_a"),
    Required("side_b"),
    Required("country"),
    Optional("id"),
    Optional("adm_1"),
    Optional("adm_2"),
    Optional("source_article"),
    Optional("where_description"),
];

pub(super) fn run<R: BufRead>(input: R, c: &mut Collector<'_>) -> Result<(), EventsError> {
    let mut rows = CsvRows::open(input, c)?;
    let text_cols = rows.locate(TEXT_COLUMNS, c)?;
    let header = rows.header();
    let count_cols = [(header.find("best"), "best"), (header.find("low"), "low"), (header.find("high"), "high")];
    while let Some(rec) = rows.next_row(c)? {
        let row = rec.line();
        let Some([date_s, tov_s, a_s, b_s, country, id, admin1, admin2, source, note]) = rec.texts(text_cols, c)? else {
            continue;
        };
        let Some(date) = Date::parse_iso(date_s) else {
            c.malformed(row, "date_start", "bad date", format!("{date_s:?} is not an ISO date"))?;
            continue;
        };
        let tov = match tov_s.trim() {
            "1" => 1u8,
            "2" => 2,
            "3" => 3,
            "" => {
                c.malformed(row, "type_of_violence", "missing value", "type_of_violence is empty".into())?;
                continue;
            }
            other => {
                c.malformed(row, "type_of_violence", "unknown code", format!("{other:?} is not 1, 2 or 3"))?;
                continue;
            }
        };
        let mut counts = [None; 3];
        let mut bad = None;
        for (k, (col, name)) in count_cols.into_iter().enumerate() {
            if let Some(i) = col {
                match parse_count(rec.bytes(i)) {
                    Ok(v) => counts[k] = v,
                    Err(r) => {
                        bad = Some((name, r));
                        break;
                    }
                }
            }
        }
        if let Some((name, reason)) = bad {
            c.malformed(row, name, "bad number", reason)?;
            continue;
        }
        let fatalities = match counts {
            [None, None, None] => None,
            [None, _, _] => {
                c.malformed(row, "best", "missing value", "low/high given without best".into())?;
                continue;
            }
            [Some(best), low, high] => {
                if low.is_some_and(|l| l > best) || high.is_some_and(|h| h < best) {
                    c.malformed(
                        row,
                        "best",
                        "inconsistent numbers",
                        format!("best {best} outside [low {low:?}, high {high:?}]"),
                    )?;
                    continue;
                }
                Some(Fatalities { best, low, high })
            }
        };
        let (country, a, b) = classify_names(c.dyad, "", country, a_s, b_s);
        let side = country.as_ref().and_then(|c| c.side());
        let (event_type, actor, target) = map_ucdp(tov, a, b, side);
        let classified = ClassifiedRow { date, event_type, actor, target, country, admin1, admin2, fatalities, source, note };
        c.add_if_in_scope(classified, || SourceCodes {
            dataset: Dataset::UcdpGed,
            id: id.to_string(),
            ucdp_type_of_violence: Some(tov),
            actor1_raw: a_s.to_string(),
            actor2_raw: b_s.to_string(),
            ..SourceCodes::default()
        });
    }
    Ok(())
}
