//! Issue 15, items 2 and 3, over real HTTP: proof of consent (each record's
//! GPC / region / policy, the hash of the text decided on, its place in the
//! project's hash chain), the chain's verification after the SQLite file is
//! changed behind the server's back, the export's formats and filters, and the
//! consent statistics.
mod common;

use common::*;
use pw_model::consent_record::ConsentRecord;
use pw_server::consent_chain::{self, Link};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn records_path() -> String {
    format!("/organizations/{ORG}/projects/{PROJECT}/consent-records")
}

fn stats_path() -> String {
    format!("/organizations/{ORG}/projects/{PROJECT}/consent-stats")
}

/// The demo project's consent types, in the list's order.
async fn types(s: &TestServer) -> Vec<Value> {
    let r = s.get(&ct_path(ORG, PROJECT), ADMIN).await;
    r.json().as_array().unwrap().clone()
}

fn id_of(types: &[Value], label: &str) -> String {
    types.iter().find(|t| t["label"] == label).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Posts one answer of `subject` (`decisions`: (type id, state)) plus `extra`
/// body fields; returns the stored records.
async fn answer(
    s: &TestServer,
    subject: &str,
    decisions: &[(&str, &str)],
    extra: Value,
) -> Vec<Value> {
    let mut body = json!({
        "subjectId": subject,
        "decisions": decisions.iter()
            .map(|(id, state)| json!({"consentTypeId": id, "version": 1, "state": state}))
            .collect::<Vec<_>>(),
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = s.post(&records_path(), PUBLIC, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json().as_array().unwrap().clone()
}

fn subject(n: u32) -> String {
    format!("0b7e7b1c-4a57-4f1e-9a3c-{n:012}")
}

/// The hash a record should have after `prev`.
fn expected_hash(record: &Value, prev: Option<&str>) -> String {
    let r: ConsentRecord = serde_json::from_value(record.clone()).unwrap();
    Link::of(&r).hash(prev)
}

/// RFC 4180 reader: rows of cells (quoted cells may hold `,`, `"` and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                _ => cell.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut cell)),
                '\r' if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                _ => cell.push(c),
            }
        }
    }
    assert!(cell.is_empty() && row.is_empty(), "CSV ends with CRLF");
    rows
}

async fn verify(s: &TestServer) -> Value {
    let r = s.get(&format!("{}/verify", records_path()), ADMIN).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
}

#[tokio::test]
async fn records_carry_gpc_region_policy_text_hash_and_chain() {
    let s = start().await;
    let t = types(&s).await;
    let (analytics, newsletter) = (id_of(&t, "analytics"), id_of(&t, "newsletter"));
    let first = answer(
        &s,
        &subject(1),
        &[(&analytics, "accepted"), (&newsletter, "declined")],
        json!({"source": "opt-out", "gpc": true, "region": "us-ca", "policy": "opt-out",
               "userAgent": "Mozilla/5.0 (test)"}),
    )
    .await;
    let analytics_type = t.iter().find(|x| x["label"] == "analytics").unwrap();
    let text = |ty: &Value| {
        consent_chain::text_hash(
            ty["name"].as_str(),
            ty["description"].as_str(),
            ty["document"].as_str(),
            ty["url"].as_str(),
        )
    };
    assert_eq!(first[0]["textHash"], json!(text(analytics_type)));
    for (i, r) in first.iter().enumerate() {
        assert_eq!(r["seq"], json!(i + 1));
        assert_eq!(r["gpc"], json!(true));
        assert_eq!(r["region"], json!("US-CA"), "stored upper case");
        assert_eq!(r["policy"], json!("opt-out"));
        assert_eq!(r["source"], json!("opt-out"));
        assert_eq!(r["textHash"].as_str().unwrap().len(), 64);
    }
    assert_eq!(first[0]["hash"], json!(expected_hash(&first[0], None)));
    assert_eq!(
        first[1]["hash"],
        json!(expected_hash(&first[1], first[0]["hash"].as_str()))
    );

    // No source: `api`; gpc/region/policy absent stay absent.
    let second = answer(&s, &subject(2), &[(&analytics, "declined")], json!({})).await;
    let r = &second[0];
    assert_eq!(r["source"], json!("api"));
    assert_eq!(r["seq"], json!(3));
    assert!(r.get("gpc").is_none() && r.get("region").is_none() && r.get("policy").is_none());
    assert_eq!(
        r["hash"],
        json!(expected_hash(r, first[1]["hash"].as_str()))
    );

    // A new text is a new version with its own hash; a record on the old
    // version keeps the old text's hash.
    let one = format!("{}/{analytics}", ct_path(ORG, PROJECT));
    let mut body = json!({});
    for k in [
        "category",
        "subcategory",
        "label",
        "name",
        "description",
        "url",
        "validStates",
        "consentDuration",
        "status",
        "required",
    ] {
        body[k] = analytics_type[k].clone();
    }
    body["document"] = json!("A new document.");
    let updated = s.put(&one, ADMIN, &body).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    let updated = updated.json();
    assert_eq!(updated["version"], json!(2));
    let body = json!({"subjectId": subject(3), "decisions": [
        {"consentTypeId": analytics, "version": 2, "state": "accepted"}]});
    let v2 = s.post(&records_path(), PUBLIC, &body).await.json();
    assert_eq!(v2[0]["textHash"], json!(text(&updated)));
    assert_ne!(v2[0]["textHash"], first[0]["textHash"]);
    let body = json!({"subjectId": subject(3), "decisions": [
        {"consentTypeId": analytics, "version": 1, "state": "accepted"}]});
    let v1 = s.post(&records_path(), PUBLIC, &body).await.json();
    assert_eq!(v1[0]["textHash"], first[0]["textHash"]);
    // A version the server never saw the text of: no text hash.
    s.exec(&format!(
        "DELETE FROM consent_type_texts WHERE consent_type_id = '{analytics}' AND version = 1"
    ))
    .await;
    let v1 = s.post(&records_path(), PUBLIC, &body).await.json();
    assert!(v1[0].get("textHash").is_none(), "{v1}");

    // The list shows what the POST answered; the chain is intact.
    let list = s
        .get(
            &format!("{}?subjectId={}", records_path(), subject(1)),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(list, json!(first));
    let report = verify(&s).await;
    assert_eq!(report["valid"], json!(true));
    assert_eq!(report["checked"], json!(6));
    assert_eq!(report["head"], v1[0]["hash"]);
    assert!(report.get("firstBroken").is_none());
}

#[tokio::test]
async fn a_refusal_is_recorded_and_exported_as_csv_and_json() {
    let s = start().await;
    let t = types(&s).await;
    let marketing = id_of(&t, "marketing");
    let stored = answer(
        &s,
        &subject(1),
        &[(&marketing, "declined")],
        json!({"source": "banner", "userAgent": "Mozilla/5.0 (X11; Linux) \"quoted\", comma"}),
    )
    .await;
    assert_eq!(stored[0]["state"], json!("declined"));

    let csv = s
        .get(&format!("{}/export?format=csv", records_path()), ADMIN)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"consent-records.csv\"")
    );
    let rows = parse_csv(&csv.text);
    assert_eq!(
        rows[0],
        [
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
            "dateCreated"
        ]
    );
    assert_eq!(rows.len(), 2);
    let cell = |name: &str| {
        let i = rows[0].iter().position(|c| c == name).unwrap();
        rows[1][i].clone()
    };
    let r = &stored[0];
    for name in [
        "id",
        "subjectId",
        "consentTypeId",
        "state",
        "source",
        "userAgent",
        "textHash",
        "hash",
        "dateCreated",
    ] {
        assert_eq!(cell(name), r[name].as_str().unwrap(), "{name}");
    }
    assert_eq!(cell("state"), "declined");
    assert_eq!(cell("version"), "1");
    assert_eq!(cell("seq"), "1");
    assert_eq!(cell("gpc"), "");

    let j = s
        .get(&format!("{}/export?format=json", records_path()), ADMIN)
        .await;
    assert_eq!(j.status, StatusCode::OK);
    assert_eq!(j.header("content-type"), Some("application/json"));
    assert_eq!(
        j.header("content-disposition"),
        Some("attachment; filename=\"consent-records.json\"")
    );
    assert_eq!(j.json(), json!(stored));

    // NDJSON stays the default, and says so.
    let n = s.get(&format!("{}/export", records_path()), ADMIN).await;
    assert_eq!(n.header("content-type"), Some("application/x-ndjson"));
    assert_eq!(
        n.header("content-disposition"),
        Some("attachment; filename=\"consent-records.ndjson\"")
    );
    let lines: Vec<Value> = n
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(json!(lines), json!(stored));
    let n = s
        .get(&format!("{}/export?format=ndjson", records_path()), ADMIN)
        .await;
    assert_eq!(n.text.lines().count(), 1);

    // Empty exports are well formed.
    let none = format!("subjectId={}", subject(9));
    let j = s
        .get(
            &format!("{}/export?format=json&{none}", records_path()),
            ADMIN,
        )
        .await;
    assert_eq!(j.json(), json!([]));
    let c = s
        .get(
            &format!("{}/export?format=csv&{none}", records_path()),
            ADMIN,
        )
        .await;
    assert_eq!(parse_csv(&c.text).len(), 1, "header only");

    let r = s
        .get(&format!("{}/export?format=xml", records_path()), ADMIN)
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::BAD_REQUEST,
            err(
                400,
                "Bad Request",
                "format must be one of: ndjson, csv, json"
            )
        )
    );
}

#[tokio::test]
async fn csv_neutralises_spreadsheet_formulas() {
    let s = start().await;
    let t = types(&s).await;
    let analytics = id_of(&t, "analytics");
    let agents = [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\tcmd",
        "\r=1",
        "Mozilla/5.0 = fine inside",
    ];
    for (i, ua) in agents.iter().enumerate() {
        let n = u32::try_from(i).unwrap();
        answer(
            &s,
            &subject(n),
            &[(&analytics, "accepted")],
            json!({"userAgent": ua}),
        )
        .await;
    }
    let csv = s
        .get(&format!("{}/export?format=csv", records_path()), ADMIN)
        .await;
    let rows = parse_csv(&csv.text);
    let col = rows[0].iter().position(|c| c == "userAgent").unwrap();
    let got: Vec<&str> = rows[1..].iter().map(|r| r[col].as_str()).collect();
    let want: Vec<String> = agents
        .iter()
        .map(|ua| {
            if ua.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{ua}")
            } else {
                (*ua).to_owned()
            }
        })
        .collect();
    assert_eq!(got, want);
    // Every row has every column, whatever the cell held.
    assert!(rows.iter().all(|r| r.len() == 16));
    // The raw text never starts a cell with a formula character.
    assert!(!csv.text.contains(",=") && !csv.text.contains(",\"=") && !csv.text.contains(",@"));
}

#[tokio::test]
async fn export_and_list_filter_by_period_type_and_subject() {
    let s = start().await;
    let t = types(&s).await;
    let (analytics, marketing) = (id_of(&t, "analytics"), id_of(&t, "marketing"));
    let both = [
        (analytics.as_str(), "accepted"),
        (marketing.as_str(), "declined"),
    ];
    for (n, day) in [
        (1, "2023-12-31T23:59:59.999Z"),
        (2, "2024-01-01T00:00:00.000Z"),
        (3, "2024-01-31T23:59:59.999Z"),
        (4, "2024-02-01T00:00:00.000Z"),
    ] {
        answer(&s, &subject(n), &both, json!({})).await;
        s.exec(&format!(
            "UPDATE consent_records SET date_created = '{day}' WHERE subject_id = '{}'",
            subject(n)
        ))
        .await;
    }
    let subjects = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["subjectId"].as_str().unwrap().to_owned())
            .collect()
    };
    let january = "from=2024-01-01&to=2024-01-31";
    let j = s
        .get(
            &format!("{}/export?format=json&{january}", records_path()),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(
        subjects(&j),
        [subject(2), subject(2), subject(3), subject(3)]
    );
    let l = s.get(&format!("{}?{january}", records_path()), ADMIN).await;
    assert_eq!(l.json(), j);
    assert_eq!(l.header("x-total-count"), Some("4"));

    let q = format!(
        "{january}&consentTypeId={marketing}&subjectId={}",
        subject(3)
    );
    let j = s
        .get(&format!("{}/export?format=json&{q}", records_path()), ADMIN)
        .await
        .json();
    assert_eq!(j.as_array().unwrap().len(), 1);
    assert_eq!(j[0]["consentTypeId"], json!(marketing));
    assert_eq!(j[0]["state"], json!("declined"));
    let l = s.get(&format!("{}?{q}", records_path()), ADMIN).await;
    assert_eq!(l.json(), j);

    // Open-ended periods.
    let from = s
        .get(
            &format!("{}/export?format=json&from=2024-02-01", records_path()),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(subjects(&from), [subject(4), subject(4)]);
    let to = s
        .get(&format!("{}/export?to=2023-12-31", records_path()), ADMIN)
        .await;
    assert_eq!(to.text.lines().count(), 2);
    let same_day = s
        .get(
            &format!("{}?from=2024-01-01&to=2024-01-01", records_path()),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(subjects(&same_day), [subject(2), subject(2)]);

    for (query, message) in [
        ("from=2024-02-01&to=2024-01-31", "from must not be after to"),
        ("from=2024-1-1", "from must be a date (YYYY-MM-DD)"),
        ("to=2024-02-30", "to must be a date (YYYY-MM-DD)"),
        (
            "from=2024-01-01T00:00:00Z",
            "from must be a date (YYYY-MM-DD)",
        ),
        ("to=", "to must be a date (YYYY-MM-DD)"),
    ] {
        for path in [records_path(), format!("{}/export", records_path())] {
            let r = s.get(&format!("{path}?{query}"), ADMIN).await;
            assert_eq!(
                (r.status, r.json()),
                (StatusCode::BAD_REQUEST, err(400, "Bad Request", message)),
                "{path}?{query}"
            );
        }
    }
}

#[tokio::test]
async fn verify_names_a_changed_record() {
    let s = start().await;
    let t = types(&s).await;
    let (analytics, marketing) = (id_of(&t, "analytics"), id_of(&t, "marketing"));
    let mut all = Vec::new();
    for n in 0..3 {
        all.extend(
            answer(
                &s,
                &subject(n),
                &[(&analytics, "accepted"), (&marketing, "declined")],
                json!({"source": "banner"}),
            )
            .await,
        );
    }
    let report = verify(&s).await;
    assert_eq!(
        report,
        json!({"valid": true, "checked": 6, "head": all[5]["hash"]})
    );

    // A refusal turned into an acceptance in the file itself.
    s.exec(&format!(
        "UPDATE consent_records SET state = 'accepted' WHERE project_id = '{PROJECT}' AND seq = 2"
    ))
    .await;
    let report = verify(&s).await;
    assert_eq!(
        report,
        json!({"valid": false, "checked": 6, "head": all[5]["hash"], "firstBroken": {
            "id": all[1]["id"], "seq": 2, "dateCreated": all[1]["dateCreated"]}})
    );
    // Put back, the chain holds again; a changed date breaks it too.
    s.exec(&format!(
        "UPDATE consent_records SET state = 'declined' WHERE project_id = '{PROJECT}' AND seq = 2"
    ))
    .await;
    assert_eq!(verify(&s).await["valid"], json!(true));
    s.exec(&format!(
        "UPDATE consent_records SET date_created = '2020-01-01T00:00:00.000Z'
         WHERE project_id = '{PROJECT}' AND seq = 5"
    ))
    .await;
    let report = verify(&s).await;
    assert_eq!(report["firstBroken"]["seq"], json!(5));
    assert_eq!(report["firstBroken"]["id"], all[4]["id"]);
    // A value that no longer reads as a record is a break, not a 5xx (only
    // SQLite lets a file edit put text in an integer column).
    if s.is_sqlite() {
        s.exec(&format!(
            "UPDATE consent_records SET version = 'one' WHERE project_id = '{PROJECT}' AND seq = 3"
        ))
        .await;
        let report = verify(&s).await;
        assert_eq!(report["firstBroken"]["seq"], json!(3));
        assert_eq!(report["firstBroken"]["id"], all[2]["id"]);
        assert_eq!(report["checked"], json!(6));
    }

    // Admin key of the organization only.
    let path = format!("{}/verify", records_path());
    assert_eq!(s.get(&path, PUBLIC).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        s.get(&path, OTHER_ADMIN).await.json(),
        err(404, "Not Found", "Forbidden")
    );
    // Another project's chain is its own (and empty).
    let other = s
        .get(
            &format!("/organizations/{OTHER_ORG}/projects/{OTHER_PROJECT}/consent-records/verify"),
            OTHER_ADMIN,
        )
        .await;
    assert_eq!(other.json(), json!({"valid": true, "checked": 0}));
}

#[tokio::test]
async fn verify_names_the_record_after_a_deleted_one() {
    let s = start().await;
    let t = types(&s).await;
    let analytics = id_of(&t, "analytics");
    let mut all = Vec::new();
    for n in 0..5 {
        all.extend(answer(&s, &subject(n), &[(&analytics, "declined")], json!({})).await);
    }
    s.exec(&format!(
        "DELETE FROM consent_records WHERE project_id = '{PROJECT}' AND seq = 3"
    ))
    .await;
    let report = verify(&s).await;
    assert_eq!(
        report,
        json!({"valid": false, "checked": 4, "head": all[4]["hash"], "firstBroken": {
            "id": all[3]["id"], "seq": 4, "dateCreated": all[3]["dateCreated"]}})
    );

    // A cut tail leaves a valid chain with another head: what the head is for.
    let s = start().await;
    let mut all = Vec::new();
    for n in 0..3 {
        all.extend(
            answer(
                &s,
                &subject(n),
                &[(&analytics_of(&s).await, "declined")],
                json!({}),
            )
            .await,
        );
    }
    s.exec(&format!(
        "DELETE FROM consent_records WHERE project_id = '{PROJECT}' AND seq = 3"
    ))
    .await;
    let report = verify(&s).await;
    assert_eq!(report["valid"], json!(true));
    assert_eq!(report["head"], all[1]["hash"]);
    assert_ne!(report["head"], all[2]["hash"]);

    // A row slipped into the file outside the chain.
    s.exec(&format!(
        "INSERT INTO consent_records (id, project_id, subject_id, consent_type_id, version,
             state, date_created)
         SELECT 'e0e0e0e0-0000-4000-8000-000000000000', project_id, subject_id,
                consent_type_id, version, 'accepted', '2024-01-01T00:00:00.000Z'
         FROM consent_records WHERE project_id = '{PROJECT}' AND seq = 1"
    ))
    .await;
    let report = verify(&s).await;
    assert_eq!(
        report["firstBroken"],
        json!({"id": "e0e0e0e0-0000-4000-8000-000000000000", "seq": 0,
               "dateCreated": "2024-01-01T00:00:00.000Z"})
    );
    assert_eq!(report["valid"], json!(false));
}

async fn analytics_of(s: &TestServer) -> String {
    id_of(&types(s).await, "analytics")
}

#[tokio::test]
async fn records_stored_before_the_chain_are_chained_at_start() {
    let s = start().await;
    let t = types(&s).await;
    let analytics = id_of(&t, "analytics");
    let chained = answer(&s, &subject(1), &[(&analytics, "accepted")], json!({})).await;
    // Rows as a server before migration 0010 wrote them: no seq, hash, text hash.
    for (n, id) in [
        (2, "a0000000-0000-4000-8000-000000000001"),
        (3, "a0000000-0000-4000-8000-000000000002"),
    ] {
        s.exec(&format!(
            "INSERT INTO consent_records (id, project_id, subject_id, consent_type_id, version,
                 state, source, user_agent, date_created)
             VALUES ('{id}', '{PROJECT}', '{}', '{analytics}', 1, 'declined', 'banner', 'UA',
                 '2023-05-0{n}T10:00:00.000Z')",
            subject(n)
        ))
        .await;
    }
    assert_eq!(
        verify(&s).await["valid"],
        json!(false),
        "unchained rows show"
    );
    consent_chain::backfill(&s.db.write).await.unwrap();
    // Idempotent.
    consent_chain::backfill(&s.db.write).await.unwrap();
    let list = s.get(&records_path(), ADMIN).await.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0], chained[0]);
    for (i, r) in list.iter().enumerate().skip(1) {
        assert_eq!(r["seq"], json!(i + 1));
        assert_eq!(r["textHash"], chained[0]["textHash"], "text of version 1");
        assert_eq!(
            r["hash"],
            json!(expected_hash(r, list[i - 1]["hash"].as_str()))
        );
    }
    let report = verify(&s).await;
    assert_eq!(report["valid"], json!(true));
    assert_eq!(report["checked"], json!(3));
    // New records continue the chain.
    let next = answer(&s, &subject(4), &[(&analytics, "accepted")], json!({})).await;
    assert_eq!(next[0]["seq"], json!(4));
    assert_eq!(
        next[0]["hash"],
        json!(expected_hash(&next[0], list[2]["hash"].as_str()))
    );
    // The texts of types at their current version are recorded at start too.
    s.exec(&format!(
        "DELETE FROM consent_type_texts WHERE consent_type_id = '{analytics}'"
    ))
    .await;
    consent_chain::backfill(&s.db.write).await.unwrap();
    assert_eq!(
        s.count(&format!(
            "SELECT COUNT(*) FROM consent_type_texts WHERE consent_type_id = '{analytics}' AND version = 1"
        ))
        .await,
        1
    );
}

/// (subject number, decisions (type id, state), source, stored timestamp).
type Answer = (u32, Vec<(String, &'static str)>, &'static str, &'static str);

#[tokio::test]
async fn stats_count_days_and_answers() {
    let s = start().await;
    let t = types(&s).await;
    let ids: Vec<String> = t
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect();
    let id = |label: &str| id_of(&t, label);
    let all = |state: &'static str| -> Vec<(String, &'static str)> {
        ids.iter().map(|i| (i.clone(), state)).collect()
    };
    let only_required_accepted: Vec<(String, &str)> = t
        .iter()
        .map(|x| {
            let state = if x["required"] == json!(true) {
                "accepted"
            } else {
                "declined"
            };
            (x["id"].as_str().unwrap().to_owned(), state)
        })
        .collect();
    let mixed = vec![(id("analytics"), "accepted"), (id("marketing"), "declined")];
    // (subject, decisions, source, day)
    let answers: Vec<Answer> = vec![
        (1, all("accepted"), "banner", "2024-01-02T10:00:00.000Z"),
        (2, all("declined"), "banner", "2024-01-02T11:00:00.000Z"),
        (
            3,
            only_required_accepted,
            "banner",
            "2024-01-04T00:00:00.000Z",
        ),
        (4, mixed.clone(), "panel", "2024-01-04T12:00:00.000Z"),
        (
            5,
            vec![(id("analytics"), "accepted")],
            "placeholder",
            "2024-01-04T13:00:00.000Z",
        ),
        (6, mixed, "banner", "2024-01-04T23:59:59.999Z"),
        (7, all("accepted"), "banner", "2024-01-06T00:00:00.000Z"),
        (8, all("declined"), "banner", "2023-12-31T23:59:59.999Z"),
    ];
    for (n, decisions, source, day) in &answers {
        let d: Vec<(&str, &str)> = decisions.iter().map(|(i, st)| (i.as_str(), *st)).collect();
        answer(&s, &subject(*n), &d, json!({"source": source})).await;
        s.exec(&format!(
            "UPDATE consent_records SET date_created = '{day}' WHERE subject_id = '{}'",
            subject(*n)
        ))
        .await;
    }
    let r = s
        .get(
            &format!("{}?from=2024-01-01&to=2024-01-05", stats_path()),
            ADMIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(
        (v["from"].clone(), v["to"].clone()),
        (json!("2024-01-01"), json!("2024-01-05"))
    );
    assert_eq!(
        v["banner"],
        json!({"acceptAll": 1, "rejectAll": 2, "customised": 1})
    );
    let stats = v["types"].as_array().unwrap();
    let order: Vec<&str> = stats
        .iter()
        .map(|x| x["consentTypeId"].as_str().unwrap())
        .collect();
    assert_eq!(order, ids, "the consent-types list's order");
    let labels: Vec<&str> = stats.iter().map(|x| x["label"].as_str().unwrap()).collect();
    let list_labels: Vec<&str> = t.iter().map(|x| x["label"].as_str().unwrap()).collect();
    assert_eq!(labels, list_labels);
    let days = |label: &str| -> Vec<(String, u64, u64)> {
        stats.iter().find(|x| x["label"] == label).unwrap()["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["date"].as_str().unwrap().to_owned(),
                    d["accepted"].as_u64().unwrap(),
                    d["declined"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let expect = |counts: [(u64, u64); 5]| -> Vec<(String, u64, u64)> {
        counts
            .iter()
            .enumerate()
            .map(|(i, (a, d))| (format!("2024-01-0{}", i + 1), *a, *d))
            .collect()
    };
    assert_eq!(
        days("analytics"),
        expect([(0, 0), (1, 1), (0, 0), (3, 1), (0, 0)])
    );
    assert_eq!(
        days("marketing"),
        expect([(0, 0), (1, 1), (0, 0), (0, 3), (0, 0)])
    );
    assert_eq!(
        days("privacy_policy"),
        expect([(0, 0), (1, 1), (0, 0), (1, 0), (0, 0)])
    );
    assert_eq!(
        days("newsletter"),
        expect([(0, 0), (1, 1), (0, 0), (0, 1), (0, 0)])
    );
    // No personal data in the answer.
    for n in 1..=8 {
        assert!(!r.text.contains(&subject(n)));
    }

    // One day; a leap-year February has 29 entries.
    let one = s
        .get(
            &format!("{}?from=2024-01-04&to=2024-01-04", stats_path()),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(
        one["banner"],
        json!({"acceptAll": 0, "rejectAll": 1, "customised": 1})
    );
    let feb = s
        .get(
            &format!("{}?from=2024-02-01&to=2024-02-29", stats_path()),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(feb["types"][0]["days"].as_array().unwrap().len(), 29);
    assert_eq!(
        feb["banner"],
        json!({"acceptAll": 0, "rejectAll": 0, "customised": 0})
    );

    // Default: the 30 days ending today (UTC), today's answers included.
    answer(
        &s,
        &subject(9),
        &[(&id("analytics"), "accepted")],
        json!({"source": "banner"}),
    )
    .await;
    let d = s.get(&stats_path(), ADMIN).await.json();
    let today = chrono::Utc::now().date_naive();
    assert_eq!(d["to"], json!(today.format("%Y-%m-%d").to_string()));
    assert_eq!(
        d["from"],
        json!((today - chrono::Days::new(29))
            .format("%Y-%m-%d")
            .to_string())
    );
    let a = stats_of(&d, &id("analytics"));
    assert_eq!(a.len(), 30);
    assert_eq!(
        (a[29]["accepted"].clone(), a[29]["declined"].clone()),
        (json!(1), json!(0))
    );
    assert_eq!(d["banner"]["acceptAll"], json!(1));

    // The longest period passes; longer, malformed or reversed ones are 400.
    let r = s
        .get(
            &format!("{}?from=2023-01-01&to=2024-01-01", stats_path()),
            ADMIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["types"][0]["days"].as_array().unwrap().len(), 366);
    for (query, message) in [
        (
            "from=2023-01-01&to=2024-02-04",
            "the period must be at most 366 days",
        ),
        (
            "from=2023-01-01&to=2024-01-02",
            "the period must be at most 366 days",
        ),
        ("from=2024-01-05&to=2024-01-01", "from must not be after to"),
        ("from=2024-13-01", "from must be a date (YYYY-MM-DD)"),
        ("to=tomorrow", "to must be a date (YYYY-MM-DD)"),
    ] {
        let r = s.get(&format!("{}?{query}", stats_path()), ADMIN).await;
        assert_eq!(
            (r.status, r.json()),
            (StatusCode::BAD_REQUEST, err(400, "Bad Request", message)),
            "{query}"
        );
    }
    assert_eq!(
        s.get(&stats_path(), PUBLIC).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.get(&stats_path(), OTHER_ADMIN).await.json(),
        err(404, "Not Found", "Forbidden")
    );
}

fn stats_of(v: &Value, type_id: &str) -> Vec<Value> {
    v["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["consentTypeId"] == type_id)
        .unwrap()["days"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn odd_input_is_never_5xx() {
    let s = start().await;
    let t = types(&s).await;
    answer(
        &s,
        &subject(1),
        &[(&id_of(&t, "analytics"), "accepted")],
        json!({}),
    )
    .await;
    let long = "9".repeat(10_000);
    let queries = [
        String::new(),
        "from=&to=".into(),
        "from=0000-01-01&to=0000-12-31".into(),
        "from=9999-01-01&to=9999-12-31".into(),
        "to=9999-12-31".into(),
        "to=0000-01-05".into(),
        "from=0000-01-01".into(),
        "from=%00%00%00%00-01-01".into(),
        "from=2024-01-01%00".into(),
        "from=２０２４-01-01".into(),
        "format=&format=csv".into(),
        "format=CSV".into(),
        format!("from={long}"),
        format!("format={long}"),
        "from=2024-01-01&from=2024-02-01&to=2024-01-15".into(),
        "size=500&page=4294967295&from=2024-01-01".into(),
        "subjectId=%ZZ&consentTypeId=%".into(),
        "&&&=&from".into(),
    ];
    let base = records_path();
    for q in &queries {
        for path in [
            base.clone(),
            format!("{base}/export"),
            format!("{base}/verify"),
            stats_path(),
        ] {
            let r = s.get(&format!("{path}?{q}"), ADMIN).await;
            assert!(
                r.status.is_success() || r.status.is_client_error(),
                "{path}?{q}: {} {}",
                r.status,
                r.text
            );
        }
    }
    for path in [
        "/organizations/x/projects/y/consent-stats".to_owned(),
        format!("/organizations/{ORG}/projects/00000000-0000-4000-8000-000000000000/consent-stats"),
        format!("/organizations/{ORG}/projects/{PROJECT}/consent-records/verify/extra"),
        "/organizations/x/projects/y/consent-records/verify".to_owned(),
    ] {
        let r = s.get(&path, ADMIN).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Odd bodies: unknown policy / source, bad region, gpc not a boolean: 422.
    let analytics = id_of(&t, "analytics");
    for extra in [
        json!({"policy": "opt-maybe"}),
        json!({"source": "popup"}),
        json!({"region": "Germany"}),
        json!({"region": "D"}),
        json!({"gpc": "yes"}),
        json!({"gpc": 1}),
    ] {
        let mut body = json!({"subjectId": subject(2), "decisions": [
            {"consentTypeId": analytics, "version": 1, "state": "accepted"}]});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = s.post(&records_path(), PUBLIC, &body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{extra}: {}",
            r.text
        );
    }
    assert_eq!(verify(&s).await["valid"], json!(true));
}
