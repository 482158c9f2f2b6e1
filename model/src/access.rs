//! Who may call a workspace's API (our extension): API keys
//! (`GET/POST /v1/ws/{ws}/keys`, `DELETE /v1/ws/{ws}/keys/{id}`) and the origins
//! whose pages may call its public routes (`GET/POST /v1/ws/{ws}/origins`,
//! `DELETE /v1/ws/{ws}/origins/{origin}`).
use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;
use crate::validate::{check_len, FieldError, Validate, Violation};

/// Longest key name.
pub const KEY_NAME_TEXT: usize = 100;
/// Keys a workspace may hold that are not revoked.
pub const MAX_ACTIVE_KEYS: usize = 50;
/// Longest origin (`scheme://host:port`; DNS names are at most 253 characters).
pub const ORIGIN_TEXT: usize = 300;
/// Origins a workspace may allow.
pub const MAX_ORIGINS: usize = 100;

string_enum! {
    /// What a key may do.
    pub enum KeyScope {
        /// Everything in its workspace: the admin page and the API.
        Admin = "admin",
        /// The widget's key, printed into host pages: create a request, read
        /// active consent types, record consent.
        Public = "public",
    }
}

/// A key as listed: never the secret, except a public key's own value (public
/// keys are printed into every host page, and the snippet generator needs it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    /// Key id.
    pub id: i64,
    /// Name given at creation (absent for keys from the environment).
    pub name: Option<String>,
    /// Admin or public.
    pub scope: KeyScope,
    /// The project a public key serves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Prefix and last characters, to recognise a key (`pw_adm_…1a2b`).
    pub hint: Option<String>,
    /// A public key's value; absent for admin keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Creation time (ISO 8601).
    pub date_created: String,
    /// Revocation time; a revoked key is refused at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// The key this request was made with.
    #[serde(default)]
    pub current: bool,
}

/// Body of `POST .../keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewApiKey {
    /// 1..=100 characters, to tell keys apart.
    pub name: String,
    /// Admin or public.
    pub scope: KeyScope,
    /// For a public key: its project (default: the workspace's first project).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

/// Answer of `POST .../keys`: the key as listed, plus its secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    /// The stored key.
    #[serde(flatten)]
    pub info: ApiKey,
    /// The full key. The server keeps only its SHA-256.
    pub secret: String,
}

impl Validate for NewApiKey {
    fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", Violation::Required));
        } else if let Some(e) = check_len("name", self.name.trim(), 1, KEY_NAME_TEXT) {
            errors.push(e);
        }
        if !self.scope.is_known() {
            errors.push(FieldError::new("scope", Violation::UnknownValue));
        }
        if let Some(p) = &self.project_id {
            if !crate::validate::is_uuid(p) {
                errors.push(FieldError::new("projectId", Violation::Uuid));
            }
        }
        errors
    }
}

/// An allowed origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedOrigin {
    /// `scheme://host[:port]`, lower-case.
    pub origin: String,
    /// Set by the server for the demo page's own origins (re-derived at each start).
    #[serde(default)]
    pub demo: bool,
}

/// Body of `POST .../origins`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrigin {
    /// A web origin as a browser sends it in `Origin`: `https://shop.example` or
    /// `http://localhost:8080`, no path.
    pub origin: String,
}

impl Validate for NewOrigin {
    fn validate(&self) -> Vec<FieldError> {
        let o = self.origin.trim();
        if o.is_empty() {
            vec![FieldError::new("origin", Violation::Required)]
        } else if let Some(e) = check_len("origin", o, 1, ORIGIN_TEXT) {
            vec![e]
        } else if normalize_origin(o).is_none() {
            vec![FieldError::new("origin", Violation::Origin)]
        } else {
            vec![]
        }
    }
}

/// The serialized origin a browser sends for `value` (`scheme://host[:port]`,
/// lower-case, default port dropped), or `None` when `value` is not an http(s)
/// origin: a path other than `/`, a query, a fragment, user info, a bad port or
/// a host with characters a DNS name or IP literal cannot hold.
pub fn normalize_origin(value: &str) -> Option<String> {
    let lower = value.trim().to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://")?;
    let default_port = match scheme {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
        return None;
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            if h.starts_with('[') && !h.ends_with(']') {
                // An IPv6 literal without a port: the colon was inside it.
                (authority, None)
            } else {
                (h, Some(p))
            }
        }
        _ => (authority, None),
    };
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !v6.is_empty()
            && v6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !host.is_empty()
            && host.split('.').all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    if !host_ok {
        return None;
    }
    match port {
        None => Some(format!("{scheme}://{host}")),
        Some(p) if p == default_port => Some(format!("{scheme}://{host}")),
        Some(p) if !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok_and(|n| n > 0) => {
            Some(format!("{scheme}://{host}:{}", p.parse::<u16>().ok()?))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_as_browsers_send_them() {
        let ok = [
            ("https://Shop.Example", "https://shop.example"),
            ("https://shop.example/", "https://shop.example"),
            ("https://shop.example:443", "https://shop.example"),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://127.0.0.1:80", "http://127.0.0.1"),
            ("http://[::1]:3000", "http://[::1]:3000"),
            ("http://[::1]", "http://[::1]"),
        ];
        for (input, want) in ok {
            assert_eq!(normalize_origin(input).as_deref(), Some(want), "{input}");
        }
        for bad in [
            "shop.example",
            "ftp://shop.example",
            "https://shop.example/path",
            "https://shop.example?x",
            "https://user@shop.example",
            "https://shop.example:0",
            "https://shop.example:99999",
            "https://sh op.example",
            "https://",
            "javascript://x",
            "https://-a.example",
        ] {
            assert_eq!(normalize_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn key_body_rules() {
        let k = NewApiKey {
            name: " ".into(),
            scope: KeyScope::Other("root".into()),
            project_id: Some("x".into()),
        };
        let fields: Vec<_> = k.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "scope", "projectId"]);
        let long = NewApiKey {
            name: "x".repeat(KEY_NAME_TEXT + 1),
            scope: KeyScope::Admin,
            project_id: None,
        };
        assert_eq!(
            long.validate()[0].violation,
            Violation::TooLong { max: KEY_NAME_TEXT }
        );
        let origin = NewOrigin {
            origin: "https://a.example/x".into(),
        };
        assert_eq!(origin.validate()[0].violation, Violation::Origin);
    }
}
