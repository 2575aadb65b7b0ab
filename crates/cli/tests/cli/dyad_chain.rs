//! The events chain (`scenario check`, `forecast`, `events import|summary`,
//! `calibrate`, `forecast --events --as-of`, `backtest`, `report`) on a scenario
//! written here, whose ids appear nowhere in the code, and on the built-in
//! pakistan-afghanistan scenario with its chronology.

use std::path::{Path, PathBuf};

use crate::support::{faultline, scratch, stderr, stdout};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A claim written for the northland scenario: a mass-casualty attack in Northland
/// makes a Northland strike likely within 60 days.
const NORTHLAND_CLAIMS: &str = r#"
[[claim]]
id = "attack_provokes_strike"
statement = "A mass-casualty attack in Northland makes Northland strike across the border"
source = "written for this test"
measure = { probability = "strike_by_northland", day = 60 }
comparison = { difference = ["attack", "calm"] }
bound = { above = 0.2 }

[[claim.arm]]
name = "calm"

[[claim.arm]]
name = "attack"
shocks = ["attack:northland:30@10"]
"#;

/// The built-in iran-pakistan scenario with every id, name, code and alias of its
/// states and groups renamed: states `northland` / `southland`, groups `north_front`
/// (attacking northland) and `south_front` (attacking southland). Its claims are
/// replaced by [`NORTHLAND_CLAIMS`].
fn northland_toml() -> String {
    let text = scenario::builtin_prior_text("iran-pakistan").unwrap();
    let text = &text[..text.find("[[claim]]").expect("the built-in scenario has claims")];
    let mut out = String::new();
    let mut section = "";
    let mut states = 0;
    let mut groups = 0;
    for line in text.lines() {
        if line.starts_with("[[state]]") {
            section = "state";
            states += 1;
        } else if line.starts_with("[[insurgent_group]]") {
            section = "group";
            groups += 1;
        } else if line.starts_with('[') {
            section = "";
        }
        let north = if section == "state" { states == 1 } else { groups == 1 };
        let key = line.split('=').next().unwrap_or("").trim();
        let replaced = match (section, key) {
            ("state", "name") => Some(if north { "name = \"Kingdom of Northland\"" } else { "name = \"Republic of Southland\"" }.to_string()),
            ("state", "iso3") => Some(if north { "iso3 = \"NLD\"" } else { "iso3 = \"SLD\"" }.to_string()),
            ("state", "fips") => Some(if north { "fips = \"NL\"" } else { "fips = \"SL\"" }.to_string()),
            ("state", "aliases") => Some(
                if north { r#"aliases = ["Northland Army", "Military Forces of Northland", "Northland Border Guard"]"# } else { r#"aliases = ["Southland Army", "Military Forces of Southland", "Southland Rangers"]"# }
                    .to_string(),
            ),
            ("group", "name") => Some(if north { "name = \"North Front\"" } else { "name = \"South Front\"" }.to_string()),
            ("group", "aliases") => Some(
                if north { r#"aliases = ["North Front", "NF"]"# } else { r#"aliases = ["South Front of Southland", "SFS"]"# }.to_string(),
            ),
            ("group", "admin1") => Some(if north { r#"admin1 = ["Upper March"]"# } else { r#"admin1 = ["Lower March"]"# }.to_string()),
            _ => None,
        };
        let line = replaced.unwrap_or_else(|| {
            line.replace("\"iran-pakistan\"", "\"northland-southland\"")
                .replace("\"iran\"", "\"northland\"")
                .replace("\"pakistan\"", "\"southland\"")
                .replace("\"jaish_al_adl\"", "\"north_front\"")
                .replace("\"baloch_separatists\"", "\"south_front\"")
        });
        out.push_str(&line);
        out.push('\n');
    }
    assert_eq!((states, groups), (2, 2));
    out.push_str(NORTHLAND_CLAIMS);
    out
}

/// Fails if `text` names the built-in scenario's states or groups.
fn assert_no_builtin_ids(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for id in ["iran", "pakistan", "jaish", "baloch"] {
        assert!(!lower.contains(id), "{what} mentions {id}:\n{text}");
    }
}

/// An ACLED-style export: 40 North Front attacks in Northland over 2023 (one row also
/// reported twice), 12 South Front attacks in Southland, a Northland strike in
/// Southland, a protest (out of scope) and a battle in a third country (out of scope).
fn write_acled(dir: &Path) -> PathBuf {
    let mut csv = String::from("event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,iso3,admin1,admin2,fatalities,notes\n");
    let start = events::Date::parse_iso("2023-01-03").unwrap();
    for k in 0..40 {
        let date = start.add_days(9 * k);
        csv.push_str(&format!(
            "NL{k},{date},Battles,Armed clash,NF: North Front,Military Forces of Northland,Northland,NLD,Upper March,Gorge,{},x\n",
            1 + k % 4
        ));
    }
    csv.push_str("NL0b,2023-01-03,Battles,Armed clash,Military Forces of Northland,NF: North Front,Northland,NLD,Upper March,Gorge,2,repeat\n");
    for k in 0..12 {
        let date = start.add_days(29 * k + 4);
        csv.push_str(&format!(
            "SL{k},{date},Explosions/Remote violence,Remote explosive,South Front of Southland (SFS),Southland Rangers,Southland,SLD,Lower March,Ford,{},y\n",
            2 + k % 3
        ));
    }
    csv.push_str("SL99,2023-06-20,Explosions/Remote violence,Air/drone strike,Military Forces of Northland,South Front of Southland,Southland,SLD,Lower March,Ford,3,strike\n");
    csv.push_str("SL98,2023-06-21,Protests,Peaceful protest,Protesters (Southland),,Southland,SLD,Capital,,0,z\n");
    csv.push_str("XX1,2023-06-22,Battles,Armed clash,Military Forces of Elsewhere,Rebels,Elsewhere,ELS,Far,,5,w\n");
    let path = dir.join("acled.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

/// A UCDP-style export: a Southland strike on North Front in Northland and a North Front
/// attack on the Northland government.
fn write_ucdp(dir: &Path) -> PathBuf {
    let csv = "id,type_of_violence,side_a,side_b,country,adm_1,adm_2,date_start,best,low,high,source_article,where_description\n\
               1,1,Government of Southland (Southland Army),North Front,Northland,Upper March,Gorge,2023-07-01,4,3,6,wire,Gorge\n\
               2,1,Government of Northland (Northland Army),North Front,Northland,Upper March,Gorge,2023-07-05,7,7,9,wire,Gorge\n";
    let path = dir.join("ged.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn chain_on_a_scenario_written_by_the_user() {
    let dir = scratch("northland");
    let scenario_path = dir.join("northland.toml");
    std::fs::write(&scenario_path, northland_toml()).unwrap();
    let sc = s(&scenario_path);

    let o = faultline(&["scenario", "check", sc]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = faultline(&["forecast", "--scenario", sc, "--runs", "200", "--days", "60"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("northland"), "{}", stdout(&o));

    // Imports match names through the scenario's aliases.
    let acled_out = dir.join("acled-events.csv");
    let o = faultline(&["events", "import", "--from", "acled", s(&write_acled(&dir)), "--out", s(&acled_out), "--scenario", sc]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("56 rows read, 53 imported, 1 merged as duplicates, 2 out of scope, 0 skipped"), "{report}");
    let written = std::fs::read_to_string(&acled_out).unwrap();
    assert!(written.contains(",north_front,northland,insurgent_attack,NLD,Upper March,"), "{written}");
    assert!(written.contains(",south_front,southland,insurgent_attack,SLD,Lower March,"), "{written}");
    assert!(written.contains("2023-06-20,northland,south_front,cross_border_strike,SLD,"), "{written}");
    let ucdp_out = dir.join("ucdp-events.csv");
    let o = faultline(&["events", "import", "--from", "ucdp", s(&write_ucdp(&dir)), "--out", s(&ucdp_out), "--scenario", sc]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&ucdp_out).unwrap();
    assert!(written.contains("2023-07-01,southland,north_front,cross_border_strike,NLD,"), "{written}");
    assert!(written.contains("2023-07-05,north_front,northland,insurgent_attack,NLD,"), "{written}");
    // Without the scenario, the file's actors are unknown: the error lists what is allowed.
    let o = faultline(&["events", "summary", s(&acled_out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("acled-events.csv") && err.contains("column actor") && err.contains("unknown actor \"north_front\""), "{err}");
    assert!(err.contains("allowed: iran, pakistan, jaish_al_adl"), "{err}");

    // Summaries are labelled by the scenario's ids.
    let o = faultline(&["events", "summary", s(&acled_out), "--scenario", sc, "--daily"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let daily = stdout(&o);
    let header: Vec<&str> = daily.lines().next().unwrap().split(',').collect();
    assert_eq!(header[0], "date");
    assert_eq!(&header[1..5], ["northland_insurgent_attacks", "northland_attack_fatalities", "northland_strikes_launched", "northland_strike_fatalities_suffered"]);
    assert_eq!(header[5], "southland_insurgent_attacks");
    assert_no_builtin_ids("events summary --daily", &daily);
    let o = faultline(&["events", "summary", s(&acled_out), "--scenario", sc, "--format", "csv"]);
    let tidy = stdout(&o);
    assert!(tidy.contains(",northland.insurgent_attacks,40\n") && tidy.contains(",southland.strikes_received,1\n"), "{tidy}");
    assert_no_builtin_ids("events summary --format csv", &tidy);
    let o = faultline(&["events", "summary", s(&acled_out), "--scenario", sc]);
    assert_no_builtin_ids("events summary", &stdout(&o));

    // Calibration fits each state's group.
    let calibrated = dir.join("calibrated.toml");
    let o = faultline(&["calibrate", "--events", s(&acled_out), "--scenario", sc, "--out", s(&calibrated)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(table.contains("northland (group north_front): 40 attacks"), "{table}");
    assert!(table.contains("southland (group south_front): 12 attacks"), "{table}");
    assert_no_builtin_ids("calibrate", &table);
    let o = faultline(&["scenario", "check", s(&calibrated)]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Forecast from the history, and a backtest.
    let o = faultline(&[
        "forecast", "--scenario", sc, "--events", s(&acled_out), "--as-of", "2023-09-01", "--runs", "200", "--days", "30",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("northland") && err.contains("southland"), "{err}");
    assert_no_builtin_ids("forecast --as-of (state)", &err);
    let o = faultline(&[
        "backtest", "--events", s(&acled_out), "--scenario", sc, "--from", "2023-04-01", "--to", "2023-10-01", "--every", "60d",
        "--horizon", "30d", "--runs", "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(table.contains("mass_casualty_northland") || table.contains("attacks_northland"), "{table}");
    assert_no_builtin_ids("backtest", &table);

    // The report shows the imported history and labels it by the scenario's states.
    let page = dir.join("report.html");
    let o = faultline(&[
        "report", "--scenario", sc, "--runs", "200", "--days", "60", "--claims-runs", "0", "--events", s(&acled_out), "--out", s(&page),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("What happened before day 0") && html.contains("acled-events.csv"));
    assert!(html.contains("Northland") && html.contains("Southland"));
    // No default history for a scenario without a chronology of its name.
    let page2 = dir.join("report2.html");
    let o = faultline(&["report", "--scenario", sc, "--runs", "200", "--days", "60", "--claims-runs", "0", "--out", s(&page2)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(&page2).unwrap().contains("What happened before day 0"));

    // The scenario's own claim, in its own names.
    let o = faultline(&["claims", "--scenario", sc, "--runs", "300"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let table = stdout(&o);
    assert!(table.contains("[HOLDS] attack_provokes_strike") && table.contains("P(strike_by_northland by day 60)"), "{table}");
    assert!(table.contains("1 of 1 claims hold"), "{table}");
    assert_no_builtin_ids("claims", &table);
}

#[test]
fn chain_on_pakistan_afghanistan_with_its_chronology() {
    let dir = scratch("pakafg");
    let sc = "pakistan-afghanistan";
    let chrono = "pakistan-afghanistan";
    // `scenario show` prints the built-in TOML; `scenario check` validates a file.
    let o = faultline(&["scenario", "show", sc]);
    let file = dir.join("pakistan-afghanistan.toml");
    std::fs::write(&file, &o.stdout).unwrap();
    let o = faultline(&["scenario", "check", s(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = faultline(&["forecast", "--scenario", sc, "--runs", "200", "--days", "60"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = faultline(&["events", "show", chrono, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(",pakistan,afghanistan,cross_border_strike,"));
    let o = faultline(&["events", "summary", chrono, "--daily", "--from", "2024-01-01", "--to", "2024-12-14"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let header = stdout(&o).lines().next().unwrap().to_string();
    assert!(header.starts_with("date,pakistan_insurgent_attacks,") && header.contains(",afghanistan_insurgent_attacks,"), "{header}");
    // The chronology read as another scenario's events: an error naming what is allowed.
    let o = faultline(&["events", "summary", chrono, "--scenario", "iran-pakistan"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("allowed: iran, pakistan"), "{}", stderr(&o));

    // An ACLED row with TTP (whose name contains "Pakistan") is the group, not the state.
    let acled = dir.join("acled.csv");
    std::fs::write(
        &acled,
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,admin1,admin2,fatalities\n\
         P1,2024-03-16,Battles,Armed clash,TTP: Tehrik-i-Taliban Pakistan,Military Forces of Pakistan (2018-),Pakistan,Khyber Pakhtunkhwa,North Waziristan,7\n\
         P2,2024-03-18,Explosions/Remote violence,Air/drone strike,Military Forces of Pakistan (2018-),TTP: Tehrik-i-Taliban Pakistan,Afghanistan,Paktika,Barmal,8\n",
    )
    .unwrap();
    let out = dir.join("imported.csv");
    let o = faultline(&["events", "import", "--from", "acled", s(&acled), "--out", s(&out), "--scenario", sc, "--scope", "border"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("2024-03-16,ttp,pakistan,insurgent_attack,PAK,Khyber Pakhtunkhwa,"), "{written}");
    assert!(written.contains("2024-03-18,pakistan,ttp,cross_border_strike,AFG,Paktika,"), "{written}");

    // Calibration: both groups attack Pakistan; Afghanistan has none to fit.
    let calibrated = dir.join("calibrated.toml");
    let o = faultline(&["calibrate", "--events", chrono, "--scenario", sc, "--out", s(&calibrated), "--from", "2021-01-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(table.contains("pakistan (groups ttp, baloch_separatists)"), "{table}");
    assert!(table.contains("afghanistan (no group): 0 attacks") && table.contains("nothing to fit"), "{table}");
    let o = faultline(&["scenario", "check", s(&calibrated)]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = faultline(&["forecast", "--scenario", sc, "--events", chrono, "--as-of", "2024-12-15", "--runs", "200", "--days", "30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("afghanistan"), "{}", stderr(&o));
    let o = faultline(&[
        "backtest", "--events", chrono, "--scenario", sc, "--from", "2023-01-01", "--to", "2024-06-01", "--every", "90d", "--horizon",
        "60d", "--runs", "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("afghanistan") && !stdout(&o).to_lowercase().contains("iran"), "{}", stdout(&o));

    // It declares no claims: `claims` says so and exits 2; the report notes it.
    let o = faultline(&["claims", "--scenario", sc, "--runs", "100"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("scenario `pakistan-afghanistan` has no claims"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    // The report's default history is the chronology named after the scenario.
    let page = dir.join("report.html");
    let o = faultline(&["report", "--scenario", sc, "--runs", "200", "--days", "60", "--claims-runs", "0", "--out", s(&page)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&page).unwrap().contains("built-in chronology pakistan-afghanistan"));
}
