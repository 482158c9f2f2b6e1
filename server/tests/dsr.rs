//! Dastra DSR endpoints (seed 002) over real HTTP: create, get, update, delete,
//! archive, restore, workflow, every list filter, paging and sorting, and the
//! idempotent create.
mod common;

use chrono::{DateTime, Months, Utc};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DSRS: &str = "/v1/ws/1/DataSubjectRequests";

/// Removes the demo requests so each test controls exactly what the list holds.
async fn empty(s: &TestServer) {
    s.exec("DELETE FROM dsr").await;
}

fn take(v: &mut Value, key: &str) -> Value {
    v.as_object_mut()
        .unwrap()
        .remove(key)
        .unwrap_or(Value::Null)
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn initial_step() -> Value {
    json!({
        "id": 1, "label": "New", "color": "#2f80ed", "order": 0, "type": "DataSubject",
        "finalStep": false, "initialStep": true,
        "descriptionHtml": "<p>Request <strong>received</strong>; acknowledge it.</p>",
        "mappedState": "Open"
    })
}

#[tokio::test]
async fn create_with_public_key_sets_server_fields_and_keeps_intake_fields() {
    let s = start().await;
    let body = json!({
        "title": "Access request",
        "email": "jane@example.com",
        "givenName": "Jane",
        "familyName": "Doe",
        "purposes": ["Access", "Erasure"],
        "channel": "Widget",
        "widgetId": 7,
        "referrerUrl": "https://shop.example/contact",
        "locale": "fr",
        "message": "Send me my data",
        // Server- or operator-owned: ignored for a public key.
        "id": 999, "state": "Closed", "archived": true, "expiryTime": "2000-01-01T00:00:00.000Z",
        "resolutionMessage": "done", "operatorId": 3, "tags": [{"label": "vip"}]
    });
    let r = s.post(DSRS, PUBLIC, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mut v = r.json();
    let id = take(&mut v, "id").as_i64().unwrap();
    assert!(id > 0);
    let created = time(&take(&mut v, "dateCreation"));
    assert_eq!(
        take(&mut v, "dateUpdate"),
        json!(created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    );
    let expiry = time(&take(&mut v, "expiryTime"));
    assert_eq!(expiry, created.checked_add_months(Months::new(1)).unwrap());
    let remaining = take(&mut v, "remainingDays").as_i64().unwrap();
    // 31 when read in the same millisecond as created, in a 31-day month.
    assert!((27..=31).contains(&remaining), "{remaining}");
    assert!((Utc::now() - created).num_seconds().abs() < 60);
    // Every field of the seed object: what was sent, what the server set, and
    // null or the seed's neutral value for the rest.
    let mut expected = pw_model::dsr::DataSubjectRequest::default().seed_object();
    for k in [
        "id",
        "dateCreation",
        "dateUpdate",
        "expiryTime",
        "remainingDays",
    ] {
        take(&mut expected, k);
    }
    expected.as_object_mut().unwrap().extend(
        json!({
            "title": "Access request",
            "email": "jane@example.com",
            "givenName": "Jane",
            "familyName": "Doe",
            "purposes": ["Access", "Erasure"],
            "channel": "Widget",
            "widgetId": 7,
            "referrerUrl": "https://shop.example/contact",
            "locale": "fr",
            "message": "Send me my data",
            "state": "Open",
            "archived": false,
            "workFlowStepId": 1,
            "workFlowStep": initial_step(),
            "tags": []
        })
        .as_object()
        .unwrap()
        .clone(),
    );
    assert_eq!(v, expected);
    for (k, neutral) in [
        ("nbMessages", json!(0)),
        ("attachments", json!([])),
        ("mailValidated", json!(false)),
        ("operator", Value::Null),
        ("closingTime", Value::Null),
    ] {
        assert_eq!(v[k], neutral, "{k}");
    }
    // GET and the list return the same object, every field included.
    let g = s.get(&format!("{DSRS}/{id}"), ADMIN).await;
    assert_eq!(g.status, StatusCode::OK);
    let mut g = g.json();
    assert_eq!(g.as_object().unwrap().len(), 54);
    for k in [
        "id",
        "dateCreation",
        "dateUpdate",
        "expiryTime",
        "remainingDays",
    ] {
        assert!(!take(&mut g, k).is_null(), "{k}");
    }
    assert_eq!(g, expected);
    let listed = s.get(&format!("{DSRS}?ids={id}"), ADMIN).await.json();
    let mut item = listed["items"][0].clone();
    for k in [
        "id",
        "dateCreation",
        "dateUpdate",
        "expiryTime",
        "remainingDays",
    ] {
        take(&mut item, k);
    }
    assert_eq!(item, expected);
    assert_eq!(
        s.count("SELECT COUNT(*) FROM tags WHERE label = 'vip'")
            .await,
        0
    );
}

#[tokio::test]
async fn create_validation_is_400_with_seed_body() {
    let s = start().await;
    let r = s
        .post(
            DSRS,
            PUBLIC,
            &json!({"email": "not-an-email", "countryCode": "FRA"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "email must be a valid e-mail address; countryCode must be a two-letter country code; purposes is required")
    );
    let r = s
        .post(
            DSRS,
            PUBLIC,
            &json!({"email": "a@b.co", "purposes": ["Teleport"]}),
        )
        .await;
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "purposes has an unknown value")
    );
    // Wrong type: still the seed body, 400 on Dastra routes.
    let r = s
        .post(
            DSRS,
            PUBLIC,
            &json!({"email": "a@b.co", "purposes": "Access"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "purposes: invalid type: string \"Access\", expected a sequence at line 1 column 37"
        )
    );
}

#[tokio::test]
async fn admin_create_keeps_tags_and_operator_fields() {
    let s = start().await;
    let v = s
        .create_dsr(json!({
            "email": "a@b.co", "purposes": ["Access"], "resolutionMessage": "ok",
            "tags": [{"label": "vip", "color": "#f00"}, {"label": "vip"}]
        }))
        .await;
    assert_eq!(v["resolutionMessage"], "ok");
    let tag_id = v["tags"][0]["id"].as_i64().unwrap();
    assert_eq!(
        v["tags"],
        json!([{"id": tag_id, "label": "vip", "color": "#f00"}])
    );
    // An unknown tag id is refused.
    let r = s
        .post(
            DSRS,
            ADMIN,
            &json!({"email": "a@b.co", "purposes": ["Access"], "tags": [{"id": 9999}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "tags: unknown tag id 9999")
    );
}

/// A create answers without reading the request back (unless it has tags):
/// the answer must still be exactly what a GET then shows, for the fields an
/// operator may set too.
#[tokio::test]
async fn admin_create_answers_what_a_get_shows() {
    let s = start().await;
    let r = s
        .post(
            DSRS,
            ADMIN,
            &json!({
                "title": "By phone", "email": "a@b.co", "givenName": "Ann", "locale": "nl",
                "purposes": ["Erasure", "Access"], "resolutionMessage": "ok",
                "operatorId": 3, "refId": "T-7", "channel": "Internal", "area": {"id": 2, "label": "EU"}
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mut created = r.json();
    assert_eq!(created["purposes"], json!(["Erasure", "Access"]));
    let id = created["id"].as_i64().unwrap();
    let mut got = s.get(&format!("{DSRS}/{id}"), ADMIN).await.json();
    // Days left: computed at each answer, so it may have ticked in between.
    take(&mut created, "remainingDays");
    take(&mut got, "remainingDays");
    assert_eq!(created, got);
}

#[tokio::test]
async fn idempotent_retry_returns_the_same_request_and_creates_one_row() {
    let s = start().await;
    empty(&s).await;
    let body = json!({"email": "a@b.co", "purposes": ["Access"]});
    let key = "3f0c7a2e-retry-1";
    let first = s.post_idem(DSRS, PUBLIC, &body, key).await;
    let second = s.post_idem(DSRS, PUBLIC, &body, key).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(first.json(), second.json());
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(s.count("SELECT COUNT(*) FROM dsr").await, 1);
    // Same key, different body: refused, nothing created.
    let other = json!({"email": "b@b.co", "purposes": ["Access"]});
    let third = s.post_idem(DSRS, PUBLIC, &other, key).await;
    assert_eq!(third.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        third.json(),
        err(
            422,
            "Unprocessable Entity",
            "Idempotency-Key was already used with a different request body"
        )
    );
    // Another key creates another request.
    let fourth = s.post_idem(DSRS, PUBLIC, &body, "k2").await;
    assert_ne!(fourth.json()["id"], first.json()["id"]);
    assert_eq!(s.count("SELECT COUNT(*) FROM dsr").await, 2);
}

#[tokio::test]
async fn concurrent_retries_with_one_key_create_one_row() {
    let s = start().await;
    empty(&s).await;
    let body = json!({"email": "a@b.co", "purposes": ["Access"]});
    let mut handles = Vec::new();
    for _ in 0..8 {
        let (client, url, body) = (s.client.clone(), format!("{}{DSRS}", s.base), body.clone());
        handles.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("x-api-key", PUBLIC)
                .header("Idempotency-Key", "same")
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::CREATED);
            r.json::<Value>().await.unwrap()["id"].clone()
        }));
    }
    let ids: Vec<Value> = futures::future::join_all(handles)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(s.count("SELECT COUNT(*) FROM dsr").await, 1);
}

/// Concurrent creates share one SQLite write transaction (`Db::grouped`): a
/// create whose work fails inside it (a key reused with another body) rolls
/// back alone, and every 201 is a stored request with its verification mail.
#[tokio::test]
async fn concurrent_creates_share_a_transaction_and_fail_alone() {
    let s = start().await;
    empty(&s).await;
    let mut handles = Vec::new();
    for i in 0..24 {
        let (client, url) = (s.client.clone(), format!("{}{DSRS}", s.base));
        // Tasks 16..23 reuse the keys of 0..7 with another body.
        let key = format!("group-{}", i % 16);
        let body = json!({"title": format!("t{i}"), "email": format!("p{i}@b.co"), "purposes": ["Access"]});
        handles.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("x-api-key", PUBLIC)
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }));
    }
    let mut created = Vec::new();
    for h in futures::future::join_all(handles).await {
        match h.unwrap() {
            (StatusCode::CREATED, v) => created.push(v),
            (StatusCode::UNPROCESSABLE_ENTITY, _) => {}
            other => panic!("{other:?}"),
        }
    }
    // One of each pair sharing a key won (replays answer 201 with the same id).
    let mut ids: Vec<i64> = created.iter().map(|v| v["id"].as_i64().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 16, "{created:?}");
    assert_eq!(s.count("SELECT COUNT(*) FROM dsr").await, 16);
    // Each new request's verification e-mail was logged in its create's own
    // transaction: there when the 201 was answered, before any delivery.
    assert_eq!(
        s.count("SELECT COUNT(*) FROM mail_log WHERE kind = 'verify'")
            .await,
        16
    );
    for v in &created {
        let got = s.get(&format!("{DSRS}/{}", v["id"]), ADMIN).await;
        assert_eq!(got.json()["title"], v["title"]);
    }
    // The deliveries' outcomes are written too, in batches.
    let mut sent = 0;
    for _ in 0..100 {
        sent = s
            .count("SELECT COUNT(*) FROM mail_log WHERE kind = 'verify' AND status = 'outbox'")
            .await;
        if sent == 16 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sent, 16);
}

#[tokio::test]
async fn get_put_delete_and_404() {
    let s = start().await;
    let v = s
        .create_dsr(json!({"email": "a@b.co", "purposes": ["Access"], "title": "t"}))
        .await;
    let id = v["id"].as_i64().unwrap();
    let path = format!("{DSRS}/{id}");

    // PUT the full object back with changes; server-owned fields are ignored.
    let mut full = v.clone();
    full["title"] = json!("Updated");
    full["purposes"] = json!(["Rectification"]);
    full["expiryTime"] = json!("2000-01-01T00:00:00.000Z");
    full["tags"] = json!([{"label": "urgent"}]);
    full["operatorId"] = json!(5);
    let r = s.put(&path, ADMIN, &full).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let u = r.json();
    assert_eq!(u["title"], "Updated");
    assert_eq!(u["purposes"], json!(["Rectification"]));
    assert_eq!(u["state"], "Open");
    assert_eq!(u["expiryTime"], v["expiryTime"]);
    assert_eq!(u["dateCreation"], v["dateCreation"]);
    assert_eq!(u["operatorId"], 5);
    assert_eq!(u["tags"][0]["label"], "urgent");
    assert_eq!(s.get(&path, ADMIN).await.json(), u);

    // Body id must match the path.
    full["id"] = json!(id + 1);
    let r = s.put(&path, ADMIN, &full).await;
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "id in the body differs from the id in the path"
        )
    );

    // Invalid update: 400, validated like a create (required fields included).
    let r = s.put(&path, ADMIN, &json!({"email": "nope"})).await;
    assert_eq!(
        r.json(),
        err(
            400,
            "Bad Request",
            "email must be a valid e-mail address; purposes is required"
        )
    );

    // DELETE: 204 and no body; then 404 everywhere.
    let r = s.delete(&path, ADMIN).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.text, "");
    assert_eq!(
        s.count(&format!(
            "SELECT COUNT(*) FROM dsr_purposes WHERE dsr_id = {id}"
        ))
        .await,
        0
    );
    for r in [
        s.get(&path, ADMIN).await,
        s.put(
            &path,
            ADMIN,
            &json!({"email": "a@b.co", "purposes": ["Access"]}),
        )
        .await,
        s.delete(&path, ADMIN).await,
        s.post_empty(&format!("{DSRS}/archive/{id}"), ADMIN).await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.json(), err(404, "Not Found", "Not Found"));
    }
    // Bad path id: 400 seed body.
    let r = s.get(&format!("{DSRS}/abc"), ADMIN).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["statusCode"], 400);
    let r = s.get("/v1/ws/one/DataSubjectRequests", ADMIN).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn archive_and_restore() {
    let s = start().await;
    empty(&s).await;
    let id = s
        .create_dsr(json!({"email": "a@b.co", "purposes": ["Access"]}))
        .await["id"]
        .as_i64()
        .unwrap();
    let r = s.post_empty(&format!("{DSRS}/archive/{id}"), ADMIN).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["archived"], true);
    assert!(v["archivedDate"].is_string());
    assert_eq!(s.get(DSRS, ADMIN).await.json()["total"], 0);
    assert_eq!(
        s.get(&format!("{DSRS}?archived=true"), ADMIN).await.json()["total"],
        1
    );
    let r = s.post_empty(&format!("{DSRS}/restore/{id}"), ADMIN).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["archived"], false);
    assert!(r.json()["archivedDate"].is_null());
    assert_eq!(s.get(DSRS, ADMIN).await.json()["total"], 1);
}

#[tokio::test]
async fn workflow_moves_step_and_state() {
    let s = start().await;
    let id = s
        .create_dsr(json!({"email": "a@b.co", "purposes": ["Access"]}))
        .await["id"]
        .as_i64()
        .unwrap();
    let steps = s.get("/v1/ws/1/WorkflowSteps", ADMIN).await.json();
    assert_eq!(steps.as_array().unwrap().len(), 4);
    assert_eq!(steps[0], initial_step());
    let label_state: Vec<(String, String)> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().into(),
                s["mappedState"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        label_state,
        [
            ("New", "Open"),
            ("Identity check", "IdentityValidation"),
            ("In progress", "Processing"),
            ("Answered", "Closed")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let wf = format!("{DSRS}/workflow");
    let r = s.post(&wf, ADMIN, &json!({"id": id, "stepId": 2})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(
        (v["state"].clone(), v["workFlowStepId"].clone()),
        (json!("IdentityValidation"), json!(2))
    );
    assert_eq!(v["workFlowStep"], steps[1]);
    assert!(v["dateClosed"].is_null());
    // Final step closes.
    let v = s
        .post(&wf, ADMIN, &json!({"id": id, "stepId": 4}))
        .await
        .json();
    assert_eq!(v["state"], "Closed");
    assert!(v["dateClosed"].is_string());
    // Back to a non-final step reopens.
    let v = s
        .post(&wf, ADMIN, &json!({"id": id, "stepId": 3}))
        .await
        .json();
    assert_eq!(v["state"], "Processing");
    assert!(v["dateClosed"].is_null());
    // A step of another workspace (workspace 2's steps are 5..=8), unknown request.
    let r = s.post(&wf, ADMIN, &json!({"id": id, "stepId": 5})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json(), err(404, "Not Found", "Workflow step 5 not found"));
    let r = s
        .post(&wf, ADMIN, &json!({"id": 424242, "stepId": 2}))
        .await;
    assert_eq!(r.json(), err(404, "Not Found", "Not Found"));
    // Missing field: 400.
    let r = s.post(&wf, ADMIN, &json!({"id": id})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json()["message"],
        "missing field `stepId` at line 1 column 8"
    );
}

/// Creates one request per spec and returns ids in order.
async fn fixture(s: &TestServer) -> Vec<i64> {
    empty(s).await;
    let specs = [
        json!({"title": "Copy of my data", "givenName": "Alice", "familyName": "Zeller", "email": "alice@example.com", "purposes": ["Access"], "widgetId": 1, "tags": [{"label": "vip"}]}),
        json!({"title": "Delete me", "givenName": "Bob", "familyName": "de Vries", "email": "bob@example.org", "purposes": ["Erasure", "Opposition"], "widgetId": 2}),
        json!({"title": "Fix my address", "givenName": "Chloé", "familyName": "Martin", "email": "chloe@example.fr", "purposes": ["Rectification"], "widgetId": 1, "tags": [{"label": "vip"}, {"label": "press"}]}),
        json!({"title": "Old access", "givenName": "Dan", "familyName": "Abbott", "email": "dan@example.com", "purposes": ["Access"]}),
    ];
    let mut ids = Vec::new();
    for spec in specs {
        ids.push(s.create_dsr(spec).await["id"].as_i64().unwrap());
    }
    ids
}

/// The ids a list query answers, checking its `total` against them when one
/// page holds them all: totals come from counters or from a count depending
/// on the filters (routes/dsr.rs `total`).
async fn ids_of(s: &TestServer, query: &str) -> Vec<i64> {
    let r = s.get(&format!("{DSRS}?{query}"), ADMIN).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
    let body = r.json();
    let ids: Vec<i64> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    if !["size=", "page=", "skip="]
        .iter()
        .any(|p| query.contains(p))
    {
        assert_eq!(
            body["total"].as_u64(),
            Some(ids.len() as u64),
            "total of {query}"
        );
    }
    ids
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

#[tokio::test]
async fn list_filters() {
    let s = start().await;
    let ids = fixture(&s).await;
    let [a, b, c, d] = ids[..] else { panic!() };

    // Default: newest first, all four.
    assert_eq!(ids_of(&s, "").await, vec![d, c, b, a]);

    // states (repeated keys, any-of).
    s.post(
        &format!("{DSRS}/workflow"),
        ADMIN,
        &json!({"id": b, "stepId": 3}),
    )
    .await;
    s.post(
        &format!("{DSRS}/workflow"),
        ADMIN,
        &json!({"id": c, "stepId": 4}),
    )
    .await;
    assert_eq!(ids_of(&s, "states=Processing").await, vec![b]);
    assert_eq!(
        sorted(ids_of(&s, "states=Processing&states=Closed").await),
        vec![b, c]
    );
    assert_eq!(ids_of(&s, "states=Active").await, Vec::<i64>::new());

    // purposes (any-of).
    assert_eq!(sorted(ids_of(&s, "purposes=Access").await), vec![a, d]);
    assert_eq!(
        sorted(ids_of(&s, "purposes=Opposition&purposes=Rectification").await),
        vec![b, c]
    );

    // q: title, names and e-mail, case-insensitive; LIKE wildcards are literal.
    // The same answers for requests newer than SQLite's trigram index (matched
    // with LIKE) and once the index holds them.
    for indexed in [false, true] {
        if indexed {
            assert_eq!(s.db.index_search().await.unwrap() > 0, s.is_sqlite());
        }
        assert_eq!(ids_of(&s, "q=delete").await, vec![b]);
        assert_eq!(ids_of(&s, "q=ZELLER").await, vec![a]);
        assert_eq!(ids_of(&s, "q=example.fr").await, vec![c]);
        assert_eq!(sorted(ids_of(&s, "q=access").await), vec![d]);
        assert_eq!(ids_of(&s, "q=%25").await, Vec::<i64>::new());
    }

    // widgetId.
    assert_eq!(sorted(ids_of(&s, "widgetId=1").await), vec![a, c]);

    // ids.
    assert_eq!(
        sorted(ids_of(&s, &format!("ids={a}&ids={d}")).await),
        vec![a, d]
    );

    // tags (tag ids, any-of).
    let vip = s
        .count("SELECT id FROM tags WHERE label = 'vip' AND workspace_id = 1")
        .await;
    let press = s
        .count("SELECT id FROM tags WHERE label = 'press' AND workspace_id = 1")
        .await;
    assert_eq!(sorted(ids_of(&s, &format!("tags={vip}")).await), vec![a, c]);
    assert_eq!(ids_of(&s, &format!("tags={press}")).await, vec![c]);

    // overtaking: past expiryTime and not Closed. Make a, c (Closed) and d old.
    for id in [a, c, d] {
        s.exec(&format!(
            "UPDATE dsr SET date_creation = '2020-01-01T00:00:00.000Z', expiry_time = '2020-02-01T00:00:00.000Z' WHERE id = {id}"
        ))
        .await;
    }
    assert_eq!(sorted(ids_of(&s, "overtaking=true").await), vec![a, d]);
    assert_eq!(sorted(ids_of(&s, "overtaking=false").await), vec![b, c]);
    let over = s
        .get(&format!("{DSRS}?overtaking=true&ids={a}"), ADMIN)
        .await
        .json();
    assert!(over["items"][0]["remainingDays"].as_i64().unwrap() < -1000);

    // archived: hidden by default, archived=true lists only archived.
    s.post_empty(&format!("{DSRS}/archive/{d}"), ADMIN).await;
    assert_eq!(sorted(ids_of(&s, "").await), vec![a, b, c]);
    assert_eq!(ids_of(&s, "archived=true").await, vec![d]);
    assert_eq!(ids_of(&s, "archived=false&overtaking=true").await, vec![a]);
    // One purpose's total follows its requests through archive and deadline
    // (ids_of checks each total).
    assert_eq!(ids_of(&s, "purposes=Access").await, vec![a]);
    assert_eq!(ids_of(&s, "archived=true&purposes=Access").await, vec![d]);
    assert_eq!(
        ids_of(&s, "purposes=Access&overtaking=true&states=Open").await,
        vec![a]
    );
    assert_eq!(
        ids_of(&s, "purposes=Access&overtaking=false").await,
        Vec::<i64>::new()
    );

    // Combined filters AND together.
    assert_eq!(
        ids_of(
            &s,
            &format!("purposes=Access&tags={vip}&widgetId=1&states=Open")
        )
        .await,
        vec![a]
    );

    // q through the trigram index (3+ characters) and without it (fewer):
    // same answers; a quote is text, not query syntax.
    assert_eq!(ids_of(&s, "q=zeL").await, vec![a]);
    assert_eq!(ids_of(&s, "q=%22zeller").await, Vec::<i64>::new());
    // A changed name is found by its new text only; an erased request leaves
    // nothing in the search index.
    let mut doc = s.get(&format!("{DSRS}/{a}"), ADMIN).await.json();
    doc["familyName"] = json!("Quennell");
    doc["purposes"] = json!(["Erasure"]); // and its purposes change
    let put = s.put(&format!("{DSRS}/{a}"), ADMIN, &doc).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(ids_of(&s, "q=zeller").await, Vec::<i64>::new());
    assert_eq!(ids_of(&s, "q=quennell").await, vec![a]);
    assert_eq!(ids_of(&s, "purposes=Access").await, Vec::<i64>::new());
    assert_eq!(
        sorted(ids_of(&s, "purposes=Erasure").await),
        sorted(vec![a, b])
    );
    assert_eq!(
        s.delete(&format!("{DSRS}/{a}"), ADMIN).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(ids_of(&s, "q=quennell").await, Vec::<i64>::new());
    assert_eq!(ids_of(&s, "purposes=Erasure").await, vec![b]);
    assert_eq!(ids_of(&s, "archived=true&purposes=Access").await, vec![d]);
    if s.is_sqlite() {
        let left = s
            .count("SELECT COUNT(*) FROM dsr_search WHERE dsr_search MATCH '\"quennell\"'")
            .await;
        assert_eq!(left, 0);
        // Index and rows agree (FTS5 checks every row once nothing is left to index).
        s.db.index_search().await.unwrap();
        s.exec("INSERT INTO dsr_search (dsr_search, rank) VALUES ('integrity-check', 1)")
            .await;
    } else {
        // PostgreSQL filters on each request's copy of its purposes: it
        // followed the creates, the PUT and the erasure above.
        let stale = s
            .count(
                "SELECT COUNT(*) FROM dsr d, LATERAL (SELECT ARRAY(
                     SELECT p.purpose FROM dsr_purposes p WHERE p.dsr_id = d.id) AS list) s
                 WHERE NOT (d.purpose_list @> s.list AND d.purpose_list <@ s.list)",
            )
            .await;
        assert_eq!(stale, 0);
    }
}

/// SQLite: every commit adds a segment to the text-search index; the
/// server's maintenance folds them into one and search finds the same.
#[tokio::test]
async fn text_search_index_merges_into_one_segment() {
    let s = start().await;
    if !s.is_sqlite() {
        return;
    }
    empty(&s).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let v = s
            .create_dsr(json!({"email": format!("merge{i}@example.com"), "purposes": ["Access"]}))
            .await;
        ids.push(v["id"].as_i64().unwrap());
        // Indexed one by one (the server batches them): a segment each.
        assert!(s.db.index_search().await.unwrap() >= 1);
    }
    let segments = "SELECT COUNT(DISTINCT segid) FROM dsr_search_idx";
    assert!(s.count(segments).await > 1);
    s.db.merge_search_index().await.unwrap();
    assert_eq!(s.count(segments).await, 1);
    assert_eq!(sorted(ids_of(&s, "q=merge").await), ids);
    assert_eq!(ids_of(&s, "q=merge3@").await, vec![ids[3]]);
}

#[tokio::test]
async fn list_paging_and_sorting() {
    let s = start().await;
    let ids = fixture(&s).await;
    let [a, b, c, d] = ids[..] else { panic!() };

    let r = s
        .get(&format!("{DSRS}?size=2&page=2&sortBy=id&asc=true"), ADMIN)
        .await
        .json();
    assert_eq!(
        (r["total"].clone(), r["size"].clone(), r["page"].clone()),
        (json!(4), json!(2), json!(2))
    );
    assert_eq!(
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![c, d]
    );
    // Default size 20, page 1.
    let r = s.get(DSRS, ADMIN).await.json();
    assert_eq!(
        (r["size"].clone(), r["page"].clone()),
        (json!(20), json!(1))
    );
    // skip adds to the page offset.
    assert_eq!(
        ids_of(&s, "sortBy=id&asc=true&skip=1&size=2").await,
        vec![b, c]
    );
    assert_eq!(
        ids_of(&s, "sortBy=id&asc=true&skip=1&size=2&page=2").await,
        vec![d]
    );
    // Beyond the end: empty page, total still counts everything.
    let r = s.get(&format!("{DSRS}?page=9&size=2"), ADMIN).await.json();
    assert_eq!(
        (r["items"].clone(), r["total"].clone(), r["page"].clone()),
        (json!([]), json!(4), json!(9))
    );

    // Sorting by names ignores case ("de Vries" after "Abbott", before "Martin").
    assert_eq!(
        ids_of(&s, "sortBy=familyName&asc=true").await,
        vec![d, b, c, a]
    );
    assert_eq!(ids_of(&s, "sortBy=familyName").await, vec![a, c, b, d]);
    assert_eq!(
        ids_of(&s, "sortBy=givenName&asc=true").await,
        vec![a, b, c, d]
    );
    assert_eq!(
        ids_of(&s, "sortBy=dateCreation&asc=true").await,
        vec![a, b, c, d]
    );
    assert_eq!(ids_of(&s, "sortBy=id&asc=false").await, vec![d, c, b, a]);
    // A filter the counters do not answer (widget, text) is counted in the
    // page's own query: sorted pages carry the matches' total, and so does a
    // page past the last match.
    assert_eq!(
        ids_of(&s, "widgetId=1&sortBy=familyName&asc=true").await,
        vec![c, a]
    );
    for (query, items, total) in [
        (
            "widgetId=1&sortBy=familyName&asc=true&size=1&page=2",
            json!([a]),
            2,
        ),
        ("widgetId=1&sortBy=familyName&size=1", json!([a]), 2),
        ("widgetId=1&size=1&page=5", json!([]), 2),
    ] {
        let r = s.get(&format!("{DSRS}?{query}"), ADMIN).await.json();
        let got: Vec<Value> = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].clone())
            .collect();
        assert_eq!(
            (json!(got), r["total"].clone()),
            (items, json!(total)),
            "{query}"
        );
    }
    s.exec(&format!(
        "UPDATE dsr SET expiry_time = '2030-01-01T00:00:00.000Z' WHERE id = {b}"
    ))
    .await;
    assert_eq!(ids_of(&s, "sortBy=expiryTime").await[0], b);
    assert_eq!(ids_of(&s, "sortBy=remainingDays&asc=false").await[0], b);
    s.post(
        &format!("{DSRS}/workflow"),
        ADMIN,
        &json!({"id": c, "stepId": 2}),
    )
    .await;
    assert_eq!(ids_of(&s, "sortBy=state&asc=true").await[0], c);

    // Refused queries: seed body, 400.
    for (query, message) in [
        ("sortBy=password", "sortBy must be one of: id, dateCreation, dateUpdate, expiryTime, remainingDays, state, dateClosed, title, familyName, givenName, email, widgetId, workFlowStepId"),
        ("page=0", "page is 1-based: must be at least 1"),
        ("size=0", "size must be between 1 and 500"),
        ("size=501", "size must be between 1 and 500"),
        ("page=two", "page must be an integer"),
        ("archived=maybe", "archived must be true or false"),
        ("states=Frozen", "states has an unknown value"),
        ("purposes=Teleport", "purposes has an unknown value"),
        ("ids=x", "ids must be an integer"),
    ] {
        let r = s.get(&format!("{DSRS}?{query}"), ADMIN).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(r.json(), err(400, "Bad Request", message), "{query}");
    }
}
