//! What every request passes before its handler: `Host` and `Origin` checked
//! against the listening address (no DNS rebinding, no cross-site requests),
//! `Content-Type: application/json` for POST (so a plain HTML form cannot
//! post), and every error answered as JSON `{"error", "field"}` with
//! `Connection: close`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::api::ApiError;

/// Whether `authority` (`host[:port]` as in a `Host` header) names the server listening on `listen`.
/// An address bound to all interfaces accepts any IP literal; a name other than
/// `localhost` (for a loopback address) never matches, which refuses DNS rebinding.
pub(crate) fn names_server(authority: &str, listen: SocketAddr) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => match p.parse::<u16>() {
            Ok(port) => (h, port),
            Err(_) => return false,
        },
        _ => (authority, 80),
    };
    if port != listen.port() {
        return false;
    }
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    match literal.parse::<IpAddr>() {
        Ok(ip) => listen.ip().is_unspecified() || ip == listen.ip(),
        Err(_) => {
            host.eq_ignore_ascii_case("localhost")
                && (listen.ip().is_loopback() || listen.ip().is_unspecified())
        }
    }
}

fn refuse(status: StatusCode, field: &str, error: String) -> Response {
    ApiError {
        status,
        error,
        field: Some(field.into()),
        retry_after: None,
    }
    .into_response()
}

/// The middleware.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(listen) = state.listen {
        if let Some(host) = req.headers().get(header::HOST) {
            let host = host.to_str().unwrap_or("");
            if !names_server(host, listen) {
                return refuse(
                    StatusCode::MISDIRECTED_REQUEST,
                    "Host",
                    format!("Host `{host}` does not name this server; use http://{listen}/"),
                );
            }
        }
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("");
            let same = origin
                .strip_prefix("http://")
                .is_some_and(|authority| names_server(authority, listen));
            if !same {
                return refuse(
                    StatusCode::FORBIDDEN,
                    "Origin",
                    format!(
                        "cross-site request from Origin `{origin}` refused; only pages served by http://{listen}/ may call the API"
                    ),
                );
            }
        }
    }
    if req.method() == Method::POST {
        let ctype = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essence = ctype.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            let got = if ctype.is_empty() { "none".to_string() } else { format!("`{ctype}`") };
            return refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Content-Type",
                format!("POST bodies must be sent with Content-Type: application/json; got {got}"),
            );
        }
    }
    let res = next.run(req).await;
    json_errors(res).await
}

/// Errors produced below the handlers (405 from the router, 413 from the body limit)
/// come as plain text: answer them as JSON too. Every error closes the connection.
async fn json_errors(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let mut res = if is_json {
        res
    } else {
        let (parts, body) = res.into_parts();
        let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
        let text = String::from_utf8_lossy(&text).trim().to_string();
        let (field, error) = match status {
            StatusCode::METHOD_NOT_ALLOWED => (
                "method",
                "method not allowed; GET /, /api/scenarios; POST /api/forecast, /api/extract".to_string(),
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "body",
                format!(
                    "request body is larger than the limit ({} bytes; {} for /api/extract){}",
                    crate::MAX_BODY_BYTES,
                    crate::MAX_EXTRACT_BODY_BYTES,
                    if text.is_empty() { String::new() } else { format!(" ({text})") }
                ),
            ),
            _ => (
                "body",
                if text.is_empty() {
                    status.canonical_reason().unwrap_or("error").to_string()
                } else {
                    text
                },
            ),
        };
        let mut fresh = ApiError {
            status,
            error,
            field: Some(field.into()),
            retry_after: None,
        }
        .into_response();
        for (name, value) in parts.headers.iter() {
            if name == header::ALLOW {
                fresh.headers_mut().insert(name, value.clone());
            }
        }
        fresh
    };
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

#[cfg(test)]
mod tests {
    use super::names_server;

    #[test]
    fn host_names_the_listening_address_only() {
        let lo: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert!(names_server("127.0.0.1:8080", lo));
        assert!(names_server("localhost:8080", lo));
        assert!(names_server("LOCALHOST:8080", lo));
        assert!(!names_server("127.0.0.1:8081", lo));
        assert!(!names_server("127.0.0.1", lo));
        assert!(!names_server("evil.example:8080", lo));
        assert!(!names_server("127.0.0.2:8080", lo));
        let any: std::net::SocketAddr = "0.0.0.0:80".parse().unwrap();
        assert!(names_server("192.0.2.7", any));
        assert!(!names_server("rebind.example", any));
        let v6: std::net::SocketAddr = "[::1]:9000".parse().unwrap();
        assert!(names_server("[::1]:9000", v6));
        assert!(!names_server("[::2]:9000", v6));
    }
}
