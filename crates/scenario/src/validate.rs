//! Checks that go beyond the schema: structure of the dyad and ranges of values.

use crate::levers::LEVERS;
use crate::locate::{line_column, span_of};
use crate::params::visit;
use crate::{Scenario, ScenarioError};

pub(crate) struct Checker<'a> {
    text: &'a str,
    origin: &'a str,
    first: Option<ScenarioError>,
}

impl Checker<'_> {
    pub(crate) fn fail(&mut self, path: &str, message: String) {
        if self.first.is_some() {
            return;
        }
        let offset = span_of(self.text, path).map(|s| s.start).unwrap_or(0);
        let (line, column) = line_column(self.text, offset);
        self.first = Some(ScenarioError::Invalid {
            origin: self.origin.to_string(),
            line,
            column,
            path: path.to_string(),
            message,
        });
    }
}

/// Ids are lower-case ASCII letters, digits and `_`, starting with a letter.
pub(crate) fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Parses `YYYY-MM-DD` strictly.
pub(crate) fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || s.len() != 10 || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if d == 0 || d > days[(m - 1) as usize] {
        return None;
    }
    Some((y, m, d))
}

pub(crate) fn validate(scenario: &Scenario, text: &str, origin: &str) -> Result<(), ScenarioError> {
    let mut c = Checker { text, origin, first: None };
    if parse_date(&scenario.meta.start_date).is_none() {
        c.fail("meta.start_date", format!("`{}` is not a date; expected YYYY-MM-DD", scenario.meta.start_date));
    }
    if scenario.state.len() != 2 {
        c.fail("state", format!("a dyad has exactly 2 states, found {}", scenario.state.len()));
        return Err(c.first.unwrap());
    }
    if scenario.state[0].id == scenario.state[1].id {
        c.fail("state[1].id", format!("state ids must differ; both are `{}`", scenario.state[0].id));
    }
    let ids: Vec<&str> = scenario.state.iter().map(|s| s.id.as_str()).collect();
    let known = format!("`{}` or `{}`", ids[0], ids[1]);
    for (idx, st) in scenario.state.iter().enumerate() {
        if st.iso3.len() != 3 || !st.iso3.bytes().all(|b| b.is_ascii_uppercase()) {
            c.fail(&format!("state[{idx}].iso3"), format!("`{}` is not an ISO 3166-1 alpha-3 code; expected three capital letters such as `PAK`", st.iso3));
        }
        if st.fips.len() != 2 || !st.fips.bytes().all(|b| b.is_ascii_uppercase()) {
            c.fail(&format!("state[{idx}].fips"), format!("`{}` is not a FIPS 10-4 country code; expected two capital letters such as `PK`", st.fips));
        }
    }
    if scenario.state.len() == 2 && scenario.state[0].iso3 == scenario.state[1].iso3 {
        c.fail("state[1].iso3", "the two states need different ISO codes".to_string());
    }
    let reserved = ["third_party", "other"];
    for (idx, st) in scenario.state.iter().enumerate() {
        if !valid_id(&st.id) || reserved.contains(&st.id.as_str()) || st.id.starts_with("insurgents_") {
            c.fail(
                &format!("state[{idx}].id"),
                format!("`{}` is not a usable id; expected lower-case letters, digits and `_`, not `third_party`, `other` or `insurgents_…`", st.id),
            );
        }
    }
    if scenario.insurgent_group.is_empty() {
        c.fail("insurgent_group", "a scenario needs at least one insurgent group".to_string());
    }
    for (idx, g) in scenario.insurgent_group.iter().enumerate() {
        if !valid_id(&g.id) || reserved.contains(&g.id.as_str()) || g.id.starts_with("insurgents_") || ids.contains(&g.id.as_str()) {
            c.fail(
                &format!("insurgent_group[{idx}].id"),
                format!("`{}` is not a usable group id; expected lower-case letters, digits and `_`, different from the state ids, `third_party`, `other` and `insurgents_…`", g.id),
            );
        }
        if scenario.insurgent_group[..idx].iter().any(|o| o.id == g.id) {
            c.fail(&format!("insurgent_group[{idx}].id"), format!("group id `{}` is used twice", g.id));
        }
        if !ids.contains(&g.operates_in.as_str()) {
            c.fail(&format!("insurgent_group[{idx}].operates_in"), format!("`{}` is not a state; expected {known}", g.operates_in));
        } else if !ids.contains(&g.shelters_in.as_str()) {
            c.fail(&format!("insurgent_group[{idx}].shelters_in"), format!("`{}` is not a state; expected {known}", g.shelters_in));
        } else if g.operates_in == g.shelters_in {
            c.fail(
                &format!("insurgent_group[{idx}].shelters_in"),
                "a group must shelter in the other state of the dyad".to_string(),
            );
        }
    }
    if scenario.border_region.len() != 2 {
        c.fail("border_region", format!("expected exactly 2 border regions (one in each state), found {}", scenario.border_region.len()));
    }
    for (idx, r) in scenario.border_region.iter().enumerate() {
        if !ids.contains(&r.state.as_str()) {
            c.fail(&format!("border_region[{idx}].state"), format!("`{}` is not a state; expected {known}", r.state));
        }
        if r.autonomy_aspiration.value + r.poverty.value > 1.0 {
            c.fail(
                &format!("border_region[{idx}].poverty.value"),
                "autonomy_aspiration + poverty must not exceed 1 (grievance is an index in [0, 1])".to_string(),
            );
        }
    }
    if scenario.border_region.len() == 2 && scenario.border_region[0].state == scenario.border_region[1].state {
        c.fail("border_region[1].state", "each state must have exactly one border region".to_string());
    }
    if let Some(fuel) = &scenario.economy.fuel
        && !ids.contains(&fuel.supplier.as_str()) {
            c.fail("economy.fuel.supplier", format!("`{}` is not a state; expected {known}", fuel.supplier));
        }
    if let Some(el) = &scenario.economy.electricity {
        if !ids.contains(&el.supplier.as_str()) {
            c.fail("economy.electricity.supplier", format!("`{}` is not a state; expected {known}", el.supplier));
        }
    } else if scenario.initial.electricity_on.is_some() {
        c.fail("initial.electricity_on", "there is no [economy.electricity] channel; leave this field out".to_string());
    }
    if scenario.levers.smuggling_crackdown.is_some() && scenario.economy.fuel.is_none() {
        c.fail("levers.smuggling_crackdown", "there is no [economy.fuel] channel; leave this lever out".to_string());
    }
    if scenario.levers.pipeline_completion.is_some() && scenario.economy.pipeline.is_none() {
        c.fail("levers.pipeline_completion", "there is no [economy.pipeline]; leave this lever out".to_string());
    }
    for (idx, p) in scenario.pressure.iter().enumerate() {
        if !ids.contains(&p.on.as_str()) {
            c.fail(&format!("pressure[{idx}].on"), format!("`{}` is not a state; expected {known}", p.on));
        }
    }
    let d = &scenario.definitions;
    if d.mass_casualty_deaths == 0 {
        c.fail("definitions.mass_casualty_deaths", "must be at least 1".to_string());
    }
    if !(1..=365).contains(&d.exchange_window_days) {
        c.fail("definitions.exchange_window_days", format!("{} is out of range; allowed 1..=365", d.exchange_window_days));
    }
    if !(2..=365).contains(&d.war_strike_days) {
        c.fail("definitions.war_strike_days", format!("{} is out of range; allowed 2..=365", d.war_strike_days));
    }
    if !(d.war_strike_days..=365).contains(&d.war_window_days) {
        c.fail(
            "definitions.war_window_days",
            format!("{} is out of range; allowed war_strike_days..=365", d.war_window_days),
        );
    }
    if !(d.resolution_intensity_share > 0.0 && d.resolution_intensity_share < 1.0) {
        c.fail(
            "definitions.resolution_intensity_share",
            format!("{} is out of range; allowed 0 < value < 1", d.resolution_intensity_share),
        );
    }
    if !(1..=3650).contains(&d.resolution_days) {
        c.fail("definitions.resolution_days", format!("{} is out of range; allowed 1..=3650", d.resolution_days));
    }
    if !(1..=365).contains(&d.episode_gap_days) {
        c.fail("definitions.episode_gap_days", format!("{} is out of range; allowed 1..=365", d.episode_gap_days));
    }
    let levers = scenario.default_levers();
    for spec in LEVERS.iter().filter(|s| (s.available)(scenario)) {
        let value = (spec.get)(&levers);
        if !(spec.min..=spec.max).contains(&value) || !value.is_finite() {
            c.fail(
                &format!("levers.{}", spec.toml_key),
                format!("{value} is out of range; allowed {}..={} ({})", spec.min, spec.max, spec.unit),
            );
        }
    }
    if let Some(post) = &scenario.posterior {
        let n = post.parameters.len();
        let names: Vec<String> = crate::parameter_paths(scenario).into_iter().map(|p| p.name).collect();
        if [post.lower.len(), post.upper.len(), post.lower_bounded.len(), post.upper_bounded.len(), post.mode_z.len(), post.cholesky.len()]
            .iter()
            .any(|&len| len != n)
        {
            c.fail("posterior", format!("every list must have one entry per parameter ({n})"));
        } else if let Some(bad) = post.parameters.iter().find(|p| !names.contains(p)) {
            c.fail("posterior.parameters", format!("`{bad}` is not a parameter of this scenario; `faultline scenario params` lists them"));
        } else if post.cholesky.iter().enumerate().any(|(i, row)| row.len() != n || row[i] <= 0.0 || row[i + 1..].iter().any(|v| *v != 0.0))
            || post.cholesky.iter().flatten().chain(&post.mode_z).any(|v| !v.is_finite())
        {
            c.fail("posterior.cholesky", format!("expected a {n}×{n} lower-triangular matrix with a positive diagonal and finite entries"));
        }
    }
    let mut copy = scenario.clone();
    visit(&mut copy, &mut |_, path, param, domain| {
        let [low, high] = param.range;
        let value_path = format!("{path}.value");
        let range_path = format!("{path}.range");
        if !domain.contains(param.value) {
            c.fail(&value_path, format!("{} is out of range; allowed {}", param.value, domain.describe()));
        } else if !(domain.contains(low) && domain.contains(high)) || low > high {
            c.fail(
                &range_path,
                format!("[{low}, {high}] is not a valid range; both ends must be {} with low ≤ high", domain.describe()),
            );
        } else if !(low..=high).contains(&param.value) {
            c.fail(&value_path, format!("{} lies outside its own range [{low}, {high}]", param.value));
        } else if param.source.trim().is_empty() {
            c.fail(&format!("{path}.source"), "every parameter needs a source".to_string());
        }
    });
    crate::claims::validate_claims(scenario, &mut c);
    match c.first {
        Some(err) => Err(err),
        None => Ok(()),
    }
}
