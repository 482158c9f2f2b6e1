//! Durability (issue 4 acceptance): the REAL server binary is SIGKILLed in the
//! middle of a burst of concurrent DSR creates; after a restart on the same
//! SQLite file, every request that was answered 201 is there, with its id and
//! content. This is what "201 only after the commit is on disk" buys (db.rs:
//! group commit).
mod common;

use std::ffi::OsStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use common::{spawn_server, ServerProcess};

const ADMIN: &str = "durability-admin";
const PUBLIC: &str = "durability-public";

/// Starts `pw-server` on a free port over `db`; returns it and its base URL.
fn spawn(db: &std::path::Path) -> (ServerProcess, String) {
    let rate = OsStr::new("0");
    spawn_server(&[
        ("PW_DB", db.as_os_str()),
        ("PW_DIST", db.parent().unwrap().as_os_str()),
        ("PW_ADMIN_KEY", OsStr::new(ADMIN)),
        ("PW_PUBLIC_KEY", OsStr::new(PUBLIC)),
        ("PW_RATE_LIMIT", rate),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_201_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("durable.db");
    let (mut server, base) = tokio::task::block_in_place(|| spawn(&db));

    let acked: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut workers = Vec::new();
    for w in 0..16 {
        let (client, base, acked, stop) =
            (client.clone(), base.clone(), acked.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let title = format!("burst w{w} n{n}");
                let body =
                    json!({"title": title, "email": "burst@example.com", "purposes": ["Access"]});
                let sent = client
                    .post(format!("{base}/v1/ws/1/DataSubjectRequests"))
                    .header("x-api-key", PUBLIC)
                    .json(&body)
                    .send()
                    .await;
                // Connection errors after the kill are expected: only 201s count.
                let Ok(resp) = sent else { continue };
                if resp.status() != StatusCode::CREATED {
                    continue;
                }
                let Ok(v) = resp.json::<Value>().await else {
                    continue;
                };
                acked
                    .lock()
                    .unwrap()
                    .push((v["id"].as_i64().unwrap(), title));
            }
        }));
    }
    // Let the burst run until a good number of creates were acknowledged, then SIGKILL.
    for _ in 0..200 {
        if acked.lock().unwrap().len() >= 150 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    server.0.kill().unwrap(); // SIGKILL on unix: no shutdown code runs.
    server.0.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 20,
        "burst too small to mean anything: {}",
        acked.len()
    );

    let (_server, base) = tokio::task::block_in_place(|| spawn(&db));
    let mut missing = Vec::new();
    for chunk in acked.chunks(100) {
        let ids: String = chunk.iter().map(|(id, _)| format!("&ids={id}")).collect();
        let page: Value = client
            .get(format!("{base}/v1/ws/1/DataSubjectRequests?size=500{ids}"))
            .header("x-api-key", ADMIN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for (id, title) in chunk {
            let found = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["id"] == *id && d["title"] == title.as_str());
            if !found {
                missing.push(*id);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} acknowledged creates lost after SIGKILL: {missing:?}",
        missing.len()
    );
    eprintln!(
        "durability: {} acknowledged creates all present after SIGKILL",
        acked.len()
    );
}
