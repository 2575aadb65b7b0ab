//! ACLED CSV exports.

use std::io::BufRead;

use super::Column::{Optional, Required};
use super::{ClassifiedRow, Collector, Column, CsvRows, classify_names, parse_count};
use crate::date::Date;
use crate::error::EventsError;
use crate::event::{Dataset, Fatalities, SourceCodes};
use crate::vocab::{Actor, EventType};

const EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// Maps ACLED's (event type, sub-event type, actors) onto the vocabulary.
/// Returns (type, actor, target).
pub(crate) fn map_acled(
    event_type: &str,
    sub_event_type: &str,
    a1: Actor,
    a2: Actor,
    location: Option<usize>,
) -> (EventType, Actor, Actor) {
    let violent = matches!(event_type, "Battles" | "Explosions/Remote violence" | "Violence against civilians");
    if violent {
        // A state using force on the other state's territory.
        for (x, y) in [(a1, a2), (a2, a1)] {
            if let (Some(s), Some(l)) = (x.state(), location)
                && s != l
            {
                return (EventType::CrossBorderStrike, x, y);
            }
        }
        if a1.is_insurgent() {
            return (EventType::InsurgentAttack, a1, a2);
        }
        // ACLED's actor order carries no direction: a battle with insurgents is
        // insurgent violence whichever column they sit in.
        if a2.is_insurgent() && event_type == "Battles" {
            return (EventType::InsurgentAttack, a2, a1);
        }
        return (EventType::Other, a1, a2);
    }
    if event_type == "Strategic developments" && sub_event_type.eq_ignore_ascii_case("Agreement") {
        return (EventType::Agreement, a1, a2);
    }
    (EventType::Other, a1, a2)
}

/// The columns read as text, in the order their encoding is checked.
const TEXT_COLUMNS: [Column; 12] = [
    Required("event_date"),
    Required("event_type"),
    Optional("sub_event_type"),
    Required("actor1"),
    Optional("actor2"),
    Required("country"),
    Optional("iso3"),
    Optional("admin1"),
    Optional("admin2"),
    Optional("event_id_cnty"),
    Optional("source"),
    Optional("notes"),
];

pub(super) fn run<R: BufRead>(input: R, c: &mut Collector<'_>) -> Result<(), EventsError> {
    let mut rows = CsvRows::open(input, c)?;
    let text_cols = rows.locate(TEXT_COLUMNS, c)?;
    let col_fat = rows.header().find("fatalities");
    while let Some(rec) = rows.next_row(c)? {
        let row = rec.line();
        let Some([date_s, etype, sub, a1s, a2s, country, iso3, admin1, admin2, id, source, note]) = rec.texts(text_cols, c)?
        else {
            continue;
        };
        let Some(date) = Date::parse_flexible(date_s) else {
            c.malformed(row, "event_date", "bad date", format!("{date_s:?} is not a date"))?;
            continue;
        };
        let etype = etype.trim();
        if etype.is_empty() {
            c.malformed(row, "event_type", "missing value", "event_type is empty".into())?;
            continue;
        }
        if !EVENT_TYPES.contains(&etype) {
            c.malformed(row, "event_type", "unknown code", format!("{etype:?} is not an ACLED event type"))?;
            continue;
        }
        let fatalities = match col_fat.map(|i| parse_count(rec.bytes(i))) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(n))) => Some(Fatalities::exact(n)),
            Some(Err(reason)) => {
                c.malformed(row, "fatalities", "bad number", reason)?;
                continue;
            }
        };
        let (country, a1, a2) = classify_names(c.dyad, iso3, country, a1s, a2s);
        let side = country.as_ref().and_then(|c| c.side());
        let (event_type, actor, target) = map_acled(etype, sub.trim(), a1, a2, side);
        let classified = ClassifiedRow { date, event_type, actor, target, country, admin1, admin2, fatalities, source, note };
        c.add_if_in_scope(classified, || SourceCodes {
            dataset: Dataset::Acled,
            id: id.to_string(),
            acled_event_type: etype.to_string(),
            acled_sub_event_type: sub.to_string(),
            actor1_raw: a1s.to_string(),
            actor2_raw: a2s.to_string(),
            ..SourceCodes::default()
        });
    }
    Ok(())
}
