//! Who is who in event data: the two states of a scenario and the insurgent
//! groups operating in them, with the names, codes and aliases event datasets use.
//!
//! Every text form of the native format and every name an importer meets is
//! resolved here, so the rest of the crate deals in side and group indices only.
//! Side `i` is the scenario's `i`-th `[[state]]` table, group `g` its `g`-th
//! `[[insurgent_group]]` table.

use scenario::Scenario;

use crate::vocab::{Actor, Country};

/// One state as event data names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DyadState {
    /// The scenario's state id (`iran`, `pakistan`, …): the native actor name.
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-3 code: the native country column, ACLED `iso3`, CAMEO actor countries.
    pub iso3: String,
    /// FIPS 10-4 code: GDELT `ActionGeo_CountryCode`.
    pub fips: String,
    /// Names of the state's forces and organs in event data.
    pub aliases: Vec<String>,
}

/// One insurgent group as event data names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DyadGroup {
    /// The scenario's group id: the native actor name.
    pub id: String,
    pub name: String,
    /// Side index of the state the group attacks.
    pub side: usize,
    pub aliases: Vec<String>,
    /// First-level divisions where the group attacks (the border scope).
    pub admin1: Vec<String>,
}

/// The two states and the groups of one scenario, as event data names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dyad {
    /// The scenario's name (e.g. `iran-pakistan`).
    pub scenario: String,
    pub states: [DyadState; 2],
    pub groups: Vec<DyadGroup>,
}

/// Words that mark a name as a state body even when no alias of the dyad matches
/// (`Military Forces of India` in an Iran–Pakistan file is a third party).
const STATE_WORDS: [&str; 4] = ["government of", "military forces of", "police forces of", "forces of"];
/// Generic ACLED / UCDP categories that name people, not a state or a group.
const PEOPLE_WORDS: [&str; 4] = ["civilians", "protesters", "rioters", "labour group"];
/// Generic names of unidentified armed groups: the insurgents of the place.
const INSURGENT_WORDS: [&str; 3] = ["unidentified armed group", "rebel", "insurgent"];

impl Dyad {
    /// The dyad of a validated scenario.
    pub fn from_scenario(scenario: &Scenario) -> Dyad {
        let state = |i: usize| {
            let s = &scenario.state[i];
            DyadState {
                id: s.id.clone(),
                name: s.name.clone(),
                iso3: s.iso3.clone(),
                fips: s.fips.clone(),
                aliases: s.aliases.clone(),
            }
        };
        let groups = (0..scenario.insurgent_group.len())
            .map(|g| {
                let spec = &scenario.insurgent_group[g];
                DyadGroup {
                    id: spec.id.clone(),
                    name: spec.name.clone(),
                    side: scenario.group_side(g),
                    aliases: spec.aliases.clone(),
                    admin1: spec.admin1.clone(),
                }
            })
            .collect();
        Dyad { scenario: scenario.meta.name.clone(), states: [state(0), state(1)], groups }
    }

    /// The side index of the state with this id.
    pub fn side_of(&self, id: &str) -> Option<usize> {
        self.states.iter().position(|s| s.id == id)
    }

    /// The actor for group `group`.
    pub fn group(&self, group: usize) -> Actor {
        Actor::Group { group, side: self.groups[group].side }
    }

    /// The native text form of an actor: a state id, a group id, `insurgents_<state id>`,
    /// `third_party` or `other`.
    pub fn actor_name(&self, actor: Actor) -> String {
        match actor {
            Actor::State(i) => self.states[i].id.clone(),
            Actor::Group { group, .. } => self.groups[group].id.clone(),
            Actor::Insurgents(i) => format!("insurgents_{}", self.states[i].id),
            Actor::ThirdParty => "third_party".into(),
            Actor::Other => "other".into(),
        }
    }

    /// Parses the native text form of an actor (exact, after trimming).
    pub fn parse_actor(&self, text: &str) -> Option<Actor> {
        let t = text.trim();
        match t {
            "third_party" => return Some(Actor::ThirdParty),
            "other" => return Some(Actor::Other),
            _ => {}
        }
        if let Some(i) = self.side_of(t) {
            return Some(Actor::State(i));
        }
        if let Some(g) = self.groups.iter().position(|g| g.id == t) {
            return Some(self.group(g));
        }
        let state = t.strip_prefix("insurgents_")?;
        self.side_of(state).map(Actor::Insurgents)
    }

    /// Every native actor name, in the order [`Dyad::parse_actor`] documents them.
    pub fn allowed_actors(&self) -> Vec<String> {
        let mut out: Vec<String> = self.states.iter().map(|s| s.id.clone()).collect();
        out.extend(self.groups.iter().map(|g| g.id.clone()));
        out.extend(self.states.iter().map(|s| format!("insurgents_{}", s.id)));
        out.extend(["third_party".to_string(), "other".to_string()]);
        out
    }

    /// The country of a native `country` field: a state by its ISO3 code
    /// (case-insensitive), anything else kept as written. Empty → `None`.
    pub fn country_from_iso3(&self, text: &str) -> Option<Country> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        Some(match self.states.iter().position(|s| s.iso3.eq_ignore_ascii_case(t)) {
            Some(i) => Country::State(i),
            None => Country::Other(t.to_string()),
        })
    }

    /// The country of a dataset's country name or code (ACLED `country`, UCDP
    /// `country`): a state when the text equals, case-insensitively, its ISO3 code,
    /// its id (underscores read as spaces), its name or one of its aliases.
    pub fn country_from_name(&self, text: &str) -> Option<Country> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        let is = |s: &DyadState| {
            s.iso3.eq_ignore_ascii_case(t)
                || s.id.replace('_', " ").eq_ignore_ascii_case(t)
                || s.name.eq_ignore_ascii_case(t)
                || s.aliases.iter().any(|a| a.eq_ignore_ascii_case(t))
        };
        Some(match self.states.iter().position(is) {
            Some(i) => Country::State(i),
            None => Country::Other(t.to_string()),
        })
    }

    /// The side whose ISO3 code is `code` (CAMEO actor country codes).
    pub fn side_of_iso3(&self, code: &[u8]) -> Option<usize> {
        self.states.iter().position(|s| s.iso3.as_bytes().eq_ignore_ascii_case(code))
    }

    /// The side whose FIPS code is `code` (GDELT `ActionGeo_CountryCode`).
    pub fn side_of_fips(&self, code: &[u8]) -> Option<usize> {
        self.states.iter().position(|s| s.fips.as_bytes().eq_ignore_ascii_case(code))
    }

    /// The native spelling of a country: the state's ISO3 code, or the text kept.
    pub fn country_code<'a>(&'a self, country: &'a Country) -> &'a str {
        match country {
            Country::State(i) => &self.states[*i].iso3,
            Country::Other(s) => s,
        }
    }

    /// Maps a free-text actor name (ACLED `actor1`, UCDP `side_a`, …) onto the
    /// vocabulary. In order: a group whose alias occurs in the name (the longest
    /// matching alias wins), then a state likewise; generic names of people
    /// (civilians, protesters) are `other`; unidentified armed groups and rebels are the
    /// insurgents of `location` (the side where the event happened); other state
    /// bodies (`Government of …`, `Military Forces of …`) are third parties. Aliases
    /// match case-insensitively as whole words inside the name.
    pub fn classify_name(&self, name: &str, location: Option<usize>) -> Actor {
        let n = name.trim();
        if n.is_empty() {
            return Actor::Other;
        }
        let best_group = longest_match(n, self.groups.iter().map(|g| g.aliases.as_slice()));
        if let Some(g) = best_group {
            return self.group(g);
        }
        if PEOPLE_WORDS.iter().any(|w| contains_word_ci(n, w)) {
            return Actor::Other;
        }
        if let Some(i) = longest_match(n, self.states.iter().map(|s| s.aliases.as_slice())) {
            return Actor::State(i);
        }
        if INSURGENT_WORDS.iter().any(|w| contains_ci(n, w)) {
            return location.map_or(Actor::Other, Actor::Insurgents);
        }
        if STATE_WORDS.iter().any(|w| contains_ci(n, w)) {
            return Actor::ThirdParty;
        }
        Actor::Other
    }

    /// Whether `admin1` (a name, or a longer place text such as GDELT's
    /// `ActionGeo_FullName`) names one of the groups' first-level divisions: equal to
    /// one case-insensitively, or containing one as whole words.
    pub fn is_border_admin1(&self, admin1: &str) -> bool {
        let a = admin1.trim();
        !a.is_empty()
            && self
                .groups
                .iter()
                .flat_map(|g| g.admin1.iter())
                .any(|x| x.eq_ignore_ascii_case(a) || contains_word_ci(a, x))
    }
}

/// The index of the entry whose longest alias found in `name` is the longest of all
/// (the first entry on ties).
fn longest_match<'a>(name: &str, entries: impl Iterator<Item = &'a [String]>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (k, aliases) in entries.enumerate() {
        for a in aliases {
            if contains_word_ci(name, a) && best.is_none_or(|(_, len)| a.len() > len) {
                best = Some((k, a.len()));
            }
        }
    }
    best.map(|(k, _)| k)
}

/// ASCII case-insensitive substring test without allocation.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Whether `needle` occurs in `hay` case-insensitively with no letter or digit
/// touching it on either side (`BLA` in `BLA: Balochistan …`, not in `BLAST`).
pub(crate) fn contains_word_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.trim().as_bytes());
    if n.is_empty() || n.len() > h.len() {
        return false;
    }
    (0..=h.len() - n.len()).any(|i| {
        h[i..i + n.len()].eq_ignore_ascii_case(n)
            && (i == 0 || !h[i - 1].is_ascii_alphanumeric())
            && h.get(i + n.len()).is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}
