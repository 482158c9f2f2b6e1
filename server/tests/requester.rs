//! The requester's side of a request (issue 16) over real HTTP, with the
//! e-mails read back from the mail log the outbox writes: verification by code
//! and by link (single use, expiry, wrong tries, resend limits), the status
//! token, the thread with attachments both ways, the extension and closing
//! e-mails, revocation, the unverified-deadline setting, the inbox filter, and
//! erasure of everything a request left behind.
mod common;

use std::time::Duration;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const DSRS: &str = "/v1/ws/1/DataSubjectRequests";

/// The newest e-mail of `kind` about request `id`, once the background sender
/// has logged it: `(recipient, subject, text, status)`.
async fn mail(s: &TestServer, id: i64, kind: &str) -> (String, String, String, String) {
    for _ in 0..200 {
        let row: Option<(String, String, String, String)> = sqlx::query_as(
            "SELECT recipient, subject, text_body, status FROM mail_log
             WHERE dsr_id = $1 AND kind = $2 AND status <> 'queued' ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .bind(kind)
        .fetch_optional(&s.db.read)
        .await
        .unwrap();
        if let Some(row) = row {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no {kind} e-mail for request {id}");
}

/// The 6-digit code and the link token of a verification e-mail.
fn code_and_link(text: &str) -> (String, String) {
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a 6-digit code")
        .to_owned();
    let link = text
        .split_once("#v=")
        .expect("a verification link")
        .1
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    (code, link)
}

async fn submit(s: &TestServer, email: &str, locale: &str) -> i64 {
    let r = s
        .post(
            DSRS,
            PUBLIC,
            &json!({"email": email, "purposes": ["Access"], "locale": locale}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()["id"].as_i64().unwrap()
}

async fn verify_code(s: &TestServer, id: i64, code: &str) -> Resp {
    s.post(
        &format!("{DSRS}/{id}/verify"),
        PUBLIC,
        &json!({ "code": code }),
    )
    .await
}

async fn verify_link(s: &TestServer, token: &str) -> Resp {
    s.send(
        Method::POST,
        "/v1/requester/verify",
        None,
        Some(&json!({ "token": token })),
        &[],
    )
    .await
}

/// A call of the status page with `token`.
async fn as_requester(
    s: &TestServer,
    method: Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> Resp {
    let auth = format!("Bearer {token}");
    s.send(method, path, None, body, &[("authorization", &auth)])
        .await
}

async fn upload(
    s: &TestServer,
    path: &str,
    auth: (&str, &str),
    content_type: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Resp {
    let req = s
        .client
        .post(format!("{}{path}", s.base))
        .header(auth.0, auth.1)
        .header("content-type", content_type)
        .header("x-file-name", name)
        .body(bytes);
    Resp::read(req.send().await.unwrap()).await
}

#[tokio::test]
async fn verification_by_code_and_by_link_with_its_limits() {
    let s = start().await;
    let id = submit(&s, "ana@example.com", "fr").await;
    let (to, subject, text, status) = mail(&s, id, "verify").await;
    assert_eq!(to, "ana@example.com");
    assert_eq!(status, "outbox");
    assert!(subject.starts_with("Confirmez votre adresse"), "{subject}");
    let (code, link) = code_and_link(&text);
    // The secrets are stored hashed only.
    let stored = s
        .count(&format!(
            "SELECT COUNT(*) FROM requester_tokens WHERE hash = '{code}' OR hash = '{link}'"
        ))
        .await;
    assert_eq!(stored, 0);
    // The outbox file is there.
    let outbox = s.dir().join("test-outbox");
    let files: Vec<_> = std::fs::read_dir(&outbox).unwrap().collect();
    assert_eq!(files.len(), 1);

    // Malformed, then wrong codes: 400 with the seed body; the 5th wrong try locks.
    let r = verify_code(&s, id, "12a").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        let r = verify_code(&s, id, wrong).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert_eq!(r.json()["error"], "Bad Request");
    }
    assert_eq!(
        verify_code(&s, id, wrong).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        verify_code(&s, id, &code).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a locked code stays locked, even the right one"
    );

    // A resend within a minute is refused, after it works and replaces both.
    let resend = format!("{DSRS}/{id}/verification");
    let r = s.post_empty(&resend, PUBLIC).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.header("retry-after").is_some());
    s.exec(&format!(
        "UPDATE requester_tokens SET date_creation = '2000-01-01T00:00:00.000Z' WHERE dsr_id = {id}"
    ))
    .await;
    assert_eq!(
        s.post_empty(&resend, PUBLIC).await.status,
        StatusCode::ACCEPTED
    );
    let (_, _, text2, _) = loop {
        let m = mail(&s, id, "verify").await;
        if m.2 != text {
            break m;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    let (code2, link2) = code_and_link(&text2);
    assert_eq!(verify_link(&s, &link).await.status, StatusCode::CONFLICT);

    // The right code: confirmed, a status token, the status link by e-mail.
    let r = verify_code(&s, id, &code2).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let answer = r.json();
    assert_eq!(answer["mailValidated"], true);
    let token = answer["statusToken"].as_str().unwrap();
    assert!(answer["statusUrl"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/request/#t={token}")));
    let (_, _, confirmed, _) = mail(&s, id, "confirmed").await;
    assert!(confirmed.contains("/request/#t="), "{confirmed}");
    let d = s.get(&format!("{DSRS}/{id}"), ADMIN).await.json();
    assert_eq!(d["mailValidated"], true);
    assert!(d["emailValidationDate"].is_string());
    // Used: the code and the link again, and a resend.
    assert_eq!(
        verify_code(&s, id, &code2).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(verify_link(&s, &link2).await.status, StatusCode::CONFLICT);
    assert_eq!(
        s.post_empty(&resend, PUBLIC).await.status,
        StatusCode::CONFLICT
    );

    // Expired link and code of another request; an unknown link.
    let other = submit(&s, "bo@example.com", "en").await;
    let (code3, link3) = code_and_link(&mail(&s, other, "verify").await.2);
    s.exec(&format!(
        "UPDATE requester_tokens SET expires = '2000-01-01T00:00:00.000Z' WHERE dsr_id = {other}"
    ))
    .await;
    assert_eq!(
        verify_code(&s, other, &code3).await.status,
        StatusCode::GONE
    );
    let r = verify_link(&s, &link3).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert_eq!(r.json(), err(410, "Gone", "this link has expired"));
    assert_eq!(
        verify_link(&s, "not-a-real-token").await.status,
        StatusCode::NOT_FOUND
    );
    // The inbox tells the two apart.
    let unverified = s
        .get(&format!("{DSRS}?mailValidated=false"), ADMIN)
        .await
        .json();
    let ids: Vec<i64> = unverified["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&other) && !ids.contains(&id), "{ids:?}");
    // Another workspace's key cannot verify this workspace's request.
    let r = s
        .post(
            &format!("/v1/ws/2/DataSubjectRequests/{other}/verify"),
            OTHER_PUBLIC,
            &json!({"code": code3}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Submits and confirms by link; returns (id, status token).
async fn confirmed_request(s: &TestServer, email: &str) -> (i64, String) {
    let id = submit(s, email, "en").await;
    let (_, link) = code_and_link(&mail(s, id, "verify").await.2);
    let r = verify_link(s, &link).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (id, r.json()["statusToken"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn thread_attachments_extension_close_revocation_and_erasure() {
    let s = start().await;
    s.put(
        "/v1/ws/1/settings",
        ADMIN,
        &json!({"notifyEmail": "privacy-team@example.com", "organisationName": "Shop"}),
    )
    .await;
    let (id, token) = confirmed_request(&s, "cy@example.com").await;
    let bearer = format!("Bearer {token}");

    // The status page's view.
    let r = as_requester(&s, Method::GET, "/v1/requester/request", &token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["id"], id);
    assert_eq!(v["mailValidated"], true);
    assert_eq!(v["extended"], false);
    assert_eq!(v["deadlinePolicy"], "gdpr");
    assert_eq!(v["messages"], json!([]));
    for bad in [None, Some("Bearer nope")] {
        let headers: Vec<(&str, &str)> = bad.map(|b| ("authorization", b)).into_iter().collect();
        let r = s
            .send(Method::GET, "/v1/requester/request", None, None, &headers)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{bad:?}");
    }

    // Uploads: type and size limits, then a message carrying the file.
    let up = "/v1/requester/attachments";
    let auth = ("authorization", bearer.as_str());
    let r = upload(&s, up, auth, "text/html", "x.html", b"<b>x</b>".to_vec()).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = vec![b'a'; 5 * 1024 * 1024 + 1];
    let r = upload(&s, up, auth, "text/plain", "big.txt", big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = upload(
        &s,
        up,
        auth,
        "text/plain",
        "../../id%20card.txt",
        b"ID 42".to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let file = r.json();
    assert_eq!(file["fileName"], "id card.txt");
    let body = json!({"body": "Here is my ID <b>card</b>.", "attachmentIds": [file["id"]]});
    let r = as_requester(
        &s,
        Method::POST,
        "/v1/requester/messages",
        &token,
        Some(&body),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["attachments"][0]["id"], file["id"]);
    let (team_to, _, team_text, _) = mail(&s, id, "team").await;
    assert_eq!(team_to, "privacy-team@example.com");
    assert!(team_text.contains(&format!("/requests/{id}")));
    let d = s.get(&format!("{DSRS}/{id}"), ADMIN).await.json();
    assert_eq!(
        (d["nbMessages"].as_i64(), d["nbMessagesNotViewed"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(d["attachments"][0]["fileName"], "id card.txt");
    assert_eq!(d["attachments"][0]["transmitted"], false);

    // The team reads (unread falls to 0), downloads, answers with a file.
    let msgs = s.get(&format!("{DSRS}/{id}/messages"), ADMIN).await.json();
    assert_eq!(msgs[0]["body"], "Here is my ID <b>card</b>.");
    assert_eq!(msgs[0]["author"], "requester");
    let d = s.get(&format!("{DSRS}/{id}"), ADMIN).await.json();
    assert_eq!(d["nbMessagesNotViewed"], 0);
    let r = s
        .get(
            &format!("{DSRS}/{id}/attachments/{}", file["id"].as_str().unwrap()),
            ADMIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text, "ID 42");
    assert!(r
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment;"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let pdf = b"%PDF-1.4 answer".to_vec();
    let r = upload(
        &s,
        &format!("{DSRS}/{id}/attachments"),
        ("x-api-key", ADMIN),
        "application/pdf",
        "answer.pdf",
        pdf.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let answer_file = r.json()["id"].as_str().unwrap().to_owned();
    // The requester cannot attach the team's file to their own message.
    let steal = json!({"body": "mine", "attachmentIds": [answer_file]});
    let r = as_requester(
        &s,
        Method::POST,
        "/v1/requester/messages",
        &token,
        Some(&steal),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = s
        .post(
            &format!("{DSRS}/{id}/messages"),
            ADMIN,
            &json!({"body": "Your data is attached.", "attachmentIds": [answer_file]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let (to, _, text, _) = mail(&s, id, "message").await;
    assert_eq!(to, "cy@example.com");
    assert!(text.contains("/request/#t="));
    assert!(
        !text.contains("Your data is attached."),
        "the message itself stays behind the link"
    );
    let r = as_requester(
        &s,
        Method::GET,
        &format!("/v1/requester/attachments/{answer_file}"),
        &token,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text.as_bytes(), pdf.as_slice());
    // Another request's token does not open this file.
    let (_, other_token) = confirmed_request(&s, "dee@example.com").await;
    let r = as_requester(
        &s,
        Method::GET,
        &format!("/v1/requester/attachments/{answer_file}"),
        &other_token,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Extension: the requester is told, with the new date.
    let r = s
        .post(
            &format!("{DSRS}/{id}/extension"),
            ADMIN,
            &json!({"reason": "Many systems to search."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let due = r.json()["expiryTime"].as_str().unwrap()[..10].to_owned();
    let (_, _, text, _) = mail(&s, id, "extended").await;
    assert!(
        text.contains(&due) && text.contains("Many systems to search."),
        "{text}"
    );
    let v = as_requester(&s, Method::GET, "/v1/requester/request", &token, None)
        .await
        .json();
    assert_eq!(v["extended"], true);

    // Close: a reason and an answer; the requester is e-mailed.
    let close = format!("{DSRS}/{id}/close");
    let r = s
        .post(
            &close,
            ADMIN,
            &json!({"closedReason": "None", "resolutionMessage": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = s
        .post(&close, ADMIN, &json!({"closedReason": "Completed", "resolutionMessage": "We sent you a copy of your data."}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let d = r.json();
    assert_eq!(d["state"], "Closed");
    assert_eq!(d["closedReason"], "Completed");
    assert_eq!(d["userNotified"], true);
    assert!(d["dateUserNotified"].is_string());
    let (_, subject, text, _) = mail(&s, id, "closed").await;
    assert!(subject.contains("closed") && text.contains("We sent you a copy of your data."));
    assert_eq!(
        s.post(
            &close,
            ADMIN,
            &json!({"closedReason": "Completed", "resolutionMessage": "again"})
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    let r = as_requester(
        &s,
        Method::POST,
        "/v1/requester/messages",
        &token,
        Some(&json!({"body": "thanks"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let log = s.get(&format!("{DSRS}/{id}/audit"), ADMIN).await.json();
    let fields: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "mailValidated",
        "message",
        "extensionReason",
        "closedReason",
        "state",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }

    // Revocation: every status link of the request stops working.
    assert_eq!(
        s.delete(&format!("{DSRS}/{id}/status-links"), ADMIN)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let r = as_requester(&s, Method::GET, "/v1/requester/request", &token, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // Erasure: rows, files and outbox copies.
    let files_dir = s.dir().join("test-files").join(id.to_string());
    assert!(files_dir.exists());
    assert_eq!(
        s.delete(&format!("{DSRS}/{id}"), ADMIN).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(!files_dir.exists());
    for table in ["dsr_messages", "dsr_files", "requester_tokens", "mail_log"] {
        let n = s
            .count(&format!("SELECT COUNT(*) FROM {table} WHERE dsr_id = {id}"))
            .await;
        assert_eq!(n, 0, "{table}");
    }
    let prefix = format!("ws1-dsr{id}-");
    let left = std::fs::read_dir(s.dir().join("test-outbox"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(&prefix)
        })
        .count();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn unverified_requests_may_start_their_clock_at_confirmation() {
    let s = start().await;
    // Default: the clock runs from receipt; confirming changes nothing.
    let id = submit(&s, "eve@example.com", "en").await;
    s.exec(&format!(
        "UPDATE dsr SET date_creation = '2026-01-01T00:00:00.000Z', expiry_time = '2026-02-01T00:00:00.000Z' WHERE id = {id}"
    ))
    .await;
    let (code, _) = code_and_link(&mail(&s, id, "verify").await.2);
    assert_eq!(verify_code(&s, id, &code).await.status, StatusCode::OK);
    let d = s.get(&format!("{DSRS}/{id}"), ADMIN).await.json();
    assert_eq!(d["expiryTime"], "2026-02-01T00:00:00.000Z");

    // Off: the deadline is counted again from the confirmation.
    let r = s
        .put(
            "/v1/ws/1/settings",
            ADMIN,
            &json!({"unverifiedCountsTowardDeadline": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let id = submit(&s, "fay@example.com", "en").await;
    s.exec(&format!(
        "UPDATE dsr SET date_creation = '2026-01-01T00:00:00.000Z', expiry_time = '2026-02-01T00:00:00.000Z' WHERE id = {id}"
    ))
    .await;
    let (code, _) = code_and_link(&mail(&s, id, "verify").await.2);
    let r = verify_code(&s, id, &code).await;
    assert_eq!(r.status, StatusCode::OK);
    let confirmed = r.json()["emailValidationDate"].as_str().unwrap().to_owned();
    let d = s.get(&format!("{DSRS}/{id}"), ADMIN).await.json();
    let expiry = d["expiryTime"].as_str().unwrap();
    assert!(
        expiry > confirmed.as_str() && expiry > "2026-02-01",
        "{expiry}"
    );
    assert!(d["remainingDays"].as_i64().unwrap() >= 27);
}
