//! Importers for ACLED, UCDP GED and GDELT 2.0 files.
//!
//! Error policy: a malformed row is reported with its row number (1-based line in
//! the file; for header files the header is line 1), the column and the reason. With
//! [`ImportOptions::strict`] the first malformed row is a fatal
//! [`EventsError::Row`]; otherwise it is counted under "skipped" and the import goes
//! on. Rows outside the chosen [`Scope`] are counted as out of scope. Rows that repeat
//! an earlier row's date, actor, target, type and location are merged into it
//! (maximum fatalities kept, `merged_count` incremented). For every import,
//! `rows_read == imported + duplicates_merged + out_of_scope + skipped`.

mod acled;
mod gdelt;
mod ucdp;

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::csvtok::{QuoteError, Reader, Record};
use crate::date::Date;
use crate::dyad::Dyad;
use crate::error::EventsError;
use crate::event::{Event, Fatalities, Location, SourceCodes};
use crate::native::Header;
use crate::vocab::{Actor, Country, EventType};

/// Input formats understood by [`import_reader`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// ACLED CSV export (header row; columns located by name).
    Acled,
    /// UCDP GED CSV (header row; columns located by name).
    UcdpGed,
    /// GDELT 2.0 event export: 61 tab-separated columns, no header.
    Gdelt,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Acled => "acled",
            SourceFormat::UcdpGed => "ucdp_ged",
            SourceFormat::Gdelt => "gdelt",
        }
    }

    /// Accepts `acled`, `ucdp`, `ucdp_ged`, `ucdp-ged`, `gdelt`.
    pub fn parse(s: &str) -> Option<SourceFormat> {
        match s.to_ascii_lowercase().as_str() {
            "acled" => Some(SourceFormat::Acled),
            "ucdp" | "ucdp_ged" | "ucdp-ged" | "ged" => Some(SourceFormat::UcdpGed),
            "gdelt" => Some(SourceFormat::Gdelt),
            _ => None,
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rows belong to the study.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The scenario's dyad: events involving the insurgents of either state (located in
    /// one of the two states or unlocated), state-to-state events between the two
    /// (anywhere), and one state acting on the other's territory.
    #[default]
    Dyad,
    /// As `Dyad`, but non-state-to-state events must lie in one of the first-level
    /// divisions the scenario's groups list (`admin1`).
    BorderProvinces,
    /// Keep every well-formed row.
    All,
}

/// Options for [`import_reader`].
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The first malformed row is a fatal error.
    pub strict: bool,
    pub scope: Scope,
    /// Rows dated before `from` or after `to` count as out of scope.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// How many example rows to keep per skip reason (0 → 3).
    pub max_examples: usize,
}

/// One malformed row.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct RowIssue {
    /// 1-based line number of the record in the file.
    pub row: usize,
    pub column: String,
    pub reason: String,
}

/// Skipped rows sharing a reason.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct SkipGroup {
    /// Short reason class, e.g. `bad date`.
    pub reason: String,
    pub column: String,
    pub count: usize,
    /// The first few rows with this reason.
    pub examples: Vec<RowIssue>,
}

/// What an import did with every row.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct ImportReport {
    pub format: SourceFormat,
    pub path: PathBuf,
    /// Data rows read (header excluded, blank lines excluded).
    pub rows_read: usize,
    /// Distinct events returned.
    pub imported: usize,
    /// Rows merged into an earlier identical event.
    pub duplicates_merged: usize,
    pub out_of_scope: usize,
    pub skipped: usize,
    pub skip_groups: Vec<SkipGroup>,
}

impl ImportReport {
    /// Human-readable summary.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} import of {}: {} rows read, {} imported, {} merged as duplicates, {} out of scope, {} skipped",
            self.format,
            self.path.display(),
            self.rows_read,
            self.imported,
            self.duplicates_merged,
            self.out_of_scope,
            self.skipped
        );
        for g in &self.skip_groups {
            let _ = writeln!(s, "  skipped {} rows: {} (column {})", g.count, g.reason, g.column);
            for ex in &g.examples {
                let _ = writeln!(s, "    row {}: column {}: {}", ex.row, ex.column, ex.reason);
            }
        }
        s
    }

    /// Whether the counts add up (`rows_read == imported + merged + out of scope + skipped`).
    pub fn is_balanced(&self) -> bool {
        self.rows_read == self.imported + self.duplicates_merged + self.out_of_scope + self.skipped
    }
}

/// Events plus the report.
#[derive(Clone, Debug)]
pub struct ImportResult {
    /// Deduplicated events, sorted by date (stable: ties keep file order).
    pub events: Vec<Event>,
    pub report: ImportReport,
}

/// Imports an export in one of the external formats from any buffered reader (a file
/// opened by the caller); `origin` names the input in errors and in the report. Names
/// and countries are matched through `dyad`.
pub fn import_reader<R: BufRead>(
    format: SourceFormat,
    input: R,
    origin: impl AsRef<Path>,
    opts: &ImportOptions,
    dyad: &Dyad,
) -> Result<ImportResult, EventsError> {
    let mut c = Collector::new(format, origin.as_ref(), opts, dyad);
    match format {
        SourceFormat::Acled => acled::run(input, &mut c)?,
        SourceFormat::UcdpGed => ucdp::run(input, &mut c)?,
        SourceFormat::Gdelt => gdelt::run(input, &mut c)?,
    }
    Ok(c.finish())
}

/// Merges events with the same date, actor, target, type and location (keeps the
/// first, maximum fatalities, sums `merged_count`). Returns the merged list (first
/// occurrence order) and how many events were folded in.
pub fn merge_duplicates(events: Vec<Event>) -> (Vec<Event>, usize) {
    let mut d = Dedup::default();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut merged = 0;
    for e in events {
        let key = KeyRef::of(&e);
        if let Some(i) = d.find(&out, &key) {
            let (n, f) = (e.merged_count, e.fatalities);
            merge_into(&mut out[i], f, n);
            merged += 1;
        } else {
            d.insert(key.hash(), out.len());
            out.push(e);
        }
    }
    (out, merged)
}

fn merge_into(target: &mut Event, f: Option<Fatalities>, count: u32) {
    target.fatalities = match (target.fatalities, f) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, None) => a,
        (None, b) => b,
    };
    target.merged_count += count;
}

/// The duplicate key, borrowed.
pub(crate) struct KeyRef<'a> {
    pub date: Date,
    pub actor: Actor,
    pub target: Actor,
    pub event_type: EventType,
    pub country: Option<&'a Country>,
    pub admin1: &'a str,
    pub admin2: &'a str,
}

impl<'a> KeyRef<'a> {
    pub fn of(e: &'a Event) -> KeyRef<'a> {
        KeyRef {
            date: e.date,
            actor: e.actor,
            target: e.target,
            event_type: e.event_type,
            country: e.location.country.as_ref(),
            admin1: &e.location.admin1,
            admin2: &e.location.admin2,
        }
    }

    fn hash(&self) -> u64 {
        let mut h = FxHasher(0);
        self.date.hash(&mut h);
        (self.actor, self.target, self.event_type as u8).hash(&mut h);
        self.country.hash(&mut h);
        self.admin1.hash(&mut h);
        self.admin2.hash(&mut h);
        h.0
    }

    fn matches(&self, e: &Event) -> bool {
        e.date == self.date
            && e.actor == self.actor
            && e.target == self.target
            && e.event_type == self.event_type
            && e.location.country.as_ref() == self.country
            && e.location.admin1 == self.admin1
            && e.location.admin2 == self.admin2
    }
}

/// A small multiplicative hasher (FxHash-style); keys are not attacker-controlled in
/// a way that matters for a batch import.
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(v));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_i32(&mut self, i: i32) {
        self.write_u64(i as u32 as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

#[derive(Default)]
struct IdentityHasher(u64);
impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

/// Hash → first index, with collision chains in `next`.
#[derive(Default)]
struct Dedup {
    first: HashMap<u64, usize, std::hash::BuildHasherDefault<IdentityHasher>>,
    next: Vec<usize>,
}

impl Dedup {
    fn find(&self, events: &[Event], key: &KeyRef<'_>) -> Option<usize> {
        let mut i = *self.first.get(&key.hash())?;
        loop {
            if key.matches(&events[i]) {
                return Some(i);
            }
            i = self.next[i];
            if i == usize::MAX {
                return None;
            }
        }
    }

    fn insert(&mut self, hash: u64, index: usize) {
        debug_assert_eq!(self.next.len(), index);
        let prev = self.first.insert(hash, index).unwrap_or(usize::MAX);
        self.next.push(prev);
    }
}

/// A row of a CSV export, classified: what [`Collector::add_if_in_scope`] needs.
pub(crate) struct ClassifiedRow<'a> {
    pub date: Date,
    pub event_type: EventType,
    pub actor: Actor,
    pub target: Actor,
    /// The country, resolved through the dyad.
    pub country: Option<Country>,
    pub admin1: &'a str,
    pub admin2: &'a str,
    pub fatalities: Option<Fatalities>,
    pub source: &'a str,
    pub note: &'a str,
}

/// Collects events and the report while an importer walks the file.
pub(crate) struct Collector<'o> {
    events: Vec<Event>,
    dedup: Dedup,
    report: ImportReport,
    opts: &'o ImportOptions,
    pub dyad: &'o Dyad,
    group_index: HashMap<(&'static str, String), usize>,
}

impl<'o> Collector<'o> {
    fn new(format: SourceFormat, path: &Path, opts: &'o ImportOptions, dyad: &'o Dyad) -> Collector<'o> {
        Collector {
            events: Vec::new(),
            dedup: Dedup::default(),
            report: ImportReport {
                format,
                path: path.to_path_buf(),
                rows_read: 0,
                imported: 0,
                duplicates_merged: 0,
                out_of_scope: 0,
                skipped: 0,
                skip_groups: Vec::new(),
            },
            opts,
            dyad,
            group_index: HashMap::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.report.path
    }

    pub fn io_err(&self, e: std::io::Error) -> EventsError {
        EventsError::io(&self.report.path, e)
    }

    pub fn row_read(&mut self) {
        self.report.rows_read += 1;
    }

    /// Records a malformed row; fatal in strict mode.
    pub fn malformed(&mut self, row: usize, column: &str, kind: &'static str, detail: String) -> Result<(), EventsError> {
        if self.opts.strict {
            return Err(EventsError::Row {
                path: self.report.path.clone(),
                row,
                column: column.to_string(),
                reason: format!("{kind}: {detail}"),
            });
        }
        self.report.skipped += 1;
        let max = if self.opts.max_examples == 0 { 3 } else { self.opts.max_examples };
        let key = (kind, column.to_string());
        let gi = match self.group_index.get(&key) {
            Some(&i) => i,
            None => {
                self.report.skip_groups.push(SkipGroup {
                    reason: kind.to_string(),
                    column: column.to_string(),
                    count: 0,
                    examples: Vec::new(),
                });
                self.group_index.insert(key, self.report.skip_groups.len() - 1);
                self.report.skip_groups.len() - 1
            }
        };
        let g = &mut self.report.skip_groups[gi];
        g.count += 1;
        if g.examples.len() < max {
            g.examples.push(RowIssue { row, column: column.to_string(), reason: format!("{kind}: {detail}") });
        }
        Ok(())
    }

    pub fn out_of_scope(&mut self) {
        self.report.out_of_scope += 1;
    }

    /// Whether the row's date lies in the requested window.
    pub fn date_in_window(&self, d: Date) -> bool {
        self.opts.from.is_none_or(|f| d >= f) && self.opts.to.is_none_or(|t| d <= t)
    }

    pub fn scope(&self) -> Scope {
        self.opts.scope
    }

    /// Adds an event built lazily: if `key` repeats an earlier event, only the
    /// fatalities are merged and `build` is never called.
    pub fn add_with(&mut self, key: KeyRef<'_>, fatalities: Option<Fatalities>, build: impl FnOnce() -> Event) {
        if let Some(i) = self.dedup.find(&self.events, &key) {
            merge_into(&mut self.events[i], fatalities, 1);
            self.report.duplicates_merged += 1;
        } else {
            let h = key.hash();
            let e = build();
            self.dedup.insert(h, self.events.len());
            self.events.push(e);
        }
    }

    /// Counts a classified row as out of scope (date window or [`Scope`]) or adds its
    /// event as [`Collector::add_with`] does; `codes` is called only for a new event.
    pub fn add_if_in_scope(&mut self, row: ClassifiedRow<'_>, codes: impl FnOnce() -> SourceCodes) {
        let ClassifiedRow { date, event_type, actor, target, country, admin1, admin2, fatalities, source, note } = row;
        let loc = country.as_ref().map(Country::side);
        if !self.date_in_window(date) || !scope_test(actor, target, loc, admin1, self.scope(), self.dyad) {
            self.out_of_scope();
            return;
        }
        let key = KeyRef { date, actor, target, event_type, country: country.as_ref(), admin1, admin2 };
        self.add_with(key, fatalities, || Event {
            date,
            actor,
            target,
            event_type,
            location: Location { country: country.clone(), admin1: admin1.to_string(), admin2: admin2.to_string() },
            fatalities,
            source: source.to_string(),
            note: note.to_string(),
            codes: codes(),
            merged_count: 1,
        });
    }

    fn finish(mut self) -> ImportResult {
        self.events.sort_by_key(|e| e.date);
        self.report.imported = self.events.len();
        ImportResult { events: self.events, report: self.report }
    }
}

/// Whether an event belongs to the scope (the border divisions are the `dyad`'s groups').
pub fn in_scope(e: &Event, scope: Scope, dyad: &Dyad) -> bool {
    scope_test(e.actor, e.target, e.location.country.as_ref().map(Country::side), &e.location.admin1, scope, dyad)
}

/// Scope test on the parts of an event (`location` is `None` when unlocated,
/// `Some(None)` when located outside the dyad).
pub(crate) fn scope_test(
    actor: Actor,
    target: Actor,
    location: Option<Option<usize>>,
    admin1: &str,
    scope: Scope,
    dyad: &Dyad,
) -> bool {
    if scope == Scope::All {
        return true;
    }
    let located_in_dyad = location.is_none_or(|s| s.is_some());
    // State to state (talks, recalls, strikes) count wherever they happen.
    let interstate = match (actor.state(), target.home()) {
        (Some(a), Some(t)) if a != t => true,
        _ => matches!((target.state(), actor.home()), (Some(t), Some(a)) if a != t),
    };
    let across = match (actor.state(), location) {
        (Some(a), Some(Some(l))) => a != l,
        _ => false,
    };
    if interstate || across {
        return true;
    }
    let insurgent = actor.is_insurgent() || target.is_insurgent();
    if !(insurgent && located_in_dyad) {
        return false;
    }
    match scope {
        Scope::BorderProvinces => dyad.is_border_admin1(admin1),
        _ => true,
    }
}

/// The country of a row and its two actors, classified by name through the dyad
/// (ACLED and UCDP alike). `iso3` is ACLED's `iso3` column when the export has one.
pub(crate) fn classify_names(dyad: &Dyad, iso3: &str, country: &str, actor1: &str, actor2: &str) -> (Option<Country>, Actor, Actor) {
    let resolved = match dyad.country_from_iso3(iso3) {
        Some(c @ Country::State(_)) => Some(c),
        _ => dyad.country_from_name(country),
    };
    let side = resolved.as_ref().and_then(Country::side);
    (resolved, dyad.classify_name(actor1, side), dyad.classify_name(actor2, side))
}

/// Parses a non-negative integer field; `Ok(None)` when empty.
pub(crate) fn parse_count(b: &[u8]) -> Result<Option<u32>, String> {
    let t = b.trim_ascii();
    if t.is_empty() {
        return Ok(None);
    }
    let s = std::str::from_utf8(t).map_err(|_| "invalid UTF-8".to_string())?;
    // Some exports write counts as floats ("3.0").
    let s = s.strip_suffix(".0").unwrap_or(s);
    s.parse::<u32>().map(Some).map_err(|_| format!("not a non-negative integer: {s:?}"))
}

/// The fields of `record` at `cols` as text, `""` for an absent column. The first
/// field that is not UTF-8 is reported as bad encoding in the column `column_name`
/// names (fatal in strict mode), and the answer is `None`: skip the row.
pub(crate) fn text_fields<'r, 'n, const N: usize>(
    record: &'r Record,
    cols: [Option<usize>; N],
    column_name: impl Fn(usize) -> &'n str,
    c: &mut Collector<'_>,
) -> Result<Option<[&'r str; N]>, EventsError> {
    let mut texts = [""; N];
    for (text, col) in texts.iter_mut().zip(cols) {
        let Some(i) = col else { continue };
        match std::str::from_utf8(record.get(i).unwrap_or_default()) {
            Ok(t) => *text = t,
            Err(_) => {
                c.malformed(record.line, column_name(i), "bad encoding", "invalid UTF-8".into())?;
                return Ok(None);
            }
        }
    }
    Ok(Some(texts))
}

/// A column a CSV importer reads, located by its header name.
#[derive(Clone, Copy)]
pub(crate) enum Column {
    /// A header without it is an error.
    Required(&'static str),
    /// Read as empty when the header lacks it.
    Optional(&'static str),
}

/// The data rows of a comma-separated export with a header row.
pub(crate) struct CsvRows<R> {
    reader: Reader<R>,
    record: Record,
    header: Header,
}

impl<R: BufRead> CsvRows<R> {
    /// Reads the header row; an empty or unreadable header is fatal.
    pub fn open(input: R, c: &Collector<'_>) -> Result<CsvRows<R>, EventsError> {
        let mut reader = Reader::new(input, b',', true);
        let mut record = Record::default();
        let header = match reader.read(&mut record).map_err(|e| c.io_err(e))? {
            Some(Ok(())) => Header::from_record(&record),
            _ => {
                return Err(EventsError::Header {
                    path: c.path().to_path_buf(),
                    column: "-".into(),
                    reason: "empty file or unreadable header".into(),
                });
            }
        };
        Ok(CsvRows { reader, record, header })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Locates `columns` in the header: `None` for an optional column it lacks; the
    /// first required column it lacks is a header error.
    pub fn locate<const N: usize>(&self, columns: [Column; N], c: &Collector<'_>) -> Result<[Option<usize>; N], EventsError> {
        let mut found = [None; N];
        for (slot, column) in found.iter_mut().zip(columns) {
            *slot = match column {
                Column::Required(name) => Some(self.header.require(name, c.path())?),
                Column::Optional(name) => self.header.find(name),
            };
        }
        Ok(found)
    }

    /// The next row with sound quoting and as many fields as the header. Every row
    /// read is counted; the others are reported (fatal in strict mode) and passed over.
    pub fn next_row(&mut self, c: &mut Collector<'_>) -> Result<Option<CsvRow<'_>>, EventsError> {
        while let Some(res) = self.reader.read(&mut self.record).map_err(|e| c.io_err(e))? {
            c.row_read();
            if check_csv_row(res, &self.record, &self.header, c)? {
                return Ok(Some(CsvRow { record: &self.record, header: &self.header }));
            }
        }
        Ok(None)
    }
}

/// Checks a data row's quoting and field count against the header. Returns `Ok(false)`
/// (after reporting the row) when it must be skipped, and the error in strict mode.
fn check_csv_row(
    res: Result<(), QuoteError>,
    rec: &Record,
    header: &Header,
    c: &mut Collector<'_>,
) -> Result<bool, EventsError> {
    let row = rec.line;
    if let Err(q) = res {
        let (i, reason) = crate::native::quote_reason(&q);
        c.malformed(row, header.name(i).unwrap_or("-"), "bad quoting", reason.into())?;
        return Ok(false);
    }
    if rec.len() != header.len() {
        c.malformed(row, "-", "wrong field count", format!("expected {} fields, found {}", header.len(), rec.len()))?;
        return Ok(false);
    }
    Ok(true)
}

/// One well-formed data row of a [`CsvRows`].
pub(crate) struct CsvRow<'a> {
    record: &'a Record,
    header: &'a Header,
}

impl<'a> CsvRow<'a> {
    /// 1-based line number of the record in the file.
    pub fn line(&self) -> usize {
        self.record.line
    }

    /// The bytes of field `i` as written (empty when absent).
    pub fn bytes(&self, i: usize) -> &'a [u8] {
        self.record.get(i).unwrap_or_default()
    }

    /// [`text_fields`] of this row, with bad encoding reported under the header's name.
    pub fn texts<const N: usize>(
        &self,
        cols: [Option<usize>; N],
        c: &mut Collector<'_>,
    ) -> Result<Option<[&'a str; N]>, EventsError> {
        let header = self.header;
        text_fields(self.record, cols, |i| header.name(i).unwrap_or("-"), c)
    }
}
