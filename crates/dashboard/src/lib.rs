//! A local web dashboard for Faultline.
//!
//! [`app`] builds the axum [`Router`]:
//!
//! * `GET /` — the dashboard page (HTML, CSS and a small hand-written script,
//!   all compiled into the binary; no external scripts, fonts or CDNs);
//! * `GET /api/scenarios` — the built-in scenarios with their levers, main
//!   uncertain parameters, shock kinds and the server's limits;
//! * `POST /api/forecast` — runs an ensemble for a [`ForecastRequest`] and
//!   answers with the forecast, its daily bands and the charts as SVG.
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

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
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

/// Shared state of the server.
#[derive(Clone, Debug)]
pub struct AppState {
    pub config: Arc<ServerConfig>,
    pub(crate) sims: Arc<Semaphore>,
}

impl AppState {
    pub fn new(config: ServerConfig) -> AppState {
        let permits = config.max_concurrent.max(1);
        AppState {
            config: Arc::new(config),
            sims: Arc::new(Semaphore::new(permits)),
        }
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
