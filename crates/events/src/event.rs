//! The typed event record.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::vocab::{Actor, Country, EventType};

/// Where an event happened.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Location {
    /// `None` when the source gives no location.
    pub country: Option<Country>,
    /// First-level division (province), e.g. `Sistan and Baluchestan`, `Balochistan`.
    pub admin1: String,
    /// Second-level division (district / county), e.g. `Panjgur`, `Saravan`.
    pub admin2: String,
}

/// Reported deaths. `low`/`high` are optional bounds (UCDP style).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
pub struct Fatalities {
    pub best: u32,
    pub low: Option<u32>,
    pub high: Option<u32>,
}

impl Fatalities {
    pub fn exact(n: u32) -> Fatalities {
        Fatalities { best: n, low: None, high: None }
    }

    /// Element-wise maximum (used when merging duplicates).
    pub fn max(self, other: Fatalities) -> Fatalities {
        Fatalities {
            best: self.best.max(other.best),
            low: max_opt(self.low, other.low),
            high: max_opt(self.high, other.high),
        }
    }
}

fn max_opt(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Which dataset a record came from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    /// Written by hand / Faultline native file.
    #[default]
    Native,
    Acled,
    UcdpGed,
    Gdelt,
    /// A built-in chronology.
    Chronology,
}

impl Dataset {
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Native => "native",
            Dataset::Acled => "acled",
            Dataset::UcdpGed => "ucdp_ged",
            Dataset::Gdelt => "gdelt",
            Dataset::Chronology => "chronology",
        }
    }

    pub fn parse(s: &str) -> Option<Dataset> {
        [Dataset::Native, Dataset::Acled, Dataset::UcdpGed, Dataset::Gdelt, Dataset::Chronology]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

/// The source's own codes, kept verbatim so that nothing is lost in the mapping.
/// Empty strings / `None` mean "not given by this source".
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct SourceCodes {
    pub dataset: Dataset,
    /// The source's row id (ACLED `event_id_cnty`, UCDP `id`, GDELT `GlobalEventID`).
    pub id: String,
    /// Original CAMEO event code (GDELT `EventCode`), e.g. `195`.
    pub cameo_code: String,
    /// ACLED `event_type`.
    pub acled_event_type: String,
    /// ACLED `sub_event_type`.
    pub acled_sub_event_type: String,
    /// UCDP `type_of_violence` (1 state-based, 2 non-state, 3 one-sided).
    pub ucdp_type_of_violence: Option<u8>,
    /// The source's Goldstein score (GDELT `GoldsteinScale`).
    pub goldstein: Option<f64>,
    /// Original actor strings (ACLED actor1/actor2, UCDP side_a/side_b, GDELT Actor1Code/Actor2Code).
    pub actor1_raw: String,
    pub actor2_raw: String,
}

/// One event of the dyad. Actors and countries are side and group indices of a
/// [`Dyad`](crate::Dyad); render it with the same dyad it was parsed with.
#[derive(Clone, PartialEq, Debug)]
pub struct Event {
    pub date: Date,
    /// Who acted (for insurgent violence: the insurgents).
    pub actor: Actor,
    /// Who was acted on (`Other` when not applicable).
    pub target: Actor,
    pub event_type: EventType,
    pub location: Location,
    pub fatalities: Option<Fatalities>,
    /// Where the information comes from (URL, dataset name, article paragraph …).
    pub source: String,
    /// Free text.
    pub note: String,
    pub codes: SourceCodes,
    /// How many source rows were merged into this record (1 = none merged).
    pub merged_count: u32,
}

impl Event {
    /// A minimal event; other fields empty.
    pub fn new(date: Date, actor: Actor, target: Actor, event_type: EventType) -> Event {
        Event {
            date,
            actor,
            target,
            event_type,
            location: Location::default(),
            fatalities: None,
            source: String::new(),
            note: String::new(),
            codes: SourceCodes::default(),
            merged_count: 1,
        }
    }

    /// The side on whose territory the event happened: the location's country when
    /// it is one of the two states; for unlocated events the home state of the actor,
    /// then of the target.
    pub fn side(&self) -> Option<usize> {
        if let Some(c) = &self.location.country {
            return c.side();
        }
        self.actor.home().or(self.target.home())
    }

    /// For state-to-state events, `(acting state, state acted on)`. A state acting on
    /// the other side's insurgents, or on the other side's territory (a strike), counts
    /// as acting on the other state.
    pub fn direction(&self) -> Option<(usize, usize)> {
        let from = self.actor.state()?;
        let to = match self.target.home() {
            Some(s) if s != from => s,
            _ => match self.location.country.as_ref().and_then(Country::side) {
                Some(s) if s != from => s,
                _ => return None,
            },
        };
        Some((from, to))
    }

    /// Best fatality estimate, 0 when unknown.
    pub fn deaths(&self) -> u32 {
        self.fatalities.map_or(0, |f| f.best)
    }

    /// The duplicate key: same date, actor, target, type and location.
    pub fn same_key(&self, other: &Event) -> bool {
        self.date == other.date
            && self.actor == other.actor
            && self.target == other.target
            && self.event_type == other.event_type
            && self.location == other.location
    }
}
