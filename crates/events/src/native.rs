//! The native CSV format (see docs/events.md): header row, comma-separated,
//! RFC 4180 quoting, UTF-8, ISO dates. Readable as is by pandas (`read_csv`) and R
//! (`read.csv`).

use std::io::BufRead;
use std::path::Path;

use crate::csvtok::{QuoteError, Reader, Record, write_field};
use crate::date::Date;
use crate::dyad::Dyad;
use crate::error::EventsError;
use crate::event::{Dataset, Event, Fatalities, Location, SourceCodes};
use crate::vocab::EventType;

/// Column order written by [`to_native_string`]. Readers locate columns by name, so
/// extra columns and other orders are accepted; only the first four are required.
pub const NATIVE_COLUMNS: [&str; 22] = [
    "date",
    "actor",
    "target",
    "event_type",
    "country",
    "admin1",
    "admin2",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "source",
    "note",
    "dataset",
    "source_id",
    "cameo_code",
    "acled_event_type",
    "acled_sub_event_type",
    "ucdp_type_of_violence",
    "goldstein",
    "actor1_raw",
    "actor2_raw",
    "merged_count",
];

const REQUIRED: usize = 4;

/// Parses native CSV text; `origin` names it in errors. Any malformed row is an
/// error (the native format is our own, so it must be clean); actors and countries
/// are resolved through `dyad`. Rows with an empty `date` (events a text reports
/// without a day) are skipped.
pub fn parse_native_str(text: &str, origin: impl AsRef<Path>, dyad: &Dyad) -> Result<Vec<Event>, EventsError> {
    parse_native(text.as_bytes(), origin, dyad)
}

/// As [`parse_native_str`], from any buffered reader (a file opened by the caller).
pub fn parse_native<R: BufRead>(input: R, origin: impl AsRef<Path>, dyad: &Dyad) -> Result<Vec<Event>, EventsError> {
    parse_native_from(input, origin.as_ref(), dyad)
}

/// Header → column index map (names compared trimmed and case-insensitively; a
/// leading UTF-8 BOM is ignored).
pub(crate) struct Header {
    names: Vec<String>,
}

impl Header {
    pub fn from_record(rec: &Record) -> Header {
        let names = (0..rec.len())
            .map(|i| {
                let s = String::from_utf8_lossy(rec.get(i).unwrap_or_default()).into_owned();
                s.trim_start_matches('\u{feff}').trim().to_ascii_lowercase()
            })
            .collect();
        Header { names }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub fn require(&self, name: &str, path: &Path) -> Result<usize, EventsError> {
        self.find(name).ok_or_else(|| EventsError::Header {
            path: path.to_path_buf(),
            column: name.to_string(),
            reason: "required column missing from header".into(),
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn name(&self, i: usize) -> Option<&str> {
        self.names.get(i).map(String::as_str)
    }
}

pub(crate) fn quote_reason(e: &QuoteError) -> (usize, &'static str) {
    match e {
        QuoteError::Unterminated(i) => (*i, "unterminated quoted field (end of file inside quotes)"),
        QuoteError::StrayAfterQuote(i) => (*i, "characters after closing quote"),
    }
}

fn parse_native_from<R: BufRead>(input: R, path: &Path, dyad: &Dyad) -> Result<Vec<Event>, EventsError> {
    let mut rd = Reader::new(input, b',', true);
    let mut rec = Record::default();
    let io = |e| EventsError::io(path, e);
    let header = match rd.read(&mut rec).map_err(io)? {
        Some(Ok(())) => Header::from_record(&rec),
        _ => {
            return Err(EventsError::Header {
                path: path.to_path_buf(),
                column: "-".into(),
                reason: "empty file or unreadable header".into(),
            });
        }
    };
    let mut idx = [None; NATIVE_COLUMNS.len()];
    for (k, name) in NATIVE_COLUMNS.iter().enumerate() {
        idx[k] = header.find(name);
        if k < REQUIRED && idx[k].is_none() {
            header.require(name, path)?;
        }
    }
    let mut out = Vec::new();
    while let Some(res) = rd.read(&mut rec).map_err(io)? {
        let row_err = |column: &str, reason: String| EventsError::Row {
            path: path.to_path_buf(),
            row: rec.line,
            column: column.to_string(),
            reason,
        };
        if let Err(q) = res {
            let (i, reason) = quote_reason(&q);
            let col = header.names.get(i).map_or("-", |s| s.as_str());
            return Err(row_err(col, reason.into()));
        }
        if rec.len() != header.len() {
            return Err(row_err(
                "-",
                format!("expected {} fields, found {}", header.len(), rec.len()),
            ));
        }
        let mut fields: [&str; NATIVE_COLUMNS.len()] = [""; NATIVE_COLUMNS.len()];
        for (k, slot) in fields.iter_mut().enumerate() {
            if let Some(i) = idx[k] {
                let b = rec.get(i).unwrap_or_default();
                *slot = std::str::from_utf8(b)
                    .map_err(|_| row_err(NATIVE_COLUMNS[k], "invalid UTF-8".into()))?;
            }
        }
        if fields[0].trim().is_empty() {
            // An event its source reports without a day (as `events extract` writes
            // them): it cannot be placed in time, so it is left out.
            continue;
        }
        out.push(event_from_fields(&fields, dyad).map_err(|(k, reason)| row_err(NATIVE_COLUMNS[k], reason))?);
    }
    Ok(out)
}

fn event_from_fields(f: &[&str; NATIVE_COLUMNS.len()], dyad: &Dyad) -> Result<Event, (usize, String)> {
    let date = Date::parse_iso(f[0]).ok_or((0, format!("not an ISO date (YYYY-MM-DD): {:?}", f[0])))?;
    let actor_at = |k: usize| {
        dyad.parse_actor(f[k]).ok_or_else(|| {
            let allowed = dyad.allowed_actors().join(", ");
            (k, format!("unknown actor {:?} for scenario `{}`; allowed: {allowed}", f[k], dyad.scenario))
        })
    };
    let actor = actor_at(1)?;
    let target = actor_at(2)?;
    let event_type = EventType::parse(f[3].trim()).ok_or((3, format!("unknown event type {:?}", f[3])))?;
    let num = |k: usize| -> Result<Option<u32>, (usize, String)> {
        let s = f[k].trim();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<u32>().map(Some).map_err(|_| (k, format!("not a non-negative integer: {s:?}")))
    };
    let best = num(7)?;
    let low = num(8)?;
    let high = num(9)?;
    let fatalities = match best {
        Some(best) => {
            // The same consistency the UCDP importer asks of its low, best and high estimates.
            if let Some(low) = low.filter(|&low| low > best) {
                return Err((8, format!("fatalities_low {low} is above fatalities_best {best}; expected low ≤ best ≤ high")));
            }
            if let Some(high) = high.filter(|&high| high < best) {
                return Err((9, format!("fatalities_high {high} is below fatalities_best {best}; expected low ≤ best ≤ high")));
            }
            Some(Fatalities { best, low, high })
        }
        None if low.is_some() || high.is_some() => {
            return Err((7, "fatalities_low/high given without fatalities_best".into()));
        }
        None => None,
    };
    let dataset = if f[12].trim().is_empty() {
        Dataset::Native
    } else {
        Dataset::parse(f[12].trim()).ok_or((12, format!("unknown dataset {:?}", f[12])))?
    };
    let tov = num(17)?.map(|v| v as u8);
    let goldstein = if f[18].trim().is_empty() {
        None
    } else {
        let g: f64 = f[18].trim().parse().map_err(|_| (18, format!("not a number: {:?}", f[18])))?;
        if !(-10.0..=10.0).contains(&g) {
            return Err((18, format!("Goldstein score outside [-10, 10]: {g}")));
        }
        Some(g)
    };
    let merged_count = match num(21)? {
        None => 1,
        Some(0) => return Err((21, "merged_count must be at least 1".into())),
        Some(n) => n,
    };
    Ok(Event {
        date,
        actor,
        target,
        event_type,
        location: Location {
            country: dyad.country_from_iso3(f[4]),
            admin1: f[5].to_string(),
            admin2: f[6].to_string(),
        },
        fatalities,
        source: f[10].to_string(),
        note: f[11].to_string(),
        codes: SourceCodes {
            dataset,
            id: f[13].to_string(),
            cameo_code: f[14].to_string(),
            acled_event_type: f[15].to_string(),
            acled_sub_event_type: f[16].to_string(),
            ucdp_type_of_violence: tov,
            goldstein,
            actor1_raw: f[19].to_string(),
            actor2_raw: f[20].to_string(),
        },
        merged_count,
    })
}

/// Renders events as native CSV text (header included, `\n` line ends), naming
/// actors and countries through `dyad`.
pub fn to_native_string(events: &[Event], dyad: &Dyad) -> String {
    let mut s = String::with_capacity(128 * (events.len() + 1));
    s.push_str(&NATIVE_COLUMNS.join(","));
    s.push('\n');
    for e in events {
        let opt = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
        let fat = e.fatalities;
        let fields: [String; NATIVE_COLUMNS.len()] = [
            e.date.to_string(),
            dyad.actor_name(e.actor),
            dyad.actor_name(e.target),
            e.event_type.as_str().into(),
            e.location.country.as_ref().map(|c| dyad.country_code(c).to_string()).unwrap_or_default(),
            e.location.admin1.clone(),
            e.location.admin2.clone(),
            opt(fat.map(|f| f.best)),
            opt(fat.and_then(|f| f.low)),
            opt(fat.and_then(|f| f.high)),
            e.source.clone(),
            e.note.clone(),
            e.codes.dataset.as_str().into(),
            e.codes.id.clone(),
            e.codes.cameo_code.clone(),
            e.codes.acled_event_type.clone(),
            e.codes.acled_sub_event_type.clone(),
            e.codes.ucdp_type_of_violence.map(|v| v.to_string()).unwrap_or_default(),
            e.codes.goldstein.map(|g| g.to_string()).unwrap_or_default(),
            e.codes.actor1_raw.clone(),
            e.codes.actor2_raw.clone(),
            e.merged_count.to_string(),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            write_field(&mut s, f, ',');
        }
        s.push('\n');
    }
    s
}

/// Renders events as a pretty JSON array, one object per event with the native
/// column names' meaning (actors and countries named through `dyad`).
pub fn to_json_string(events: &[Event], dyad: &Dyad) -> String {
    let list: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            serde_json::json!({
                "date": e.date.to_string(),
                "actor": dyad.actor_name(e.actor),
                "target": dyad.actor_name(e.target),
                "event_type": e.event_type.as_str(),
                "location": {
                    "country": e.location.country.as_ref().map(|c| dyad.country_code(c)),
                    "admin1": e.location.admin1,
                    "admin2": e.location.admin2,
                },
                "fatalities": e.fatalities,
                "source": e.source,
                "note": e.note,
                "codes": e.codes,
                "merged_count": e.merged_count,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
