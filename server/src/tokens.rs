//! The requester's secrets: the e-mail verification link and code, and the
//! status-page tokens. Only their SHA-256 is stored (`requester_tokens`), so a
//! copy of the database opens no request.
//!
//! - A verification link and a 6-digit code are issued together at submit and
//!   on each resend; both work once, for 24 hours, and a resend replaces them.
//!   A code allows [`MAX_CODE_ATTEMPTS`] wrong tries, then it is dead; resends
//!   are limited ([`RESEND_INTERVAL`], [`MAX_SENDS_PER_DAY`]), so guessing is
//!   bounded to a few dozen tries in a million per day.
//! - A status token opens the status page for [`STATUS_TTL`]; every e-mail
//!   after the verification carries a fresh one. The team revokes them all at
//!   once (`DELETE .../status-links`); erasing the request erases them.
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::db::{fmt_time, now, parse_time, Batch, Dialect};
use crate::error::AppError;

/// Life of a verification link and code.
pub const VERIFY_TTL: Duration = Duration::hours(24);
/// Life of a status-page token.
pub const STATUS_TTL: Duration = Duration::days(30);
/// Wrong codes a code survives.
pub const MAX_CODE_ATTEMPTS: i64 = 5;
/// Shortest time between two verification e-mails of one request.
pub const RESEND_INTERVAL: Duration = Duration::seconds(60);
/// Verification e-mails one request may get in 24 hours (the first included).
pub const MAX_SENDS_PER_DAY: i64 = 4;

/// Why a link, code or token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such link or token (mistyped, revoked, or erased with its request).
    Unknown,
    /// It existed and has expired.
    Expired,
    /// It was used already (or the address is confirmed already).
    Used,
    /// Too many wrong codes.
    Locked,
    /// A wrong code.
    Wrong,
}

impl Refusal {
    /// The API answer: 404 / 401, 410, 409, 429, 400.
    pub fn into_error(self, what: &str) -> AppError {
        match self {
            Refusal::Unknown if what == "token" => {
                AppError::Unauthorized("this link is not valid, or it was revoked".into())
            }
            Refusal::Unknown => AppError::NotFound(format!("this {what} is not valid")),
            Refusal::Expired => AppError::Gone(format!("this {what} has expired")),
            Refusal::Used => AppError::Conflict(format!("this {what} was used already")),
            Refusal::Locked => AppError::TooManyRequests {
                retry_after: RESEND_INTERVAL.num_seconds().unsigned_abs(),
            },
            Refusal::Wrong => AppError::BadRequest("code: this code is not the one we sent".into()),
        }
    }
}

/// 32 random bytes, URL-safe base64 (43 characters).
fn random_token() -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn digest(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// A code's hash names its request: the same 6 digits of two requests differ.
fn code_hash(dsr: i64, code: &str) -> String {
    digest(&format!("code:{dsr}:{code}"))
}

/// Stores `tokens` (hash, kind, lifetime) of request `dsr` in one INSERT,
/// written with the rest of `batch`.
fn store(batch: &mut Batch, dsr: i64, tokens: &[(String, &str, Duration)]) {
    let at = now();
    let qb = batch
        .statement("INSERT INTO requester_tokens (hash, dsr_id, kind, date_creation, expires)");
    qb.push_values(tokens, |mut row, (hash, kind, ttl)| {
        row.push_bind(hash.clone())
            .push_bind(dsr)
            .push_bind(kind.to_string())
            .push_bind(fmt_time(at))
            .push_bind(fmt_time(at + *ttl));
    });
}

/// A new verification link token and code for request `dsr`, replacing any
/// earlier ones. Refused with 429 when the last was sent less than
/// [`RESEND_INTERVAL`] ago or [`MAX_SENDS_PER_DAY`] were sent in 24 hours.
/// `fresh`: the request was created in this transaction, so it has no earlier
/// tokens to count or replace. The new tokens are written with `batch`.
pub async fn issue_verification(
    conn: &mut AnyConnection,
    batch: &mut Batch,
    dsr: i64,
    fresh: bool,
) -> Result<(String, String), AppError> {
    let at = now();
    if !fresh {
        limit_and_retire(conn, dsr, at).await?;
    }
    let link = random_token();
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let tokens = [
        (digest(&link), "link", VERIFY_TTL),
        (code_hash(dsr, &code), "code", VERIFY_TTL),
    ];
    store(batch, dsr, &tokens);
    Ok((link, code))
}

/// A new status-page token for request `dsr`.
pub async fn issue_status(conn: &mut AnyConnection, dsr: i64) -> Result<String, AppError> {
    let token = random_token();
    let mut batch = Batch::new(Dialect::of(conn));
    store(&mut batch, dsr, &[(digest(&token), "status", STATUS_TTL)]);
    batch.run(conn).await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct Row {
    hash: String,
    dsr_id: i64,
    expires: String,
    used: Option<String>,
    attempts: i64,
}

fn expired(row: &Row, at: DateTime<Utc>) -> bool {
    parse_time(&row.expires).is_none_or(|t| t <= at)
}

/// The stored row of a link or status `token` of `kind`.
async fn by_token(conn: &mut AnyConnection, token: &str, kind: &str) -> Result<Row, Refusal> {
    sqlx::query_as(
        "SELECT hash, dsr_id, expires, used, attempts FROM requester_tokens
         WHERE hash = $1 AND kind = $2",
    )
    .bind(digest(token.trim()))
    .bind(kind)
    .fetch_optional(conn)
    .await
    .map_err(|_| Refusal::Unknown)?
    .ok_or(Refusal::Unknown)
}

/// Marks every verification link and code of `dsr` used (the address is confirmed).
async fn spend_verification(conn: &mut AnyConnection, dsr: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE requester_tokens SET used = COALESCE(used, $1) WHERE dsr_id = $2 AND kind IN ('link', 'code')",
    )
    .bind(fmt_time(now()))
    .bind(dsr)
    .execute(conn)
    .await?;
    Ok(())
}

/// The request a verification link token belongs to; spends it.
pub async fn check_link(conn: &mut AnyConnection, token: &str) -> Result<i64, Refusal> {
    let row = by_token(conn, token, "link").await?;
    if row.used.is_some() {
        return Err(Refusal::Used);
    }
    if expired(&row, now()) {
        return Err(Refusal::Expired);
    }
    spend_verification(conn, row.dsr_id)
        .await
        .map_err(|_| Refusal::Unknown)?;
    Ok(row.dsr_id)
}

/// Checks `code` against request `dsr`'s current code; spends it when right,
/// counts a wrong try otherwise.
pub async fn check_code(conn: &mut AnyConnection, dsr: i64, code: &str) -> Result<(), Refusal> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT hash, dsr_id, expires, used, attempts FROM requester_tokens
         WHERE dsr_id = $1 AND kind = 'code' ORDER BY date_creation DESC, rowid DESC LIMIT 1",
    )
    .bind(dsr)
    .fetch_optional(&mut *conn)
    .await
    .map_err(|_| Refusal::Unknown)?;
    let row = row.ok_or(Refusal::Unknown)?;
    if row.used.is_some() {
        return Err(Refusal::Used);
    }
    if row.attempts >= MAX_CODE_ATTEMPTS {
        return Err(Refusal::Locked);
    }
    if expired(&row, now()) {
        return Err(Refusal::Expired);
    }
    if row.hash != code_hash(dsr, code.trim()) {
        let _ = sqlx::query("UPDATE requester_tokens SET attempts = attempts + 1 WHERE hash = $1")
            .bind(&row.hash)
            .execute(&mut *conn)
            .await;
        return Err(if row.attempts + 1 >= MAX_CODE_ATTEMPTS {
            Refusal::Locked
        } else {
            Refusal::Wrong
        });
    }
    spend_verification(conn, dsr)
        .await
        .map_err(|_| Refusal::Unknown)?;
    Ok(())
}

/// The request a status token opens.
pub async fn check_status(conn: &mut AnyConnection, token: &str) -> Result<i64, Refusal> {
    let row = by_token(conn, token, "status").await?;
    if expired(&row, now()) {
        return Err(Refusal::Expired);
    }
    Ok(row.dsr_id)
}

/// Revokes every status token of `dsr`.
pub async fn revoke_status(conn: &mut AnyConnection, dsr: i64) -> Result<u64, AppError> {
    Ok(
        sqlx::query("DELETE FROM requester_tokens WHERE dsr_id = $1 AND kind = 'status'")
            .bind(dsr)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// The resend limits of [`issue_verification`], then the earlier link and code
/// retired (their rows stay, marked used, so the limits can count them).
async fn limit_and_retire(
    conn: &mut AnyConnection,
    dsr: i64,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let sent: Vec<String> = sqlx::query_scalar(
        "SELECT date_creation FROM requester_tokens
         WHERE dsr_id = $1 AND kind = 'link' AND date_creation > $2 ORDER BY date_creation DESC",
    )
    .bind(dsr)
    .bind(fmt_time(at - Duration::hours(24)))
    .fetch_all(&mut *conn)
    .await?;
    if let Some(last) = sent.first().and_then(|t| parse_time(t)) {
        let wait = last + RESEND_INTERVAL - at;
        if wait > Duration::zero() {
            return Err(AppError::TooManyRequests {
                retry_after: wait.num_seconds().unsigned_abs() + 1,
            });
        }
    }
    if i64::try_from(sent.len()).unwrap_or(i64::MAX) >= MAX_SENDS_PER_DAY {
        let oldest = sent.last().and_then(|t| parse_time(t)).unwrap_or(at);
        let wait = oldest + Duration::hours(24) - at;
        return Err(AppError::TooManyRequests {
            retry_after: wait.num_seconds().max(1).unsigned_abs(),
        });
    }
    // Earlier links and codes stop working; their rows stay (marked used) so the
    // resend limit can count them.
    sqlx::query(
        "UPDATE requester_tokens SET used = $1 WHERE dsr_id = $2 AND kind IN ('link', 'code') AND used IS NULL",
    )
    .bind(fmt_time(at))
    .bind(dsr)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
