//! End to end in a real headless Chromium: the page loads, computes the status
//! quo, moves a lever (from the query string, through the slider's own input
//! event), fetches the new forecast and renders it; we read the DOM Chromium
//! dumps and keep a screenshot in `target/tmp/dashboard-e2e.png`. A second
//! test switches the scenario picker and checks that only that scenario's
//! levers, parameters, states and outcomes are shown; a third pastes an article
//! (through the query string), checks the extracted event, its marked sentence and
//! the subtitle of the forecast rerun from it.
//!
//! Skips with a loud message only when no Chromium is installed and `CI` is
//! unset; under CI a missing browser fails the test.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dashboard::{AppState, ServerConfig};

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Runs Chromium headless on `url` with `extra` arguments; returns stdout. Kills it after `limit`.
fn chromium(exe: &Path, profile: &Path, url: &str, extra: &[String], limit: Duration) -> String {
    let mut cmd = Command::new(exe);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        // Virtual time runs the page's timers and waits for its fetches.
        "--virtual-time-budget=120000",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd.args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start chromium");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = reader.join().unwrap();
            assert!(status.success(), "chromium exited with {status}");
            return out;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The value of attribute `attr` on the element with id `id` in `dom`.
fn attribute(dom: &str, id: &str, attr: &str) -> Option<String> {
    let at = dom.find(&format!("id=\"{id}\""))?;
    let start = dom[..at].rfind('<')?;
    let end = at + dom[at..].find('>')?;
    let tag = &dom[start..end];
    let key = format!("{attr}=\"");
    let v = tag.find(&key)? + key.len();
    Some(tag[v..v + tag[v..].find('"')?].to_string())
}

fn start_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let state = AppState::new(ServerConfig {
            max_runs: 2_000,
            max_days: 365,
            max_concurrent: 2,
            version: "e2e".into(),
            ..ServerConfig::default()
        });
        dashboard::run_blocking("127.0.0.1:0".parse().unwrap(), state, |addr| {
            tx.send(addr).unwrap()
        })
        .unwrap();
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("server bound")
}

/// The Chromium to test with; `None` (after a loud message) only when there is none and
/// `CI` is unset.
fn chromium_or_skip() -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "chromium is not installed but CI is set: install Debian's `chromium` package (see .ci/run)"
            );
        }
        eprintln!(
            "\n\n*** SKIPPING the dashboard browser test: no chromium on PATH (apt-get install -y chromium). ***\n\n"
        );
    }
    found
}

/// The `<body ...>` tag of `dom`, checked for a page that rendered without error.
fn ready_body_tag(dom: &str) -> &str {
    assert!(
        attribute(dom, "error", "hidden").is_some(),
        "page shows an error:\n{dom}"
    );
    let body = &dom[dom.find("<body").expect("a body")..];
    let body_tag = &body[..body.find('>').unwrap()];
    assert!(
        body_tag.contains("data-state=\"ready\""),
        "page not ready: {body_tag}"
    );
    body_tag
}

#[test]
fn moving_a_lever_updates_the_displayed_probability() {
    let Some(exe) = chromium_or_skip() else {
        return;
    };
    let addr = start_server();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let profile = tmp.join(format!("chromium-profile-{}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    // The trade-target lever pulls trade up; its displayed probability of meeting the milestone must move.
    let url = format!("http://{addr}/?runs=400&days=365&seed=3&lever.trade_target=40");
    let dom = chromium(
        &exe,
        &profile,
        &url,
        &["--dump-dom".to_string()],
        Duration::from_secs(240),
    );

    let body_tag = ready_body_tag(&dom);
    let updates: u32 = body_tag
        .split("data-updates=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        updates >= 2,
        "expected the status quo and the moved lever to render, got {updates} updates"
    );
    // The lever really moved in the UI.
    let control = &dom[dom
        .find("data-name=\"trade_target\"")
        .expect("lever control")..];
    let control = &dom[dom[..dom.len() - control.len()].rfind('<').unwrap()..];
    assert!(
        control[..control.find('>').unwrap()].contains("changed"),
        "slider not marked as moved"
    );
    assert!(
        control[..control.find("</output>").unwrap()].ends_with(">40"),
        "slider does not show 40"
    );
    let p: f64 = attribute(&dom, "p-trade_target_met", "data-p")
        .unwrap()
        .parse()
        .unwrap();
    let base: f64 = attribute(&dom, "p-trade_target_met", "data-baseline")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        p > base + 0.05,
        "P(trade milestone) did not rise: status quo {base}, with the lever {p}"
    );
    // The displayed card text shows the change.
    let card = &dom[dom.find("id=\"p-trade_target_met\"").unwrap()..];
    let card = &card[..card.find("</div></div>").unwrap_or(card.len().min(600))];
    assert!(
        card.contains("status quo") && card.contains("pts"),
        "{card}"
    );
    // Charts were rendered from the server's SVG.
    for id in [
        "chart-tension",
        "chart-trade",
        "chart-escalation",
        "chart-attacks-iran",
    ] {
        let at = dom
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id}"));
        assert!(dom[at..].contains("<svg"), "{id} has no svg");
    }

    let shot = tmp.join("dashboard-e2e.png");
    let _ = std::fs::remove_file(&shot);
    chromium(
        &exe,
        &profile,
        &url,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,2600".to_string(),
        ],
        Duration::from_secs(240),
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "screenshot too small: {} bytes",
        png.len()
    );
    eprintln!("dashboard screenshot: {}", shot.display());
    let _ = std::fs::remove_dir_all(&profile);
}

#[test]
fn switching_the_picker_shows_only_that_scenarios_controls_and_outcomes() {
    let Some(exe) = chromium_or_skip() else {
        return;
    };
    let addr = start_server();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let profile = tmp.join(format!("chromium-profile-picker-{}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    // The page opens on iran-pakistan (with its fuel, electricity and pipeline), draws it,
    // then the query string switches the picker to pakistan-afghanistan (none of them).
    let url = format!("http://{addr}/?runs=300&days=120&seed=2&scenario=pakistan-afghanistan");
    let dom = chromium(
        &exe,
        &profile,
        &url,
        &["--dump-dom".to_string()],
        Duration::from_secs(240),
    );
    let body_tag = ready_body_tag(&dom);
    assert!(
        body_tag.contains("data-scenario=\"pakistan-afghanistan\""),
        "picker not switched: {body_tag}"
    );
    // Its outcomes as cards; no electricity card.
    for id in [
        "p-cross_border_strike",
        "p-strike_by_afghanistan",
        "p-trade_target_met",
        "p-mass_casualty_pakistan",
        "q-attacks_pakistan",
        "q-trade_usd_bn",
    ] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "no {id}");
    }
    for id in [
        "p-electricity_cut",
        "p-strike_by_iran",
        "p-mass_casualty_afghanistan",
        "q-attacks_afghanistan",
    ] {
        assert!(!dom.contains(&format!("id=\"{id}\"")), "{id} shown");
    }
    // Its levers and parameters only: no fuel-smuggling or pipeline slider, no energy stake.
    for name in [
        "mutual_expulsion",
        "trade_target",
        "liaison_ct",
        "state.afghanistan.fear_of_war",
    ] {
        assert!(
            dom.contains(&format!("data-name=\"{name}\"")),
            "no {name} slider"
        );
    }
    for name in [
        "smuggling_crackdown",
        "pipeline_completion",
        "state.iran.fear_of_war",
    ] {
        assert!(
            !dom.contains(&format!("data-name=\"{name}\"")),
            "{name} slider shown"
        );
    }
    assert!(!dom.contains("energy_stake"), "energy-stake slider shown");
    // Its states in the shock form; no trace of the other borders' channels.
    assert!(
        dom.contains("<option value=\"afghanistan\">"),
        "no afghanistan in the shock form"
    );
    assert!(
        !dom.contains("<option value=\"iran\">"),
        "iran still in the shock form"
    );
    let lower = dom.to_lowercase();
    assert!(!lower.contains("electricity"), "electricity mentioned");
    assert!(
        !dom.contains("$5 bn"),
        "iran-pakistan's $5 bn milestone shown"
    );
    assert!(dom.contains("$3 bn"), "the $3 bn milestone missing");
    for id in [
        "chart-attacks-pakistan",
        "chart-attacks-afghanistan",
        "chart-trade",
    ] {
        let at = dom
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id}"));
        assert!(dom[at..].contains("<svg"), "{id} has no svg");
    }
    let _ = std::fs::remove_dir_all(&profile);
}

/// Percent-encodes a query value (everything but ASCII letters and digits).
fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn pasting_an_article_lists_its_events_marks_the_sentence_and_moves_the_forecast() {
    let Some(exe) = chromium_or_skip() else {
        return;
    };
    let addr = start_server();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let profile = tmp.join(format!("chromium-profile-article-{}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    // The query string pastes the article, extracts it and ticks "Use these events".
    let article = "QUETTA, 3 March 2024 - Gunmen attacked an army post in Kech district on Saturday, killing twelve soldiers, officials said. The weather was mild.";
    let url = format!(
        "http://{addr}/?runs=300&days=90&seed=2&article={}&article_date=2024-03-03&use_article=1",
        query_value(article)
    );
    let dom = chromium(&exe, &profile, &url, &["--dump-dom".to_string()], Duration::from_secs(240));
    let body_tag = ready_body_tag(&dom);
    assert!(body_tag.contains("data-extracted=\"1\""), "no event extracted: {body_tag}");
    // The event in the table, its sentence marked in the text (and only that one).
    assert!(dom.contains("<td>insurgent_attack</td>"), "event row missing");
    let mark = &dom[dom.find("<mark class=\"event-sentence\">").expect("a marked sentence")..];
    let mark = &mark[..mark.find("</mark>").unwrap()];
    assert!(mark.contains("killing twelve soldiers"), "{mark}");
    assert!(!mark.contains("weather"), "{mark}");
    // The forecast was rerun from the article's events, starting the day after the
    // last one (Saturday 2 March; the dateline's 3 March is the reference day).
    let subtitle = &dom[dom.find("id=\"subtitle\"").unwrap()..];
    let subtitle = &subtitle[..subtitle.find("</p>").unwrap()];
    assert!(subtitle.contains("forecast as of 2024-03-03 with 1 pasted event"), "{subtitle}");
    let _ = std::fs::remove_dir_all(&profile);
}
