//! Two server processes on one database (what PostgreSQL is for): an
//! idempotent retry that lands on the other process replays the first answer;
//! on PostgreSQL also a key revoked through one process is refused by the
//! other, and a public client alternating between the processes gets one rate
//! budget, not two. The suite runs on SQLite too, where one process is the
//! product: keys are cached and buckets kept in its memory (auth.rs,
//! rate_limit.rs), so those two parts check PostgreSQL only.
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use pw_model::dsr::IDEMPOTENCY_KEY_HEADER;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ADMIN: &str = "processes-admin";
const PUBLIC: &str = "processes-public";
const DSRS: &str = "/v1/ws/1/DataSubjectRequests";
/// Public requests per minute per client, for every process together.
const BUDGET: usize = 12;

/// Kills the child on drop, so a failing assertion leaves no server behind.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `pw-server` on a free port over `db`; returns it and its base URL.
fn spawn(db: &std::path::Path, dir: &std::path::Path) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pw-server"))
        .env("PW_ADDR", "127.0.0.1:0")
        .env("PW_DEMO_ADDR", "off")
        .env("PW_DB", db)
        .env("PW_DIST", dir)
        .env("PW_OUTBOX", dir.join("outbox"))
        .env("PW_FILES", dir.join("files"))
        .env("PW_ADMIN_KEY", ADMIN)
        .env("PW_PUBLIC_KEY", PUBLIC)
        .env("PW_RATE_LIMIT", BUDGET.to_string())
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pw-server");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("server exited before listening")
            .unwrap();
        if let Some(addr) = line.strip_prefix("listening on ") {
            break addr.trim().to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (server, base)
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
