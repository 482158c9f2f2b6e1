//! `Idempotency-Key` for the POSTs that create (DSR, seed 002; consent type,
//! seed 001; consent records; contacts, seeds 000 and 003).
//!
//! The widget sends a fresh key per submit and reuses it on retry (issue 3), so
//! a retry after a lost response must not create a second request. The first
//! call stores (key hash, scope, request hash, status, body, Location) in the
//! SAME transaction as the row it created: either both are committed or
//! neither is. A repeat finds the stored response and returns it verbatim
//! (same id), creating nothing. All writes share one connection (db.rs), so two
//! concurrent calls with one key are serialized and the second sees the first.
//!
//! A key reused with a DIFFERENT body is refused with 422, as the IETF
//! `Idempotency-Key` draft recommends, rather than silently returning the
//! response to another request.
//!
//! Each creating handler does its own checks, then hands its insert to
//! [`create`], which runs this protocol around it.
//!
//! Stored responses hold personal data (a DSR's e-mail and name), so they do not
//! outlive their purpose: they expire after [`TTL`] (24 h; an expired one is
//! never replayed, a new response with its key replaces it, and [`maintain`]
//! deletes the expired ones every [`SWEEP_EVERY`]), and a
//! response that describes a resource (`dsr:{id}`) is deleted with it
//! ([`forget`]): after a DSR is deleted, a retry with the same key and body
//! creates a new request instead of replaying the erased one.
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pw_model::dsr::IDEMPOTENCY_KEY_HEADER;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::db::{Batch, Db, Job};
use crate::error::AppError;

/// How long a stored response can be replayed (then it is deleted).
pub const TTL: chrono::Duration = chrono::Duration::hours(24);

/// How often [`maintain`] deletes expired responses.
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Deletes expired responses now and every [`SWEEP_EVERY`], until the
/// server stops. Not on each create: creates queue on the single writer,
/// where this statement cost each of them a round trip.
pub async fn maintain(db: Db) {
    loop {
        if let Err(e) = sweep(&db).await {
            tracing::warn!("deleting expired idempotency records: {e}");
        }
        tokio::time::sleep(SWEEP_EVERY).await;
    }
}

/// Deletes the expired responses (an index range scan).
pub async fn sweep(db: &Db) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE date_created < $1")
        .bind(cutoff())
        .execute(&db.write)
        .await?;
    db.durable().await?;
    Ok(done.rows_affected())
}

/// Oldest `date_created` still replayable.
fn cutoff() -> String {
    crate::db::fmt_time(crate::db::now() - TTL)
}

/// The optional `Idempotency-Key` header (1..=255 visible ASCII characters).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let Some(v) = parts.headers.get(IDEMPOTENCY_KEY_HEADER) else {
            return Ok(IdempotencyKey(None));
        };
        match v.to_str() {
            Ok(s) if (1..=255).contains(&s.trim().len()) => {
                Ok(IdempotencyKey(Some(s.trim().to_owned())))
            }
            _ => Err(AppError::BadRequest(
                "Idempotency-Key must be 1 to 255 visible ASCII characters".into(),
            )),
        }
    }
}

/// A stored (or to-be-stored) response for one key.
struct Idempotency {
    key_hash: [u8; 32],
    scope: String,
    request_hash: [u8; 32],
}

/// A response read back from the store.
struct Replay {
    status: u16,
    body: String,
    location: Option<String>,
}

impl IntoResponse for Replay {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut resp = json_response(status, self.body, self.location.as_deref());
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        resp
    }
}

impl Idempotency {
    /// `None` without a key. `scope` names the caller and the route
    /// (`"{key_id} POST /v1/ws/1/DataSubjectRequests"`) so two clients' keys never
    /// collide; `request` is hashed to detect reuse with another body.
    fn new(key: &IdempotencyKey, scope: String, request: &impl Serialize) -> Option<Self> {
        let key = key.0.as_deref()?;
        let body = serde_json::to_vec(request).unwrap_or_default();
        Some(Self {
            key_hash: Sha256::digest(key.as_bytes()).into(),
            scope,
            request_hash: Sha256::digest(&body).into(),
        })
    }

    /// The stored response for this key, if any (call inside the write transaction).
    async fn replay(&self, conn: &mut AnyConnection) -> Result<Option<Replay>, AppError> {
        let row: Option<(Vec<u8>, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT request_hash, status, body, location FROM idempotency_keys
             WHERE scope = $1 AND key_hash = $2 AND date_created >= $3",
        )
        .bind(&self.scope)
        .bind(&self.key_hash[..])
        .bind(cutoff())
        .fetch_optional(conn)
        .await?;
        match row {
            None => Ok(None),
            Some((hash, ..)) if hash != self.request_hash => Err(AppError::Unprocessable(
                "Idempotency-Key was already used with a different request body".into(),
            )),
            Some((_, status, body, location)) => Ok(Some(Replay {
                status: u16::try_from(status).unwrap_or(200),
                body,
                location,
            })),
        }
    }

    /// Records the response in the same transaction (`batch`) as the row it
    /// describes.
    fn store(&self, batch: &mut Batch, status: StatusCode, created: &Created) {
        let qb = batch.statement(
            "INSERT INTO idempotency_keys
                 (key_hash, scope, request_hash, status, body, location, resource, date_created)",
        );
        qb.push_row(|mut v| {
            v.push_bind(self.key_hash.to_vec())
                .push_bind(self.scope.clone())
                .push_bind(self.request_hash.to_vec())
                .push_bind(i64::from(status.as_u16()))
                .push_bind(created.body.clone())
                .push_bind(created.location.clone())
                .push_bind(created.resource.clone())
                .push_bind(crate::db::fmt_time(crate::db::now()));
        });
        qb.push(
            " ON CONFLICT (scope, key_hash) DO UPDATE SET
                 request_hash = excluded.request_hash, status = excluded.status,
                 body = excluded.body, location = excluded.location,
                 resource = excluded.resource, date_created = excluded.date_created",
        );
    }
}

/// What a creating POST answers with `201 Created`: the JSON body (exactly the
/// text that is stored for replays) and, for URN contacts, a `Location`.
pub struct Created {
    body: String,
    location: Option<String>,
    resource: Option<String>,
}

impl Created {
    /// `value` as the JSON body.
    pub fn json(value: &impl Serialize) -> Result<Self, AppError> {
        Ok(Self {
            body: serde_json::to_string(value)?,
            location: None,
            resource: None,
        })
    }

    /// With a `Location` header.
    pub fn at(self, location: Option<String>) -> Self {
        Self { location, ..self }
    }

    /// The resource the body describes (`dsr:{id}`), so [`forget`] can erase the
    /// stored copy when the resource is deleted.
    pub fn of(self, resource: String) -> Self {
        Self {
            resource: Some(resource),
            ..self
        }
    }
}

/// Deletes every stored response describing `resource` (call in the transaction
/// that deletes the resource itself).
pub async fn forget(conn: &mut AnyConnection, resource: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM idempotency_keys WHERE resource = $1")
        .bind(resource)
        .execute(conn)
        .await?;
    Ok(())
}

/// The whole DELETE of a workspace's row `id` in `table` (a trusted table
/// name): in one write transaction the row goes, and so does every stored
/// response describing `resource`, so a replayed retry cannot bring erased data
/// back; 404 if the workspace has no such row.
pub async fn delete_row(
    db: &Db,
    table: &'static str,
    ws: i64,
    id: i64,
    resource: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(&format!(
        "DELETE FROM {table} WHERE workspace_id = $1 AND id = $2"
    ))
    .bind(ws)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    forget(&mut tx, resource).await?;
    db.commit(tx).await?;
    Ok(())
}

/// The whole creating POST after the handler's checks: in one write
/// transaction (on SQLite shared with concurrent creates, `Db::grouped`),
/// replays the stored response for `key` (if any) or runs `insert`, stores
/// its response under `key` and commits; then answers 201.
///
/// `scope` names the caller and the route (`"{key_id} POST {path}"`) so two
/// clients' keys never collide; `request` is the body whose hash detects a key
/// reused with another body. The 201 leaves only once the commit is on disk
/// (`Db::commit`, group commit), so a client that saw it will find the row.
pub async fn create(
    db: &Db,
    key: &IdempotencyKey,
    scope: String,
    request: &impl Serialize,
    insert: impl AsyncFnOnce(&mut Job<'_>, &mut Batch) -> Result<Created, AppError>,
) -> Result<Response, AppError> {
    let idem = Idempotency::new(key, scope, request);
    // Concurrent creates share one transaction on SQLite (`Db::grouped`).
    let created = db
        .grouped(async |job| {
            if let Some(i) = &idem {
                if let Some(replay) = i.replay(job.read()).await? {
                    return Ok(Err(replay));
                }
            }
            // What `insert` leaves in the batch and the stored answer are
            // written together, after it (SQLite: one trip to the writer).
            let mut batch = Batch::new(db.dialect);
            let created = insert(job, &mut batch).await?;
            if let Some(i) = &idem {
                i.store(&mut batch, StatusCode::CREATED, &created);
            }
            job.finish(batch).await?;
            Ok::<_, AppError>(Ok(created))
        })
        .await?;
    Ok(match created {
        Err(replay) => replay.into_response(),
        Ok(created) => json_response(
            StatusCode::CREATED,
            created.body,
            created.location.as_deref(),
        ),
    })
}

/// A JSON response whose exact body text is also what we store.
fn json_response(status: StatusCode, body: String, location: Option<&str>) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(loc) = location.and_then(|l| HeaderValue::from_str(l).ok()) {
        h.insert(header::LOCATION, loc);
    }
    resp
}
