//! The audit log of a data subject request (issue 16): every change, which key
//! made it and when, append-only. A change is found by comparing the seed
//! object before and after a write in the same transaction, so every write
//! path (PUT, workflow, archive, restore) is covered by one function. Fields
//! that describe the workflow are kept in clear; every other field may hold
//! personal data and is kept as a SHA-256 of its JSON value, enough to show
//! that it changed (and to check a known value) without copying it.
//!
//! `GET /v1/ws/{ws}/DataSubjectRequests/{id}/audit` (admin) lists the entries,
//! oldest first, with the key's name and hint.
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pw_model::dsr::AuditEntry;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::auth::Principal;
use crate::db::{fmt_time, now, Batch, Dialect};
use crate::error::{AppError, AppPath, Dastra};
use crate::AppState;

/// Fields written in clear: the workflow's, none of them personal data.
const CLEAR: &[&str] = &[
    "state",
    "workFlowStepId",
    "archived",
    "archivedDate",
    "purposes",
    "tags",
    "expiryTime",
    "dateClosed",
    "closedReason",
    "locale",
    "widgetId",
    "mailValidated",
    "identityValidated",
    "userNotified",
    "dateUserNotified",
    "emailValidationDate",
    "nbMessages",
    "sendNotification",
    "personCategory",
    "channel",
    "countryCode",
];

/// Fields that change with every write, are computed on read, or repeat
/// another (`workFlowStep` is the step `workFlowStepId` names).
const SKIPPED: &[&str] = &[
    "dateUpdate",
    "remainingDays",
    "workFlowStep",
    "nbMessagesNotViewed",
    "attachments",
];

/// Longest entry list one request answers with (the newest are dropped past it).
pub const MAX_ENTRIES: i64 = 1_000;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/ws/{ws}/DataSubjectRequests/{id}/audit", get(list))
}

/// One changed field of two seed objects: `(field, old, new)` as stored.
fn changes(before: &Value, after: &Value) -> Vec<(String, Option<String>, Option<String>)> {
    let empty = serde_json::Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !SKIPPED.contains(&k.as_str()))
        .filter_map(|k| {
            let (old, new) = (
                b.get(k).unwrap_or(&Value::Null),
                a.get(k).unwrap_or(&Value::Null),
            );
            (old != new).then(|| (k.clone(), stored(k, old), stored(k, new)))
        })
        .collect()
}

/// A value as the log keeps it: JSON text for clear fields, `sha256:<hex>` of
/// the JSON text for the others; `None` for null.
fn stored(field: &str, v: &Value) -> Option<String> {
    if v.is_null() {
        return None;
    }
    let json = v.to_string();
    if CLEAR.contains(&field) {
        Some(json)
    } else {
        Some(format!("sha256:{}", hex(&Sha256::digest(json.as_bytes()))))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry.
async fn append(
    conn: &mut AnyConnection,
    dsr: i64,
    key_id: i64,
    field: &str,
    old: Option<String>,
    new: Option<String>,
) -> Result<(), AppError> {
    let mut batch = Batch::new(Dialect::of(conn));
    push(&mut batch, dsr, key_id, field, old, new);
    batch.run(conn).await?;
    Ok(())
}

/// The audit entry's INSERT, into `batch`.
fn push(
    batch: &mut Batch,
    dsr: i64,
    key_id: i64,
    field: &str,
    old: Option<String>,
    new: Option<String>,
) {
    let qb =
        batch.statement("INSERT INTO dsr_audit (dsr_id, at, key_id, field, old_value, new_value)");
    qb.push_row(|mut v| {
        v.push_bind(dsr)
            .push_bind(fmt_time(now()))
            .push_bind(key_id)
            .push_bind(field.to_owned())
            .push_bind(old)
            .push_bind(new);
    });
}

/// Appends the fields that differ between `before` and `after` (seed objects
/// of request `dsr`), made by key `key_id`; nothing when nothing changed.
pub async fn record(
    conn: &mut AnyConnection,
    dsr: i64,
    key_id: i64,
    before: &Value,
    after: &Value,
) -> Result<(), AppError> {
    // Every changed field's entry in one batch (SQLite: one trip).
    let mut batch = Batch::new(Dialect::of(conn));
    for (field, old, new) in changes(before, after) {
        push(&mut batch, dsr, key_id, &field, old, new);
    }
    batch.run(conn).await?;
    Ok(())
}

/// Appends a note that is not a field change (the reason of an extension), in
/// clear: the team writes it for the requester.
pub async fn note(
    conn: &mut AnyConnection,
    dsr: i64,
    key_id: i64,
    field: &str,
    text: &str,
) -> Result<(), AppError> {
    let text = Value::String(text.to_owned()).to_string();
    append(conn, dsr, key_id, field, None, Some(text)).await
}

/// Records that key `key_id` created request `dsr`.
pub fn created(batch: &mut Batch, dsr: i64, key_id: i64) {
    push(batch, dsr, key_id, "created", None, None);
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    principal.admin_of_workspace(ws)?;
    let mut conn = st.db.read.acquire().await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM dsr WHERE workspace_id = $1 AND id = $2")
            .bind(ws)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    exists.ok_or_else(AppError::not_found)?;
    type Row = (
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.at, k.name AS key_name, k.hint AS key_hint, a.field, a.old_value, a.new_value
         FROM dsr_audit a LEFT JOIN api_keys k ON k.id = a.key_id
         WHERE a.dsr_id = $1 ORDER BY a.id LIMIT $2",
    )
    .bind(id)
    .bind(MAX_ENTRIES)
    .fetch_all(&mut *conn)
    .await?;
    let entries = rows
        .into_iter()
        .map(
            |(at, key_name, key_hint, field, old_value, new_value)| AuditEntry {
                at,
                key_name,
                key_hint,
                field,
                old_value,
                new_value,
            },
        )
        .collect();
    Ok(Json(entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clear_workflow_fields_hashed_personal_data_skipped_noise() {
        let before =
            json!({"state": "Open", "email": "a@example.com", "dateUpdate": "1", "title": null});
        let after =
            json!({"state": "Closed", "email": "b@example.com", "dateUpdate": "2", "title": null});
        let c = changes(&before, &after);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].0, "email");
        assert!(c[0].1.as_deref().unwrap().starts_with("sha256:"));
        assert!(!c[0].2.as_deref().unwrap().contains("example"));
        assert_eq!(
            c[1],
            (
                "state".into(),
                Some("\"Open\"".into()),
                Some("\"Closed\"".into())
            )
        );
        assert!(changes(&after, &after).is_empty());
    }
}
