//! UCDP Georeferenced Event Dataset (GED) CSV.

use std::io::BufRead;

use super::acled::header_name;
use super::{Collector, KeyRef, check_csv_row, parse_count, read_csv_header, scope_test, utf8};
use crate::csvtok::{Reader, Record};
use crate::date::Date;
use crate::error::EventsError;
use crate::event::{Dataset, Event, Fatalities, Location, SourceCodes};
use crate::vocab::{Actor, Country, EventType, Side, classify_actor_name, classify_country};

/// Maps UCDP's type of violence and sides onto the vocabulary: (type, actor, target).
pub(crate) fn map_ucdp(tov: u8, a: Actor, b: Actor, location: Option<Side>) -> (EventType, Actor, Actor) {
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

pub(super) fn run<R: BufRead>(input: R, c: &mut Collector<'_>) -> Result<(), EventsError> {
    let mut rd = Reader::new(input, b',', true);
    let mut rec = Record::default();
    let header = read_csv_header(&mut rd, &mut rec, c)?;
    let path = c.path().to_path_buf();
    let col_date = header.require("date_start", &path)?;
    let col_tov = header.require("type_of_violence", &path)?;
    let col_a = header.require("side_a", &path)?;
    let col_b = header.require("side_b", &path)?;
    let col_country = header.require("country", &path)?;
    let col_id = header.find("id");
    let col_adm1 = header.find("adm_1");
    let col_adm2 = header.find("adm_2");
    let col_best = header.find("best");
    let col_low = header.find("low");
    let col_high = header.find("high");
    let col_src = header.find("source_article");
    let col_where = header.find("where_description");

    while let Some(res) = rd.read(&mut rec).map_err(|e| c.io_err(e))? {
        c.row_read();
        if !check_csv_row(res, &rec, &header, c)? {
            continue;
        }
        let row = rec.line;
        let get = |i: Option<usize>| -> Result<&str, (usize, String)> {
            match i {
                None => Ok(""),
                Some(i) => utf8(rec.get(i).unwrap_or_default()).map_err(|r| (i, r)),
            }
        };
        let fields = (|| {
            Ok::<_, (usize, String)>((
                get(Some(col_date))?,
                get(Some(col_tov))?,
                get(Some(col_a))?,
                get(Some(col_b))?,
                get(Some(col_country))?,
                get(col_id)?,
                get(col_adm1)?,
                get(col_adm2)?,
                get(col_src)?,
                get(col_where)?,
            ))
        })();
        let (date_s, tov_s, a_s, b_s, country_s, id, adm1, adm2, src, where_desc) = match fields {
            Ok(f) => f,
            Err((i, reason)) => {
                c.malformed(row, header_name(&header, i), "bad encoding", reason)?;
                continue;
            }
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
        for (k, (col, name)) in [(col_best, "best"), (col_low, "low"), (col_high, "high")].into_iter().enumerate() {
            if let Some(i) = col {
                match parse_count(rec.get(i).unwrap_or_default()) {
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
        let side = classify_country(country_s.trim().as_bytes());
        let a = classify_actor_name(a_s, side);
        let b = classify_actor_name(b_s, side);
        let (event_type, actor, target) = map_ucdp(tov, a, b, side);
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
            note: where_desc.to_string(),
            codes: SourceCodes {
                dataset: Dataset::UcdpGed,
                id: id.to_string(),
                ucdp_type_of_violence: Some(tov),
                actor1_raw: a_s.to_string(),
                actor2_raw: b_s.to_string(),
                ..SourceCodes::default()
            },
            merged_count: 1,
        });
    }
    Ok(())
}
