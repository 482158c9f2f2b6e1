//! Consent records: our extension in Concord's style (seed 001 has consent
//! types but no way to record a visitor's decision). Types in
//! `pw_model::consent_record`, shared with the widget.
//!
//! - `POST /organizations/{organizationId}/projects/{projectId}/consent-records`
//!   with `{subjectId, decisions: [{consentTypeId, version, state}], source?,
//!   userAgent?, gpc?, region?, policy?}` -> 201 with the stored records (array,
//!   one per decision, each with `id`, `dateCreated`, `textHash` when the
//!   version's text is known, and its place in the project's hash chain, `seq`
//!   and `hash`: see `consent_chain.rs`). A body without `source` is stored as
//!   `api`; `region` is stored upper-case. The public widget key may call it for
//!   its own project. Each decision must name a consent type of the project
//!   (for a public key, an active one) at a version not newer than the stored
//!   one, and a state allowed by the type's `validStates` when it lists any;
//!   otherwise 422. A body has at most 100 decisions (model) and no more than
//!   the project has consent types, one per type (422 otherwise); the types are
//!   read with one SELECT and the records written with one multi-row INSERT,
//!   inside the single writer's transaction, which is what makes the chain's
//!   "previous record" well defined.
//! - `GET  .../consent-records?subjectId=&consentTypeId=&from=&to=&page=&size=`
//!   (admin) -> array, oldest first, paged like the DSR list: `page` 1-based
//!   (default 1), `size` 1..=500 (default 100); 400 outside. The array stays the
//!   body (the shape clients already read); `X-Total-Count`, `X-Page` and
//!   `X-Page-Size` carry the rest of the DSR list's envelope. Records are
//!   append-only: the history is the evidence a controller must be able to show
//!   (GDPR Art. 7(1)); there is no route to change or delete one.
//! - `GET  .../consent-records/export?format=&subjectId=&consentTypeId=&from=&to=`
//!   (admin) -> every matching record, oldest first, as NDJSON (default,
//!   `application/x-ndjson`, one record a line), CSV (`text/csv`, a header row
//!   of the JSON field names, RFC 4180 quoting, CRLF, spreadsheet formulas
//!   neutralised) or one JSON array; streamed in pages of [`EXPORT_PAGE`] rows
//!   read by key, so an export of any size is never built in memory.
//! - `GET  .../consent-records/verify` (admin) -> `ChainReport`: the project's
//!   chain walked and every hash recomputed (`consent_chain::verify`).
//!
//! `from` / `to` are UTC days `YYYY-MM-DD`, both inclusive; malformed, or
//! `from` after `to`: 400.
use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pw_model::consent_record::{ChainReport, ConsentRecord, ConsentSource, NewConsentRecord};
use pw_model::consent_type::{ConsentState, ConsentStatus};
use pw_model::dsr::decode_query;
use pw_model::settings::RegionPolicy;
use sqlx::AnyConnection;

use crate::db::QueryBuilder;

use crate::auth::Principal;
use crate::consent_chain::{self, Link};
use crate::db::{fmt_time, now};
use crate::error::{AppError, AppPath, Concord, Valid};
use crate::idempotency::{self, Created, IdempotencyKey};
use crate::routes::consent_stats::{day_end, day_start, parse_day};
use crate::routes::{normalize_uuid, project_ids};
use crate::AppState;

/// Default page size of the list.
pub const DEFAULT_SIZE: u32 = 100;
/// Largest page size of the list.
pub const MAX_SIZE: u32 = 500;
/// Rows read per step of an export.
pub const EXPORT_PAGE: i64 = 500;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/organizations/{org}/projects/{project}/consent-records",
            post(create).get(list),
        )
        .route(
            "/organizations/{org}/projects/{project}/consent-records/export",
            get(export),
        )
        .route(
            "/organizations/{org}/projects/{project}/consent-records/verify",
            get(verify),
        )
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    organization_id: String,
    project_id: String,
    subject_id: String,
    consent_type_id: String,
    version: i64,
    state: String,
    source: Option<String>,
    user_agent: Option<String>,
    #[sqlx(try_from = "crate::db::OptFlag")]
    gpc: Option<bool>,
    region: Option<String>,
    policy: Option<String>,
    text_hash: Option<String>,
    seq: Option<i64>,
    hash: Option<String>,
    date_created: String,
}

/// The columns of [`Row`], and what they are read from.
const SELECT: &str = "SELECT r.id, w.organization_id, r.project_id, r.subject_id,
        r.consent_type_id, r.version, r.state, r.source, r.user_agent, r.gpc, r.region,
        r.policy, r.text_hash, r.seq, r.hash, r.date_created
    FROM consent_records r JOIN projects p ON p.id = r.project_id
    JOIN workspaces w ON w.id = p.workspace_id";

/// The list's and the export's filters, binds `?1`..`?5` (project, subject,
/// type, first and last timestamp).
const FILTERS: &str = "r.project_id = $1
    AND ($2 IS NULL OR r.subject_id = $2)
    AND ($3 IS NULL OR r.consent_type_id = $3)
    AND ($4 IS NULL OR r.date_created >= $4)
    AND ($5 IS NULL OR r.date_created <= $5)";

impl From<Row> for ConsentRecord {
    fn from(r: Row) -> Self {
        ConsentRecord {
            id: r.id,
            organization: r.organization_id,
            project: r.project_id,
            subject_id: r.subject_id,
            consent_type_id: r.consent_type_id,
            version: u32::try_from(r.version).unwrap_or(0),
            state: ConsentState::parse(&r.state),
            source: r.source.as_deref().map(ConsentSource::parse),
            user_agent: r.user_agent,
            gpc: r.gpc,
            region: r.region,
            policy: r.policy.as_deref().map(RegionPolicy::parse),
            text_hash: r.text_hash,
            seq: r.seq.and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
            hash: r.hash.unwrap_or_default(),
            date_created: r.date_created,
        }
    }
}

async fn create(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    idem: IdempotencyKey,
    body: Result<Valid<NewConsentRecord, Concord>, AppError>,
) -> Result<Response, AppError> {
    principal.member_of_project(&org, &project)?;
    let (org, project) = project_ids(&st.db.read, &org, &project).await?;
    let b = body?.into_inner();
    let scope = format!(
        "{} POST /organizations/{org}/projects/{project}/consent-records",
        principal.key_id
    );
    let _queued = st.public_write(&principal).await;
    idempotency::create(&st.db, &idem, scope, &b, async |job, _| {
        let tx = job.write().await?;
        Created::json(&insert(tx, &principal, &org, &project, &b).await?)
    })
    .await
}

/// Checks each decision against its consent type (422 naming the decision) and
/// inserts one record per decision, chained after the project's last record;
/// returns them in the request's order. One SELECT reads every named type, one
/// their texts, one the chain's head, and one INSERT writes every record.
async fn insert(
    conn: &mut AnyConnection,
    principal: &Principal,
    org: &str,
    project: &str,
    b: &NewConsentRecord,
) -> Result<Vec<ConsentRecord>, AppError> {
    let types: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consent_types WHERE project_id = $1")
        .bind(project)
        .fetch_one(&mut *conn)
        .await?;
    if i64::try_from(b.decisions.len()).unwrap_or(i64::MAX) > types {
        return Err(AppError::Unprocessable(format!(
            "decisions must have at most {types} items, one per consent type of the project"
        )));
    }
    let ids: Vec<String> = b
        .decisions
        .iter()
        .map(|d| d.consent_type_id.to_ascii_lowercase())
        .collect();
    let mut qb = QueryBuilder::new(
        "SELECT id, version, valid_states, status FROM consent_types WHERE project_id = ",
    );
    qb.push_bind(project)
        .push(" AND id IN (")
        .push_binds(ids.iter().cloned())
        .push(")");
    let found: HashMap<String, (i64, Option<String>, String)> = qb
        .build_query_as::<(String, i64, Option<String>, String)>()
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, version, states, status)| (id, (version, states, status)))
        .collect();

    let ts = fmt_time(now());
    let subject = b.subject_id.to_ascii_lowercase();
    let region = b.region.as_deref().map(str::to_ascii_uppercase);
    let source = b.source.clone().unwrap_or(ConsentSource::Api);
    let mut records = Vec::with_capacity(b.decisions.len());
    for (i, (d, type_id)) in b.decisions.iter().zip(ids).enumerate() {
        let (current, valid_states, _) = found
            .get(&type_id)
            .filter(|(_, _, status)| {
                principal.is_admin() || *status == ConsentStatus::Active.as_str()
            })
            .ok_or_else(|| {
                AppError::Unprocessable(format!(
                    "decisions[{i}].consentTypeId is not a consent type of this project"
                ))
            })?;
        if i64::from(d.version) > *current {
            return Err(AppError::Unprocessable(format!(
                "decisions[{i}].version is newer than the consent type's version {current}"
            )));
        }
        let valid: Vec<ConsentState> = match valid_states {
            Some(s) => serde_json::from_str(s)?,
            None => Vec::new(),
        };
        if !valid.is_empty() && !valid.contains(&d.state) {
            return Err(AppError::Unprocessable(format!(
                "decisions[{i}].state is not one of the consent type's validStates"
            )));
        }
        records.push(ConsentRecord {
            id: uuid::Uuid::new_v4().to_string(),
            organization: org.to_owned(),
            project: project.to_owned(),
            subject_id: subject.clone(),
            consent_type_id: type_id,
            version: d.version,
            state: d.state.clone(),
            source: Some(source.clone()),
            user_agent: b.user_agent.clone(),
            gpc: b.gpc,
            region: region.clone(),
            policy: b.policy.clone(),
            text_hash: None,
            seq: 0,
            hash: String::new(),
            date_created: ts.clone(),
        });
    }

    // What each (type, version) said, when the server recorded it.
    let mut qb = QueryBuilder::new(
        "SELECT consent_type_id, version, text_hash FROM consent_type_texts
         WHERE (consent_type_id, version) IN (",
    );
    qb.push_values(&records, |mut row, r| {
        row.push_bind(r.consent_type_id.clone())
            .push_bind(i64::from(r.version));
    });
    qb.push(")");
    let texts: HashMap<(String, i64), String> = qb
        .build_query_as::<(String, i64, String)>()
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, version, hash)| ((id, version), hash))
        .collect();

    // The chain: this transaction holds the single writer, so nothing can be
    // appended between reading the head and the INSERT.
    let (mut seq, mut prev) = consent_chain::head(conn, project).await?;
    for r in &mut records {
        seq += 1;
        r.text_hash = texts
            .get(&(r.consent_type_id.clone(), i64::from(r.version)))
            .cloned();
        r.seq = u64::try_from(seq).map_err(|_| AppError::Internal)?;
        r.hash = Link::of(r).hash(prev.as_deref());
        prev = Some(r.hash.clone());
    }

    let batch = uuid::Uuid::new_v4().to_string();
    let mut qb = QueryBuilder::new(
        "INSERT INTO consent_records (id, project_id, subject_id, consent_type_id, version,
             state, source, user_agent, gpc, region, policy, text_hash, seq, hash, batch_id,
             date_created) ",
    );
    qb.push_values(&records, |mut row, r| {
        row.push_bind(r.id.clone())
            .push_bind(project.to_owned())
            .push_bind(r.subject_id.clone())
            .push_bind(r.consent_type_id.clone())
            .push_bind(i64::from(r.version))
            .push_bind(r.state.as_str().to_owned())
            .push_bind(r.source.as_ref().map(|s| s.as_str().to_owned()))
            .push_bind(r.user_agent.clone())
            .push_bind(r.gpc.map(i64::from))
            .push_bind(r.region.clone())
            .push_bind(r.policy.as_ref().map(|p| p.as_str().to_owned()))
            .push_bind(r.text_hash.clone())
            .push_bind(i64::try_from(r.seq).unwrap_or(i64::MAX))
            .push_bind(r.hash.clone())
            .push_bind(batch.clone())
            .push_bind(r.date_created.clone());
    });
    qb.build().execute(&mut *conn).await?;
    Ok(records)
}

async fn list(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let (project, f) = Filters::for_admin(&st, &principal, &org, &project, raw).await?;
    let mut conn = st.db.read.acquire().await?;
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM consent_records r WHERE {FILTERS}"
    ))
    .bind(&project)
    .bind(&f.subject)
    .bind(&f.type_id)
    .bind(&f.from)
    .bind(&f.to)
    .fetch_one(&mut *conn)
    .await?;
    let offset = i64::from(f.page - 1) * i64::from(f.size);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE {FILTERS} ORDER BY r.rowid LIMIT $6 OFFSET $7"
    ))
    .bind(&project)
    .bind(&f.subject)
    .bind(&f.type_id)
    .bind(&f.from)
    .bind(&f.to)
    .bind(i64::from(f.size))
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let items: Vec<ConsentRecord> = rows.into_iter().map(ConsentRecord::from).collect();
    let mut resp = Json(items).into_response();
    let h = resp.headers_mut();
    h.insert("x-total-count", HeaderValue::from(total.max(0)));
    h.insert("x-page", HeaderValue::from(f.page));
    h.insert("x-page-size", HeaderValue::from(f.size));
    Ok(resp)
}

async fn verify(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
) -> Result<Json<ChainReport>, AppError> {
    principal.admin_of_org(&org)?;
    let (_, project) = project_ids(&st.db.read, &org, &project).await?;
    Ok(Json(consent_chain::verify(&st.db, &project).await?))
}

/// The list's and the export's query. Every value is checked (a UUID, a day,
/// a number, a known format), so a long query string is a 400, never a long
/// SQL bind.
struct Filters {
    subject: Option<String>,
    type_id: Option<String>,
    /// First timestamp of `from`'s day.
    from: Option<String>,
    /// Last timestamp of `to`'s day.
    to: Option<String>,
    page: u32,
    size: u32,
    /// The export's `format` (the list ignores it).
    format: ExportFormat,
}

impl Filters {
    /// What the list and the export both start with: the admin key of the
    /// organisation, the project (404 unless it is the organisation's) in its
    /// stored form, and the query.
    async fn for_admin(
        st: &AppState,
        principal: &Principal,
        org: &str,
        project: &str,
        raw: Option<String>,
    ) -> Result<(String, Self), AppError> {
        principal.admin_of_org(org)?;
        let (_, project) = project_ids(&st.db.read, org, project).await?;
        Ok((project, Self::parse(raw.as_deref())?))
    }

    fn parse(raw: Option<&str>) -> Result<Self, AppError> {
        let mut f = Filters {
            subject: None,
            type_id: None,
            from: None,
            to: None,
            page: 1,
            size: DEFAULT_SIZE,
            format: ExportFormat::Ndjson,
        };
        let (mut from, mut to) = (None, None);
        for (k, v) in decode_query(raw.unwrap_or_default()) {
            let number = |max: u32| {
                v.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| AppError::BadRequest(format!("{k} must be between 1 and {max}")))
            };
            match k.as_str() {
                "subjectId" | "consentTypeId" => {
                    let uuid = normalize_uuid(&v)
                        .ok_or_else(|| AppError::BadRequest(format!("{k} must be a UUID")))?;
                    if k == "subjectId" {
                        f.subject = Some(uuid);
                    } else {
                        f.type_id = Some(uuid);
                    }
                }
                "from" => from = Some(parse_day("from", &v)?),
                "to" => to = Some(parse_day("to", &v)?),
                "page" => f.page = number(u32::MAX)?,
                "size" => f.size = number(MAX_SIZE)?,
                "format" => f.format = ExportFormat::parse(&v)?,
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(AppError::BadRequest("from must not be after to".into()));
            }
        }
        f.from = from.map(day_start);
        f.to = to.map(day_end);
        Ok(f)
    }
}

/// What an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    Ndjson,
    Csv,
    Json,
}

impl ExportFormat {
    fn parse(v: &str) -> Result<Self, AppError> {
        match v {
            "ndjson" => Ok(Self::Ndjson),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            _ => Err(AppError::BadRequest(
                "format must be one of: ndjson, csv, json".into(),
            )),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Ndjson => "ndjson",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Ndjson => "application/x-ndjson",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Json => "application/json",
        }
    }

    /// What comes before the first record.
    fn prologue(self) -> Vec<u8> {
        match self {
            Self::Ndjson => Vec::new(),
            Self::Csv => {
                let mut out = CSV_COLUMNS.join(",").into_bytes();
                out.extend_from_slice(b"\r\n");
                out
            }
            Self::Json => b"[".to_vec(),
        }
    }

    /// What comes after the last record.
    fn epilogue(self) -> &'static [u8] {
        match self {
            Self::Json => b"]",
            Self::Ndjson | Self::Csv => b"",
        }
    }

    /// Appends record number `n` (from 0) to `out`.
    fn write(self, out: &mut Vec<u8>, n: u64, r: &ConsentRecord) {
        match self {
            Self::Ndjson => {
                if serde_json::to_writer(&mut *out, r).is_ok() {
                    out.push(b'\n');
                }
            }
            Self::Json => {
                if n > 0 {
                    out.push(b',');
                }
                let _ = serde_json::to_writer(&mut *out, r);
            }
            Self::Csv => csv_row(out, r),
        }
    }
}

/// The CSV columns: the JSON field names of [`ConsentRecord`], in its order.
const CSV_COLUMNS: [&str; 16] = [
    "id",
    "organization",
    "project",
    "subjectId",
    "consentTypeId",
    "version",
    "state",
    "source",
    "userAgent",
    "gpc",
    "region",
    "policy",
    "textHash",
    "seq",
    "hash",
    "dateCreated",
];

/// One CSV line (CRLF) of `r`: each column's JSON value as text, absent or
/// `null` as an empty cell.
fn csv_row(out: &mut Vec<u8>, r: &ConsentRecord) {
    let value = serde_json::to_value(r).unwrap_or_default();
    for (i, column) in CSV_COLUMNS.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let cell = match value.get(column) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        out.extend_from_slice(csv_cell(&cell).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
}

/// One CSV cell: the shared rule (`pw_model::csv`), every leading `-`
/// neutralised (no column of a record is a negative number).
fn csv_cell(s: &str) -> String {
    pw_model::csv::cell(s, pw_model::csv::Numbers::Neutralise)
}

#[derive(sqlx::FromRow)]
struct ExportRow {
    pos: i64,
    #[sqlx(flatten)]
    row: Row,
}

/// The receiving end of an export's pages, as the stream a body is made of.
struct Pages(tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>);

impl futures_core::Stream for Pages {
    type Item = Result<Vec<u8>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

async fn export(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let (project, f) = Filters::for_admin(&st, &principal, &org, &project, raw).await?;
    let format = f.format;
    // A small channel: the reader waits for a slow client instead of
    // buffering the export; a connection is held only for one page.
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    let db = st.db.read.clone();
    tokio::spawn(async move {
        let prologue = format.prologue();
        if !prologue.is_empty() && tx.send(Ok(prologue)).await.is_err() {
            return;
        }
        let sql = format!(
            "{} WHERE {FILTERS} AND r.rowid > $6 ORDER BY r.rowid LIMIT $7",
            SELECT.replacen("SELECT ", "SELECT r.rowid AS pos, ", 1)
        );
        let (mut after, mut n) = (0_i64, 0_u64);
        loop {
            let rows: Result<Vec<ExportRow>, sqlx::Error> = sqlx::query_as(&sql)
                .bind(&project)
                .bind(&f.subject)
                .bind(&f.type_id)
                .bind(&f.from)
                .bind(&f.to)
                .bind(after)
                .bind(EXPORT_PAGE)
                .fetch_all(&db)
                .await;
            let page = match rows {
                Ok(rows) if rows.is_empty() => break,
                Ok(rows) => rows,
                Err(e) => {
                    // The status is sent already: cut the body so the client sees it incomplete.
                    tracing::error!("consent record export: {e}");
                    let _ = tx.send(Err(std::io::Error::other(e))).await;
                    return;
                }
            };
            let mut chunk = Vec::new();
            for r in page {
                after = r.pos;
                format.write(&mut chunk, n, &ConsentRecord::from(r.row));
                n += 1;
            }
            if tx.send(Ok(chunk)).await.is_err() {
                return; // the client went away
            }
        }
        let epilogue = format.epilogue();
        if !epilogue.is_empty() {
            let _ = tx.send(Ok(epilogue.to_vec())).await;
        }
    });
    let disposition = format!(
        "attachment; filename=\"consent-records.{}\"",
        format.extension()
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(|_| AppError::Internal)?,
            ),
        ],
        axum::body::Body::from_stream(Pages(rx)),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_neutralised() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
    }

    #[test]
    fn csv_columns_are_the_json_fields_in_order() {
        let r = ConsentRecord {
            id: "i".into(),
            organization: "o".into(),
            project: "p".into(),
            subject_id: "s".into(),
            consent_type_id: "t".into(),
            version: 1,
            state: ConsentState::Accepted,
            source: Some(ConsentSource::Banner),
            user_agent: Some("ua".into()),
            gpc: Some(true),
            region: Some("DE".into()),
            policy: Some(RegionPolicy::OptIn),
            text_hash: Some("th".into()),
            seq: 1,
            hash: "h".into(),
            date_created: "d".into(),
        };
        let json = serde_json::to_string(&r).unwrap();
        let keys: Vec<String> = json
            .trim_matches(['{', '}'])
            .split(',')
            .map(|kv| kv.split(':').next().unwrap().trim_matches('"').to_owned())
            .collect();
        assert_eq!(keys, CSV_COLUMNS);
        let mut out = Vec::new();
        csv_row(&mut out, &r);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "i,o,p,s,t,1,accepted,banner,ua,true,DE,opt-in,th,1,h,d\r\n"
        );
    }

    #[test]
    fn query_bounds() {
        let f = Filters::parse(Some("from=2024-01-01&to=2024-01-31&format=csv")).unwrap();
        assert_eq!(f.from.as_deref(), Some("2024-01-01T00:00:00.000Z"));
        assert_eq!(f.to.as_deref(), Some("2024-01-31T23:59:59.999Z"));
        assert_eq!(f.format, ExportFormat::Csv);
        for bad in [
            "from=2024-02-01&to=2024-01-31",
            "from=2024-1-01",
            "to=yesterday",
            "format=xml",
        ] {
            assert!(Filters::parse(Some(bad)).is_err(), "{bad}");
        }
    }
}
