//! Flood (issue 14 acceptance), bounded and on loopback: public requests at the
//! largest size the bounds allow (DSR creates with every intake field at its
//! maximum, consent records with one decision per type) from four client
//! addresses (127.0.0.1..=4) while one admin creates DSRs one after another.
//! Prints the admin writes' p50 / p99 / max and the public answers by status;
//! fails on any 5xx. The rate limit is OFF, so every public request reaches the
//! writer (the worst case; with `PW_RATE_LIMIT` most would be 429s).
//!
//! Ignored by default (it loads the machine for several seconds); run with
//! `cargo test --release -p pw-server --test flood -- --ignored --nocapture`
//! (`PW_FLOOD_SECS`, default 5; `PW_FLOOD_CLIENTS` per address, default 4).
mod common;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DSRS: &str = "/v1/ws/1/DataSubjectRequests";

/// A public DSR with every intake field at its bound.
fn largest_dsr(n: usize) -> Value {
    let s = |c: char, len: usize| c.to_string().repeat(len);
    json!({
        "email": format!("{}{n:08}@example.com", s('e', 254 - 12 - 8)),
        "givenName": s('g', 256), "familyName": s('f', 256), "title": s('t', 256),
        "phoneNumber": "+33 1 23 45 67 89", "address": s('a', 256), "zipCode": s('z', 256),
        "city": s('c', 256), "countryCode": "FR", "message": s('m', 10_000),
        "additionalDatas": s('d', 10_000), "userId": s('u', 256), "locale": s('l', 35),
        "referrerUrl": format!("https://shop.example/{}", s('p', 2048 - 21)),
        "purposes": ["Unknown", "Information", "Access", "Rectification", "Erasure",
                     "Restriction", "Opposition", "Portability", "AdvanceDirectives",
                     "AutomatedDecision"],
        "channel": "Widget", "widgetId": 1
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "load test: run with --ignored --nocapture, preferably --release"]
async fn admin_writes_stay_fast_while_public_clients_flood() {
    let secs: u64 = std::env::var("PW_FLOOD_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let per_address: usize = std::env::var("PW_FLOOD_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let s = start().await;
    let types: Vec<String> = s
        .get(&ct_path(ORG, PROJECT), PUBLIC)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let records = format!("/organizations/{ORG}/projects/{PROJECT}/consent-records");
    let record = json!({
        "subjectId": "5ea4d187-63a3-4cc6-988a-cac0b400805a",
        "decisions": types.iter().map(|id| json!({"consentTypeId": id, "version": 1, "state": "accepted"})).collect::<Vec<_>>(),
        "source": "banner", "userAgent": "u".repeat(512)
    });
    println!(
        "largest public bodies: DSR {} bytes, consent record {} bytes",
        largest_dsr(0).to_string().len(),
        record.to_string().len()
    );

    let stop = Arc::new(AtomicBool::new(false));
    let statuses: Arc<Mutex<BTreeMap<u16, usize>>> = Arc::default();
    let mut flooders = Vec::new();
    for a in 1..=4_u8 {
        let client = reqwest::Client::builder()
            .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, a)))
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        for c in 0..per_address {
            let (client, base, stop, statuses, record, records) = (
                client.clone(),
                s.base.clone(),
                stop.clone(),
                statuses.clone(),
                record.clone(),
                records.clone(),
            );
            flooders.push(tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let (path, body) = if n % 2 == 0 {
                        (
                            DSRS.to_owned(),
                            largest_dsr(usize::from(a) * 1_000_000 + c * 10_000 + n),
                        )
                    } else {
                        (records.clone(), record.clone())
                    };
                    let status = match client
                        .post(format!("{base}{path}"))
                        .header("x-api-key", PUBLIC)
                        .json(&body)
                        .send()
                        .await
                    {
                        Ok(r) => r.status().as_u16(),
                        Err(_) => 0,
                    };
                    *statuses.lock().unwrap().entry(status).or_default() += 1;
                }
            }));
        }
    }

    // The admin writes one request after another and times each.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut latencies = Vec::new();
    let mut admin_statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut i = 0;
    while Instant::now() < deadline {
        i += 1;
        let body = json!({"email": format!("admin{i}@example.com"), "purposes": ["Access"], "title": "from the team"});
        let started = Instant::now();
        let r = s.post(DSRS, ADMIN, &body).await;
        latencies.push(started.elapsed());
        *admin_statuses.entry(r.status.as_u16()).or_default() += 1;
    }
    stop.store(true, Ordering::Relaxed);
    for f in flooders {
        f.await.unwrap();
    }

    latencies.sort();
    let public = statuses.lock().unwrap().clone();
    println!(
        "admin writes: {} in {secs} s, p50 {:?}, p99 {:?}, max {:?}; statuses {admin_statuses:?}",
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().unwrap()
    );
    println!(
        "public requests from 4 addresses x {per_address} clients: {} ; by status {public:?}",
        public.values().sum::<usize>()
    );
    assert_eq!(
        admin_statuses.keys().copied().collect::<Vec<_>>(),
        vec![StatusCode::CREATED.as_u16()]
    );
    assert!(
        public.keys().all(|s| (200..500).contains(s)),
        "a 5xx or a failed connection: {public:?}"
    );
}
