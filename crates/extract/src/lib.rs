//! Event coding from news text: a dictionary-and-pattern coder in the
//! TABARI/PETRARCH tradition that turns articles about a scenario's two states into
//! native events with provenance.
//!
//! The coder splits an article into sentences, finds trigger phrases of the verb
//! dictionary (`dictionaries/verbs.toml`), drops denied, negated, planned or
//! conditional ones, and fills in actor and target (the scenario's states, groups and
//! aliases, plus `dictionaries/actors.toml`), the date (explicit days and relative
//! expressions counted from the article's date), the place (`dictionaries/places.toml`
//! and the scenario's border regions) and the fatalities (victims killed; attackers
//! apart). Mentions of one episode in an article become one event; [`merge`] folds
//! the same event reported by several articles. Every event keeps its provenance:
//! file, sentence, character offsets, rule and confidence.
//!
//! What it is not: a parser or a learned model. It does no IO (the caller hands it
//! bytes and writes the results) and never prints. [`score`] compares extracted
//! events with hand labels.

mod coder;
mod dates;
mod dict;
mod error;
mod input;
mod render;
pub mod score;
mod text;

use events::{Date, EventType, Fatalities};

pub use dict::{BUILTIN_DICTIONARIES, Dictionary};
pub use error::ExtractError;
pub use input::{Article, DateSource, read_article};
pub use render::{EXTRACT_COLUMNS, to_csv, to_json};

/// Where an event was read: one sentence of one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    /// The article's origin (file path, `-`).
    pub file: String,
    /// 1-based sentence number, counted over the article's body.
    pub sentence: usize,
    /// Character (not byte) offsets of the sentence in the article's text.
    pub char_start: usize,
    pub char_end: usize,
    /// The verb-dictionary rule that fired.
    pub rule: String,
    /// The rule's confidence, lowered when actor or date had to be inferred (0–1).
    pub confidence: f64,
    /// The sentence.
    pub text: String,
}

/// One extracted event. Actors are the scenario's native names (state and group ids,
/// `insurgents_<state>`); `date` is `None` when the text gives no day.
#[derive(Clone, Debug, PartialEq)]
pub struct Extracted {
    pub date: Option<Date>,
    pub actor: String,
    pub target: String,
    pub event_type: EventType,
    /// ISO3 code of the state where it happened, empty when not placed.
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    /// Victims killed (violent events only).
    pub fatalities: Option<Fatalities>,
    /// Attackers killed, kept apart from the victims.
    pub attackers_killed: Option<u32>,
    /// Addresses of the articles that report it.
    pub sources: Vec<String>,
    pub provenance: Vec<Provenance>,
    /// How many articles' events were merged into this one.
    pub merged_count: u32,
    /// The highest confidence among its mentions.
    pub confidence: f64,
}

/// The events of one article, one per episode.
pub fn extract(dict: &Dictionary, article: &Article) -> Vec<Extracted> {
    coder::extract_article(dict, article)
}

/// Folds events that several articles report (same date, type, actor, target,
/// country and province; districts agree or one is missing) into one, with
/// `merged_count` and every source; the highest toll is kept. Undated events are
/// never merged. The result is sorted by date (undated last), then by first source.
pub fn merge(events: Vec<Extracted>) -> Vec<Extracted> {
    let mut out: Vec<Extracted> = Vec::with_capacity(events.len());
    for e in events {
        let slot = out.iter_mut().find(|o| {
            e.date.is_some()
                && o.date == e.date
                && o.event_type == e.event_type
                && o.actor == e.actor
                && o.target == e.target
                && o.country == e.country
                && o.admin1 == e.admin1
                && (o.admin2 == e.admin2 || o.admin2.is_empty() || e.admin2.is_empty())
                && o.provenance.iter().all(|p| e.provenance.iter().all(|q| q.file != p.file))
        });
        match slot {
            Some(o) => {
                if o.admin2.is_empty() {
                    o.admin2 = e.admin2.clone();
                }
                o.fatalities = match (o.fatalities, e.fatalities) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                o.attackers_killed = o.attackers_killed.max(e.attackers_killed);
                for s in e.sources {
                    if !o.sources.contains(&s) {
                        o.sources.push(s);
                    }
                }
                o.provenance.extend(e.provenance);
                o.merged_count += e.merged_count;
                o.confidence = o.confidence.max(e.confidence);
            }
            None => out.push(e),
        }
    }
    out.sort_by_key(|a| (a.date.is_none(), a.date));
    out
}
