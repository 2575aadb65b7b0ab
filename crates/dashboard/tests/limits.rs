//! The server under abuse, over real HTTP on loopback: the work budget, the
//! bounded queue, cancellation when a client goes away, JSON-only POST,
//! `Host` and `Origin` checks, the header-read timeout and JSON errors.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use dashboard::{AppState, ServerConfig};
use serde_json::Value;

/// Starts a server on an ephemeral loopback port; returns its address and a handle on its state.
fn start(config: ServerConfig) -> (SocketAddr, AppState) {
    let state = AppState::new(config);
    let handle = state.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = dashboard::run_blocking("127.0.0.1:0".parse().unwrap(), state, move |addr| {
            tx.send(addr).unwrap();
        });
    });
    (rx.recv_timeout(Duration::from_secs(30)).unwrap(), handle)
}

fn config() -> ServerConfig {
    ServerConfig {
        max_runs: 10_000,
        max_days: 730,
        version: "test".into(),
        ..ServerConfig::default()
    }
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn send(addr: SocketAddr, raw: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    s
}

fn read_answer(mut s: TcpStream) -> Answer {
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Answer { status, head: head.to_string(), body: body.to_string() }
}

/// A request with the usual headers (Host = the server's address) plus `extra` header lines.
fn request(addr: SocketAddr, method: &str, path: &str, extra: &str, body: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn post(addr: SocketAddr, body: &str) -> Answer {
    read_answer(send(addr, &request(addr, "POST", "/api/forecast", "Content-Type: application/json\r\n", body)))
}

/// The issue's runaway request: high attack rates, near-critical branching, large excitation.
fn runaway(runs: u64, days: u32, extreme: bool) -> String {
    let mut params = Vec::new();
    for g in ["jaish_al_adl", "baloch_separatists"] {
        params.push(format!("\"group.{g}.background_rate\": 50"));
        params.push(format!("\"group.{g}.branching\": 0.999"));
        if extreme {
            params.push(format!("\"group.{g}.initial_excitation\": 1000"));
            params.push(format!("\"group.{g}.capacity_max\": 100"));
        }
    }
    format!(
        "{{\"runs\": {runs}, \"days\": {days}, \"charts\": false, \"params\": {{{}}}}}",
        params.join(", ")
    )
}

#[test]
fn a_request_over_the_work_budget_is_refused_before_it_runs() {
    let (addr, _) = start(config());
    let started = Instant::now();
    let a = post(addr, &runaway(100, 365, true));
    assert_eq!(a.status, 413, "{}", a.body);
    let v = a.json();
    assert_eq!(v["field"], "params");
    let error = v["error"].as_str().unwrap();
    assert!(error.contains("--max-work") && error.contains("2.000e7"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5), "refused before running");
    // Ordinary requests, the page's default and the caps at status-quo values, fit.
    assert_eq!(post(addr, r#"{"runs": 200, "days": 60, "charts": false}"#).status, 200);
    let (runs, days) = (10_000u64, 730u32);
    let sc = scenario::builtin("iran-pakistan").unwrap();
    let exp = engine::Experiment::builder(&sc).build(days).unwrap();
    assert!(engine::Workload::of(&exp, runs).units() < ServerConfig::default().max_work);
    // Too many runs at high rates names `runs` or `params`, whichever drives the cost.
    let a = post(addr, &runaway(10_000, 365, false));
    assert_eq!(a.status, 413, "{}", a.body);
}

#[test]
fn post_needs_json_content_type() {
    let (addr, _) = start(config());
    for extra in ["Content-Type: text/plain\r\n", "Content-Type: application/x-www-form-urlencoded\r\n", ""] {
        let a = read_answer(send(addr, &request(addr, "POST", "/api/forecast", extra, "{\"runs\": 10}")));
        assert_eq!(a.status, 415, "{extra}: {}", a.body);
        assert_eq!(a.json()["field"], "Content-Type");
    }
    let a = post(addr, r#"{"runs": 10, "days": 10, "charts": false}"#);
    assert_eq!(a.status, 200, "{}", a.body);
    let ok = read_answer(send(
        addr,
        &request(addr, "POST", "/api/forecast", "Content-Type: application/json; charset=utf-8\r\n", r#"{"runs": 10, "days": 10}"#),
    ));
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[test]
fn host_and_origin_must_name_the_server() {
    let (addr, _) = start(config());
    let port = addr.port();
    let get = |host: &str, extra: &str| {
        read_answer(send(
            addr,
            &format!("GET /api/scenarios HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"),
        ))
    };
    // DNS rebinding: a name that resolves to 127.0.0.1 but is not this server's.
    let a = get(&format!("rebind.example:{port}"), "");
    assert_eq!(a.status, 421, "{}", a.body);
    assert_eq!(a.json()["field"], "Host");
    assert_eq!(get(&format!("127.0.0.1:{}", port.wrapping_add(1)), "").status, 421);
    assert_eq!(get(&format!("localhost:{port}"), "").status, 200);
    assert_eq!(get(&addr.to_string(), "").status, 200);
    // Cross-site: a page elsewhere posting to the dashboard.
    for origin in ["http://evil.example", "null", &format!("https://{addr}"), &format!("http://evil.example:{port}")] {
        let a = get(&addr.to_string(), &format!("Origin: {origin}\r\n"));
        assert_eq!(a.status, 403, "{origin}: {}", a.body);
        assert_eq!(a.json()["field"], "Origin");
    }
    let a = read_answer(send(
        addr,
        &request(addr, "POST", "/api/forecast", "Content-Type: application/json\r\nOrigin: http://evil.example\r\n", "{}"),
    ));
    assert_eq!(a.status, 403, "{}", a.body);
    assert_eq!(get(&addr.to_string(), &format!("Origin: http://{addr}\r\n")).status, 200);
    assert_eq!(get(&addr.to_string(), &format!("Origin: http://localhost:{port}\r\n")).status, 200);
}

#[test]
fn errors_are_json_and_close_the_connection() {
    let (addr, _) = start(config());
    let not_found = read_answer(send(addr, &request(addr, "GET", "/nope", "", "")));
    assert_eq!(not_found.status, 404);
    assert_eq!(not_found.json()["field"], "path");
    let wrong_method = read_answer(send(addr, &request(addr, "GET", "/api/forecast", "", "")));
    assert_eq!(wrong_method.status, 405, "{}", wrong_method.body);
    assert_eq!(wrong_method.json()["field"], "method");
    assert!(wrong_method.header("content-type").unwrap().starts_with("application/json"));
    let big = format!("{{\"scenario\": \"{}\"}}", "x".repeat(100_000));
    let too_large = post(addr, &big);
    assert_eq!(too_large.status, 413, "{}", too_large.body);
    assert_eq!(too_large.json()["field"], "body");
    let bad = post(addr, r#"{"runs": 0}"#);
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["field"], "runs");
    for a in [&not_found, &wrong_method, &too_large, &bad] {
        assert_eq!(a.header("connection").as_deref(), Some("close"), "{}", a.head);
    }
    // Without `Connection: close` from the client, the server still closes after an error.
    let mut s = send(addr, "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".replace("127.0.0.1", &addr.to_string()).as_str());
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("the server closes the connection");
    assert!(String::from_utf8_lossy(&buf).contains("404"));
}

#[test]
fn a_client_that_does_not_finish_its_headers_is_disconnected() {
    let (addr, _) = start(ServerConfig { header_read_timeout: Duration::from_secs(1), ..config() });
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(10), "{waited:?}");
}

#[test]
fn the_queue_is_bounded_and_a_disconnected_client_stops_its_simulation() {
    let (addr, state) = start(ServerConfig {
        max_concurrent: 1,
        max_queue: 1,
        max_work: 1e12,
        ..config()
    });
    // Two slow requests (minutes each if run to the end): one runs, one waits.
    let slow = runaway(10_000, 365, false);
    let raw = request(addr, "POST", "/api/forecast", "Content-Type: application/json\r\n", &slow);
    let running = send(addr, &raw);
    std::thread::sleep(Duration::from_millis(300));
    let waiting = send(addr, &raw);
    std::thread::sleep(Duration::from_millis(300));
    let refused = post(addr, &slow);
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.header("retry-after").as_deref(), Some("2"));
    assert!(refused.json()["error"].as_str().unwrap().contains("--max-queue"));

    // Both clients go away: their simulations stop, and a new request is served at once.
    drop(running);
    drop(waiting);
    let deadline = Instant::now() + Duration::from_secs(30);
    while state.simulations_cancelled() < 1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(state.simulations_cancelled() >= 1, "the running simulation was cancelled");
    let started = Instant::now();
    let a = post(addr, r#"{"runs": 50, "days": 30, "charts": false}"#);
    assert_eq!(a.status, 200, "{}", a.body);
    let queue_ms = a.json()["queue_ms"].as_f64().unwrap();
    assert!(queue_ms < 20_000.0, "waited {queue_ms} ms behind a cancelled run");
    assert!(started.elapsed() < Duration::from_secs(30));
}
