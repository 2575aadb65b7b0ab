//! A local web dashboard for Faultline.
//!
//! [`app`] builds the axum [`Router`]:
//!
//! * `GET /` — the dashboard page (HTML, CSS and a small hand-written script,
//!   all compiled into the binary; no external scripts, fonts or CDNs);
//! * `GET /api/scenarios` — the scenarios it serves (the built-in ones and any
//!   added from files with [`AppState::with_scenarios`]), each with only the
//!   levers, uncertain parameters, states and outcomes it has, and the
//!   server's limits;
//! * `POST /api/extract` — codes the events of a pasted article (see [`ExtractRequest`]).
//! * `POST /api/forecast` — runs an ensemble for a [`ForecastRequest`] naming
//!   one of those scenarios and answers with the forecast, its daily bands and
//!   the charts as SVG.
//!
//! Requests are validated strictly (unknown fields, lever and parameter
//! ranges, shocks, runs and days against the server's caps, the estimated
//! work against [`ServerConfig::max_work`]); every rejection is JSON
//! `{"error": ..., "field": ...}` (`400`, `413` over budget, `503` when the
//! queue is full; `403`/`421`/`415` from the guard on `Origin`, `Host` and
//! `Content-Type`). A client that disconnects cancels its simulation. Simulations run off the
//! async runtime on `spawn_blocking` threads that hand the work to rayon's
//! shared pool; a FIFO semaphore admits at most
//! [`ServerConfig::max_concurrent`] simulations at a time, so concurrent
//! clients are served in arrival order and share the cores. See
//! `docs/dashboard.md`.

mod api;
mod guard;
mod page;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use scenario::Scenario;
use tokio::sync::Semaphore;

pub use api::{
    ApiError, ArticleRequest, ExtractRequest, ForecastRequest, ForecastResponse, MAIN_PARAMS,
    MAX_ARTICLE_CHARS, ShockRequest, check_request,
};

/// Limits and settings of a dashboard server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest `runs` a request may ask for.
    pub max_runs: u64,
    /// Largest `days` a request may ask for.
    pub max_days: u32,
    /// Simulations that may run at the same time (the rest wait their turn, first come first served).
    pub max_concurrent: usize,
    /// Simulation requests that may wait for a slot; one more is answered `503` with `Retry-After`.
    pub max_queue: usize,
    /// Largest estimated work of one request, in run-day equivalents
    /// ([`engine::Workload::units`]); a request over it is answered `413`.
    pub max_work: f64,
    /// Time a client has to send a request's headers before the connection is closed.
    pub header_read_timeout: Duration,
    /// Faultline version reported in forecasts.
    pub version: String,
}

/// Largest request body accepted (a forecast request is a few hundred bytes).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Largest `POST /api/extract` body: an article of [`MAX_ARTICLE_CHARS`] characters,
/// each up to four bytes of UTF-8, with room for JSON escapes. Only that route has it.
pub const MAX_EXTRACT_BODY_BYTES: usize = 1024 * 1024;

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_runs: 10_000,
            max_days: 730,
            max_concurrent: 2,
            max_queue: 16,
            max_work: 2e7,
            header_read_timeout: Duration::from_secs(10),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// A validated scenario the server offers besides the built-in ones, with the
/// file it came from (named in errors).
#[derive(Clone, Debug)]
pub struct ScenarioFile {
    pub origin: String,
    pub scenario: Scenario,
}

/// Why a set of scenario files cannot be served together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogError {
    /// A file's scenario has the name of a built-in scenario.
    BuiltinName { name: String, origin: String },
    /// Two files give their scenarios the same name.
    Duplicate {
        name: String,
        first: String,
        second: String,
    },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::BuiltinName { name, origin } => write!(
                f,
                "{origin}: scenario name `{name}` is taken by a built-in scenario (built-in: {}); give the file's `meta.name` another name",
                scenario::builtin_names().join(", ")
            ),
            CatalogError::Duplicate {
                name,
                first,
                second,
            } => write!(
                f,
                "scenario name `{name}` is given by two files, {first} and {second}; each scenario needs its own `meta.name`"
            ),
        }
    }
}

impl std::error::Error for CatalogError {}

/// Shared state of the server.
#[derive(Clone, Debug)]
pub struct AppState {
    pub config: Arc<ServerConfig>,
    pub(crate) sims: Arc<Semaphore>,
    /// Scenarios served besides the built-in ones, in the order they were given.
    pub(crate) files: Arc<Vec<ScenarioFile>>,
    /// The address the server listens on: `Host` and `Origin` must name it.
    /// `None` for a router used in process (no check).
    pub(crate) listen: Option<SocketAddr>,
    /// Simulation requests waiting for a slot or running.
    pub(crate) in_flight: Arc<AtomicUsize>,
    /// Simulations stopped because their client went away.
    pub(crate) cancelled: Arc<AtomicU64>,
}

impl AppState {
    /// A server for the built-in scenarios.
    pub fn new(config: ServerConfig) -> AppState {
        let permits = config.max_concurrent.max(1);
        AppState {
            config: Arc::new(config),
            sims: Arc::new(Semaphore::new(permits)),
            files: Arc::new(Vec::new()),
            listen: None,
            in_flight: Arc::new(AtomicUsize::new(0)),
            cancelled: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The same server, answering only requests whose `Host` (and `Origin`,
    /// when sent) names `addr` ([`serve`] sets it to the bound address).
    pub fn listening_on(mut self, addr: SocketAddr) -> AppState {
        self.listen = Some(addr);
        self
    }

    /// Simulations stopped so far because their client disconnected.
    pub fn simulations_cancelled(&self) -> u64 {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// A server for the built-in scenarios and `files`, listed after them in that order.
    /// Fails when a file's scenario takes a built-in name or another file's name.
    pub fn with_scenarios(
        config: ServerConfig,
        files: Vec<ScenarioFile>,
    ) -> Result<AppState, CatalogError> {
        for (k, file) in files.iter().enumerate() {
            let name = &file.scenario.meta.name;
            if scenario::builtin_text(name).is_some() {
                return Err(CatalogError::BuiltinName {
                    name: name.clone(),
                    origin: file.origin.clone(),
                });
            }
            if let Some(first) = files[..k].iter().find(|f| &f.scenario.meta.name == name) {
                return Err(CatalogError::Duplicate {
                    name: name.clone(),
                    first: first.origin.clone(),
                    second: file.origin.clone(),
                });
            }
        }
        let mut state = AppState::new(config);
        state.files = Arc::new(files);
        Ok(state)
    }
}

/// The dashboard's router.
///
/// Every request passes [`guard`](crate::guard) first: `Host` and `Origin`
/// against the listening address, `Content-Type: application/json` for POST,
/// and every error answered as JSON `{"error", "field"}`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/scenarios", get(api::scenarios))
        .route("/api/forecast", post(api::forecast))
        .route(
            "/api/extract",
            post(api::extract_events).layer(DefaultBodyLimit::max(MAX_EXTRACT_BODY_BYTES)),
        )
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::guard))
        .with_state(state)
}

/// Binds `addr` and serves the dashboard until the process ends.
///
/// `on_bound` is called with the actual address (useful with port 0).
pub async fn serve(
    addr: SocketAddr,
    state: AppState,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let timeout = state.config.header_read_timeout;
    let router = app(state.listening_on(local));
    on_bound(local);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            // A client that does not finish its headers in time is disconnected; one that
            // disconnects while its request runs drops the handler (and cancels its simulation).
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(timeout);
            let connection =
                builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let _ = connection.await;
        });
    }
}

/// Builds a multi-threaded tokio runtime and runs [`serve`] on it (blocking).
pub fn run_blocking(
    addr: SocketAddr,
    state: AppState,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(serve(addr, state, on_bound))
}
