//! The requester's side of a request (our extension, issue 16).
//!
//! From the widget, with the workspace's public key (CORS like the create route):
//! - `POST /v1/ws/{ws}/DataSubjectRequests/{id}/verify` `{code}`: confirms the
//!   e-mail address with the code from the e-mail. 400 wrong code, 409 used or
//!   confirmed already, 410 expired, 429 after 5 wrong codes.
//! - `POST /v1/ws/{ws}/DataSubjectRequests/{id}/verification`: sends a new link
//!   and code (202). 409 when confirmed already or without an address, 429
//!   within a minute of the last or past 4 e-mails in 24 hours.
//!
//! From the status page (`/request/`), with `Authorization: Bearer <token>`:
//! - `POST /v1/requester/verify` `{token}`: confirms by the e-mail's link.
//!   404 unknown, 409 used, 410 expired.
//! - `GET /v1/requester/request`: the request as its requester sees it.
//! - `POST /v1/requester/messages`, `POST /v1/requester/attachments`,
//!   `GET /v1/requester/attachments/{file}`: the thread (`thread.rs`).
//!
//! A confirmation sets `mailValidated` and `emailValidationDate`, answers with a
//! status-page token and e-mails the status link. Under a workspace that does
//! not count unconfirmed requests toward the deadline (`unverifiedCountsTowardDeadline`
//! false), the deadline is counted again from the confirmation.
use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pw_model::dsr::{ClosedReason, DsrState, Purpose};
use pw_model::requester::{
    CodeCheck, DsrMessage, FileInfo, LinkCheck, MessageAuthor, NewMessage, RequesterView,
    VerifyAnswer,
};
use pw_model::validate::Validate;
use sqlx::AnyConnection;

use crate::auth::{client_ip, Principal};
use crate::db::{fmt_time, next_id, now, parse_time, remaining_days, Batch, Flag};
use crate::error::{invalid, AppError, AppJson, AppPath, Dastra};
use crate::mail::Outgoing;
use crate::mail_text::Notice;
use crate::routes::{audit, settings};
use crate::tokens::{self, Refusal};
use crate::{deadline, thread, AppState};

/// The audit log's key id for what the requester did through a link.
pub const REQUESTER_KEY: i64 = 0;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}/verify",
            post(verify_code),
        )
        .route(
            "/v1/ws/{ws}/DataSubjectRequests/{id}/verification",
            post(resend),
        )
        .route("/v1/requester/verify", post(verify_link))
        .route("/v1/requester/request", get(view))
        .route("/v1/requester/messages", post(write))
        .route("/v1/requester/attachments", post(upload))
        .route("/v1/requester/attachments/{file}", get(download))
}

/// The request a status-page token opens (`Authorization: Bearer <token>`):
/// 401 without a token or with an unknown or revoked one, 410 when expired.
/// Rate-limited per client like a public key.
pub struct Requester(pub i64);

impl FromRequestParts<AppState> for Requester {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        st.rate_limiter
            .check(&st.db, client_ip(parts), REQUESTER_KEY)
            .await?;
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .filter(|t| !t.is_empty() && t.len() <= 100)
            .ok_or_else(|| AppError::Unauthorized("a status link is needed".into()))?;
        let mut conn = st.db.read.acquire().await?;
        tokens::check_status(&mut conn, token)
            .await
            .map(Requester)
            .map_err(|r| r.into_error("token"))
    }
}

/// Marks request `id` confirmed (see the module docs) and returns the answer
/// with a new status token; 409 when it is confirmed already.
async fn confirm(
    conn: &mut AnyConnection,
    st: &AppState,
    id: i64,
) -> Result<VerifyAnswer, AppError> {
    let (ws, Flag(validated)): (i64, Flag) =
        sqlx::query_as("SELECT workspace_id, mail_validated FROM dsr WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(AppError::not_found)?;
    if validated {
        return Err(Refusal::Used.into_error("code"));
    }
    let settings = settings::load(conn, ws).await?;
    let at = now();
    let ts = fmt_time(at);
    sqlx::query(
        "UPDATE dsr SET mail_validated = 1, email_validation_date = $1, date_update = $2,
                        expiry_time = CASE WHEN $3 THEN expiry_time ELSE $4 END
         WHERE id = $5",
    )
    .bind(&ts)
    .bind(&ts)
    .bind(settings.unverified_counts_toward_deadline)
    .bind(fmt_time(deadline::answer_due(
        &settings.deadline_policy,
        at,
    )))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    audit::note(conn, id, REQUESTER_KEY, "mailValidated", "true").await?;
    let token = tokens::issue_status(conn, id).await?;
    Ok(VerifyAnswer {
        mail_validated: true,
        email_validation_date: ts,
        status_url: thread::status_url(st, &token),
        status_token: token,
    })
}

/// After a confirmation: the status link by e-mail, so it is not lost with the tab.
async fn send_confirmed(st: &AppState, id: i64) {
    let _ = thread::notify_requester(st, id, |link| Notice::Confirmed { link }).await;
}

async fn verify_code(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
    body: Result<AppJson<CodeCheck, Dastra>, AppError>,
) -> Result<Json<VerifyAnswer>, AppError> {
    principal.member_of_workspace(ws)?;
    let b = body?.into_inner();
    let errors = b.validate();
    if !errors.is_empty() {
        return Err(invalid::<Dastra>(errors));
    }
    let mut tx = st.db.begin_write().await?;
    thread::in_workspace(&mut tx, ws, id).await?;
    match tokens::check_code(&mut tx, id, &b.code).await {
        Ok(()) => {}
        Err(refusal) => {
            // A wrong try is counted even though the answer is an error.
            st.db.commit(tx).await?;
            return Err(refusal.into_error("code"));
        }
    }
    let answer = confirm(&mut tx, &st, id).await?;
    st.db.commit(tx).await?;
    send_confirmed(&st, id).await;
    Ok(Json(answer))
}

async fn verify_link(
    State(st): State<AppState>,
    body: Result<AppJson<LinkCheck, Dastra>, AppError>,
) -> Result<Json<VerifyAnswer>, AppError> {
    let b = body?.into_inner();
    if b.token.is_empty() || b.token.len() > 100 {
        return Err(Refusal::Unknown.into_error("link"));
    }
    let mut tx = st.db.begin_write().await?;
    let id = tokens::check_link(&mut tx, &b.token)
        .await
        .map_err(|r| r.into_error("link"))?;
    let answer = confirm(&mut tx, &st, id).await?;
    st.db.commit(tx).await?;
    send_confirmed(&st, id).await;
    Ok(Json(answer))
}

/// Issues request `id`'s verification code and link (written with `batch`
/// in `tx`) and returns the e-mail that carries them to `r`, signed by `org`,
/// for the caller to log in the same batch ([`crate::mail::Mailer::log`]) and deliver once
/// `tx` committed ([`crate::mail::Mailer::deliver`]); `None` when the address is
/// confirmed already or there is none. `fresh`: the request was created in
/// `tx` (no earlier token to retire).
pub async fn start_verification(
    tx: &mut AnyConnection,
    batch: &mut Batch,
    st: &AppState,
    id: i64,
    r: thread::Recipient,
    fresh: bool,
    org: Option<&str>,
) -> Result<Option<Outgoing>, AppError> {
    if !r.needs_verification() {
        return Ok(None);
    }
    let to = r.email.clone().unwrap_or_default();
    let (link, code) = tokens::issue_verification(tx, batch, id, fresh).await?;
    let notice = Notice::Verify {
        code,
        link: format!("{}/request/#v={link}", st.public_url),
    };
    Ok(Some(thread::outgoing(&r, id, to, notice, org)))
}

async fn resend(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((ws, id), ..): AppPath<(i64, i64), Dastra>,
) -> Result<Response, AppError> {
    principal.member_of_workspace(ws)?;
    let org = settings::load(&mut *st.db.read.acquire().await?, ws)
        .await?
        .organisation_name;
    let mut tx = st.db.begin_write().await?;
    thread::in_workspace(&mut tx, ws, id).await?;
    let to = thread::recipient(&mut tx, id).await?;
    let mut batch = Batch::new(st.db.dialect);
    let out = start_verification(&mut tx, &mut batch, &st, id, to, false, org.as_deref())
        .await?
        .ok_or_else(|| {
            AppError::Conflict("the address is confirmed already, or there is none".into())
        })?;
    let mail = st
        .mailer
        .log(&mut batch, next_id(&mut tx, "mail_log").await?, out);
    batch.run(&mut tx).await?;
    st.db.commit(tx).await?;
    st.mailer.deliver(&st.db, mail);
    Ok((StatusCode::ACCEPTED, Json(serde_json::json!({}))).into_response())
}

async fn view(
    State(st): State<AppState>,
    Requester(id): Requester,
) -> Result<Json<RequesterView>, AppError> {
    let mut conn = st.db.read.acquire().await?;
    type Row = (i64, String, String, String, Option<String>, Flag, String);
    let (ws, state, created, expiry, closed, Flag(validated), body): Row = sqlx::query_as(
        "SELECT workspace_id, state, date_creation, expiry_time, date_closed, mail_validated, body
         FROM dsr WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(AppError::not_found)?;
    let purposes: Vec<String> =
        sqlx::query_scalar("SELECT purpose FROM dsr_purposes WHERE dsr_id = $1 ORDER BY rowid")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let settings = settings::load(&mut conn, ws).await?;
    let messages = thread::messages(&mut conn, id).await?;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let text = |k: &str| v[k].as_str().map(str::to_owned);
    let received = parse_time(&created);
    let due = parse_time(&expiry);
    let extended = match (received, due) {
        (Some(r), Some(d)) => d > deadline::answer_due(&settings.deadline_policy, r),
        _ => false,
    };
    Ok(Json(RequesterView {
        id,
        ref_id: text("refId"),
        purposes: purposes.iter().map(|p| Purpose::parse(p)).collect(),
        state: DsrState::parse(&state),
        date_creation: created,
        expiry_time: expiry,
        remaining_days: due.map(|d| remaining_days(d, now())).unwrap_or(0),
        extended,
        deadline_policy: settings.deadline_policy,
        mail_validated: validated,
        locale: text("locale"),
        date_closed: closed,
        closed_reason: text("closedReason").map(|r| ClosedReason::parse(&r)),
        resolution_message: text("resolutionMessage"),
        organisation_name: settings.organisation_name,
        messages,
    }))
}

/// 409 when request `id` is closed: its thread is read-only.
pub async fn open_or_409(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    let state: String = sqlx::query_scalar("SELECT state FROM dsr WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(AppError::not_found)?;
    if state == DsrState::Closed.as_str() {
        return Err(AppError::Conflict(
            "this request is closed: its messages are read-only".into(),
        ));
    }
    Ok(())
}

async fn write(
    State(st): State<AppState>,
    Requester(id): Requester,
    body: Result<AppJson<NewMessage, Dastra>, AppError>,
) -> Result<(StatusCode, Json<DsrMessage>), AppError> {
    let m = body?.into_inner();
    let errors = m.validate();
    if !errors.is_empty() {
        return Err(invalid::<Dastra>(errors));
    }
    let mut tx = st.db.begin_write().await?;
    open_or_409(&mut tx, id).await?;
    let message = thread::add_message(&mut tx, id, &MessageAuthor::Requester, &m).await?;
    audit::note(&mut tx, id, REQUESTER_KEY, "message", "requester").await?;
    st.db.commit(tx).await?;
    thread::notify_team(&st, id).await?;
    Ok((StatusCode::CREATED, Json(message)))
}

async fn upload(
    State(st): State<AppState>,
    Requester(id): Requester,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<(StatusCode, Json<FileInfo>), AppError> {
    open_or_409(&mut *st.db.read.acquire().await?, id).await?;
    let info = thread::store_file(&st, id, &MessageAuthor::Requester, &headers, bytes).await?;
    Ok((StatusCode::CREATED, Json(info)))
}

async fn download(
    State(st): State<AppState>,
    Requester(id): Requester,
    AppPath(file, ..): AppPath<String, Dastra>,
) -> Result<Response, AppError> {
    thread::download(&st, id, &file).await
}
