//! API keys: who is calling, for which tenant, with which scope.
//!
//! Keys travel as `x-api-key: <key>` (Concord, seeds 000/001) or
//! `Authorization: Bearer <key>`; both are accepted on every route (Dastra,
//! seed 002, and URN-service, seed 003, leave their scheme to the deployment).
//! The consent manifest alone also takes `?key=` ([`HeaderOrQueryKey`]).
//!
//! Keys are 32 random bytes and stored as their SHA-256. A slow KDF (argon2,
//! bcrypt) exists to stop offline guessing of LOW-entropy secrets such as
//! passwords; a 256-bit random key cannot be guessed from its hash, so one fast
//! hash gives the same protection and keeps the per-request check cheap.
//!
//! Scopes:
//! - `admin`: everything in its tenant (workspace + organization + projects).
//! - `public`: the widget key printed into host pages (not a secret): create a DSR
//!   in its workspace, read ACTIVE consent types of its project, record consent
//!   for its project. Every public-key request is rate limited (`rate_limit.rs`).
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::RwLock;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use pw_model::dsr::decode_query;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::AppState;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Full access to its tenant.
    Admin,
    /// The widget's key: the three public operations only.
    Public,
}

impl Scope {
    /// The value stored in `api_keys.scope`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Admin => "admin",
            Scope::Public => "public",
        }
    }
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Row id of the key (rate-limit and idempotency scope).
    pub key_id: i64,
    /// Admin or public.
    pub scope: Scope,
    /// The tenant's Dastra workspace id.
    pub workspace_id: i64,
    /// The tenant's Concord organization uuid.
    pub organization_id: String,
    /// Public keys are bound to one project; admin keys to none (all of the tenant's).
    pub project_id: Option<String>,
}

/// Message of every 403 we send, and of Concord's 404 for another organization: the
/// seeds' own wording (seed 000/001 examples).
pub const FORBIDDEN: &str = "Forbidden";

impl Principal {
    /// Admin of the tenant owning workspace `ws`; public keys and other tenants get 403.
    pub fn admin_of_workspace(&self, ws: i64) -> Result<(), AppError> {
        if self.scope == Scope::Admin && self.workspace_id == ws {
            Ok(())
        } else {
            Err(AppError::Forbidden(FORBIDDEN.into()))
        }
    }

    /// Any key (admin or public) of workspace `ws`: the widget's DSR create.
    pub fn member_of_workspace(&self, ws: i64) -> Result<(), AppError> {
        if self.workspace_id == ws {
            Ok(())
        } else {
            Err(AppError::Forbidden(FORBIDDEN.into()))
        }
    }

    /// Concord (seeds 000/001): admin of the tenant owning organization `org`
    /// (compared case-insensitively: uuids are, and we store them lower-case).
    /// An organization the key may not use, or that does not exist, is the seeds'
    /// `404 {"message": "Forbidden"}` (one answer for both, so a key cannot probe
    /// which organizations exist); the public key of `org` gets 403.
    pub fn admin_of_org(&self, org: &str) -> Result<(), AppError> {
        if !self.organization_id.eq_ignore_ascii_case(org) {
            Err(AppError::NotFound(FORBIDDEN.into()))
        } else if self.scope != Scope::Admin {
            Err(AppError::Forbidden(FORBIDDEN.into()))
        } else {
            Ok(())
        }
    }

    /// Concord: admin of `org`, or the public key of exactly `project` in `org`: the
    /// widget's consent-type reads and consent-record writes. Another organization, or
    /// for a public key another project, is the seeds' `404 {"message": "Forbidden"}`.
    pub fn member_of_project(&self, org: &str, project: &str) -> Result<(), AppError> {
        let org_ok = self.organization_id.eq_ignore_ascii_case(org);
        let project_ok = match self.scope {
            Scope::Admin => true,
            Scope::Public => self
                .project_id
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(project)),
        };
        if org_ok && project_ok {
            Ok(())
        } else {
            Err(AppError::NotFound(FORBIDDEN.into()))
        }
    }

    /// `true` for admin keys.
    pub fn is_admin(&self) -> bool {
        self.scope == Scope::Admin
    }
}

/// SHA-256 of a presented key: the only form in which keys are stored.
pub fn hash_key(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

/// A new random key: `pw_` + scope initial + 64 hex chars (32 random bytes).
/// The prefix makes a leaked key recognisable by secret scanners.
pub fn generate_key(scope: Scope) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let tag = match scope {
        Scope::Admin => "adm",
        Scope::Public => "pub",
    };
    format!("pw_{tag}_{}", hex::encode(bytes))
}

/// What the key list shows of a key: its prefix and last four characters.
pub fn key_hint(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 12 {
        return "…".into();
    }
    let head: String = chars[..7].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// The key from `x-api-key` or `Authorization: Bearer`, if any.
pub fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(v.trim()).filter(|v| !v.is_empty());
    }
    let auth = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = auth.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Known keys by hash, filled on first use. A key changes only by being revoked,
/// which removes it here ([`KeyCache::forget`]) in the same request; unknown hashes are not cached (a flood of wrong
/// keys must not grow memory) and are rate limited per IP instead.
///
/// Off on PostgreSQL: another process may revoke a key, so every request reads
/// the key's row there (a primary-key lookup).
pub struct KeyCache {
    on: bool,
    map: RwLock<HashMap<[u8; 32], Principal>>,
}

impl KeyCache {
    /// A cache that keeps keys when `on`, and none otherwise.
    pub fn new(on: bool) -> Self {
        Self {
            on,
            map: RwLock::default(),
        }
    }

    fn get(&self, hash: &[u8; 32]) -> Option<Principal> {
        if !self.on {
            return None;
        }
        self.map.read().ok()?.get(hash).cloned()
    }

    fn put(&self, hash: [u8; 32], p: Principal) {
        if let (true, Ok(mut map)) = (self.on, self.map.write()) {
            map.insert(hash, p);
        }
    }

    /// Drops key `id` (revoked): its next request looks it up and is refused.
    pub fn forget(&self, id: i64) {
        if let Ok(mut map) = self.map.write() {
            map.retain(|_, p| p.key_id != id);
        }
    }
}

/// The client address, or `0.0.0.0` when the router runs without `ConnectInfo`
/// (e.g. `oneshot` tests). `X-Forwarded-For` is not trusted: put a proxy's own
/// limiter in front if you deploy behind one.
pub fn client_ip(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    scope: String,
    workspace_id: i64,
    organization_id: String,
    project_id: Option<String>,
}

async fn lookup(state: &AppState, hash: [u8; 32]) -> Result<Option<Principal>, AppError> {
    if let Some(p) = state.keys.get(&hash) {
        return Ok(Some(p));
    }
    let row: Option<KeyRow> = sqlx::query_as(
        "SELECT k.id, k.scope, k.workspace_id, w.organization_id, k.project_id
         FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
    )
    .bind(&hash[..])
    .fetch_optional(&state.db.read)
    .await?;
    Ok(row.map(|r| {
        let p = Principal {
            key_id: r.id,
            scope: if r.scope == "admin" {
                Scope::Admin
            } else {
                Scope::Public
            },
            workspace_id: r.workspace_id,
            organization_id: r.organization_id,
            project_id: r.project_id,
        };
        state.keys.put(hash, p.clone());
        p
    }))
}

/// The caller behind `key`: 401 without a valid key; 429 once a public key (or
/// a stream of wrong keys) from `ip` exceeds the per-minute budget.
pub async fn authenticate(
    state: &AppState,
    ip: IpAddr,
    key: Option<&str>,
) -> Result<Principal, AppError> {
    let Some(key) = key else {
        return Err(AppError::Unauthorized("Missing API key".into()));
    };
    match lookup(state, hash_key(key)).await? {
        Some(p) => {
            if p.scope == Scope::Public {
                state.rate_limiter.check(&state.db, ip, p.key_id).await?;
            }
            Ok(p)
        }
        None => {
            // Key id 0 never exists: one bucket per address for wrong keys.
            state.rate_limiter.check(&state.db, ip, 0).await?;
            Err(AppError::Unauthorized("Invalid API key".into()))
        }
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = AppError;

    /// The key from the headers only (see [`authenticate`]).
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authenticate(state, client_ip(parts), presented_key(&parts.headers)).await
    }
}

/// The `key` query parameter (last one wins), trimmed, if not empty.
pub fn query_key(query: Option<&str>) -> Option<String> {
    decode_query(query?)
        .into_iter()
        .rev()
        .find(|(k, _)| k == "key")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// A caller whose key may also come as `?key=`, for routes a page fetches with
/// a CORS *simple* request (no custom header, so no preflight round trip): the
/// consent manifest. The headers win when both are given. Meant for the public
/// widget key, which is printed into host pages anyway; an admin key works too
/// but should stay in a header (URLs end up in logs and histories).
pub struct HeaderOrQueryKey(pub Principal);

impl FromRequestParts<AppState> for HeaderOrQueryKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let key = match presented_key(&parts.headers) {
            Some(k) => Some(k.to_owned()),
            None => query_key(parts.uri.query()),
        };
        authenticate(state, client_ip(parts), key.as_deref())
            .await
            .map(HeaderOrQueryKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn both_header_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(presented_key(&h), None);
        h.insert("authorization", HeaderValue::from_static("Bearer  abc "));
        assert_eq!(presented_key(&h), Some("abc"));
        h.insert("authorization", HeaderValue::from_static("Basic abc"));
        assert_eq!(presented_key(&h), None);
        h.insert("x-api-key", HeaderValue::from_static("xyz"));
        assert_eq!(presented_key(&h), Some("xyz"));
    }

    #[test]
    fn keys_are_random_and_hash_stably() {
        let (a, b) = (generate_key(Scope::Admin), generate_key(Scope::Admin));
        assert_ne!(a, b);
        assert!(a.starts_with("pw_adm_") && a.len() == 7 + 64);
        assert_eq!(hash_key(&a), hash_key(&a));
        assert_eq!(key_hint(&a), format!("pw_adm_…{}", &a[a.len() - 4..]));
        assert_eq!(key_hint("short"), "…");
    }

    #[test]
    fn key_in_query() {
        assert_eq!(query_key(None), None);
        assert_eq!(query_key(Some("a=1&key=")), None);
        assert_eq!(query_key(Some("key=a&key=pk%5F1")), Some("pk_1".into()));
    }
}
