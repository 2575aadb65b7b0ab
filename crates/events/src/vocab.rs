//! The small controlled vocabulary Faultline uses for the Iran–Pakistan dyad, and
//! its mapping onto CAMEO / Goldstein / PLOVER / MID (see docs/events.md).

use std::fmt;

use serde::{Deserialize, Serialize};

/// What happened. Each type maps onto a CAMEO code, a Goldstein weight, a PLOVER
/// category and (for state-to-state uses of force) a MID hostility level.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    InsurgentAttack,
    Accusation,
    EnvoySummoned,
    AmbassadorRecalled,
    AmbassadorRestored,
    Call,
    Visit,
    Agreement,
    SecurityCooperation,
    CrossBorderStrike,
    BorderClosure,
    BorderOpening,
    ElectricityCut,
    TradeMeasure,
    EnergyMeasure,
    LeaderChange,
    Other,
}

/// PLOVER event categories (openeventdata/PLOVER).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Plover {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Investigate,
    Demand,
    Disapprove,
    Reject,
    Threaten,
    Protest,
    Crime,
    Mobilize,
    Coerce,
    Assault,
    Fight,
    Sanction,
}

impl Plover {
    pub fn as_str(self) -> &'static str {
        match self {
            Plover::Agree => "AGREE",
            Plover::Consult => "CONSULT",
            Plover::Support => "SUPPORT",
            Plover::Concede => "CONCEDE",
            Plover::Cooperate => "COOPERATE",
            Plover::Aid => "AID",
            Plover::Retreat => "RETREAT",
            Plover::Investigate => "INVESTIGATE",
            Plover::Demand => "DEMAND",
            Plover::Disapprove => "DISAPPROVE",
            Plover::Reject => "REJECT",
            Plover::Threaten => "THREATEN",
            Plover::Protest => "PROTEST",
            Plover::Crime => "CRIME",
            Plover::Mobilize => "MOBILIZE",
            Plover::Coerce => "COERCE",
            Plover::Assault => "ASSAULT",
            Plover::Fight => "FIGHT",
            Plover::Sanction => "SANCTION",
        }
    }

    /// PLOVER category of a CAMEO root (1–20), following the PLOVER README's table
    /// (roots 01/02 are dropped by PLOVER: `None`).
    pub fn from_cameo(root: u8, code: &str) -> Option<Plover> {
        Some(match root {
            3 => Plover::Agree,
            4 => Plover::Consult,
            5 => Plover::Support,
            6 => Plover::Cooperate,
            7 => Plover::Aid,
            8 => {
                // 081–083 concede, 084–087 retreat.
                let sub = code.as_bytes().get(2).copied().unwrap_or(b'0');
                if (b'4'..=b'7').contains(&sub) { Plover::Retreat } else { Plover::Concede }
            }
            9 => Plover::Investigate,
            10 => Plover::Demand,
            11 => Plover::Disapprove,
            12 => Plover::Reject,
            13 => Plover::Threaten,
            14 => Plover::Protest,
            15 => Plover::Mobilize,
            16 => Plover::Sanction,
            17 => Plover::Coerce,
            18 => Plover::Assault,
            19 | 20 => Plover::Fight,
            _ => return None,
        })
    }
}

/// Correlates of War MID hostility level (1 no militarized action … 5 war).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub struct MidLevel {
    /// Hostility level 1–5.
    pub hostility: u8,
    /// MID action code (0–21), e.g. 16 = attack.
    pub action: u8,
}

/// Goldstein value of a CAMEO root code (1–20), per GDELT's `CAMEO.goldsteinscale.txt`.
pub fn goldstein_of_root(root: u8) -> Option<f64> {
    const G: [f64; 20] = [
        0.0, 3.0, 4.0, 1.0, 3.5, 6.0, 7.0, 5.0, -2.0, -5.0, -2.0, -4.0, -6.0, -6.5, -7.2, -4.0,
        -7.0, -9.0, -10.0, -10.0,
    ];
    if (1..=20).contains(&root) { Some(G[root as usize - 1]) } else { None }
}

impl EventType {
    pub const ALL: [EventType; 17] = [
        EventType::InsurgentAttack,
        EventType::Accusation,
        EventType::EnvoySummoned,
        EventType::AmbassadorRecalled,
        EventType::AmbassadorRestored,
        EventType::Call,
        EventType::Visit,
        EventType::Agreement,
        EventType::SecurityCooperation,
        EventType::CrossBorderStrike,
        EventType::BorderClosure,
        EventType::BorderOpening,
        EventType::ElectricityCut,
        EventType::TradeMeasure,
        EventType::EnergyMeasure,
        EventType::LeaderChange,
        EventType::Other,
    ];

    /// The snake_case name used in the native CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::InsurgentAttack => "insurgent_attack",
            EventType::Accusation => "accusation",
            EventType::EnvoySummoned => "envoy_summoned",
            EventType::AmbassadorRecalled => "ambassador_recalled",
            EventType::AmbassadorRestored => "ambassador_restored",
            EventType::Call => "call",
            EventType::Visit => "visit",
            EventType::Agreement => "agreement",
            EventType::SecurityCooperation => "security_cooperation",
            EventType::CrossBorderStrike => "cross_border_strike",
            EventType::BorderClosure => "border_closure",
            EventType::BorderOpening => "border_opening",
            EventType::ElectricityCut => "electricity_cut",
            EventType::TradeMeasure => "trade_measure",
            EventType::EnergyMeasure => "energy_measure",
            EventType::LeaderChange => "leader_change",
            EventType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.iter().copied().find(|t| t.as_str() == s)
    }

    /// Representative CAMEO code (`None` for leader change and other: no CAMEO verb).
    pub fn cameo_code(self) -> Option<&'static str> {
        Some(match self {
            EventType::InsurgentAttack => "180",
            EventType::Accusation => "112",
            EventType::EnvoySummoned => "110",
            EventType::AmbassadorRecalled => "161",
            EventType::AmbassadorRestored => "050",
            EventType::Call => "040",
            EventType::Visit => "042",
            EventType::Agreement => "057",
            EventType::SecurityCooperation => "062",
            EventType::CrossBorderStrike => "195",
            EventType::BorderClosure => "172",
            EventType::BorderOpening => "081",
            EventType::ElectricityCut => "162",
            EventType::TradeMeasure => "061",
            EventType::EnergyMeasure => "061",
            EventType::LeaderChange | EventType::Other => return None,
        })
    }

    /// CAMEO root (1–20) of [`cameo_code`](Self::cameo_code).
    pub fn cameo_root(self) -> Option<u8> {
        self.cameo_code().map(|c| (c.as_bytes()[0] - b'0') * 10 + (c.as_bytes()[1] - b'0'))
    }

    /// Goldstein weight (−10 conflictual … +10 cooperative). Uses the sub-code value
    /// where the reference lists one (112, 161, 042, 057, 061, 195), else the root
    /// value; 0 for leader change / other.
    pub fn goldstein(self) -> f64 {
        match self {
            EventType::InsurgentAttack => -9.0,
            EventType::Accusation => -2.0,
            EventType::EnvoySummoned => -2.0,
            EventType::AmbassadorRecalled => -4.0,
            EventType::AmbassadorRestored => 3.5,
            EventType::Call => 1.0,
            EventType::Visit => 1.9,
            EventType::Agreement => 8.0,
            EventType::SecurityCooperation => 6.0,
            EventType::CrossBorderStrike => -10.0,
            EventType::BorderClosure => -7.0,
            EventType::BorderOpening => 5.0,
            EventType::ElectricityCut => -4.0,
            EventType::TradeMeasure => 6.4,
            EventType::EnergyMeasure => 6.4,
            EventType::LeaderChange | EventType::Other => 0.0,
        }
    }

    /// PLOVER category.
    pub fn plover(self) -> Option<Plover> {
        match self {
            // PLOVER files formal agreements under AGREE although CAMEO 057 sits in root 05.
            EventType::Agreement => Some(Plover::Agree),
            t => {
                let code = t.cameo_code()?;
                Plover::from_cameo(t.cameo_root()?, code)
            }
        }
    }

    /// MID hostility level and action for state-to-state uses of force; `None` otherwise.
    pub fn mid(self) -> Option<MidLevel> {
        match self {
            EventType::CrossBorderStrike => Some(MidLevel { hostility: 4, action: 16 }),
            _ => None,
        }
    }

    /// Whether the type is violent (insurgent attack or cross-border strike).
    pub fn is_violent(self) -> bool {
        matches!(self, EventType::InsurgentAttack | EventType::CrossBorderStrike)
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two states of the dyad.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Iran,
    Pakistan,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Iran => Side::Pakistan,
            Side::Pakistan => Side::Iran,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Iran => "iran",
            Side::Pakistan => "pakistan",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who acted (or was acted on).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The Iranian state (government, IRGC, police, Basij, border guards).
    Iran,
    /// The Pakistani state (government, military, police, Frontier Corps).
    Pakistan,
    /// Jaish al-Adl and other insurgents operating in Iran.
    InsurgentsIran,
    /// Baloch separatists (BLA, BLF, BRAS) and other insurgents operating in Pakistan.
    InsurgentsPakistan,
    /// Other states and international bodies (China, Saudi Arabia, the UN, …).
    ThirdParty,
    /// Civilians, unidentified or not applicable.
    Other,
}

impl Actor {
    pub const ALL: [Actor; 6] = [
        Actor::Iran,
        Actor::Pakistan,
        Actor::InsurgentsIran,
        Actor::InsurgentsPakistan,
        Actor::ThirdParty,
        Actor::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Iran => "iran",
            Actor::Pakistan => "pakistan",
            Actor::InsurgentsIran => "insurgents_iran",
            Actor::InsurgentsPakistan => "insurgents_pakistan",
            Actor::ThirdParty => "third_party",
            Actor::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Actor> {
        Actor::ALL.iter().copied().find(|a| a.as_str() == s)
    }

    /// The state, if the actor *is* one of the two states.
    pub fn state(self) -> Option<Side> {
        match self {
            Actor::Iran => Some(Side::Iran),
            Actor::Pakistan => Some(Side::Pakistan),
            _ => None,
        }
    }

    /// The state whose territory the actor belongs to or operates in (insurgents in
    /// Iran → Iran).
    pub fn home(self) -> Option<Side> {
        match self {
            Actor::Iran | Actor::InsurgentsIran => Some(Side::Iran),
            Actor::Pakistan | Actor::InsurgentsPakistan => Some(Side::Pakistan),
            _ => None,
        }
    }

    pub fn is_insurgent(self) -> bool {
        matches!(self, Actor::InsurgentsIran | Actor::InsurgentsPakistan)
    }

    /// Whether the actor belongs to the dyad (either state or its insurgents).
    pub fn in_dyad(self) -> bool {
        self.home().is_some()
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Country of an event's location. Iran and Pakistan are typed; anything else keeps
/// its code or name as given.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Country {
    Iran,
    Pakistan,
    Other(String),
}

impl Country {
    /// The native-CSV spelling: `IRN`, `PAK`, or the original text.
    pub fn as_str(&self) -> &str {
        match self {
            Country::Iran => "IRN",
            Country::Pakistan => "PAK",
            Country::Other(s) => s,
        }
    }

    /// Recognises ISO3 (`IRN`/`PAK`), FIPS/ISO2 (`IR`/`PK`), ISO numeric
    /// (`364`/`586`), CAMEO country codes and English names. Empty → `None`.
    pub fn parse(s: &str) -> Option<Country> {
        let t = s.trim();
        if t.is_empty() {
            return None;
        }
        Some(match classify_country(t.as_bytes()) {
            Some(Side::Iran) => Country::Iran,
            Some(Side::Pakistan) => Country::Pakistan,
            None => Country::Other(t.to_string()),
        })
    }

    pub fn side(&self) -> Option<Side> {
        match self {
            Country::Iran => Some(Side::Iran),
            Country::Pakistan => Some(Side::Pakistan),
            Country::Other(_) => None,
        }
    }
}

/// Allocation-free recognition of Iran / Pakistan country spellings.
pub(crate) fn classify_country(b: &[u8]) -> Option<Side> {
    const IRAN: [&[u8]; 6] = [b"IRN", b"IR", b"364", b"IRAN", b"ISLAMIC REPUBLIC OF IRAN", b"IRAN (ISLAMIC REPUBLIC OF)"];
    const PAK: [&[u8]; 5] = [b"PAK", b"PK", b"586", b"PAKISTAN", b"ISLAMIC REPUBLIC OF PAKISTAN"];
    if IRAN.iter().any(|c| c.eq_ignore_ascii_case(b)) {
        Some(Side::Iran)
    } else if PAK.iter().any(|c| c.eq_ignore_ascii_case(b)) {
        Some(Side::Pakistan)
    } else {
        None
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ASCII case-insensitive substring test without allocation.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Maps a free-text actor name (ACLED `actor1`, UCDP `side_a`, …) onto the
/// vocabulary. `country` is the event's location, used for unidentified armed groups.
pub fn classify_actor_name(name: &str, country: Option<Side>) -> Actor {
    let n = name.trim();
    if n.is_empty() {
        return Actor::Other;
    }
    const IR_INSURGENTS: [&str; 7] = [
        "jaish al-adl",
        "jaish al adl",
        "jaish ul-adl",
        "jaish-ul-adl",
        "jondullah",
        "jundallah",
        "ansar al-furqan",
    ];
    const PK_INSURGENTS: [&str; 10] = [
        "bla:",
        "blf:",
        "bras:",
        "baloch liberation",
        "balochistan liberation",
        "baluchistan liberation",
        "baloch republican",
        "baloch raaji",
        "ttp:",
        "tehreek-i-taliban",
    ];
    if IR_INSURGENTS.iter().any(|p| contains_ci(n, p)) {
        return Actor::InsurgentsIran;
    }
    if PK_INSURGENTS.iter().any(|p| contains_ci(n, p))
        || ["BLA", "BLF", "BRAS", "TTP"].iter().any(|p| n.eq_ignore_ascii_case(p))
    {
        return Actor::InsurgentsPakistan;
    }
    let state_words = ["government of", "military forces of", "police forces of", "forces of"];
    let is_state_like = state_words.iter().any(|w| contains_ci(n, w))
        || contains_ci(n, "revolutionary guard")
        || contains_ci(n, "basij")
        || contains_ci(n, "frontier corps");
    let mentions_iran = contains_ci(n, "iran");
    let mentions_pak = contains_ci(n, "pakistan");
    if is_state_like || n.eq_ignore_ascii_case("iran") || n.eq_ignore_ascii_case("pakistan") {
        if mentions_iran && !mentions_pak {
            return Actor::Iran;
        }
        if mentions_pak && !mentions_iran {
            return Actor::Pakistan;
        }
        if contains_ci(n, "revolutionary guard") || contains_ci(n, "basij") {
            return Actor::Iran;
        }
        if contains_ci(n, "frontier corps") {
            return Actor::Pakistan;
        }
        return Actor::ThirdParty;
    }
    if contains_ci(n, "unidentified armed group") || contains_ci(n, "rebel") || contains_ci(n, "insurgent")
    {
        return match country {
            Some(Side::Iran) => Actor::InsurgentsIran,
            Some(Side::Pakistan) => Actor::InsurgentsPakistan,
            None => Actor::Other,
        };
    }
    Actor::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_roots_and_plover() {
        assert_eq!(EventType::CrossBorderStrike.cameo_root(), Some(19));
        assert_eq!(EventType::CrossBorderStrike.plover(), Some(Plover::Fight));
        assert_eq!(EventType::AmbassadorRecalled.plover(), Some(Plover::Sanction));
        assert_eq!(EventType::BorderOpening.plover(), Some(Plover::Concede));
        assert_eq!(EventType::Visit.plover(), Some(Plover::Consult));
        assert_eq!(EventType::CrossBorderStrike.mid(), Some(MidLevel { hostility: 4, action: 16 }));
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
            if let Some(root) = t.cameo_root() {
                assert!((1..=20).contains(&root));
                // Conflictual roots carry negative weights, cooperative ones positive.
                assert_eq!(t.goldstein() < 0.0, goldstein_of_root(root).unwrap() < 0.0, "{t}");
            }
        }
    }

    #[test]
    fn actor_names() {
        assert_eq!(classify_actor_name("Jaish al-Adl", None), Actor::InsurgentsIran);
        assert_eq!(classify_actor_name("BLA: Balochistan Liberation Army", None), Actor::InsurgentsPakistan);
        assert_eq!(classify_actor_name("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", None), Actor::Iran);
        assert_eq!(classify_actor_name("Police Forces of Pakistan (2022-)", None), Actor::Pakistan);
        assert_eq!(classify_actor_name("Government of Pakistan", None), Actor::Pakistan);
        assert_eq!(classify_actor_name("Military Forces of India (2014-)", None), Actor::ThirdParty);
        assert_eq!(classify_actor_name("Unidentified Armed Group (Pakistan)", Some(Side::Pakistan)), Actor::InsurgentsPakistan);
        assert_eq!(classify_actor_name("Civilians (Pakistan)", Some(Side::Pakistan)), Actor::Other);
    }
}
