//! `faultline serve --scenario FILE|DIR`: scenario files are checked before the
//! server starts, and a started server forecasts them by name.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{scratch, stderr};

/// The built-in pakistan-afghanistan scenario with its states renamed `northland`
/// and `southland` and the scenario renamed `name`.
fn northland_toml(name: &str) -> String {
    let text = scenario::builtin_prior_text("pakistan-afghanistan").unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let line = if line.starts_with("name = \"pakistan-afghanistan\"") {
            format!("name = \"{name}\"")
        } else if line == "name = \"Islamic Republic of Pakistan\"" {
            "name = \"Kingdom of Northland\"".to_string()
        } else if line.starts_with("name = \"Islamic Emirate of Afghanistan") {
            "name = \"Republic of Southland\"".to_string()
        } else {
            line.replace("\"pakistan\"", "\"northland\"").replace("\"afghanistan\"", "\"southland\"")
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Kills the server when a test ends, passed or failed.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `faultline serve` with `args`, which must fail before serving: fails the test if it
/// is still running after a minute.
fn serve_must_stop(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faultline serve");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve {args:?} started instead of failing");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn serve_stops_on_a_bad_scenario_file_with_its_location() {
    let dir = scratch("serve-bad");
    let bad = dir.join("bad.toml");
    let text = northland_toml("northland-southland");
    let broken = text.replacen("qre_precision = { value = 1.0", "qre_precision = { value = -1.0", 1);
    assert_ne!(broken, text);
    std::fs::write(&bad, broken).unwrap();
    let out = serve_must_stop(&["--scenario", s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:", bad.display())), "{err}");
    assert!(err.contains("dynamics.qre_precision.value") && err.contains("out of range"), "{err}");

    // A folder is read whole: its bad file stops the start too.
    let out = serve_must_stop(&["--scenario", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("dynamics.qre_precision.value"), "{}", stderr(&out));

    let out = serve_must_stop(&["--scenario", s(&dir.join("missing.toml"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such file or folder"), "{}", stderr(&out));

    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = serve_must_stop(&["--scenario", s(&empty)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no *.toml scenario file"), "{}", stderr(&out));
}

#[test]
fn serve_refuses_a_scenario_name_taken_twice() {
    let dir = scratch("serve-names");
    let first = dir.join("one.toml");
    let second = dir.join("two.toml");
    std::fs::write(&first, northland_toml("northland-southland")).unwrap();
    std::fs::write(&second, northland_toml("northland-southland")).unwrap();
    let out = serve_must_stop(&["--scenario", s(&first), "--scenario", s(&second)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("northland-southland")
            && err.contains(&first.display().to_string())
            && err.contains(&second.display().to_string()),
        "{err}"
    );

    let copy = dir.join("copy.toml");
    std::fs::write(&copy, northland_toml("pakistan-afghanistan")).unwrap();
    let out = serve_must_stop(&["--scenario", s(&copy)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("built-in") && err.contains(&copy.display().to_string()), "{err}");
}

/// One HTTP/1.1 request with `Connection: close`; returns the status line and the body.
fn http(addr: &str, method: &str, path: &str, body: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    (head.lines().next().unwrap().to_string(), body.to_string())
}

#[test]
fn serve_forecasts_the_scenarios_of_a_folder_by_name() {
    let dir = scratch("serve-folder");
    std::fs::write(dir.join("northland.toml"), northland_toml("northland-southland")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a scenario").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["serve", "--addr", "127.0.0.1:0", "--max-runs", "200", "--scenario", s(&dir)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faultline serve");
    let mut server = Server(child);
    let mut line = String::new();
    BufReader::new(server.0.stderr.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains("northland-southland"), "{line}");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();

    let (status, body) = http(&addr, "GET", "/api/scenarios", "");
    assert!(status.contains("200"), "{status} {body}");
    assert!(body.contains("\"name\":\"northland-southland\""), "{body}");

    let request = r#"{"scenario": "northland-southland", "runs": 100, "days": 30, "seed": 3, "charts": false,
        "shocks": [{"kind": "strike", "state": "northland", "day": 2}]}"#;
    let (status, body) = http(&addr, "POST", "/api/forecast", request);
    assert!(status.contains("200"), "{status} {body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["forecast"]["scenario"]["states"], serde_json::json!(["northland", "southland"]));
    let strike = v["forecast"]["probabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "strike_by_northland")
        .expect("strike_by_northland reported");
    assert_eq!(strike["by_day"].as_array().unwrap().last().unwrap()["p"], 1.0);
}
