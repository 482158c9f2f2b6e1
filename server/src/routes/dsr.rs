//! Dastra data subject requests (seed 002, "API's Endpoints"):
//!
//! - `POST   /v1/ws/{workspaceId}/DataSubjectRequests`            create (admin or public key)
//! - `GET    /v1/ws/{workspaceId}/DataSubjectRequests`            paged list with every filter
//! - `GET    /v1/ws/{workspaceId}/DataSubjectRequests/{id}`       one request
//! - `PUT    /v1/ws/{workspaceId}/DataSubjectRequests/{id}`       replace the client-owned fields
//! - `DELETE /v1/ws/{workspaceId}/DataSubjectRequests/{id}`       204, no body
//! - `POST   /v1/ws/{workspaceId}/DataSubjectRequests/archive/{id}` and `.../restore/{id}`
//!
//! The workflow move (`POST .../workflow`) is in `workflow.rs`.
//!
//! Every answer carries the whole seed object: all of its fields, unset ones as
//! `null` or the seed's neutral value (`DataSubjectRequest::seed_object`).
//!
//! Server-owned fields, ignored in request bodies: `id`, `archived`,
//! `archivedDate`, `dateCreation`, `dateUpdate`, `expiryTime` (creation plus
//! the workspace's `deadlinePolicy`: one calendar month under the GDPR,
//! Art. 12(3); 45 days under the CCPA; see `deadline.rs`), `remainingDays` (computed on read),
//! `dateClosed`, `workFlowStep`. `state` and `workFlowStepId` are ignored on
//! create (a request starts in the initial step); on PUT a value other than the
//! current one moves the request like the workflow endpoint: `workFlowStepId` to
//! that step, `state` to the first step (in workflow order) mapped to it; 400
//! when there is no such step or the two disagree. The archive flag changes only
//! through archive/restore.
//!
//! Bodies (create and PUT) must be JSON objects and pass the model's rules
//! (`validate_new` with the workspace's required fields, `validate_nested`);
//! otherwise 400 and nothing changes. Collections are written with one
//! statement each, never one per item.
//!
//! List semantics (our documented choices where the seed is silent):
//! - `page` is 1-based (default 1; 0 is refused) and echoed; `size` defaults to
//!   20, 1..=500; `skip` is added to `(page - 1) * size`.
//! - `archived` absent or false hides archived requests; true lists ONLY archived.
//! - `overtaking=true`: past `expiryTime` and not Closed; `false`: the others.
//! - `q` matches title, given name, family name and e-mail (case-insensitive
//!   substring): the admin searches people, and the title alone is rarely typed.
//!   At most 256 characters; `ids` at most 500, `tags` 50, `states` and
//!   `purposes` at most their number of values (400 beyond).
//! - `states`, `purposes`, `ids`, `tags`: any-of, arrays as repeated keys.
//! - `sortBy` is one of [`SORT_COLUMNS`] (JSON names); default `dateCreation`
//!   descending; `asc` defaults to false. Ties break on `id`.
use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pw_model::dsr::DeadlineExtension;
use pw_model::dsr::{
    DataSubjectRequest, DsrQuery, DsrState, Paged, SeedObject, Tag, TagType, WorkFlowStep,
    WorkFlowStepType,
};
use pw_model::validate::{FieldError, Validate, Violation};
use pw_model::{DeadlinePolicy, WidgetSettings};
use serde_json::Value;
use sqlx::{Any, AnyConnection, Transaction};

use crate::db::{Batch, Db, Dialect, Job, QueryBuilder};

use crate::auth::Principal;
use crate::db::{fmt_time, now, parse_time, remaining_days};
use crate::deadline;
use crate::error::{invalid, AppError, AppJson, AppPath, Dastra};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::mail_text::Notice;
use crate::routes::audit;
use crate::routes::requester;
use crate::routes::settings;
use crate::{thread, AppState};

/// Default page size.
pub const DEFAULT_SIZE: u32 = 20;
/// Largest page size.
pub const MAX_SIZE: u32 = 500;

/// `sortBy` values (the DSR's JSON field names) and their columns.
/// `remainingDays` sorts by `expiry_time`, which orders the same way.
pub const SORT_COLUMNS: &[(&str, &str)] = &[
    ("id", "d.id"),
    ("dateCreation", "d.date_creation"),
    ("dateUpdate", "d.date_update"),
    ("expiryTime", "d.expiry_time"),
    ("remainingDays", "d.expiry_time"),
    ("state", "d.state"),
    ("dateClosed", "d.date_closed"),
    ("title", "d.title"),
    ("familyName", "d.family_name"),
    ("givenName", "d.given_name"),
    ("email", "d.email"),
    ("widgetId", "d.widget_id"),
    ("workFlowStepId", "d.work_flow_step_id"),
];

/// Text columns of [`SORT_COLUMNS`], sorted case-insensitively.
const TEXT_SORT: &[&str] = &["d.title", "d.family_name", "d.given_name", "d.email"];

/// Columns of [`SORT_COLUMNS`] that are never NULL (the rest sort NULLs last).
const NOT_NULL_SORT: &[&str] = &[
    "d.id",
    "d.date_creation",
    "d.date_update",
    "d.expiry_time",
    "d.state",
];

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/ws/{ws}/DataSubjectRequests", post(create).get(list))
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}",
            get(get_one).put(update).delete(delete),
        )
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/archive/{id}",
            post(archive),
        )
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/restore/{id}",
            post(restore),
        )
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}/extension",
            post(extend),
        )
}

#[derive(sqlx::FromRow)]
struct DsrRow {
    id: i64,
    state: String,
    #[sqlx(try_from = "crate::db::Flag")]
    archived: bool,
    archived_date: Option<String>,
    work_flow_step_id: Option<i64>,
    date_creation: String,
    date_update: String,
    expiry_time: String,
    date_closed: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    mail_validated: bool,
    email_validation_date: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    user_notified: bool,
    date_user_notified: Option<String>,
    body: String,
}

/// A page's row with the number of requests matching the filters.
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: DsrRow,
    matches: i64,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    id: i64,
    label: String,
    color: Option<String>,
    ord: i64,
    item_limit: Option<i64>,
    #[sqlx(rename = "type")]
    kind: String,
    #[sqlx(try_from = "crate::db::Flag")]
    final_step: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    initial_step: bool,
    description_html: Option<String>,
    mapped_state: String,
}

impl From<StepRow> for WorkFlowStep {
    fn from(r: StepRow) -> Self {
        WorkFlowStep {
            id: Some(r.id),
            label: Some(r.label),
            color: r.color,
            order: Some(r.ord),
            item_limit: r.item_limit,
            kind: Some(WorkFlowStepType::parse(&r.kind)),
            final_step: Some(r.final_step),
            initial_step: Some(r.initial_step),
            description_html: r.description_html,
            mapped_state: Some(DsrState::parse(&r.mapped_state)),
        }
    }
}

/// The workflow steps of `ws`, in order.
pub async fn steps(conn: &mut AnyConnection, ws: i64) -> Result<Vec<WorkFlowStep>, AppError> {
    let rows: Vec<StepRow> = sqlx::query_as(
        "SELECT id, label, color, ord, item_limit, type, final_step, initial_step,
                description_html, mapped_state
         FROM workflow_steps WHERE workspace_id = $1 ORDER BY ord, id",
    )
    .bind(ws)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(WorkFlowStep::from).collect())
}

/// Fields the server owns: cleared before the body is stored, filled from columns on read.
fn strip_server_fields(d: &mut DataSubjectRequest) {
    d.id = None;
    d.state = None;
    d.archived = None;
    d.archived_date = None;
    d.date_creation = None;
    d.date_update = None;
    d.expiry_time = None;
    d.remaining_days = None;
    d.date_closed = None;
    d.work_flow_step = None;
    d.work_flow_step_id = None;
    // Stored relationally (join tables, the thread, columns), not in the JSON.
    d.purposes = None;
    d.tags = None;
    d.attachments = None;
    d.nb_messages = None;
    d.nb_messages_not_viewed = None;
    d.mail_validated = None;
    d.email_validation_date = None;
    d.user_notified = None;
    d.date_user_notified = None;
}

/// A public (widget) key may only fill the intake form (the model's
/// `DsrIntake`): everything an operator sets (assignment, resolution, area,
/// attachments, tags, ...) is dropped.
fn intake_only(d: DataSubjectRequest) -> DataSubjectRequest {
    pw_model::DsrIntake::from(d).into()
}

/// Rebuilds the API object from a row, its purposes and tags, and the step map.
fn assemble(
    row: DsrRow,
    purposes: Vec<pw_model::dsr::Purpose>,
    tags: Vec<Tag>,
    thread: Thread,
    steps: &HashMap<i64, WorkFlowStep>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DataSubjectRequest, AppError> {
    let mut d: DataSubjectRequest = serde_json::from_str(&row.body)?;
    let ((nb, unseen), files) = thread;
    d.nb_messages = Some(nb);
    d.nb_messages_not_viewed = Some(unseen);
    d.attachments = Some(files);
    d.mail_validated = Some(row.mail_validated);
    d.email_validation_date = row.email_validation_date;
    d.user_notified = Some(row.user_notified);
    d.date_user_notified = row.date_user_notified;
    d.id = Some(row.id);
    d.state = Some(DsrState::parse(&row.state));
    d.archived = Some(row.archived);
    d.archived_date = row.archived_date;
    d.remaining_days = parse_time(&row.expiry_time).map(|t| remaining_days(t, now));
    d.date_creation = Some(row.date_creation);
    d.date_update = Some(row.date_update);
    d.expiry_time = Some(row.expiry_time);
    d.date_closed = row.date_closed;
    d.work_flow_step = row.work_flow_step_id.and_then(|id| steps.get(&id).cloned());
    d.work_flow_step_id = row.work_flow_step_id;
    d.purposes = Some(purposes);
    d.tags = Some(tags);
    Ok(d)
}

/// A request's message counts and attachments (`thread.rs`).
type Thread = ((i64, i64), Vec<pw_model::dsr::Attachment>);

/// Loads full DSRs for `rows` (keeping their order). Every page costs the
/// workflow steps and one statement for what each row carries besides its
/// own columns (purposes, message counts, whether it has tags); tags and
/// attachments, which few requests have, cost a statement only when the page
/// has some. Each statement is a round trip: a thread hand-off on SQLite, a
/// network one to a PostgreSQL on another host (on loopback they were not
/// what bounds a list: BENCHMARKS.md, "What bounds a list").
async fn load_rows(
    conn: &mut AnyConnection,
    ws: i64,
    rows: Vec<DsrRow>,
) -> Result<Vec<DataSubjectRequest>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let step_map: HashMap<i64, WorkFlowStep> = steps(conn, ws)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.id?, s)))
        .collect();

    // Per request, a row with its counts, then one per purpose (arrival
    // order). Two branches rather than a join, so that both databases look
    // the page's ids up in each table's index.
    let mut qb = QueryBuilder::new(format!(
        "SELECT d.id, 0, NULL,
            (SELECT COUNT(*) FROM dsr_messages m WHERE m.dsr_id = d.id),
            (SELECT COUNT(*) FROM dsr_messages m WHERE m.dsr_id = d.id AND {}),
            (SELECT COUNT(*) FROM dsr_tags t WHERE t.dsr_id = d.id)
         FROM dsr d WHERE d.id IN (",
        thread::NOT_VIEWED
    ));
    qb.push_binds(rows.iter().map(|r| r.id));
    qb.push(") UNION ALL SELECT p.dsr_id, p.rowid, p.purpose, 0, 0, 0 FROM dsr_purposes p WHERE p.dsr_id IN (");
    qb.push_binds(rows.iter().map(|r| r.id));
    qb.push(") ORDER BY 1, 2");
    type Carried = (i64, i64, Option<String>, i64, i64, i64);
    let mut purposes: HashMap<i64, Vec<pw_model::dsr::Purpose>> = HashMap::new();
    let mut counts: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut tagged = Vec::new();
    // Only a request's own row (the first branch) has non-zero counts.
    for (id, _, purpose, messages, not_viewed, tag_count) in
        qb.build_query_as::<Carried>().fetch_all(&mut *conn).await?
    {
        if let Some(p) = purpose {
            purposes
                .entry(id)
                .or_default()
                .push(pw_model::dsr::Purpose::parse(&p));
        }
        if messages > 0 {
            counts.insert(id, (messages, not_viewed));
        }
        if tag_count > 0 {
            tagged.push(id);
        }
    }

    let mut tags: HashMap<i64, Vec<Tag>> = HashMap::new();
    if !tagged.is_empty() {
        let mut qb = QueryBuilder::new(
            "SELECT dt.dsr_id, t.id, t.label, t.type, t.color FROM dsr_tags dt
             JOIN tags t ON t.id = dt.tag_id WHERE dt.dsr_id IN (",
        );
        qb.push_binds(tagged);
        qb.push(") ORDER BY dt.dsr_id, t.id");
        type TagRow = (i64, i64, String, Option<String>, Option<String>);
        for (dsr, id, label, kind, color) in
            qb.build_query_as::<TagRow>().fetch_all(&mut *conn).await?
        {
            tags.entry(dsr).or_default().push(Tag {
                id: Some(id),
                label: Some(label),
                kind: kind.as_deref().map(TagType::parse),
                color,
            });
        }
    }
    // Attachments hang off messages (deleted with them), so only requests
    // with messages can have any.
    let threaded: Vec<i64> = counts.keys().copied().collect();
    let mut files = thread::attachments(conn, &threaded).await?;
    let now = now();
    rows.into_iter()
        .map(|r| {
            let (p, t) = (
                purposes.remove(&r.id).unwrap_or_default(),
                tags.remove(&r.id).unwrap_or_default(),
            );
            let th = (
                counts.remove(&r.id).unwrap_or_default(),
                files.remove(&r.id).unwrap_or_default(),
            );
            assemble(r, p, t, th, &step_map, now)
        })
        .collect()
}

const ROW_COLUMNS: &str = "d.id, d.state, d.archived, d.archived_date, d.work_flow_step_id,
    d.date_creation, d.date_update, d.expiry_time, d.date_closed, d.mail_validated,
    d.email_validation_date, d.user_notified, d.date_user_notified, d.body";

/// One DSR of workspace `ws`, or the seed's 404 body.
async fn load_or_404(
    conn: &mut AnyConnection,
    ws: i64,
    id: i64,
) -> Result<DataSubjectRequest, AppError> {
    let row: DsrRow = sqlx::query_as(&format!(
        "SELECT {ROW_COLUMNS} FROM dsr d WHERE d.workspace_id = $1 AND d.id = $2"
    ))
    .bind(ws)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(AppError::not_found)?;
    load_rows(conn, ws, vec![row])
        .await?
        .pop()
        .ok_or_else(AppError::not_found)
}

/// The request as a write starts: its seed object, read inside the write's
/// transaction (the seed's 404 when it is not in `ws`), for the audit log.
pub async fn before_write(
    tx: &mut Transaction<'_, Any>,
    ws: i64,
    id: i64,
) -> Result<Value, AppError> {
    Ok(load_or_404(tx, ws, id).await?.seed_object())
}

/// The answer of a write that returns the request: reads `id` back inside `tx`,
/// logs what changed since `before` (`before_write`) as key `key_id`'s doing,
/// then commits.
pub async fn commit_updated(
    db: &Db,
    mut tx: Transaction<'_, Any>,
    ws: i64,
    id: i64,
    before: &Value,
    key_id: i64,
) -> Result<Json<Value>, AppError> {
    let after = load_or_404(&mut tx, ws, id).await?.seed_object();
    audit::record(&mut tx, id, key_id, before, &after).await?;
    db.commit(tx).await?;
    Ok(Json(after))
}

/// Moves request `id` of `ws` to workflow step `step`: its `state` becomes the
/// step's `mapped_state`; a final step sets `dateClosed` (kept if already set),
/// any other clears it. Shared by `POST .../workflow` and PUT.
pub async fn move_to_step(
    conn: &mut AnyConnection,
    ws: i64,
    id: i64,
    step: &StepTarget,
) -> Result<(), AppError> {
    let ts = fmt_time(now());
    sqlx::query(
        "UPDATE dsr SET work_flow_step_id = $1, state = $2, date_update = $3,
                        date_closed = CASE WHEN $4 THEN COALESCE(date_closed, $5) ELSE NULL END
         WHERE workspace_id = $6 AND id = $7",
    )
    .bind(step.id)
    .bind(&step.mapped_state)
    .bind(&ts)
    .bind(step.final_step)
    .bind(&ts)
    .bind(ws)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A workflow step a request can be moved to.
#[derive(sqlx::FromRow)]
pub struct StepTarget {
    /// Step id.
    pub id: i64,
    /// The state a request takes in it.
    pub mapped_state: String,
    /// Closes the request.
    #[sqlx(try_from = "crate::db::Flag")]
    pub final_step: bool,
}

/// Step `step_id` of workspace `ws`, if it exists.
pub async fn step_by_id(
    conn: &mut AnyConnection,
    ws: i64,
    step_id: i64,
) -> Result<Option<StepTarget>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, mapped_state, final_step FROM workflow_steps WHERE workspace_id = $1 AND id = $2",
    )
    .bind(ws)
    .bind(step_id)
    .fetch_optional(conn)
    .await?)
}

/// The step a PUT body asks for, if it asks for a change (see the module docs);
/// 404 when the request does not exist.
async fn requested_step(
    conn: &mut AnyConnection,
    ws: i64,
    id: i64,
    d: &DataSubjectRequest,
) -> Result<Option<StepTarget>, AppError> {
    let (state, step): (String, Option<i64>) = sqlx::query_as(
        "SELECT state, work_flow_step_id FROM dsr WHERE workspace_id = $1 AND id = $2",
    )
    .bind(ws)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(AppError::not_found)?;
    let by_id = match d.work_flow_step_id {
        Some(wanted) if Some(wanted) != step => {
            Some(step_by_id(conn, ws, wanted).await?.ok_or_else(|| {
                AppError::BadRequest(format!(
                    "workFlowStepId: no workflow step {wanted} in this workspace"
                ))
            })?)
        }
        _ => None,
    };
    match (by_id, d.state.as_ref().map(DsrState::as_str)) {
        (Some(target), Some(wanted)) if target.mapped_state != wanted => {
            Err(AppError::BadRequest(format!(
                "state {wanted} contradicts workFlowStepId {}, whose state is {}",
                target.id, target.mapped_state
            )))
        }
        (Some(target), _) => Ok(Some(target)),
        (None, Some(wanted)) if wanted != state => {
            let target: Option<StepTarget> = sqlx::query_as(
                "SELECT id, mapped_state, final_step FROM workflow_steps
                 WHERE workspace_id = $1 AND mapped_state = $2 ORDER BY ord, id LIMIT 1",
            )
            .bind(ws)
            .bind(wanted)
            .fetch_optional(&mut *conn)
            .await?;
            target.map(Some).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "state: no workflow step of this workspace is mapped to {wanted}"
                ))
            })
        }
        _ => Ok(None),
    }
}

/// Tag ids for `tags`, in the body's order without repeats: an `id` must be a
/// tag of this workspace; a tag with only a `label` is found or created, so the
/// admin can tag in one PUT (the workspace's tag bound applies, see `tag.rs`).
/// A few statements whatever the number of tags (the model bounds it): one
/// SELECT for the ids, one upsert and one count for the labels.
async fn resolve_tags(
    conn: &mut AnyConnection,
    ws: i64,
    tags: &[Tag],
) -> Result<Vec<i64>, AppError> {
    enum Wanted<'a> {
        Id(i64),
        Label(&'a str),
    }
    let mut wanted = Vec::with_capacity(tags.len());
    for tag in tags {
        wanted.push(match (tag.id, tag.label.as_deref().map(str::trim)) {
            (Some(id), _) => Wanted::Id(id),
            (None, Some(label)) if !label.is_empty() => Wanted::Label(label),
            _ => {
                return Err(AppError::BadRequest(
                    "tags: each tag needs an id or a label of 1 to 256 characters".into(),
                ))
            }
        });
    }
    let ids: Vec<i64> = wanted
        .iter()
        .filter_map(|w| match w {
            Wanted::Id(id) => Some(*id),
            Wanted::Label(_) => None,
        })
        .collect();
    if !ids.is_empty() {
        let mut qb = QueryBuilder::new("SELECT id FROM tags WHERE workspace_id = ");
        qb.push_bind(ws).push(" AND id IN (");
        qb.push_binds(ids.clone());
        qb.push(")");
        let found: Vec<i64> = qb.build_query_scalar().fetch_all(&mut *conn).await?;
        if let Some(missing) = ids.iter().find(|id| !found.contains(id)) {
            return Err(AppError::BadRequest(format!(
                "tags: unknown tag id {missing}"
            )));
        }
    }
    // First occurrence of each label wins (its type and colour are used on create).
    let mut labels: Vec<(&str, &Tag)> = Vec::new();
    for (w, tag) in wanted.iter().zip(tags) {
        if let Wanted::Label(l) = w {
            if !labels.iter().any(|(seen, _)| seen == l) {
                labels.push((l, tag));
            }
        }
    }
    let mut by_label: HashMap<String, i64> = HashMap::new();
    if !labels.is_empty() {
        let mut qb = QueryBuilder::new("INSERT INTO tags (workspace_id, label, type, color) ");
        qb.push_values(&labels, |mut row, (label, tag)| {
            row.push_bind(ws)
                .push_bind(label.to_string())
                .push_bind(tag.kind.as_ref().map(|k| k.as_str().to_owned()))
                .push_bind(tag.color.clone());
        });
        qb.push(
            " ON CONFLICT (workspace_id, label) DO UPDATE SET label = excluded.label
             RETURNING label, id",
        );
        by_label = qb
            .build_query_as::<(String, i64)>()
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
        crate::routes::tag::check_workspace_tags(conn, ws).await?;
    }
    let mut out: Vec<i64> = Vec::with_capacity(wanted.len());
    for w in &wanted {
        let id = match w {
            Wanted::Id(id) => Some(*id),
            Wanted::Label(l) => by_label.get(*l).copied(),
        };
        if let Some(id) = id.filter(|id| !out.contains(id)) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Writes `d`'s purposes and tags for request `id` into `batch`: at most
/// one multi-row INSERT per table, after a DELETE of the ones it had when
/// `replace` (false for a request created in this transaction, which has
/// none). `tag_ids`: `d`'s tags as [`resolve_tags`] found or made them.
fn write_relations(
    batch: &mut Batch,
    id: i64,
    d: &DataSubjectRequest,
    tag_ids: Vec<i64>,
    replace: bool,
) {
    if replace {
        batch
            .statement("DELETE FROM dsr_purposes WHERE dsr_id = ")
            .push_bind(id);
        batch
            .statement("DELETE FROM dsr_tags WHERE dsr_id = ")
            .push_bind(id);
    }
    let purposes = d.purposes.as_deref().unwrap_or_default();
    if !purposes.is_empty() {
        let qb = batch.statement("INSERT INTO dsr_purposes (dsr_id, purpose)");
        qb.push_values(purposes, |mut row, p| {
            row.push_bind(id).push_bind(p.as_str().to_owned());
        });
        qb.push(" ON CONFLICT DO NOTHING");
    }
    if !tag_ids.is_empty() {
        let qb = batch.statement("INSERT INTO dsr_tags (dsr_id, tag_id)");
        qb.push_values(tag_ids, |mut row, t| {
            row.push_bind(id).push_bind(t);
        });
        qb.push(" ON CONFLICT DO NOTHING");
    }
}

/// A request just inserted, with everything its first answer shows, so the
/// create need not read it back: creates queue on the single writer, where
/// every statement is a round trip (BENCHMARKS.md, the 06:11Z load run).
pub struct Inserted {
    pub id: i64,
    /// The row exactly as the INSERT wrote it.
    row: DsrRow,
    email: Option<String>,
    step: Option<WorkFlowStep>,
    purposes: Vec<pw_model::dsr::Purpose>,
    /// Created with tags, whose labels and types live in the tags table.
    tagged: bool,
}

impl Inserted {
    /// What e-mails about the new request need from it (`thread::recipient`).
    pub fn recipient(&self, ws: i64) -> thread::Recipient {
        thread::Recipient {
            ws,
            email: self.email.clone(),
            mail_validated: self.row.mail_validated,
            body: self.row.body.clone(),
        }
    }

    /// The request as a GET shows it (same `assemble`): read back only when
    /// it has tags. A new request has no messages and no attachments.
    async fn into_object(
        self,
        job: &mut Job<'_>,
        batch: &mut Batch,
        ws: i64,
    ) -> Result<DataSubjectRequest, AppError> {
        if self.tagged {
            // The tags' labels live in the tags table: write, then read back.
            let conn = job.write().await?;
            batch.take().run(conn).await?;
            return load_or_404(conn, ws, self.id).await;
        }
        let steps = self
            .step
            .into_iter()
            .filter_map(|s| Some((s.id?, s)))
            .collect();
        let thread = ((0, 0), Vec::new());
        assemble(self.row, self.purposes, Vec::new(), thread, &steps, now())
    }
}

/// The workspace's initial step, where a new request starts (read before
/// the create joins the writer's queue; [`insert`] stores it only if it still
/// exists then).
pub async fn initial_step(
    conn: &mut AnyConnection,
    ws: i64,
) -> Result<Option<WorkFlowStep>, AppError> {
    let step: Option<StepRow> = sqlx::query_as(
        "SELECT id, label, color, ord, item_limit, type, final_step, initial_step,
                description_html, mapped_state
         FROM workflow_steps
         WHERE workspace_id = $1 AND initial_step = 1 ORDER BY ord, id LIMIT 1",
    )
    .bind(ws)
    .fetch_optional(conn)
    .await?;
    Ok(step.map(WorkFlowStep::from))
}

/// What a new request starts with besides its body.
pub struct Start {
    /// Its id ([`crate::db::Job::next_id`]).
    pub id: i64,
    /// The workspace's [`initial_step`].
    pub step: Option<WorkFlowStep>,
    /// Its tags as [`resolve_tags`] found or made them.
    pub tag_ids: Vec<i64>,
    pub created: chrono::DateTime<chrono::Utc>,
}

/// Inserts a new request of `ws` at `created` (Open, in the initial step, due
/// when `policy`'s law says) as `start` says: its rows go into `batch`, for
/// the caller to run with whatever else the create writes. Used by the create
/// route and the demo seeding.
pub fn insert(
    batch: &mut Batch,
    ws: i64,
    d: &DataSubjectRequest,
    start: Start,
    policy: &DeadlinePolicy,
) -> Result<Inserted, AppError> {
    let Start {
        id,
        step,
        tag_ids,
        created,
    } = start;
    let state = match step.as_ref().and_then(|s| s.mapped_state.as_ref()) {
        Some(state) => state.as_str().to_owned(),
        None => DsrState::Open.as_str().to_owned(),
    };
    let mut stored = d.clone();
    strip_server_fields(&mut stored);
    let ts = fmt_time(created);
    let row = DsrRow {
        id,
        state,
        archived: false,
        archived_date: None,
        work_flow_step_id: step.as_ref().and_then(|s| s.id),
        date_creation: ts.clone(),
        date_update: ts,
        expiry_time: fmt_time(deadline::answer_due(policy, created)),
        date_closed: None,
        mail_validated: false,
        email_validation_date: None,
        user_notified: false,
        date_user_notified: None,
        body: serde_json::to_string(&stored)?,
    };
    // PostgreSQL: with its purposes' copy (postgres migration 0005), so the
    // trigger on dsr_purposes finds it right and leaves the new row alone.
    let postgres = batch.dialect() == Dialect::Postgres;
    let copy = if postgres { "purpose_list, " } else { "" };
    let qb = batch.statement(format_args!(
        "INSERT INTO dsr (id, workspace_id, title, given_name, family_name, email, state, archived,
                          widget_id, date_creation, date_update, expiry_time,
                          body, mail_validated, user_notified, {copy}work_flow_step_id) VALUES ("
    ));
    qb.separated(", ")
        .push_bind(id)
        .push_bind(ws)
        .push_bind(d.title.clone())
        .push_bind(d.given_name.clone())
        .push_bind(d.family_name.clone())
        .push_bind(d.email.clone())
        .push_bind(row.state.clone())
        .push_bind(i64::from(row.archived))
        .push_bind(d.widget_id)
        .push_bind(row.date_creation.clone())
        .push_bind(row.date_update.clone())
        .push_bind(row.expiry_time.clone())
        .push_bind(row.body.clone())
        .push_bind(i64::from(row.mail_validated))
        .push_bind(i64::from(row.user_notified));
    if postgres {
        let purposes = d.purposes.iter().flatten().map(|p| p.as_str().to_owned());
        qb.push(", ARRAY[").push_binds(purposes).push("]::text[]");
    }
    // The step was read before the create queued for the writer: a step
    // deleted meanwhile leaves the request without one, not an error.
    qb.push(", (SELECT id FROM workflow_steps WHERE id = ")
        .push_bind(row.work_flow_step_id)
        .push("))");
    write_relations(batch, id, d, tag_ids, false);
    // In the order given, as read back (the model refuses a repeated purpose).
    let purposes = d.purposes.iter().flatten();
    let purposes = purposes
        .map(|p| pw_model::dsr::Purpose::parse(p.as_str()))
        .collect();
    Ok(Inserted {
        id,
        row,
        email: d.email.clone(),
        step,
        purposes,
        tagged: d.tags.as_ref().is_some_and(|t| !t.is_empty()),
    })
}

async fn create(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    idem: IdempotencyKey,
    body: Result<AppJson<DataSubjectRequest, Dastra>, AppError>,
) -> Result<Response, AppError> {
    principal.member_of_workspace(ws)?;
    let mut d = body?.into_inner();
    if !principal.is_admin() {
        d = intake_only(d);
    }
    let workspace = st.workspaces.get(&st.db, ws).await?;
    let settings = &workspace.settings;
    check(&d, settings, !principal.is_admin())?;
    let step = workspace.initial_step.clone();
    let scope = format!("{} POST /v1/ws/{ws}/DataSubjectRequests", principal.key_id);
    let _queued = st.public_write(&principal).await;
    // The verification e-mail is logged with the request and leaves after
    // the commit, only for a new request (not for an idempotent replay).
    let verification = std::sync::Mutex::new(None);
    let org = settings.organisation_name.as_deref();
    let resp = idempotency::create(&st.db, &idem, scope, &d, async |job, batch| {
        // Only new tags are written before the batch (an admin's create).
        let tags = d.tags.as_deref().unwrap_or_default();
        let tag_ids = match tags.is_empty() {
            true => Vec::new(),
            false => resolve_tags(job.write().await?, ws, tags).await?,
        };
        let id = job.next_id("dsr").await?;
        let start = Start {
            id,
            step,
            tag_ids,
            created: now(),
        };
        let new = insert(batch, ws, &d, start, &settings.deadline_policy)?;
        audit::created(batch, id, principal.key_id);
        let to = new.recipient(ws);
        let tx = job.read();
        if let Some(out) = requester::start_verification(tx, batch, &st, id, to, true, org).await? {
            let mail = st.mailer.log(batch, job.next_id("mail_log").await?, out);
            *verification.lock().unwrap_or_else(|e| e.into_inner()) = Some(mail);
        }
        Ok(Created::json(&new.into_object(job, batch, ws).await?.seed_object())?.of(resource(id)))
    })
    .await?;
    let mail = verification
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    if let Some(mail) = mail {
        st.mailer.deliver(&st.db, mail);
    }
    Ok(resp)
}

/// The model's rules for a create or PUT body under the workspace's settings
/// (its required fields; for the widget's intake, `intake`, also the request
/// types it offers): 400 naming every violated field.
fn check(d: &DataSubjectRequest, settings: &WidgetSettings, intake: bool) -> Result<(), AppError> {
    let mut errors = d.validate_new(&settings.required);
    errors.extend(d.validate_nested());
    if intake && !errors.iter().any(|e| e.field == "purposes") {
        let offered = d.purposes.iter().flatten().all(|p| settings.offers(p));
        if !offered {
            errors.push(FieldError::new("purposes", Violation::UnknownValue));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(invalid::<Dastra>(errors))
    }
}

/// The idempotency store's name for request `id` (erased with it).
fn resource(id: i64) -> String {
    format!("dsr:{id}")
}

/// Parses and checks the list query; 400 with the seed body on any bad value.
fn parse_query(raw: Option<&str>) -> Result<DsrQuery, AppError> {
    let q = DsrQuery::from_query_string(raw.unwrap_or_default())
        .map_err(|e| invalid::<Dastra>(vec![e]))?;
    let errors = q.validate();
    if !errors.is_empty() {
        return Err(invalid::<Dastra>(errors));
    }
    Ok(q)
}

/// The filters the per-state counters also have (workspace, archive,
/// verification, states), on `alias` columns (`"d."` for requests, `""` for
/// `dsr_counts` / `dsr_purpose_counts`), starting the WHERE clause.
fn push_counted_filters(qb: &mut QueryBuilder<'_>, alias: &str, ws: i64, q: &DsrQuery) {
    qb.push(format_args!(" WHERE {alias}workspace_id = "))
        .push_bind(ws);
    qb.push(format_args!(" AND {alias}archived = "))
        .push_bind(i64::from(q.archived.unwrap_or(false)));
    if let Some(v) = q.mail_validated {
        qb.push(format_args!(" AND {alias}mail_validated = "))
            .push_bind(i64::from(v));
    }
    if !q.states.is_empty() {
        qb.push(format_args!(" AND {alias}state IN ("));
        qb.push_binds(q.states.iter().map(|s| s.as_str().to_owned()));
        qb.push(")");
    }
}

fn push_filters(qb: &mut QueryBuilder<'_>, dialect: Dialect, ws: i64, q: &DsrQuery, now: &str) {
    push_counted_filters(qb, "d.", ws, q);
    match q.overtaking {
        Some(true) => {
            qb.push(" AND d.expiry_time < ").push_bind(now.to_owned());
            qb.push(" AND d.state <> 'Closed'");
        }
        Some(false) => {
            qb.push(" AND NOT (d.expiry_time < ")
                .push_bind(now.to_owned());
            qb.push(" AND d.state <> 'Closed')");
        }
        None => {}
    }
    let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if let Some(text) = text.filter(|t| dialect == Dialect::Sqlite && t.chars().count() >= 3) {
        // The trigram index (migration 0014): a quoted phrase is a substring of
        // any of the four columns, any case, like the LIKEs below. Requests
        // newer than the index (above its mark, migration 0017: the last
        // fraction of a second) are matched with those LIKEs.
        qb.push(" AND d.id IN (SELECT rowid FROM dsr_search WHERE dsr_search MATCH ")
            .push_bind(format!("\"{}\"", text.replace('"', "\"\"")))
            .push(" UNION ALL SELECT t.id FROM dsr t WHERE t.id > (SELECT id FROM dsr_search_mark) AND ");
        push_like(qb, "t", text);
        qb.push(")");
    } else if let Some(text) = text {
        // PostgreSQL: each LIKE is served by a trigram index (migration 0002).
        // SQLite below three characters: no trigram to look up, so a scan.
        qb.push(" AND ");
        push_like(qb, "d", text);
    }
    if let Some(w) = q.widget_id {
        qb.push(" AND d.widget_id = ").push_bind(w);
    }
    if !q.purposes.is_empty() {
        let purposes = q.purposes.iter().map(|p| p.as_str().to_owned());
        match dialect {
            // The request's own copy of its purposes (postgres migration
            // 0005): no index descent per row the sort's walk reads.
            Dialect::Postgres => qb
                .push(" AND d.purpose_list && ARRAY[")
                .push_binds(purposes)
                .push("]::text[]"),
            Dialect::Sqlite => qb
                .push(" AND EXISTS (SELECT 1 FROM dsr_purposes p WHERE p.dsr_id = d.id AND p.purpose IN (")
                .push_binds(purposes)
                .push("))"),
        };
    }
    if !q.ids.is_empty() {
        qb.push(" AND d.id IN (");
        qb.push_binds(q.ids.clone());
        qb.push(")");
    }
    if !q.tags.is_empty() {
        qb.push(" AND EXISTS (SELECT 1 FROM dsr_tags t WHERE t.dsr_id = d.id AND t.tag_id IN (");
        qb.push_binds(q.tags.clone());
        qb.push("))");
    }
}

/// `text` as a substring of any of the four searched columns of `table`, any
/// ASCII case; LIKE's wildcards in it are literal.
fn push_like(qb: &mut QueryBuilder<'_>, table: &str, text: &str) {
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    qb.push("(");
    for (i, col) in ["title", "given_name", "family_name", "email"]
        .iter()
        .enumerate()
    {
        if i > 0 {
            qb.push(" OR ");
        }
        // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        qb.push(format_args!("lower({table}.{col}) LIKE lower("))
            .push_bind(pattern.clone())
            .push(") ESCAPE '\\'");
    }
    qb.push(")");
}

/// Whether the per-state counters answer the list's `total` for `q`: the
/// usual inbox filters (archived, verified or not, states, overdue or not, one
/// purpose). Any other filter (text, several purposes, tags, ids, widget)
/// counts the matching requests, in the page's own query (see [`list`]).
fn counted_by_counters(q: &DsrQuery) -> bool {
    q.q.as_deref().is_none_or(|t| t.trim().is_empty())
        && q.widget_id.is_none()
        && q.purposes.len() <= 1
        && q.ids.is_empty()
        && q.tags.is_empty()
}

/// How many requests match `q`, counted one by one.
async fn count_matches(
    conn: &mut AnyConnection,
    dialect: Dialect,
    ws: i64,
    q: &DsrQuery,
    now: &str,
) -> Result<i64, AppError> {
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM dsr d");
    push_filters(&mut count, dialect, ws, q, now);
    Ok(count.build_query_scalar().fetch_one(&mut *conn).await?)
}

/// How many requests match `q` (when [`counted_by_counters`]), exactly and
/// whatever the number of requests: from the per-state counters
/// (`dsr_counts`, and `dsr_purpose_counts` for a purpose, kept by triggers);
/// overdue ones are the open ones less those not yet due, which an index
/// range counts (the recent intake only).
async fn total_from_counters(
    conn: &mut AnyConnection,
    ws: i64,
    q: &DsrQuery,
    now: &str,
) -> Result<i64, AppError> {
    // One purpose: its own counters (a request is counted once per purpose).
    let purpose = q.purposes.first().map(|p| p.as_str().to_owned());
    // The counters' sum, optionally of the closed requests only or of the others.
    let counters = if purpose.is_some() {
        "dsr_purpose_counts"
    } else {
        "dsr_counts"
    };
    let mut sum = QueryBuilder::new(format!(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM {counters}"
    ));
    push_counted_filters(&mut sum, "", ws, q);
    if let Some(p) = &purpose {
        sum.push(" AND purpose = ").push_bind(p.clone());
    }
    match q.overtaking {
        Some(true) => sum.push(" AND state <> 'Closed'"),
        Some(false) => sum.push(" AND state = 'Closed'"),
        None => &mut sum,
    };
    let counted: i64 = sum.build_query_scalar().fetch_one(&mut *conn).await?;
    let Some(overdue) = q.overtaking else {
        return Ok(counted);
    };
    // Open requests not yet due (every request has a deadline): one range of
    // the (workspace, archived, expiry_time, state) index.
    let mut due = QueryBuilder::new("SELECT COUNT(*) FROM dsr d");
    push_counted_filters(&mut due, "d.", ws, q);
    if let Some(p) = purpose {
        due.push(
            " AND EXISTS (SELECT 1 FROM dsr_purposes p WHERE p.dsr_id = d.id AND p.purpose = ",
        )
        .push_bind(p)
        .push(")");
    }
    due.push(" AND d.state <> 'Closed' AND d.expiry_time >= ")
        .push_bind(now.to_owned());
    let not_due: i64 = due.build_query_scalar().fetch_one(&mut *conn).await?;
    Ok(if overdue {
        counted - not_due
    } else {
        counted + not_due
    })
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath(ws, ..): AppPath<i64, Dastra>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    principal.admin_of_workspace(ws)?;
    let q = parse_query(raw.as_deref())?;
    let page = q.page.unwrap_or(1);
    let size = q.size.unwrap_or(DEFAULT_SIZE);
    if page == 0 {
        return Err(AppError::BadRequest(
            "page is 1-based: must be at least 1".into(),
        ));
    }
    if !(1..=MAX_SIZE).contains(&size) {
        return Err(AppError::BadRequest(format!(
            "size must be between 1 and {MAX_SIZE}"
        )));
    }
    let order = match q.sort_by.as_deref() {
        None => "d.date_creation",
        Some(s) => SORT_COLUMNS
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, col)| *col)
            .ok_or_else(|| {
                let names: Vec<&str> = SORT_COLUMNS.iter().map(|(n, _)| *n).collect();
                AppError::BadRequest(format!("sortBy must be one of: {}", names.join(", ")))
            })?,
    };
    let dir = if q.asc.unwrap_or(false) {
        "ASC"
    } else {
        "DESC"
    };
    let offset = u64::from(q.skip.unwrap_or(0)) + u64::from(page - 1) * u64::from(size);
    let now = fmt_time(now());

    let mut conn = st.db.read.acquire().await?;
    // NULLs last in both directions, so "sort by family name" starts with names;
    // not for NOT NULL columns, where the extra term would defeat the index.
    // Text sorts ignore case ("de Vries" between "Dahl" and "Doe").
    let order_by = if NOT_NULL_SORT.contains(&order) {
        format!(" ORDER BY {order} {dir}, d.id {dir}")
    } else if TEXT_SORT.contains(&order) {
        format!(" ORDER BY {order} IS NULL, lower({order}) {dir}, d.id {dir}")
    } else {
        format!(" ORDER BY {order} IS NULL, {order} {dir}, d.id {dir}")
    };
    let by_counters = counted_by_counters(&q);
    let mut select = if by_counters {
        QueryBuilder::new(format!("SELECT {ROW_COLUMNS} FROM dsr d"))
    } else {
        // The matches are counted in the page's own pass: a window over the
        // ids and the sort column only, so text search looks its trigrams up
        // once and sorts narrow rows; the page's 20 rows are read after. The
        // window's own subquery makes PostgreSQL find the matches through
        // the trigram indexes rather than walk the sort's index through every
        // request (it cannot stop after the page: the count needs them all).
        let sort_column = if order == "d.id" {
            String::new()
        } else {
            format!(", {order}")
        };
        QueryBuilder::new(format!(
            "SELECT {ROW_COLUMNS}, x.matches FROM (SELECT d.id, d.matches FROM \
             (SELECT d.id{sort_column}, COUNT(*) OVER () AS matches FROM dsr d"
        ))
    };
    push_filters(&mut select, st.db.dialect, ws, &q, &now);
    if !by_counters {
        select.push(") d");
    }
    select
        .push(&order_by)
        .push(" LIMIT ")
        .push_bind(i64::from(size))
        .push(" OFFSET ")
        .push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    if !by_counters {
        select.push(") x JOIN dsr d ON d.id = x.id").push(&order_by);
    }
    let (rows, total) = if by_counters {
        let rows: Vec<DsrRow> = select.build_query_as().fetch_all(&mut *conn).await?;
        (rows, total_from_counters(&mut conn, ws, &q, &now).await?)
    } else {
        let rows: Vec<CountedRow> = select.build_query_as().fetch_all(&mut *conn).await?;
        let total = match rows.first() {
            Some(r) => r.matches,
            None if offset == 0 => 0,
            // A page past the last match: no row carries the count.
            None => count_matches(&mut conn, st.db.dialect, ws, &q, &now).await?,
        };
        (rows.into_iter().map(|r| r.row).collect(), total)
    };
    let items = load_rows(&mut conn, ws, rows).await?;
    // Serialized here, while `items` lives: each row goes straight to the
    // response as the seed's object (no map per row).
    Ok(Json(Paged {
        items: items.iter().map(SeedObject).collect(),
        total: u64::try_from(total).unwrap_or(0),
        size,
        page,
    })
    .into_response())
}

async fn get_one(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<Json<Value>, AppError> {
    principal.admin_of_workspace(ws)?;
    let mut conn = st.db.read.acquire().await?;
    Ok(Json(load_or_404(&mut conn, ws, id).await?.seed_object()))
}

async fn update(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
    body: Result<AppJson<DataSubjectRequest, Dastra>, AppError>,
) -> Result<Json<Value>, AppError> {
    principal.admin_of_workspace(ws)?;
    let d = body?.into_inner();
    if d.id.is_some_and(|body_id| body_id != id) {
        return Err(AppError::BadRequest(
            "id in the body differs from the id in the path".into(),
        ));
    }
    // The whole object replaces the stored one, so it must be a valid request
    // on its own: the same rules as a create (an operator may record any type).
    let settings = settings::load(&mut *st.db.read.acquire().await?, ws).await?;
    check(&d, &settings, false)?;
    let mut stored = d.clone();
    strip_server_fields(&mut stored);
    let mut tx = st.db.begin_write().await?;
    let before = before_write(&mut tx, ws, id).await?;
    let step = requested_step(&mut tx, ws, id, &d).await?;
    // The verification and notification facts are the server's; a body may
    // still set them (a team that confirmed an address by phone), an absent
    // value keeps the stored one.
    sqlx::query(
        "UPDATE dsr SET title = $1, given_name = $2, family_name = $3, email = $4, widget_id = $5,
                        date_update = $6, body = $7,
                        mail_validated = COALESCE($8, mail_validated),
                        email_validation_date = COALESCE($9, email_validation_date),
                        user_notified = COALESCE($10, user_notified),
                        date_user_notified = COALESCE($11, date_user_notified)
         WHERE workspace_id = $12 AND id = $13",
    )
    .bind(d.title.as_deref())
    .bind(d.given_name.as_deref())
    .bind(d.family_name.as_deref())
    .bind(d.email.as_deref())
    .bind(d.widget_id)
    .bind(fmt_time(now()))
    .bind(serde_json::to_string(&stored)?)
    .bind(d.mail_validated.map(i64::from))
    .bind(d.email_validation_date.as_deref())
    .bind(d.user_notified.map(i64::from))
    .bind(d.date_user_notified.as_deref())
    .bind(ws)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if let Some(step) = step {
        move_to_step(&mut tx, ws, id, &step).await?;
    }
    let tag_ids = resolve_tags(&mut tx, ws, d.tags.as_deref().unwrap_or_default()).await?;
    let mut batch = Batch::new(st.db.dialect);
    write_relations(&mut batch, id, &d, tag_ids, true);
    batch.run(&mut tx).await?;
    commit_updated(&st.db, tx, ws, id, &before, principal.key_id).await
}

async fn delete(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<StatusCode, AppError> {
    principal.admin_of_workspace(ws)?;
    // Purposes and tags go with it (ON DELETE CASCADE), and so does the copy the
    // idempotency store kept for replays: the seed says "permanently", and a
    // retry must not bring the erased e-mail address back.
    // Messages, tokens, attachment rows and the mail log go by cascade; the
    // attachment bytes and the outbox copies are files, removed here.
    idempotency::delete_row(&st.db, "dsr", ws, id, &resource(id)).await?;
    thread::erase_files(&st.files, id)
        .await
        .map_err(AppError::internal)?;
    st.mailer.erase(ws, id).await.map_err(AppError::internal)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_archived(
    st: &AppState,
    principal: &Principal,
    ws: i64,
    id: i64,
    archived: bool,
) -> Result<Json<Value>, AppError> {
    principal.admin_of_workspace(ws)?;
    let ts = fmt_time(now());
    let mut tx = st.db.begin_write().await?;
    let before = before_write(&mut tx, ws, id).await?;
    sqlx::query(
        "UPDATE dsr SET archived = $1, archived_date = $2, date_update = $3
         WHERE workspace_id = $4 AND id = $5",
    )
    .bind(i64::from(archived))
    .bind(archived.then_some(ts.as_str()))
    .bind(&ts)
    .bind(ws)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    commit_updated(&st.db, tx, ws, id, &before, principal.key_id).await
}

async fn archive(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<Json<Value>, AppError> {
    set_archived(&st, &principal, ws, id, true).await
}

async fn restore(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<Json<Value>, AppError> {
    set_archived(&st, &principal, ws, id, false).await
}

/// `POST .../DataSubjectRequests/{id}/extension` with `{reason}` (extension):
/// moves `expiryTime` to the longest the workspace's law allows from receipt
/// (GDPR: three months; CCPA: 90 days, `deadline.rs`). Once per request (409
/// after), not for a closed request (409), and only before the current
/// deadline has passed (409: the law asks for the notice within the first
/// period). The reason goes to the audit log as `extensionReason`.
async fn extend(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
    body: Result<AppJson<DeadlineExtension, Dastra>, AppError>,
) -> Result<Json<Value>, AppError> {
    principal.admin_of_workspace(ws)?;
    let b = body?.into_inner();
    let errors = b.validate();
    if !errors.is_empty() {
        return Err(invalid::<Dastra>(errors));
    }
    let settings = settings::load(&mut *st.db.read.acquire().await?, ws).await?;
    let mut tx = st.db.begin_write().await?;
    let before = before_write(&mut tx, ws, id).await?;
    let time = |k: &str| before[k].as_str().and_then(parse_time);
    let (Some(received), Some(due)) = (time("dateCreation"), time("expiryTime")) else {
        return Err(AppError::not_found());
    };
    let extended = deadline::extended_due(&settings.deadline_policy, received);
    if before["state"] == DsrState::Closed.as_str() {
        return Err(AppError::Conflict(
            "a closed request has no deadline to extend".into(),
        ));
    }
    if due >= extended {
        return Err(AppError::Conflict(
            "the deadline is extended already".into(),
        ));
    }
    if due < now() {
        return Err(AppError::Conflict(
            "the deadline has passed: an extension must be notified within it".into(),
        ));
    }
    sqlx::query(
        "UPDATE dsr SET expiry_time = $1, date_update = $2 WHERE workspace_id = $3 AND id = $4",
    )
    .bind(fmt_time(extended))
    .bind(fmt_time(now()))
    .bind(ws)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::note(
        &mut tx,
        id,
        principal.key_id,
        "extensionReason",
        b.reason.trim(),
    )
    .await?;
    let answer = commit_updated(&st.db, tx, ws, id, &before, principal.key_id).await?;
    // Art. 12(3): the requester is told of the extension and its reasons.
    thread::notify_requester(&st, id, |link| Notice::Extended {
        due: fmt_time(extended).get(..10).unwrap_or_default().to_owned(),
        reason: b.reason.trim().to_owned(),
        link,
    })
    .await?;
    Ok(answer)
}
