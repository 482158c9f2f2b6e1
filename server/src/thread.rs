//! A request's message thread and attachments, shared by the team's routes
//! (`routes/messages.rs`) and the requester's (`routes/requester.rs`), and the
//! e-mails that tell the other side.
//!
//! Attachment bytes are stored outside the database, in `PW_FILES/<request
//! id>/<file id>` (a file id is a UUID the server made, never a name a client
//! chose); the row keeps the name, type, size and SHA-256. Uploads come first
//! and are attached by the message that names them, by the same side only.
use std::collections::HashMap;
use std::path::Path;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use pw_model::dsr::Attachment;
use pw_model::requester::{
    file_extension, DsrMessage, FileInfo, MessageAuthor, NewMessage, FILES_PER_REQUEST,
    FILE_MAX_BYTES, FILE_NAME_HEADER, FILE_NAME_MAX,
};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::db::QueryBuilder;

use crate::db::{fmt_time, now};
use crate::error::AppError;
use crate::mail::Outgoing;
use crate::mail_text::{render, Notice};
use crate::{tokens, AppState};

#[derive(sqlx::FromRow)]
struct FileRow {
    id: String,
    dsr_id: i64,
    message_id: Option<i64>,
    author: String,
    file_name: String,
    content_type: String,
    size: i64,
    date_creation: String,
    nb_download: i64,
    date_last_download: Option<String>,
}

impl FileRow {
    fn info(&self) -> FileInfo {
        FileInfo {
            id: self.id.clone(),
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            size: self.size,
            date_creation: self.date_creation.clone(),
        }
    }
}

const FILE_COLUMNS: &str = "id, dsr_id, message_id, author, file_name, content_type, size,
    date_creation, nb_download, date_last_download";

/// The thread of request `dsr`, oldest first, each message with its files.
pub async fn messages(conn: &mut AnyConnection, dsr: i64) -> Result<Vec<DsrMessage>, AppError> {
    type Row = (i64, String, String, String, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, author, body, date_creation, date_viewed FROM dsr_messages
         WHERE dsr_id = $1 ORDER BY id",
    )
    .bind(dsr)
    .fetch_all(&mut *conn)
    .await?;
    let files: Vec<FileRow> = sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM dsr_files WHERE dsr_id = $1 AND message_id IS NOT NULL
         ORDER BY date_creation, id"
    ))
    .bind(dsr)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_message: HashMap<i64, Vec<FileInfo>> = HashMap::new();
    for f in &files {
        if let Some(m) = f.message_id {
            by_message.entry(m).or_default().push(f.info());
        }
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, author, body, date_creation, date_viewed)| DsrMessage {
                id,
                author: MessageAuthor::parse(&author),
                body,
                date_creation,
                date_viewed,
                attachments: by_message.remove(&id).unwrap_or_default(),
            },
        )
        .collect())
}

/// `nbMessagesNotViewed`: the requester's messages the team has not opened
/// yet (a condition on `dsr_messages m`: the list counts them, the team's
/// reading of the thread marks them viewed).
pub const NOT_VIEWED: &str = "m.author = 'requester' AND m.date_viewed IS NULL";

/// The seed's `attachments` of each of `ids` (attached files only).
pub async fn attachments(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Attachment>>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut qb = QueryBuilder::new(format!(
        "SELECT {FILE_COLUMNS} FROM dsr_files WHERE message_id IS NOT NULL AND dsr_id IN ("
    ));
    qb.push_binds(ids.iter().copied())
        .push(") ORDER BY dsr_id, date_creation, id");
    let mut out: HashMap<i64, Vec<Attachment>> = HashMap::new();
    for f in qb.build_query_as::<FileRow>().fetch_all(conn).await? {
        out.entry(f.dsr_id).or_default().push(Attachment {
            id: Some(f.id.clone()),
            extension: file_extension(&f.content_type).map(str::to_owned),
            size: Some(f.size),
            nb_download: Some(f.nb_download),
            transmitted: Some(f.author == MessageAuthor::Team.as_str()),
            file_name: Some(f.file_name.clone()),
            user_request_message_id: f.message_id.map(|m| m.to_string()),
            user_request_id: Some(f.dsr_id),
            date_creation: Some(f.date_creation.clone()),
            date_last_download: f.date_last_download.clone(),
            ..Default::default()
        });
    }
    Ok(out)
}

/// Adds `m` by `author` to request `dsr`'s thread, attaching the files it
/// names (uploaded to this request by the same side, not attached yet).
pub async fn add_message(
    conn: &mut AnyConnection,
    dsr: i64,
    author: &MessageAuthor,
    m: &NewMessage,
) -> Result<DsrMessage, AppError> {
    let mut ids = m.attachment_ids.clone();
    ids.iter_mut().for_each(|id| id.make_ascii_lowercase());
    ids.dedup();
    let at = fmt_time(now());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO dsr_messages (dsr_id, author, body, date_creation) VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(dsr)
    .bind(author.as_str())
    .bind(m.body.trim())
    .bind(&at)
    .fetch_one(&mut *conn)
    .await?;
    if !ids.is_empty() {
        let mut qb = QueryBuilder::new("UPDATE dsr_files SET message_id = ");
        qb.push_bind(id)
            .push(" WHERE dsr_id = ")
            .push_bind(dsr)
            .push(" AND author = ")
            .push_bind(author.as_str())
            .push(" AND message_id IS NULL AND id IN (");
        qb.push_binds(ids.iter().cloned()).push(")");
        let attached = qb.build().execute(&mut *conn).await?.rows_affected();
        if attached != ids.len() as u64 {
            return Err(AppError::BadRequest(
                "attachmentIds: a file is unknown, attached already, or not yours".into(),
            ));
        }
    }
    let files: Vec<FileRow> = sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM dsr_files WHERE message_id = $1 ORDER BY date_creation, id"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(DsrMessage {
        id,
        author: author.clone(),
        body: m.body.trim().to_owned(),
        date_creation: at,
        date_viewed: None,
        attachments: files.iter().map(FileRow::info).collect(),
    })
}

/// The upload's file name: percent-decoded, without path or control
/// characters, at most [`FILE_NAME_MAX`] characters; a default when empty.
fn file_name(headers: &HeaderMap, ext: &str) -> String {
    let raw = headers
        .get(FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| percent_decode_str(v).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(FILE_NAME_MAX)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    if clean.is_empty() {
        format!("attachment.{ext}")
    } else {
        clean
    }
}

/// Stores an upload for request `dsr` by `author`: 415 for a type not in the
/// list, 413 above [`FILE_MAX_BYTES`], 400 when empty, 409 past
/// [`FILES_PER_REQUEST`].
pub async fn store_file(
    st: &AppState,
    dsr: i64,
    author: &MessageAuthor,
    headers: &HeaderMap,
    bytes: Bytes,
) -> Result<FileInfo, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let ext = file_extension(content_type).ok_or_else(|| {
        AppError::UnsupportedMediaType("attachments must be PDF, PNG, JPEG or plain text".into())
    })?;
    let essence = pw_model::requester::ALLOWED_FILE_TYPES
        .iter()
        .find(|(_, e)| *e == ext)
        .map(|(t, _)| *t)
        .unwrap_or("application/octet-stream");
    if bytes.len() as u64 > FILE_MAX_BYTES {
        return Err(AppError::PayloadTooLarge(format!(
            "an attachment may have at most {} MiB",
            FILE_MAX_BYTES / 1024 / 1024
        )));
    }
    if bytes.is_empty() {
        return Err(AppError::BadRequest("the file is empty".into()));
    }
    let name = file_name(headers, ext);
    let id = uuid::Uuid::new_v4().to_string();
    let dir = st.files.join(dsr.to_string());
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(AppError::internal)?;
    // Write first, then the row: a crash leaves an orphan file, never a row
    // without its bytes. A temporary name, so a half-written file is never served.
    let tmp = dir.join(format!("{id}.part"));
    tokio::fs::write(&tmp, &bytes)
        .await
        .map_err(AppError::internal)?;
    tokio::fs::rename(&tmp, dir.join(&id))
        .await
        .map_err(AppError::internal)?;
    let at = fmt_time(now());
    let mut conn = st.db.write.acquire().await?;
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dsr_files WHERE dsr_id = $1")
        .bind(dsr)
        .fetch_one(&mut *conn)
        .await?;
    if held >= FILES_PER_REQUEST as i64 {
        let _ = tokio::fs::remove_file(dir.join(&id)).await;
        return Err(AppError::Conflict(format!(
            "a request holds at most {FILES_PER_REQUEST} attachments"
        )));
    }
    let inserted = sqlx::query(
        "INSERT INTO dsr_files (id, dsr_id, author, file_name, content_type, size, sha256, date_creation)
         SELECT $1, id, $2, $3, $4, $5, $6, $7 FROM dsr WHERE id = $8",
    )
    .bind(&id)
    .bind(author.as_str())
    .bind(&name)
    .bind(essence)
    .bind(bytes.len() as i64)
    .bind(hex::encode(Sha256::digest(&bytes)))
    .bind(&at)
    .bind(dsr)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 0 {
        // Erased while uploading.
        let _ = tokio::fs::remove_file(dir.join(&id)).await;
        return Err(AppError::not_found());
    }
    drop(conn);
    st.db.durable().await?;
    Ok(FileInfo {
        id,
        file_name: name,
        content_type: essence.to_owned(),
        size: bytes.len() as i64,
        date_creation: at,
    })
}

/// The bytes of attachment `file` of request `dsr`, as a download that a
/// browser never renders in the page (attachment, nosniff, sandbox).
pub async fn download(st: &AppState, dsr: i64, file: &str) -> Result<Response, AppError> {
    let file = crate::routes::normalize_uuid(file).ok_or_else(AppError::not_found)?;
    let row: FileRow = sqlx::query_as(&format!(
        "SELECT {FILE_COLUMNS} FROM dsr_files WHERE id = $1 AND dsr_id = $2"
    ))
    .bind(&file)
    .bind(dsr)
    .fetch_optional(&st.db.read)
    .await?
    .ok_or_else(AppError::not_found)?;
    let bytes = tokio::fs::read(st.files.join(dsr.to_string()).join(&row.id))
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => AppError::not_found(),
            _ => AppError::internal(e),
        })?;
    sqlx::query(
        "UPDATE dsr_files SET nb_download = nb_download + 1, date_last_download = $1 WHERE id = $2",
    )
    .bind(fmt_time(now()))
    .bind(&row.id)
    .execute(&st.db.write)
    .await?;
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        row.file_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            })
            .collect::<String>(),
        utf8_percent_encode(&row.file_name, NON_ALPHANUMERIC)
    );
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = StatusCode::OK;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&row.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// Removes every attachment file of request `dsr` (its rows go with it).
pub async fn erase_files(files: &Path, dsr: i64) -> std::io::Result<()> {
    match tokio::fs::remove_dir_all(files.join(dsr.to_string())).await {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// 404 unless request `id` is in workspace `ws`.
pub async fn in_workspace(conn: &mut AnyConnection, ws: i64, id: i64) -> Result<(), AppError> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM dsr WHERE workspace_id = $1 AND id = $2")
        .bind(ws)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|_| ())
        .ok_or_else(AppError::not_found)
}

/// What an e-mail about a request needs from it.
#[derive(sqlx::FromRow)]
pub struct Recipient {
    /// Workspace.
    pub ws: i64,
    /// The requester's address.
    pub email: Option<String>,
    /// Confirmed.
    #[sqlx(try_from = "crate::db::Flag")]
    pub mail_validated: bool,
    /// The stored body (locale and refId are read from it).
    pub body: String,
}

impl Recipient {
    /// There is an address, not confirmed yet: a verification e-mail is due.
    pub fn needs_verification(&self) -> bool {
        !self.mail_validated && self.email.as_deref().is_some_and(|e| !e.trim().is_empty())
    }
}

/// The e-mail facts of request `id` (any workspace: the caller checked it).
pub async fn recipient(conn: &mut AnyConnection, id: i64) -> Result<Recipient, AppError> {
    sqlx::query_as("SELECT workspace_id AS ws, email, mail_validated, body FROM dsr WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(AppError::not_found)
}

/// Request `id`'s reference as an e-mail names it: its `refId`, else `#id`.
pub fn reference(body: &str, id: i64) -> (String, Option<String>) {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let reference = v["refId"]
        .as_str()
        .filter(|r| !r.trim().is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("#{id}"));
    (reference, v["locale"].as_str().map(str::to_owned))
}

/// The status page's URL with `token`.
pub fn status_url(st: &AppState, token: &str) -> String {
    format!("{}/request/#t={token}", st.public_url)
}

/// E-mails the requester of `id` (a confirmed address only: a message must not
/// reach whoever typed someone else's address) a notice carrying a fresh
/// status link. Returns whether an e-mail was queued.
pub async fn notify_requester(
    st: &AppState,
    id: i64,
    notice: impl FnOnce(String) -> Notice,
) -> Result<bool, AppError> {
    let mut tx = st.db.begin_write().await?;
    let r = recipient(&mut tx, id).await?;
    let Some(to) = r
        .email
        .clone()
        .filter(|e| !e.trim().is_empty() && r.mail_validated)
    else {
        return Ok(false);
    };
    let token = tokens::issue_status(&mut tx, id).await?;
    st.db.commit(tx).await?;
    send(st, &r, id, to, notice(status_url(st, &token))).await;
    Ok(true)
}

/// Renders `notice` in the request's language and queues it to `to`.
pub async fn send(st: &AppState, r: &Recipient, id: i64, to: String, notice: Notice) {
    let org = match st.db.read.acquire().await {
        Ok(mut conn) => crate::routes::settings::load(&mut conn, r.ws)
            .await
            .ok()
            .and_then(|s| s.organisation_name),
        Err(_) => None,
    };
    st.mailer
        .send(&st.db, outgoing(r, id, to, notice, org.as_deref()));
}

/// The e-mail `notice` about request `id` to `to`, signed by `org`, in the
/// request's language.
pub fn outgoing(r: &Recipient, id: i64, to: String, notice: Notice, org: Option<&str>) -> Outgoing {
    let (reference, locale) = reference(&r.body, id);
    Outgoing {
        ws: r.ws,
        dsr: Some(id),
        kind: notice.kind(),
        to,
        mail: render(&notice, locale.as_deref(), org, &reference),
    }
}

/// Tells the team (the workspace's `notifyEmail`, if any) that the requester of
/// `id` wrote.
pub async fn notify_team(st: &AppState, id: i64) -> Result<(), AppError> {
    let mut conn = st.db.read.acquire().await?;
    let r = recipient(&mut conn, id).await?;
    let settings = crate::routes::settings::load(&mut conn, r.ws).await?;
    if let Some(to) = settings.notify_email {
        let link = format!("{}/requests/{id}", st.public_url);
        send(st, &r, id, to, Notice::RequesterMessage { link }).await;
    }
    Ok(())
}
