//! The dictionaries: actors, verb patterns and places, read from TOML data files
//! (the built-in ones in `crates/extract/dictionaries/`, plus any the user adds) and
//! merged with the scenario's own names into one phrase index.

use std::collections::HashMap;

use events::{Dyad, EventType};
use serde::Deserialize;

use crate::error::ExtractError;
use crate::text::{Kind, Token, phrase_words};

/// The built-in dictionary files: (name, text).
pub const BUILTIN_DICTIONARIES: [(&str, &str); 3] = [
    ("dictionaries/actors.toml", include_str!("../dictionaries/actors.toml")),
    ("dictionaries/verbs.toml", include_str!("../dictionaries/verbs.toml")),
    ("dictionaries/places.toml", include_str!("../dictionaries/places.toml")),
];

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    #[serde(default)]
    state: Vec<TermsFor>,
    #[serde(default)]
    group: Vec<TermsFor>,
    #[serde(default)]
    unnamed: Option<UnnamedSpec>,
    #[serde(default)]
    organs: Option<Terms>,
    #[serde(default)]
    third_parties: Option<Terms>,
    #[serde(default)]
    rule: Vec<RuleSpec>,
    #[serde(default)]
    admin1: Vec<Admin1Spec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFor {
    id: String,
    terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Terms {
    terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnnamedSpec {
    terms: Vec<String>,
    #[serde(default)]
    default_group: Vec<DefaultGroup>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct DefaultGroup {
    pub group: String,
    pub admin1: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: String,
    #[serde(rename = "type")]
    event_type: String,
    roles: String,
    confidence: f64,
    triggers: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    excludes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Admin1Spec {
    iso3: String,
    admin1: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    districts: Vec<String>,
    #[serde(default)]
    towns: HashMap<String, String>,
    #[serde(default)]
    capital: Option<String>,
}

/// How a rule finds its actor and target (see `dictionaries/verbs.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Roles {
    Force,
    Attack,
    Insurgent,
    Directed,
    Envoy,
    Joint,
    Leader,
    Visit,
    Restored,
}

impl Roles {
    fn parse(s: &str) -> Option<Roles> {
        Some(match s {
            "force" => Roles::Force,
            "attack" => Roles::Attack,
            "insurgent" => Roles::Insurgent,
            "directed" => Roles::Directed,
            "envoy" => Roles::Envoy,
            "joint" => Roles::Joint,
            "leader" => Roles::Leader,
            "visit" => Roles::Visit,
            "restored" => Roles::Restored,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub name: String,
    pub event_type: EventType,
    pub roles: Roles,
    pub confidence: f64,
    pub requires: Vec<u32>,
    pub excludes: Vec<u32>,
}

/// A place of the gazetteer: a side, its province and (for districts and towns) district.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub side: usize,
    pub admin1: String,
    pub admin2: String,
}

/// What a phrase of the index stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    State(usize),
    Group(usize),
    Unnamed,
    Organ,
    /// A state or body outside the dyad ("Washington", "the UN"): when it is the one
    /// acting, the event is not the dyad's.
    Third,
    Place(u32),
    Trigger(u32),
    Cue(u32),
}

#[derive(Clone, Debug)]
enum Pat {
    Exact(String),
    Prefix(String),
}

impl Pat {
    fn matches(&self, w: &str) -> bool {
        match self {
            Pat::Exact(e) => e == w,
            Pat::Prefix(p) => w.starts_with(p.as_str()),
        }
    }
}

#[derive(Clone, Debug)]
struct Phrase {
    words: Vec<Pat>,
    entry: Entry,
}

/// A match of a phrase: tokens `start..end` of the sentence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: Entry,
}

/// Everything the coder knows, for one scenario.
#[derive(Clone, Debug)]
pub struct Dictionary {
    pub(crate) dyad: Dyad,
    phrases: Vec<Phrase>,
    exact: HashMap<String, Vec<u32>>,
    prefix: HashMap<String, Vec<u32>>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) places: Vec<Place>,
    /// Capital city place index of each side.
    pub(crate) capitals: [Option<u32>; 2],
    pub(crate) default_groups: Vec<(usize, Vec<String>)>,
    cues: HashMap<String, u32>,
}

const PREFIX_KEY: usize = 4;

impl Dictionary {
    /// The built-in dictionaries and `extra` files (name, TOML text), for the states,
    /// groups and border regions of `scenario`.
    pub fn new(scenario: &scenario::Scenario, extra: &[(String, String)]) -> Result<Dictionary, ExtractError> {
        let dyad = Dyad::from_scenario(scenario);
        let mut d = Dictionary {
            dyad,
            phrases: Vec::new(),
            exact: HashMap::new(),
            prefix: HashMap::new(),
            rules: Vec::new(),
            places: Vec::new(),
            capitals: [None, None],
            default_groups: Vec::new(),
            cues: HashMap::new(),
        };
        // The scenario's own names.
        for side in 0..2 {
            let s = d.dyad.states[side].clone();
            d.add(&s.id.replace('_', " "), Entry::State(side), "scenario")?;
            d.add(&s.name, Entry::State(side), "scenario")?;
            for a in &s.aliases {
                d.add(a, Entry::State(side), "scenario")?;
            }
        }
        for g in 0..d.dyad.groups.len() {
            let spec = d.dyad.groups[g].clone();
            d.add(&spec.name, Entry::Group(g), "scenario")?;
            for a in &spec.aliases {
                d.add(a, Entry::Group(g), "scenario")?;
            }
        }
        let files: Vec<(String, String)> =
            BUILTIN_DICTIONARIES.iter().map(|(n, t)| (n.to_string(), t.to_string())).chain(extra.iter().cloned()).collect();
        for (origin, text) in &files {
            let file: DictionaryFile = toml::from_str(text)
                .map_err(|e| ExtractError::Dictionary { origin: origin.clone(), reason: e.to_string() })?;
            d.load(file, origin)?;
        }
        // The scenario's border regions, for the districts the gazetteer does not know.
        for region in &scenario.border_region {
            let Some(side) = d.dyad.side_of(&region.state) else { continue };
            let admin1 = canonical_admin1(&region.name);
            for district in &region.districts {
                let words: Vec<Pat> = phrase_words(district).into_iter().map(Pat::Exact).collect();
                let known = d.phrases.iter().any(|p| matches!(p.entry, Entry::Place(_)) && same_words(&p.words, &words));
                if !known {
                    d.add_place(side, &admin1, district, district, "scenario")?;
                }
            }
        }
        Ok(d)
    }

    fn load(&mut self, file: DictionaryFile, origin: &str) -> Result<(), ExtractError> {
        for s in file.state {
            // A state of the dictionary that the scenario lacks is a third party.
            let entry = self.dyad.side_of(&s.id).map_or(Entry::Third, Entry::State);
            for t in &s.terms {
                self.add(t, entry, origin)?;
            }
        }
        for g in file.group {
            if let Some(gi) = self.dyad.groups.iter().position(|x| x.id == g.id) {
                for t in &g.terms {
                    self.add(t, Entry::Group(gi), origin)?;
                }
            }
        }
        if let Some(u) = file.unnamed {
            for t in &u.terms {
                self.add(t, Entry::Unnamed, origin)?;
            }
            for dg in u.default_group {
                if let Some(gi) = self.dyad.groups.iter().position(|x| x.id == dg.group) {
                    self.default_groups.push((gi, dg.admin1.clone()));
                }
            }
        }
        if let Some(o) = file.organs {
            for t in &o.terms {
                self.add(t, Entry::Organ, origin)?;
            }
        }
        if let Some(o) = file.third_parties {
            for t in &o.terms {
                self.add(t, Entry::Third, origin)?;
            }
        }
        for r in file.rule {
            let bad = |reason: String| ExtractError::Dictionary { origin: origin.to_string(), reason: format!("rule `{}`: {reason}", r.name) };
            let event_type = EventType::parse(&r.event_type).ok_or_else(|| {
                let allowed: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
                bad(format!("unknown type `{}`; allowed: {}", r.event_type, allowed.join(", ")))
            })?;
            let roles = Roles::parse(&r.roles).ok_or_else(|| {
                bad(format!("unknown roles `{}`; allowed: force, attack, insurgent, directed, envoy, joint, leader, visit, restored", r.roles))
            })?;
            if !(r.confidence > 0.0 && r.confidence <= 1.0) {
                return Err(bad(format!("confidence {} is not in (0, 1]", r.confidence)));
            }
            let requires = r.requires.iter().map(|c| self.cue(c, origin)).collect::<Result<Vec<_>, _>>()?;
            let excludes = r.excludes.iter().map(|c| self.cue(c, origin)).collect::<Result<Vec<_>, _>>()?;
            let idx = self.rules.len() as u32;
            self.rules.push(Rule { name: r.name.clone(), event_type, roles, confidence: r.confidence, requires, excludes });
            for t in &r.triggers {
                self.add(t, Entry::Trigger(idx), origin)?;
            }
        }
        for a in file.admin1 {
            let Some(side) = self.dyad.side_of_iso3(a.iso3.as_bytes()) else { continue };
            // A capital's province is not named after it in news text ("Tehran" is the city).
            let admin1_named = a.capital.as_deref() != Some(a.admin1.as_str());
            for n in a.names.iter().chain(std::iter::once(&a.admin1).filter(|_| admin1_named)) {
                self.add_place(side, &a.admin1, "", n, origin)?;
            }
            for district in &a.districts {
                let place = self.add_place(side, &a.admin1, district, district, origin)?;
                if a.capital.as_deref() == Some(district.as_str()) {
                    self.capitals[side] = Some(place);
                }
            }
            let mut towns: Vec<_> = a.towns.iter().collect();
            towns.sort();
            for (town, district) in towns {
                self.add_place(side, &a.admin1, district, town, origin)?;
            }
        }
        Ok(())
    }

    fn cue(&mut self, phrase: &str, origin: &str) -> Result<u32, ExtractError> {
        let key = phrase.to_ascii_lowercase();
        if let Some(&c) = self.cues.get(&key) {
            return Ok(c);
        }
        let c = self.cues.len() as u32;
        self.cues.insert(key, c);
        self.add(phrase, Entry::Cue(c), origin)?;
        Ok(c)
    }

    pub(crate) fn n_cues(&self) -> usize {
        self.cues.len()
    }

    fn add_place(&mut self, side: usize, admin1: &str, admin2: &str, name: &str, origin: &str) -> Result<u32, ExtractError> {
        let place = Place { side, admin1: admin1.to_string(), admin2: admin2.to_string() };
        let idx = match self.places.iter().position(|p| *p == place) {
            Some(i) => i as u32,
            None => {
                self.places.push(place);
                (self.places.len() - 1) as u32
            }
        };
        self.add(name, Entry::Place(idx), origin)?;
        Ok(idx)
    }

    fn add(&mut self, phrase: &str, entry: Entry, origin: &str) -> Result<(), ExtractError> {
        let words = phrase_words(phrase);
        if words.is_empty() {
            return Err(ExtractError::Dictionary { origin: origin.to_string(), reason: format!("empty phrase {phrase:?}") });
        }
        let pats: Vec<Pat> = words
            .iter()
            .map(|w| match w.strip_suffix('*') {
                Some(p) => Pat::Prefix(p.to_string()),
                None => Pat::Exact(w.clone()),
            })
            .collect();
        // `phrase_words` drops the `*` (punctuation), so look at the raw phrase for stars.
        let starred: Vec<bool> = phrase.split_whitespace().flat_map(|w| {
            let n = phrase_words(w).len();
            let star = w.ends_with('*');
            (0..n).map(move |k| star && k + 1 == n)
        }).collect();
        let pats: Vec<Pat> = pats
            .into_iter()
            .enumerate()
            .map(|(k, p)| match (p, starred.get(k).copied().unwrap_or(false)) {
                (Pat::Exact(w), true) => Pat::Prefix(w),
                (p, _) => p,
            })
            .collect();
        if let Pat::Prefix(p) = &pats[0]
            && p.len() < PREFIX_KEY
        {
            return Err(ExtractError::Dictionary {
                origin: origin.to_string(),
                reason: format!("{phrase:?}: a starred first word needs at least {PREFIX_KEY} letters before the star"),
            });
        }
        if self.phrases.iter().any(|p| p.entry == entry && same_words(&p.words, &pats)) {
            return Ok(());
        }
        let id = self.phrases.len() as u32;
        match &pats[0] {
            Pat::Exact(w) => self.exact.entry(w.clone()).or_default().push(id),
            Pat::Prefix(p) => self.prefix.entry(p[..PREFIX_KEY].to_string()).or_default().push(id),
        }
        self.phrases.push(Phrase { words: pats, entry });
        Ok(())
    }

    /// Every phrase that matches at some token of `toks` (words of `lower`); phrases
    /// do not cross punctuation.
    pub(crate) fn hits(&self, lower: &str, toks: &[Token], out: &mut Vec<Hit>) {
        out.clear();
        for i in 0..toks.len() {
            if toks[i].kind == Kind::Punct {
                continue;
            }
            let w = &lower[toks[i].start..toks[i].end];
            let mut check = |ids: &Vec<u32>| {
                for &id in ids {
                    let p = &self.phrases[id as usize];
                    if let Some(end) = match_at(&p.words, lower, toks, i) {
                        out.push(Hit { start: i, end, entry: p.entry });
                    }
                }
            };
            if let Some(ids) = self.exact.get(w) {
                check(ids);
            }
            if w.len() >= PREFIX_KEY
                && let Some(key) = w.get(..PREFIX_KEY)
                && let Some(ids) = self.prefix.get(key)
            {
                check(ids);
            }
        }
    }

}

fn same_words(a: &[Pat], b: &[Pat]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Pat::Exact(p), Pat::Exact(q)) | (Pat::Prefix(p), Pat::Prefix(q)) => p == q,
            _ => false,
        })
}

fn match_at(words: &[Pat], lower: &str, toks: &[Token], i: usize) -> Option<usize> {
    let mut j = i;
    for (k, pat) in words.iter().enumerate() {
        let t = toks.get(j)?;
        if t.kind == Kind::Punct || !pat.matches(&lower[t.start..t.end]) {
            return None;
        }
        // A possessive ends a phrase: "Pakistan's ambassador" is not "Pakistan ambassador".
        if t.possessive && k + 1 < words.len() {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// A scenario region's name in the native spelling when the gazetteer knows it
/// (`Sistan-Baluchestan` → `Sistan and Baluchestan`), else the name up to any bracket.
fn canonical_admin1(name: &str) -> String {
    let base = name.split('(').next().unwrap_or(name).trim();
    match base.to_ascii_lowercase().replace('-', " ").as_str() {
        "sistan baluchestan" | "sistan and baluchestan" => "Sistan and Baluchestan".into(),
        _ => base.to_string(),
    }
}
