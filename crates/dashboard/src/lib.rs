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
//! * `POST /api/forecast` — runs an ensemble for a [`ForecastRequest`] naming
//!   one of those scenarios and answers with the forecast, its daily bands and
//!   the charts as SVG.
//!
//! Requests are validated strictly (unknown fields, lever and parameter
//! ranges, shocks, runs and days against the server's caps); every rejection
//! is a `400` with `{"error": ..., "field": ...}`. Simulations run off the
//! async runtime on `spawn_blocking` threads that hand the work to rayon's
//! shared pool; a FIFO semaphore admits at most
//! [`ServerConfig::max_concurrent`] simulations at a time, so concurrent
//! clients are served in arrival order and share the cores. See
//! `docs/dashboard.md`.

mod api;
mod page;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use scenario::Scenario;
use tokio::sync::Semaphore;

pub use api::{ApiError, ForecastRequest, ForecastResponse, MAIN_PARAMS, ShockRequest};

/// Limits and settings of a dashboard server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest `runs` a request may ask for.
    pub max_runs: u64,
    /// Largest `days` a request may ask for.
    pub max_days: u32,
    /// Simulations that may run at the same time (the rest wait their turn, first come first served).
    pub max_concurrent: usize,
    /// Faultline version reported in forecasts.
    pub version: String,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_runs: 10_000,
            max_days: 730,
            max_concurrent: 2,
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
}

impl AppState {
    /// A server for the built-in scenarios.
    pub fn new(config: ServerConfig) -> AppState {
        let permits = config.max_concurrent.max(1);
        AppState {
            config: Arc::new(config),
            sims: Arc::new(Semaphore::new(permits)),
            files: Arc::new(Vec::new()),
        }
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
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/scenarios", get(api::scenarios))
        .route("/api/forecast", post(api::forecast))
        .fallback(api::not_found)
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
    on_bound(listener.local_addr()?);
    axum::serve(listener, app(state)).await
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
