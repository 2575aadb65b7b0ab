//! Arms of a comparison: a baseline setting plus lever changes and shocks.

use scenario::{Levers, Scenario, Shock};

use crate::{PolicyError, Result};

/// One arm of a comparison: the levers and shocks of its runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Arm {
    /// Name used in reports (`baseline` for the baseline).
    pub name: String,
    pub levers: Levers,
    pub shocks: Vec<Shock>,
    /// What this arm changes relative to the baseline, in command-line form
    /// (`mutual_expulsion=1`, `shock=attack:iran:30@10`).
    pub changes: Vec<String>,
}

/// Usage line for arm syntax, quoted in errors.
pub const ARM_USAGE: &str = "expected NAME:ITEM[,ITEM...] where ITEM is LEVER=VALUE or shock=KIND:STATE[:SIZE]@DAY, \
     e.g. expel:mutual_expulsion=1 or both:mutual_expulsion=1,development=300 or raid:shock=attack:iran:30@10";

impl Arm {
    /// The baseline arm: these levers and shocks, no changes.
    pub fn baseline(levers: Levers, shocks: Vec<Shock>) -> Arm {
        Arm { name: "baseline".to_string(), levers, shocks, changes: Vec::new() }
    }

    /// Parses `NAME:ITEM,ITEM,...` on top of `baseline`.
    ///
    /// `NAME` is letters, digits, `_`, `-` or `.`, and not `baseline`. Each
    /// `ITEM` is either `LEVER=VALUE` (any lever of `faultline scenario
    /// levers`, `development` for both regions) or `shock=SPEC` with a shock in
    /// the `--shock` syntax (`attack:iran:30@10`, `strike:pakistan@5`, ...);
    /// shocks are added to the baseline's shocks. Later items override
    /// earlier ones for the same lever.
    pub fn parse(text: &str, scenario: &Scenario, baseline: &Arm) -> Result<Arm> {
        let field = format!("arm `{text}`");
        let (name, body) = text.split_once(':').ok_or_else(|| PolicyError::input(&field, ARM_USAGE))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(PolicyError::input(&field, format!("the arm has no name; {ARM_USAGE}")));
        }
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
            return Err(PolicyError::input(
                &field,
                format!("name `{name}` may only contain letters, digits, `_`, `-` and `.`"),
            ));
        }
        if name == baseline.name {
            return Err(PolicyError::input(&field, format!("`{name}` is reserved for the baseline")));
        }
        let items: Vec<&str> = body.split(',').map(str::trim).collect();
        if items.iter().all(|s| s.is_empty()) {
            return Err(PolicyError::input(&field, format!("the arm changes nothing; {ARM_USAGE}")));
        }
        let mut arm = Arm { name: name.to_string(), ..baseline.clone() };
        arm.changes.clear();
        for item in items {
            if item.is_empty() {
                return Err(PolicyError::input(&field, format!("empty item (two commas in a row?); {ARM_USAGE}")));
            }
            let Some((key, value)) = item.split_once('=') else {
                return Err(PolicyError::input(&field, format!("item `{item}` has no `=`; {ARM_USAGE}")));
            };
            if key.trim() == "shock" {
                let shock = scenario::parse_shock(value.trim(), scenario).map_err(|e| PolicyError::input(&field, e.to_string()))?;
                arm.changes.push(format!("shock={}", shock.spec(scenario)));
                arm.shocks.push(shock);
            } else {
                arm.levers.apply_assignment(item, scenario).map_err(|e| PolicyError::input(&field, e.to_string()))?;
                arm.changes.push(format!("{}={}", key.trim(), value.trim()));
            }
        }
        Ok(arm)
    }
}
