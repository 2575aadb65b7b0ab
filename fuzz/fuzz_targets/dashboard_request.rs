//! The dashboard's `POST /api/forecast` body: JSON parsing and validation against
//! the built-in scenarios and the default limits (nothing is simulated).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static STATE: OnceLock<dashboard::AppState> = OnceLock::new();
    let state = STATE.get_or_init(|| dashboard::AppState::new(dashboard::ServerConfig::default()));
    if let Err(e) = dashboard::check_request(data, state) {
        assert!(e.status.is_client_error(), "{} {}", e.status, e.error);
    }
});
