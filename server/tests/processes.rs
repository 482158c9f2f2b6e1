//! Two server processes on one database (what PostgreSQL is for): an
//! idempotent retry that lands on the other process replays the first answer;
//! on PostgreSQL also a key revoked through one process is refused by the
//! other, and a public client alternating between the processes gets one rate
//! budget, not two. The suite runs on SQLite too, where one process is the
//! product: keys are cached and buckets kept in its memory (auth.rs,
//! rate_limit.rs), so those two parts check PostgreSQL only.
mod common;

use std::ffi::OsStr;

use pw_model::dsr::IDEMPOTENCY_KEY_HEADER;
use reqwest::StatusCode;
use serde_json::{json, Value};

use common::{spawn_server, ServerProcess};

const ADMIN: &str = "processes-admin";
const PUBLIC: &str = "processes-public";
const DSRS: &str = "/v1/ws/1/DataSubjectRequests";
/// Public requests per minute per client, for every process together.
const BUDGET: usize = 12;

/// Starts `pw-server` on a free port over `db`; returns it and its base URL.
fn spawn(db: &std::path::Path, dir: &std::path::Path) -> (ServerProcess, String) {
    let budget = BUDGET.to_string();
    spawn_server(&[
        ("PW_DB", db.as_os_str()),
        ("PW_DIST", dir.as_os_str()),
        ("PW_OUTBOX", dir.join("outbox").as_os_str()),
        ("PW_FILES", dir.join("files").as_os_str()),
        ("PW_ADMIN_KEY", OsStr::new(ADMIN)),
        ("PW_PUBLIC_KEY", OsStr::new(PUBLIC)),
        ("PW_RATE_LIMIT", OsStr::new(&budget)),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_idempotency_revocation_and_rate_budget() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(&dir).await;
    let postgres = db.to_string_lossy().starts_with("postgres");
    let (_a, a) = tokio::task::block_in_place(|| spawn(&db, dir.path()));
    let (_b, b) = tokio::task::block_in_place(|| spawn(&db, dir.path()));
    let client = reqwest::Client::new();
    let post = |base: &str, key: &str, idem: Option<&str>, title: &str| {
        let mut req = client
            .post(format!("{base}{DSRS}"))
            .header("x-api-key", key)
            .json(&json!({"title": title, "email": "two@example.com", "purposes": ["Access"]}));
        if let Some(k) = idem {
            req = req.header(IDEMPOTENCY_KEY_HEADER, k);
        }
        req.send()
    };

    // The retry of a create goes to the other process: same request, not a second one.
    let first = post(&a, ADMIN, Some("retry-across-processes"), "once")
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = post(&b, ADMIN, Some("retry-across-processes"), "once")
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    let listed: Value = client
        .get(format!("{b}{DSRS}?q=once"))
        .header("x-api-key", ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], json!(1), "{listed}");

    // A key created and revoked through A is refused by B, which used it before
    // (PostgreSQL; on SQLite, one process is the product and caches keys).
    let made: Value = client
        .post(format!("{a}/v1/ws/1/keys"))
        .header("x-api-key", ADMIN)
        .json(&json!({"scope": "admin", "name": "temporary"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let temp = made["secret"].as_str().expect("new key").to_owned();
    let list = |base: String, key: String| {
        let client = client.clone();
        async move {
            client
                .get(format!("{base}{DSRS}"))
                .header("x-api-key", key)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(list(b.clone(), temp.clone()).await, StatusCode::OK);
    let revoked = client
        .delete(format!("{a}/v1/ws/1/keys/{}", made["id"]))
        .header("x-api-key", ADMIN)
        .send()
        .await
        .unwrap();
    assert!(revoked.status().is_success(), "{}", revoked.status());
    if postgres {
        assert_eq!(list(b.clone(), temp).await, StatusCode::UNAUTHORIZED);
    }

    // One public client, alternating processes: at most one budget in all.
    if postgres {
        let mut created = 0;
        for i in 0..BUDGET * 2 {
            let base = if i % 2 == 0 { &a } else { &b };
            let r = post(base, PUBLIC, None, &format!("rate {i}"))
                .await
                .unwrap();
            match r.status() {
                StatusCode::CREATED => created += 1,
                StatusCode::TOO_MANY_REQUESTS => {}
                other => panic!("unexpected {other}"),
            }
        }
        // The refill during the loop (BUDGET per minute) may add one.
        assert!(
            (BUDGET..=BUDGET + 1).contains(&created),
            "{created} creates for a budget of {BUDGET}"
        );
    }
}
