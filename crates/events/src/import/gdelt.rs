//! GDELT 2.0 event exports: 61 tab-separated columns, no header, no quoting.
//!
//! Column indices (0-based) follow the GDELT 2.0 event codebook.

use std::io::BufRead;

use super::{Collector, KeyRef, scope_test, text_fields};
use crate::csvtok::{Reader, Record};
use crate::date::Date;
use crate::error::EventsError;
use crate::event::{Dataset, Event, Location, SourceCodes};
use crate::dyad::Dyad;
use crate::vocab::{Actor, Country, EventType};

pub(crate) const N_COLUMNS: usize = 61;
pub(crate) const GLOBAL_EVENT_ID: usize = 0;
pub(crate) const SQLDATE: usize = 1;
pub(crate) const ACTOR1_CODE: usize = 5;
pub(crate) const ACTOR1_COUNTRY: usize = 7;
pub(crate) const ACTOR1_TYPE1: usize = 12;
pub(crate) const ACTOR2_CODE: usize = 15;
pub(crate) const ACTOR2_COUNTRY: usize = 17;
pub(crate) const ACTOR2_TYPE1: usize = 22;
pub(crate) const EVENT_CODE: usize = 26;
pub(crate) const EVENT_ROOT_CODE: usize = 28;
pub(crate) const GOLDSTEIN: usize = 30;
pub(crate) const ACTION_GEO_FULLNAME: usize = 52;
pub(crate) const ACTION_GEO_COUNTRY: usize = 53;
pub(crate) const ACTION_GEO_ADM1: usize = 54;
pub(crate) const ACTION_GEO_ADM2: usize = 55;
pub(crate) const SOURCE_URL: usize = 60;

/// Column names used in reports.
fn col_name(i: usize) -> &'static str {
    match i {
        GLOBAL_EVENT_ID => "GlobalEventID",
        SQLDATE => "SQLDATE",
        ACTOR1_CODE => "Actor1Code",
        ACTOR2_CODE => "Actor2Code",
        EVENT_CODE => "EventCode",
        EVENT_ROOT_CODE => "EventRootCode",
        GOLDSTEIN => "GoldsteinScale",
        ACTION_GEO_FULLNAME => "ActionGeo_FullName",
        ACTION_GEO_COUNTRY => "ActionGeo_CountryCode",
        ACTION_GEO_ADM1 => "ActionGeo_ADM1Code",
        ACTION_GEO_ADM2 => "ActionGeo_ADM2Code",
        SOURCE_URL => "SOURCEURL",
        _ => "-",
    }
}

/// Maps a GDELT actor (CAMEO country code + first type code) onto the vocabulary.
/// CAMEO country codes are ISO3-like, so a state is recognised by its ISO3 code.
pub(crate) fn gdelt_actor(dyad: &Dyad, country: &[u8], type1: &[u8], location: Option<usize>) -> Actor {
    const INSURGENT: [&[u8]; 4] = [b"REB", b"INS", b"SEP", b"UAF"];
    const STATE: [&[u8]; 7] = [b"", b"GOV", b"MIL", b"COP", b"SPY", b"JUD", b"LEG"];
    let insurgent = INSURGENT.contains(&type1);
    let state_like = STATE.contains(&type1);
    if country.is_empty() {
        return match (insurgent, location) {
            (true, Some(i)) => Actor::Insurgents(i),
            _ => Actor::Other,
        };
    }
    match dyad.side_of_iso3(country) {
        Some(i) if insurgent => Actor::Insurgents(i),
        Some(i) if state_like => Actor::State(i),
        None if state_like => Actor::ThirdParty,
        _ => Actor::Other,
    }
}

/// Maps a CAMEO event code onto the vocabulary: (type, actor, target).
pub(crate) fn map_cameo(code: &[u8], root: u8, a1: Actor, a2: Actor, location: Option<usize>) -> (EventType, Actor, Actor) {
    let t = match root {
        18..=20 => {
            if code.starts_with(b"191") && a1.state().is_some() {
                EventType::BorderClosure
            } else if a1.is_insurgent() {
                EventType::InsurgentAttack
            } else if let Some(s) = a1.state() {
                let on_other = a2.home().is_some_and(|t| t != s) || location.is_some_and(|l| l != s);
                if on_other { EventType::CrossBorderStrike } else { EventType::Other }
            } else {
                EventType::Other
            }
        }
        11 => EventType::Accusation,
        16 if code.starts_with(b"161") => EventType::AmbassadorRecalled,
        16 if code.starts_with(b"163") => EventType::TradeMeasure,
        4 if code.starts_with(b"041") => EventType::Call,
        4 if code.starts_with(b"042") || code.starts_with(b"043") => EventType::Visit,
        5 if code.starts_with(b"057") => EventType::Agreement,
        6 if code.starts_with(b"061") => EventType::TradeMeasure,
        6 if code.starts_with(b"062") || code.starts_with(b"064") => EventType::SecurityCooperation,
        _ => EventType::Other,
    };
    (t, a1, a2)
}

fn parse_root(b: &[u8]) -> Option<u8> {
    if b.len() != 2 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = (b[0] - b'0') * 10 + (b[1] - b'0');
    (1..=20).contains(&v).then_some(v)
}

fn parse_goldstein(b: &[u8]) -> Result<f64, String> {
    let s = std::str::from_utf8(b).map_err(|_| "invalid UTF-8".to_string())?;
    let g: f64 = s.trim().parse().map_err(|_| format!("not a number: {s:?}"))?;
    if !(-10.0..=10.0).contains(&g) {
        return Err(format!("{g} outside [-10, 10]"));
    }
    Ok(g)
}

pub(super) fn run<R: BufRead>(input: R, c: &mut Collector<'_>) -> Result<(), EventsError> {
    let mut rd = Reader::new(input, b'\t', false);
    let mut rec = Record::default();
    while let Some(res) = rd.read(&mut rec).map_err(|e| c.io_err(e))? {
        debug_assert!(res.is_ok(), "no quoting in GDELT mode");
        c.row_read();
        let row = rec.line;
        if rec.len() != N_COLUMNS {
            c.malformed(row, "-", "wrong field count", format!("expected {N_COLUMNS} tab-separated fields, found {}", rec.len()))?;
            continue;
        }
        let f = |i: usize| rec.get(i).unwrap_or_default();
        let Some(date) = Date::parse_yyyymmdd(f(SQLDATE)) else {
            let shown = String::from_utf8_lossy(f(SQLDATE)).into_owned();
            c.malformed(row, col_name(SQLDATE), "bad date", format!("{shown:?} is not YYYYMMDD"))?;
            continue;
        };
        let code = f(EVENT_CODE);
        if !(2..=4).contains(&code.len()) || !code.iter().all(u8::is_ascii_digit) {
            let shown = String::from_utf8_lossy(code).into_owned();
            c.malformed(row, col_name(EVENT_CODE), "bad code", format!("{shown:?} is not a CAMEO code"))?;
            continue;
        }
        let Some(root) = parse_root(f(EVENT_ROOT_CODE)) else {
            let shown = String::from_utf8_lossy(f(EVENT_ROOT_CODE)).into_owned();
            c.malformed(row, col_name(EVENT_ROOT_CODE), "bad code", format!("{shown:?} is not a CAMEO root 01-20"))?;
            continue;
        };
        if code[..2] != f(EVENT_ROOT_CODE)[..] {
            let shown = String::from_utf8_lossy(code).into_owned();
            c.malformed(row, col_name(EVENT_ROOT_CODE), "bad code", format!("root {root:02} does not match EventCode {shown:?}"))?;
            continue;
        }
        let goldstein = match parse_goldstein(f(GOLDSTEIN)) {
            Ok(g) => g,
            Err(r) => {
                c.malformed(row, col_name(GOLDSTEIN), "bad number", r)?;
                continue;
            }
        };
        let geo_country = f(ACTION_GEO_COUNTRY).trim_ascii();
        let loc_side = c.dyad.side_of_fips(geo_country);
        let a1 = gdelt_actor(c.dyad, f(ACTOR1_COUNTRY), f(ACTOR1_TYPE1), loc_side);
        let a2 = gdelt_actor(c.dyad, f(ACTOR2_COUNTRY), f(ACTOR2_TYPE1), loc_side);
        let (event_type, actor, target) = map_cameo(code, root, a1, a2, loc_side);
        let loc = if geo_country.is_empty() { None } else { Some(loc_side) };
        // Cheap scope test first (the place only matters for the border-province scope:
        // GDELT's ADM1 codes are FIPS codes, so the divisions are looked for by name in
        // the place's full name).
        let place = std::str::from_utf8(f(ACTION_GEO_FULLNAME)).unwrap_or("");
        if !c.date_in_window(date) || !scope_test(actor, target, loc, place, c.scope(), c.dyad) {
            c.out_of_scope();
            continue;
        }
        // In scope: validate the text we keep.
        let kept = [ACTION_GEO_COUNTRY, ACTION_GEO_ADM1, ACTION_GEO_ADM2, ACTION_GEO_FULLNAME, SOURCE_URL, GLOBAL_EVENT_ID];
        let Some([country_s, adm1, adm2, fullname, url, id]) = text_fields(&rec, kept.map(Some), col_name, c)? else {
            continue;
        };
        let country = match loc_side {
            Some(i) => Some(Country::State(i)),
            None if country_s.trim().is_empty() => None,
            None => Some(Country::Other(country_s.trim().to_string())),
        };
        let key = KeyRef { date, actor, target, event_type, country: country.as_ref(), admin1: adm1, admin2: adm2 };
        let (a1_code, a2_code) = (f(ACTOR1_CODE), f(ACTOR2_CODE));
        c.add_with(key, None, || Event {
            date,
            actor,
            target,
            event_type,
            location: Location { country: country.clone(), admin1: adm1.to_string(), admin2: adm2.to_string() },
            fatalities: None,
            source: url.to_string(),
            note: fullname.to_string(),
            codes: SourceCodes {
                dataset: Dataset::Gdelt,
                id: id.to_string(),
                cameo_code: String::from_utf8_lossy(code).into_owned(),
                goldstein: Some(goldstein),
                actor1_raw: String::from_utf8_lossy(a1_code).into_owned(),
                actor2_raw: String::from_utf8_lossy(a2_code).into_owned(),
                ..SourceCodes::default()
            },
            merged_count: 1,
        });
    }
    Ok(())
}
