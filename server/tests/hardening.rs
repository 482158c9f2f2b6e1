//! Issue 14 over real HTTP: bounded public input, erasure and expiry of stored
//! idempotent responses, timeouts and the connection limit, capped query
//! strings, absolute URLs from the configured public URL, http(s)-only consent
//! type URLs, demo origins that go with the demo, and the seeds' contract read
//! strictly (PUT bodies, `state` on PUT, Concord's 404, `subcategory`,
//! `validStates`). Points 15 (every seed field) and 16 are also covered by the
//! updated assertions in `dsr.rs`, `http.rs`, `contacts.rs` and `manifest.rs`.
mod common;

use std::time::{Duration, Instant};

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const DSRS: &str = "/v1/ws/1/DataSubjectRequests";

fn records_path() -> String {
    format!("/organizations/{ORG}/projects/{PROJECT}/consent-records")
}

fn intake() -> Value {
    json!({"email": "jane@example.com", "purposes": ["Access"]})
}

/// Host part of the server's base URL (`127.0.0.1:port`).
fn host(s: &TestServer) -> &str {
    s.base.trim_start_matches("http://")
}

// ---- 1. collections ------------------------------------------------------

#[tokio::test]
async fn collections_a_key_can_send_are_bounded() {
    let s = start().await;
    // Purposes: known and distinct, so never more than the 10 of the enum (an
    // admin may record any; the widget's key only those the settings offer).
    let mut all = intake();
    all["purposes"] = json!([
        "Unknown",
        "Information",
        "Access",
        "Rectification",
        "Erasure",
        "Restriction",
        "Opposition",
        "Portability",
        "AdvanceDirectives",
        "AutomatedDecision"
    ]);
    let r = s.post(DSRS, ADMIN, &all).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["purposes"], all["purposes"]);
    let mut repeated = intake();
    repeated["purposes"] = json!(vec!["Access"; 100_000]);
    let r = s.post(DSRS, PUBLIC, &repeated).await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::BAD_REQUEST,
            err(400, "Bad Request", "purposes must not repeat a value")
        )
    );
    // Tags (admin): at most 50.
    let mut tagged = intake();
    tagged["tags"] = json!((0..51)
        .map(|i| json!({"label": format!("t{i}")}))
        .collect::<Vec<_>>());
    let r = s.post(DSRS, ADMIN, &tagged).await;
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "tags must have at most 50 items")
    );
    tagged["tags"].as_array_mut().unwrap().pop();
    let r = s.post(DSRS, ADMIN, &tagged).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["tags"].as_array().unwrap().len(), 50);
    // Operator-owned nested lists: at most 100 items.
    let mut nested = intake();
    nested["attachments"] = json!(vec![json!({}); 101]);
    let r = s.post(DSRS, ADMIN, &nested).await;
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "attachments must have at most 100 items"
        )
    );

    // Consent records: at most the project's number of types (5 in the demo)...
    let types = s.get(&ct_path(ORG, PROJECT), ADMIN).await.json();
    assert_eq!(types.as_array().unwrap().len(), 5);
    let decision = |id: &str| json!({"consentTypeId": id, "version": 1, "state": "accepted"});
    let mut decisions: Vec<Value> = types
        .as_array()
        .unwrap()
        .iter()
        .map(|t| decision(t["id"].as_str().unwrap()))
        .collect();
    let subject = "5ea4d187-63a3-4cc6-988a-cac0b400805a";
    let body = |d: &[Value]| json!({"subjectId": subject, "decisions": d});
    let r = s.post(&records_path(), PUBLIC, &body(&decisions)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json().as_array().unwrap().len(), 5);
    decisions.push(decision("00000000-0000-4000-8000-000000000000"));
    let r = s.post(&records_path(), PUBLIC, &body(&decisions)).await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            err(
                422,
                "Unprocessable Entity",
                "decisions must have at most 5 items, one per consent type of the project"
            )
        )
    );
    // ... one per type, and never more than 100 whatever the project.
    decisions.truncate(2);
    decisions.push(decisions[0].clone());
    let r = s.post(&records_path(), PUBLIC, &body(&decisions)).await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "decisions must not repeat a value"
        )
    );
    let many: Vec<Value> = (0..101)
        .map(|i| decision(&format!("497f6eca-6276-4993-bfeb-{i:012}")))
        .collect();
    let r = s.post(&records_path(), PUBLIC, &body(&many)).await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "decisions must have at most 100 items"
        )
    );

    // Data system contacts: at most 100 data systems.
    let contact = json!({
        "name": "n", "status": "active", "email": "a@b.co", "phoneNumber": "1",
        "contactType": ORG, "dataSystems": vec!["ds"; 101]
    });
    let r = s
        .post(
            &format!("/organizations/{ORG}/data-system-contacts"),
            ADMIN,
            &contact,
        )
        .await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "dataSystems must have at most 100 items"
        )
    );
}

// ---- 2. strings ------------------------------------------------------------

#[tokio::test]
async fn every_free_text_field_has_a_maximum() {
    let s = start().await;
    for (field, max) in [
        ("additionalDatas", 10_000),
        ("userId", 256),
        ("locale", 35),
        ("message", 10_000),
        ("givenName", 256),
        ("title", 256),
    ] {
        let mut body = intake();
        body[field] = json!("é".repeat(max));
        let r = s.post(DSRS, PUBLIC, &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{field}: {}", r.text);
        body[field] = json!("é".repeat(max + 1));
        let r = s.post(DSRS, PUBLIC, &body).await;
        assert_eq!(
            (r.status, r.json()),
            (
                StatusCode::BAD_REQUEST,
                err(
                    400,
                    "Bad Request",
                    &format!("{field} must be at most {max} characters")
                )
            ),
            "{field}"
        );
    }
    // A megabyte in one field is refused, not stored.
    let mut body = intake();
    body["additionalDatas"] = json!("x".repeat(1 << 20));
    let r = s.post(DSRS, PUBLIC, &body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Operator-owned nested strings too.
    let mut body = intake();
    body["area"] = json!({"dpo": {"address": "x".repeat(10_001)}});
    let r = s.post(DSRS, ADMIN, &body).await;
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "area.dpo.address must be at most 10000 characters"
        )
    );
    // Consent record user agent, consent type subcategory.
    let r = s
        .post(
            &ct_path(ORG, PROJECT),
            ADMIN,
            &json!({"category": "custom", "label": "x", "subcategory": "s".repeat(300)}),
        )
        .await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "subcategory must be at most 256 characters"
        )
    );
}

// ---- 3. consent-record list paged ------------------------------------------

#[tokio::test]
async fn consent_record_list_is_paged() {
    let s = start().await;
    let types = s.get(&ct_path(ORG, PROJECT), ADMIN).await.json();
    let type_id = types[0]["id"].as_str().unwrap().to_owned();
    let subject = "5ea4d187-63a3-4cc6-988a-cac0b400805a";
    for _ in 0..5 {
        let body = json!({"subjectId": subject, "decisions": [{"consentTypeId": type_id, "version": 1, "state": "accepted"}]});
        let r = s.post(&records_path(), PUBLIC, &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let all = s.get(&records_path(), ADMIN).await;
    assert_eq!(all.json().as_array().unwrap().len(), 5);
    assert_eq!(all.header("x-total-count"), Some("5"));
    assert_eq!(all.header("x-page"), Some("1"));
    assert_eq!(all.header("x-page-size"), Some("100"));
    let r = s
        .get(
            &format!("{}?subjectId={subject}&page=2&size=2", records_path()),
            ADMIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), json!(all.json().as_array().unwrap()[2..4]));
    assert_eq!(
        (
            r.header("x-total-count"),
            r.header("x-page"),
            r.header("x-page-size")
        ),
        (Some("5"), Some("2"), Some("2"))
    );
    let r = s
        .get(&format!("{}?page=4&size=2", records_path()), ADMIN)
        .await;
    assert_eq!(r.json(), json!([]));
    for (query, message) in [
        ("size=0", "size must be between 1 and 500"),
        ("size=501", "size must be between 1 and 500"),
        ("page=0", "page must be between 1 and 4294967295"),
        ("page=x", "page must be between 1 and 4294967295"),
    ] {
        let r = s.get(&format!("{}?{query}", records_path()), ADMIN).await;
        assert_eq!(
            (r.status, r.json()),
            (StatusCode::BAD_REQUEST, err(400, "Bad Request", message)),
            "{query}"
        );
    }
}

#[tokio::test]
async fn consent_record_export_streams_every_record_past_one_page() {
    let s = start().await;
    let types = s.get(&ct_path(ORG, PROJECT), ADMIN).await.json();
    let decisions: Vec<Value> = types
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!({"consentTypeId": t["id"], "version": t["version"], "state": "declined"}))
        .collect();
    let (subject, other) = (
        "5ea4d187-63a3-4cc6-988a-cac0b400805a",
        "6fb5e298-74b4-4dd7-899b-dbd1c511916b",
    );
    // More than one export page (500 rows) for `subject`, a few for `other`.
    let mut mine = 0;
    while mine <= 500 {
        let body = json!({"subjectId": subject, "decisions": decisions});
        let r = s.post(&records_path(), ADMIN, &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        mine += decisions.len();
    }
    let body = json!({"subjectId": other, "decisions": decisions});
    assert_eq!(
        s.post(&records_path(), ADMIN, &body).await.status,
        StatusCode::CREATED
    );

    let export = |query: String| {
        let s = &s;
        async move {
            s.get(&format!("{}/export{query}", records_path()), ADMIN)
                .await
        }
    };
    let r = export(format!("?subjectId={subject}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = r
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        mine,
        "every record of the subject, across pages"
    );
    assert!(lines.iter().all(|l| l["subjectId"] == subject));
    let ids: std::collections::HashSet<&str> =
        lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), mine, "no record twice at a page boundary");
    // Oldest first, as the paged list shows them.
    let first_page = s
        .get(
            &format!("{}?subjectId={subject}&size=3", records_path()),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(json!(lines[..3]), first_page);

    let all = export(String::new()).await;
    assert_eq!(all.text.lines().count(), mine + decisions.len());
    assert_eq!(
        export("?subjectId=x".into()).await.status,
        StatusCode::BAD_REQUEST
    );
    let public = s.get(&format!("{}/export", records_path()), PUBLIC).await;
    assert_eq!(public.status, StatusCode::FORBIDDEN, "admin only");
}

// ---- 4. erasure and expiry of idempotency records --------------------------

#[tokio::test]
async fn deleting_a_dsr_erases_its_stored_replay() {
    let s = start().await;
    let body = json!({"email": "erase.me@example.com", "purposes": ["Erasure"]});
    let first = s.post_idem(DSRS, PUBLIC, &body, "erase-1").await;
    assert_eq!(first.status, StatusCode::CREATED);
    let id = first.json()["id"].as_i64().unwrap();
    let stored = "SELECT COUNT(*) FROM idempotency_keys WHERE body LIKE '%erase.me@example.com%'";
    assert_eq!(s.count(stored).await, 1);
    let r = s.delete(&format!("{DSRS}/{id}"), ADMIN).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(s.count(stored).await, 0);
    // A retry with the same key and body does not bring the request back: it
    // files a new one.
    let retry = s.post_idem(DSRS, PUBLIC, &body, "erase-1").await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.header("idempotent-replayed"), None);
    assert_ne!(retry.json()["id"].as_i64().unwrap(), id);
    let r = s.get(&format!("{DSRS}/{id}"), ADMIN).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn idempotency_records_expire_after_24_hours() {
    let s = start().await;
    let body = intake();
    let first = s.post_idem(DSRS, PUBLIC, &body, "old-key").await;
    let again = s.post_idem(DSRS, PUBLIC, &body, "old-key").await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["id"], first.json()["id"]);
    // 25 hours later the stored response is never replayed: the retry
    // creates anew, and its response replaces the expired one.
    let old = pw_server::db::fmt_time(pw_server::db::now() - chrono::Duration::hours(25));
    s.exec(&format!(
        "UPDATE idempotency_keys SET date_created = '{old}'"
    ))
    .await;
    let later = s.post_idem(DSRS, PUBLIC, &body, "old-key").await;
    assert_eq!(later.status, StatusCode::CREATED);
    assert_eq!(later.header("idempotent-replayed"), None);
    assert_ne!(later.json()["id"], first.json()["id"]);
    assert_eq!(
        s.count(&format!(
            "SELECT COUNT(*) FROM idempotency_keys WHERE date_created = '{old}'"
        ))
        .await,
        0
    );
    // 23 hours is still within the window.
    let recent = pw_server::db::fmt_time(pw_server::db::now() - chrono::Duration::hours(23));
    s.exec(&format!(
        "UPDATE idempotency_keys SET date_created = '{recent}'"
    ))
    .await;
    let replay = s.post_idem(DSRS, PUBLIC, &body, "old-key").await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.json()["id"], later.json()["id"]);
    // Expired responses whose key is never used again: the periodic sweep
    // deletes them (and keeps the live one).
    s.post_idem(DSRS, PUBLIC, &body, "forgotten-key").await;
    s.exec(&format!(
        "UPDATE idempotency_keys SET date_created = '{old}' WHERE date_created <> '{recent}'"
    ))
    .await;
    let swept = pw_server::idempotency::sweep(&s.db).await.expect("sweep");
    assert_eq!(swept, 1);
    assert_eq!(s.count("SELECT COUNT(*) FROM idempotency_keys").await, 1);
    let replay = s.post_idem(DSRS, PUBLIC, &body, "old-key").await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
}

// ---- 5. timeouts and connection limit --------------------------------------

/// Reads until the server closes the connection (or `limit` passes); returns
/// what was read and when the connection ended.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0_u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(start.elapsed()), stream.read(&mut buf))
            .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (String::from_utf8_lossy(&out).into(), Some(start.elapsed()))
            }
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&out).into(), None),
        }
    }
}

#[tokio::test]
async fn a_half_sent_request_head_is_cut() {
    let s = start_with(|c| c.header_timeout = Duration::from_secs(2)).await;
    let mut stream = TcpStream::connect(host(&s)).await.unwrap();
    stream
        .write_all(b"GET /v1/ws/1/DataSubjectRequests HTTP/1.1\r\nHost: x\r\nx-api-key: ")
        .await
        .unwrap();
    let (_, closed) = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    let closed = closed.expect("the server kept a half-sent request open for 10 s");
    assert!(
        (Duration::from_millis(1500)..Duration::from_secs(6)).contains(&closed),
        "{closed:?}"
    );
    // A connection that sends nothing at all is cut the same way.
    let mut idle = TcpStream::connect(host(&s)).await.unwrap();
    let (_, closed) = read_until_closed(&mut idle, Duration::from_secs(10)).await;
    assert!(closed.is_some(), "an idle connection stayed open");
    // A complete request is served as usual.
    assert_eq!(s.get(DSRS, ADMIN).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_half_sent_body_is_answered_408_and_closed() {
    let s = start_with(|c| c.body_timeout = Duration::from_secs(2)).await;
    let mut stream = TcpStream::connect(host(&s)).await.unwrap();
    let head = format!(
        "POST {DSRS} HTTP/1.1\r\nHost: x\r\nx-api-key: {PUBLIC}\r\n\
         content-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"email\": "
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (text, closed) = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    let closed = closed.expect("the server kept a half-sent body open for 10 s");
    assert!(closed < Duration::from_secs(6), "{closed:?}");
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("connection: close"),
        "{text}"
    );
    assert!(
        text.ends_with(
            r#"{"statusCode":408,"error":"Request Timeout","message":"Request body not received in time"}"#
        ),
        "{text}"
    );
    assert_eq!(
        s.count("SELECT COUNT(*) FROM dsr WHERE email IS NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_slot() {
    let s = start_with(|c| {
        c.max_connections = 1;
        c.header_timeout = Duration::from_secs(2);
    })
    .await;
    // One slow client holds the only slot until the header timeout cuts it.
    let mut slow = TcpStream::connect(host(&s)).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let r = s.get(DSRS, ADMIN).await;
    let waited = started.elapsed();
    assert_eq!(r.status, StatusCode::OK);
    assert!(waited >= Duration::from_millis(1200), "{waited:?}");
    assert!(waited < Duration::from_secs(8), "{waited:?}");
}

// ---- 6. query strings --------------------------------------------------------

#[tokio::test]
async fn long_query_strings_are_400_never_5xx() {
    let s = start().await;
    let r = s
        .get(&format!("{DSRS}?q={}", "a".repeat(60_000)), ADMIN)
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::BAD_REQUEST,
            err(400, "Bad Request", "q must be at most 256 characters")
        )
    );
    let r = s
        .get(&format!("{DSRS}?q={}", "%25_".repeat(128)), ADMIN)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let ids: Vec<String> = (0..501).map(|i| format!("ids={i}")).collect();
    let r = s.get(&format!("{DSRS}?{}", ids.join("&")), ADMIN).await;
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "ids must have at most 500 items")
    );
    let tags: Vec<String> = (0..5000).map(|i| format!("tags={i}")).collect();
    let r = s.get(&format!("{DSRS}?{}", tags.join("&")), ADMIN).await;
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "tags must have at most 50 items")
    );
    let r = s
        .get(&format!("{DSRS}?{}", "states=Open&".repeat(1000)), ADMIN)
        .await;
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "states must have at most 5 items")
    );
    let r = s
        .get(
            &format!("{}?status={}", ct_path(ORG, PROJECT), "x".repeat(10_000)),
            ADMIN,
        )
        .await;
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "status must be one of: active, test, archived"
        )
    );
    let r = s
        .get(
            &format!("{}?subjectId={}", records_path(), "x".repeat(10_000)),
            ADMIN,
        )
        .await;
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "subjectId must be a UUID")
    );
    let r = s
        .get(&format!("{DSRS}?sortBy={}", "a".repeat(60_000)), ADMIN)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = s
        .get(
            &format!("{}?key={}", ct_path(ORG, PROJECT), "k".repeat(60_000)),
            ADMIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Longer than any URI the HTTP layer parses (clients cannot even build it):
    // refused there, still a 4xx.
    for target in [
        format!("{DSRS}?q={}", "a".repeat(100_000)),
        format!("{DSRS}?{}", "ids=1&".repeat(20_000)),
    ] {
        let mut stream = TcpStream::connect(host(&s)).await.unwrap();
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nx-api-key: {ADMIN}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let (text, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
        let status = text.lines().next().unwrap_or_default().to_owned();
        assert!(status.starts_with("HTTP/1.1 4"), "{status}");
    }
}

// ---- 8. absolute URLs --------------------------------------------------------

#[tokio::test]
async fn absolute_urls_come_from_the_public_url_never_the_host_header() {
    let contact = json!({"surname": "Gödel", "email": "k.goedel@example.org"});
    let path = "/organisations/id/1/contacts";
    // Default: http:// + the listen address, whatever Host says.
    let s = start().await;
    let r = s
        .send(
            Method::POST,
            path,
            Some(ADMIN),
            Some(&contact),
            &[("Host", "evil.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let location = r.header("location").unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/organisations/id/1/contacts/id/", s.base)),
        "{location}"
    );
    assert_eq!(r.json()["self"], location.as_str());
    // Configured: PW_PUBLIC_URL, path prefix included.
    let s = start_with(|c| c.public_url = Some("https://privacy.example.com/api".into())).await;
    let r = s
        .send(
            Method::POST,
            path,
            Some(ADMIN),
            Some(&contact),
            &[("Host", "evil.example")],
        )
        .await;
    let location = r.header("location").unwrap();
    assert!(
        location.starts_with("https://privacy.example.com/api/organisations/id/1/contacts/id/"),
        "{location}"
    );
    let list = s
        .send(
            Method::GET,
            path,
            Some(ADMIN),
            None,
            &[("Host", "evil.example")],
        )
        .await
        .json();
    assert_eq!(
        list["self"],
        "https://privacy.example.com/api/organisations/id/1/contacts"
    );
    assert!(!list.to_string().contains("evil.example"));
    // The demo page points at the public URL too.
    let page = s.demo_get("/").await.text;
    assert!(page.contains("data-api=\"https://privacy.example.com/api\""));
}

// ---- 9. consent type url -------------------------------------------------------

#[tokio::test]
async fn consent_type_url_must_be_http_or_https() {
    let s = start().await;
    let body = |url: &str| json!({"category": "custom", "label": "linked", "subcategory": "general", "url": url});
    for url in [
        "javascript:alert(document.domain)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:dpo@example.com",
        "//evil.example/x",
    ] {
        let r = s.post(&ct_path(ORG, PROJECT), ADMIN, &body(url)).await;
        assert_eq!(
            (r.status, r.json()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                err(
                    422,
                    "Unprocessable Entity",
                    "url must be an http or https URL such as https://example.com"
                )
            ),
            "{url}"
        );
    }
    let r = s
        .post(
            &ct_path(ORG, PROJECT),
            ADMIN,
            &body("https://shop.example/privacy"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

// ---- 10. admin key printed only when generated ----------------------------------

/// Runs the real binary until it prints its last start-up line; returns stdout.
fn startup_output(envs: &[(&str, &str)]) -> String {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pw-server"));
    cmd.env("PW_ADDR", "127.0.0.1:0")
        .env("PW_DEMO_ADDR", "off")
        .env("PW_DB", dir.path().join("keys.db"))
        .env("PW_DIST", dir.path())
        .env_remove("PW_ADMIN_KEY")
        .env_remove("PW_PUBLIC_KEY")
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut out = String::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        out.push_str(&line);
        out.push('\n');
        if line.starts_with("demo workspace") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    out
}

#[test]
fn the_admin_key_is_printed_only_when_the_server_generated_it() {
    let given = "operator-chosen-admin-key";
    let out = startup_output(&[("PW_ADMIN_KEY", given)]);
    assert!(out.contains("demo workspace"), "{out}");
    assert!(!out.contains(given), "{out}");
    assert!(!out.contains("admin key"), "{out}");
    let out = startup_output(&[]);
    let line = out
        .lines()
        .find(|l| l.starts_with("admin key (generated"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("pw_adm_"), "{line}");
}

// ---- 11. demo origins ----------------------------------------------------------

async fn demo_origin_allowed(s: &TestServer, origin: &str) -> bool {
    let r = s
        .send(
            Method::OPTIONS,
            DSRS,
            None,
            None,
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
            ],
        )
        .await;
    r.header("access-control-allow-origin") == Some(origin)
}

#[tokio::test]
async fn demo_origins_are_not_trusted_when_the_demo_is_off() {
    let s = start_with(|c| c.demo_addr = None).await;
    for origin in ["http://127.0.0.1:8081", "http://localhost:8081"] {
        assert!(!demo_origin_allowed(&s, origin).await, "{origin}");
    }
    // A database seeded with the demo on, restarted with it off: withdrawn, while
    // configured origins stay.
    let s = start().await;
    assert!(demo_origin_allowed(&s, "http://127.0.0.1:8081").await);
    let mut off = pw_server::config::Config::from_lookup(|_| None).unwrap();
    off.demo_addr = None;
    off.allowed_origins = vec!["https://shop.example".into()];
    pw_server::demo::seed_if_empty(&s.db, &off).await.unwrap();
    assert!(!demo_origin_allowed(&s, "http://127.0.0.1:8081").await);
    assert!(!demo_origin_allowed(&s, "http://localhost:8081").await);
    assert!(demo_origin_allowed(&s, "https://shop.example").await);
}

// ---- 13. PUT body ----------------------------------------------------------------

#[tokio::test]
async fn put_needs_an_object_that_validates_like_a_create() {
    let s = start().await;
    let v = s
        .create_dsr(
            json!({"email": "keep@example.com", "givenName": "Kept", "purposes": ["Access"]}),
        )
        .await;
    let path = format!("{DSRS}/{}", v["id"]);
    let before = s.get(&path, ADMIN).await.json();
    for (body, message) in [
        ("[]", "The request body must be a JSON object"),
        ("\"text\"", "The request body must be a JSON object"),
        ("42", "The request body must be a JSON object"),
        (
            r#"{"deep": {"unknown": {"nested": [1, 2, {"x": null}]}}}"#,
            "email is required; purposes is required",
        ),
        (
            r#"{"givenName": "Blank"}"#,
            "email is required; purposes is required",
        ),
    ] {
        let r = s
            .raw(
                Method::PUT,
                &path,
                ADMIN,
                Some("application/json"),
                body.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(
            (r.status, r.json()),
            (StatusCode::BAD_REQUEST, err(400, "Bad Request", message)),
            "{body}"
        );
        assert_eq!(s.get(&path, ADMIN).await.json(), before, "{body}");
    }
    // The same holds on create: an array is not a request.
    let r = s
        .raw(
            Method::POST,
            DSRS,
            PUBLIC,
            Some("application/json"),
            b"[]".to_vec(),
        )
        .await;
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "The request body must be a JSON object")
    );
}

// ---- 14. state on PUT ------------------------------------------------------------

#[tokio::test]
async fn state_on_put_moves_the_request_or_is_refused() {
    let s = start().await;
    let v = s.create_dsr(intake()).await;
    let path = format!("{DSRS}/{}", v["id"]);
    // The object as last read, with `changes`: what an editing client sends.
    let put = |changes: Value| {
        let (s, path) = (&s, &path);
        async move {
            let mut body = s.get(path, ADMIN).await.json();
            body.as_object_mut()
                .unwrap()
                .extend(changes.as_object().unwrap().clone());
            s.put(path, ADMIN, &body).await
        }
    };
    // The state read back unchanged is no change.
    let r = put(json!({"state": "Open"})).await;
    assert_eq!(
        (
            r.json()["state"].clone(),
            r.json()["workFlowStepId"].clone()
        ),
        (json!("Open"), json!(1))
    );
    // Another state: the first step mapped to it, as POST .../workflow would.
    let r = put(json!({"state": "Processing"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let u = r.json();
    assert_eq!(
        (
            u["state"].clone(),
            u["workFlowStepId"].clone(),
            u["workFlowStep"]["label"].clone()
        ),
        (json!("Processing"), json!(3), json!("In progress"))
    );
    assert_eq!(s.get(&path, ADMIN).await.json()["state"], "Processing");
    let u = put(json!({"state": "Closed", "workFlowStepId": 1})).await;
    assert_eq!(
        u.json(),
        err(
            400,
            "Bad Request",
            "state Closed contradicts workFlowStepId 1, whose state is Open"
        )
    );
    let u = put(json!({"state": "Closed"})).await.json();
    assert_eq!(
        (u["state"].clone(), u["workFlowStepId"].clone()),
        (json!("Closed"), json!(4))
    );
    assert!(u["dateClosed"].is_string());
    // A step id moves too (and sets the state); an unknown one is refused.
    let u = put(json!({"state": null, "workFlowStepId": 2}))
        .await
        .json();
    assert_eq!(
        (u["state"].clone(), u["dateClosed"].clone()),
        (json!("IdentityValidation"), Value::Null)
    );
    let before = s.get(&path, ADMIN).await.json();
    for (changes, message) in [
        (
            json!({"state": "Active"}),
            "state: no workflow step of this workspace is mapped to Active",
        ),
        (
            json!({"state": null, "workFlowStepId": 5}),
            "workFlowStepId: no workflow step 5 in this workspace",
        ),
        (json!({"state": "Frozen"}), "state has an unknown value"),
    ] {
        let r = put(changes.clone()).await;
        assert_eq!(
            (r.status, r.json()),
            (StatusCode::BAD_REQUEST, err(400, "Bad Request", message)),
            "{changes}"
        );
    }
    let mut after = s.get(&path, ADMIN).await.json();
    after["remainingDays"] = before["remainingDays"].clone();
    assert_eq!(after, before);
}

// ---- 16. Concord 404 ----------------------------------------------------------------

#[tokio::test]
async fn concord_answers_an_organization_the_key_may_not_use_with_404() {
    let s = start().await;
    let unknown = "33333333-3333-4333-8333-333333333333";
    let not_yours = err(404, "Not Found", "Forbidden");
    for (path, key) in [
        (ct_path(OTHER_ORG, OTHER_PROJECT), ADMIN),
        (ct_path(unknown, PROJECT), ADMIN),
        (ct_path(ORG, PROJECT), OTHER_ADMIN),
        (ct_path(ORG, PROJECT), OTHER_PUBLIC),
        (
            format!("/organizations/{unknown}/data-system-contacts"),
            ADMIN,
        ),
        (
            format!("/organizations/{OTHER_ORG}/projects/{OTHER_PROJECT}/consent-records"),
            ADMIN,
        ),
    ] {
        let r = s.get(&path, key).await;
        assert_eq!(
            (r.status, r.json()),
            (StatusCode::NOT_FOUND, not_yours.clone()),
            "{key} {path}"
        );
    }
    // A public key on an admin route of its own organization stays 403.
    let r = s.get(&records_path(), PUBLIC).await;
    assert_eq!(
        (r.status, r.json()),
        (StatusCode::FORBIDDEN, err(403, "Forbidden", "Forbidden"))
    );
}

// ---- 17 and 18. subcategory and validStates ----------------------------------------

#[tokio::test]
async fn subcategory_is_required_and_valid_states_are_any_strings() {
    let s = start().await;
    let path = ct_path(ORG, PROJECT);
    for body in [
        json!({"category": "custom", "label": "no_sub"}),
        json!({"category": "custom", "label": "no_sub", "subcategory": null}),
        json!({"category": "custom", "label": "no_sub", "subcategory": "  "}),
    ] {
        let r = s.post(&path, ADMIN, &body).await;
        assert_eq!(
            (r.status, r.json()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                err(422, "Unprocessable Entity", "subcategory is required")
            ),
            "{body}"
        );
    }
    let r = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "label": "future", "subcategory": 3,
                    "validStates": ["implied", "opted_out", "accepted"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = r.json();
    assert_eq!(v["subcategory"], 3);
    assert_eq!(
        v["validStates"],
        json!(["implied", "opted_out", "accepted"])
    );
    // The widget reads them back as they are.
    let manifest = s
        .get(
            &format!("/organizations/{ORG}/projects/{PROJECT}/consent-manifest"),
            PUBLIC,
        )
        .await
        .json();
    let future = manifest["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "future")
        .unwrap()
        .clone();
    assert_eq!(
        future["validStates"],
        json!(["implied", "opted_out", "accepted"])
    );
    // Bounded: 16 states of 1..=64 characters.
    let r = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "label": "many", "subcategory": 1,
                    "validStates": vec!["accepted"; 17]}),
        )
        .await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "validStates must have at most 16 items"
        )
    );
}
