//! ACLED CSV exports.

use std::io::BufRead;

use super::{Collector, KeyRef, check_csv_row, parse_count, read_csv_header, scope_test, utf8};
use crate::csvtok::{Reader, Record};
use crate::date::Date;
use crate::error::EventsError;
use crate::event::{Dataset, Event, Fatalities, Location, SourceCodes};
use crate::native::Header;
use crate::vocab::{Actor, Country, EventType, classify_actor_name, classify_country};

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
    location: Option<crate::vocab::Side>,
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

pub(super) fn run<R: BufRead>(input: R, c: &mut Collector<'_>) -> Result<(), EventsError> {
    let mut rd = Reader::new(input, b',', true);
    let mut rec = Record::default();
    let header = read_csv_header(&mut rd, &mut rec, c)?;
    let path = c.path().to_path_buf();
    let col_date = header.require("event_date", &path)?;
    let col_type = header.require("event_type", &path)?;
    let col_a1 = header.require("actor1", &path)?;
    let col_country = header.require("country", &path)?;
    let col_id = header.find("event_id_cnty");
    let col_sub = header.find("sub_event_type");
    let col_a2 = header.find("actor2");
    let col_adm1 = header.find("admin1");
    let col_adm2 = header.find("admin2");
    let col_fat = header.find("fatalities");
    let col_src = header.find("source");
    let col_notes = header.find("notes");

    while let Some(res) = rd.read(&mut rec).map_err(|e| c.io_err(e))? {
        c.row_read();
        if !check_csv_row(res, &rec, &header, c)? {
            continue;
        }
        let row = rec.line;
        // Borrow every field we need as &str.
        let get = |i: Option<usize>| -> Result<&str, (usize, String)> {
            match i {
                None => Ok(""),
                Some(i) => utf8(rec.get(i).unwrap_or_default()).map_err(|r| (i, r)),
            }
        };
        let fields = (|| {
            Ok::<_, (usize, String)>((
                get(Some(col_date))?,
                get(Some(col_type))?,
                get(col_sub)?,
                get(Some(col_a1))?,
                get(col_a2)?,
                get(Some(col_country))?,
                get(col_adm1)?,
                get(col_adm2)?,
                get(col_id)?,
                get(col_src)?,
                get(col_notes)?,
            ))
        })();
        let (date_s, etype, sub, a1s, a2s, country_s, adm1, adm2, id, src, notes) = match fields {
            Ok(f) => f,
            Err((i, reason)) => {
                c.malformed(row, header_name(&header, i), "bad encoding", reason)?;
                continue;
            }
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
        let fatalities = match col_fat.map(|i| parse_count(rec.get(i).unwrap_or_default())) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(n))) => Some(Fatalities::exact(n)),
            Some(Err(reason)) => {
                c.malformed(row, "fatalities", "bad number", reason)?;
                continue;
            }
        };
        let side = classify_country(country_s.trim().as_bytes());
        let a1 = classify_actor_name(a1s, side);
        let a2 = classify_actor_name(a2s, side);
        let (event_type, actor, target) = map_acled(etype, sub.trim(), a1, a2, side);
        let country = Country::parse(country_s);
        let loc = country.as_ref().map(Country::side);
        if !c.date_in_window(date) || !scope_test(actor, target, loc, adm1, c.scope()) {
            c.out_of_scope();
            continue;
        }
        let key = KeyRef {
            date,
            actor,
            target,
            event_type,
            country: country.as_ref().map(Country::as_str),
            admin1: adm1,
            admin2: adm2,
        };
        c.add_with(key, fatalities, || Event {
            date,
            actor,
            target,
            event_type,
            location: Location { country: country.clone(), admin1: adm1.to_string(), admin2: adm2.to_string() },
            fatalities,
            source: src.to_string(),
            note: notes.to_string(),
            codes: SourceCodes {
                dataset: Dataset::Acled,
                id: id.to_string(),
                acled_event_type: etype.to_string(),
                acled_sub_event_type: sub.to_string(),
                actor1_raw: a1s.to_string(),
                actor2_raw: a2s.to_string(),
                ..SourceCodes::default()
            },
            merged_count: 1,
        });
    }
    Ok(())
}

pub(super) fn header_name(h: &Header, i: usize) -> &str {
    h.name(i).unwrap_or("-")
}
