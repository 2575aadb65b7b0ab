//! The small controlled vocabulary Faultline uses for a dyad's events, and its
//! mapping onto CAMEO / Goldstein / PLOVER / MID (see docs/events.md).

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

/// Who acted (or was acted on), keyed by a scenario's [`Dyad`](crate::Dyad): side `i`
/// is the scenario's `i`-th state, group `g` its `g`-th insurgent group.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Actor {
    /// A state (government, armed forces, police, intelligence, border guards).
    State(usize),
    /// A named insurgent group, with the side of the state it attacks.
    Group { group: usize, side: usize },
    /// Insurgents operating in state `i`, group not identified.
    Insurgents(usize),
    /// Other states and international bodies.
    ThirdParty,
    /// Civilians, unidentified or not applicable.
    Other,
}

impl Actor {
    /// The state, if the actor *is* one of the two states.
    pub fn state(self) -> Option<usize> {
        match self {
            Actor::State(i) => Some(i),
            _ => None,
        }
    }

    /// The state whose territory the actor belongs to or operates in (insurgents
    /// attacking state `i` → `i`).
    pub fn home(self) -> Option<usize> {
        match self {
            Actor::State(i) | Actor::Insurgents(i) | Actor::Group { side: i, .. } => Some(i),
            Actor::ThirdParty | Actor::Other => None,
        }
    }

    pub fn is_insurgent(self) -> bool {
        matches!(self, Actor::Group { .. } | Actor::Insurgents(_))
    }

    /// Whether the actor belongs to the dyad (either state or its insurgents).
    pub fn in_dyad(self) -> bool {
        self.home().is_some()
    }
}

/// Country of an event's location: one of the two states (by side index), or any
/// other country kept as its source wrote it.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Country {
    State(usize),
    Other(String),
}

impl Country {
    pub fn side(&self) -> Option<usize> {
        match self {
            Country::State(i) => Some(*i),
            Country::Other(_) => None,
        }
    }
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
}
