//! DSR tags end to end over real HTTP (issue 14, point 19): create and list
//! tags (`/v1/ws/{ws}/Tags`, our extension), attach them to a request on
//! create and PUT, filter the list by `tags`, delete a tag; unknown ids,
//! bounds, keys and tenants.
mod common;

use common::*;
use pw_model::dsr::{MAX_TAGS, MAX_WORKSPACE_TAGS, SHORT_TEXT};
use reqwest::StatusCode;
use serde_json::{json, Value};

const TAGS: &str = "/v1/ws/1/Tags";
const DSRS: &str = "/v1/ws/1/DataSubjectRequests";

async fn new_tag(s: &TestServer, body: Value) -> Value {
    let r = s.post(TAGS, ADMIN, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

/// Ids of the (non-archived) requests the list returns for `query`, sorted.
async fn listed(s: &TestServer, query: &str) -> Vec<i64> {
    let r = s.get(&format!("{DSRS}?size=500&{query}"), ADMIN).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut ids: Vec<i64> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn create_and_list_tags() {
    let s = start().await;
    assert_eq!(s.get(TAGS, ADMIN).await.json(), json!([]));

    let vip = new_tag(
        &s,
        json!({"label": "  vip ", "type": "DataProcessing", "color": "#f00", "id": 77}),
    )
    .await;
    assert_ne!(id(&vip), 77, "the id is the server's");
    assert_eq!(
        vip,
        json!({"id": id(&vip), "label": "vip", "type": "DataProcessing", "color": "#f00"})
    );
    let press = new_tag(&s, json!({"label": "Press"})).await;
    assert_eq!(press, json!({"id": id(&press), "label": "Press"}));
    let archive = new_tag(&s, json!({"label": "archive"})).await;

    // By label, case-insensitive: the same objects as a request's `tags` items.
    let r = s.get(TAGS, ADMIN).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), json!([archive, press, vip]));

    // A label the workspace has: 409, nothing created.
    let r = s.post(TAGS, ADMIN, &json!({"label": "vip "})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.json(),
        err(
            409,
            "Conflict",
            &format!(
                "label: this workspace already has the tag \"vip\" (id {})",
                id(&vip)
            )
        )
    );
    assert_eq!(s.count("SELECT COUNT(*) FROM tags").await, 3);

    // Another workspace has its own tags: same label, its own list.
    let r = s
        .post("/v1/ws/2/Tags", OTHER_ADMIN, &json!({"label": "vip"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        s.get("/v1/ws/2/Tags", OTHER_ADMIN).await.json(),
        json!([r.json()])
    );
    assert_eq!(s.get(TAGS, ADMIN).await.json().as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn create_is_idempotent() {
    let s = start().await;
    let body = json!({"label": "urgent", "color": "#e00"});
    let first = s.post_idem(TAGS, ADMIN, &body, "tag-key-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = s.post_idem(TAGS, ADMIN, &body, "tag-key-1").await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json(), first.json());
    assert_eq!(s.count("SELECT COUNT(*) FROM tags").await, 1);
    let other = s
        .post_idem(TAGS, ADMIN, &json!({"label": "other"}), "tag-key-1")
        .await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        other.text
    );

    // Deleted: the key no longer replays it (a retry creates it again).
    let tag = id(&first.json());
    assert_eq!(
        s.delete(&format!("{TAGS}/{tag}"), ADMIN).await.status,
        StatusCode::NO_CONTENT
    );
    let retry = s.post_idem(TAGS, ADMIN, &body, "tag-key-1").await;
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text);
    assert_eq!(retry.header("idempotent-replayed"), None);
    assert_ne!(id(&retry.json()), tag);
}

#[tokio::test]
async fn attach_on_create_and_put_then_filter() {
    let s = start().await;
    s.exec("DELETE FROM dsr").await;
    let vip = id(&new_tag(&s, json!({"label": "vip", "color": "#f00"})).await);
    let press = id(&new_tag(&s, json!({"label": "press"})).await);
    let unused = id(&new_tag(&s, json!({"label": "unused"})).await);

    // Create (admin) with tag ids: the answer carries the whole tags.
    let a = s
        .create_dsr(json!({"email": "a@b.co", "purposes": ["Access"], "tags": [{"id": vip}]}))
        .await;
    assert_eq!(
        a["tags"],
        json!([{"id": vip, "label": "vip", "color": "#f00"}])
    );
    let b = s
        .create_dsr(json!({
            "email": "b@b.co", "purposes": ["Erasure"],
            "tags": [{"id": press}, {"id": vip}, {"id": press}]
        }))
        .await;
    assert_eq!(
        b["tags"],
        json!([{"id": vip, "label": "vip", "color": "#f00"}, {"id": press, "label": "press"}])
    );
    let c = s
        .create_dsr(json!({"email": "c@b.co", "purposes": ["Access"]}))
        .await;
    assert_eq!(c["tags"], json!([]));
    let (a, b, c) = (id(&a), id(&b), id(&c));

    // The filter: any of the given ids.
    assert_eq!(listed(&s, &format!("tags={vip}")).await, vec![a, b]);
    assert_eq!(listed(&s, &format!("tags={press}")).await, vec![b]);
    assert_eq!(
        listed(&s, &format!("tags={press}&tags={unused}")).await,
        vec![b]
    );
    assert_eq!(
        listed(&s, &format!("tags={unused}")).await,
        Vec::<i64>::new()
    );
    assert_eq!(listed(&s, "").await, vec![a, b, c]);

    // PUT: tag c with press, take vip off a (the whole list is replaced).
    let path = |n: i64| format!("{DSRS}/{n}");
    let mut body = s.get(&path(c), ADMIN).await.json();
    body["tags"] = json!([{"id": press}]);
    let r = s.put(&path(c), ADMIN, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["tags"], json!([{"id": press, "label": "press"}]));
    let mut body = s.get(&path(a), ADMIN).await.json();
    body["tags"] = json!([]);
    let r = s.put(&path(a), ADMIN, &body).await;
    assert_eq!(r.json()["tags"], json!([]));
    assert_eq!(listed(&s, &format!("tags={press}")).await, vec![b, c]);
    assert_eq!(listed(&s, &format!("tags={vip}")).await, vec![b]);

    // A label the workspace has is the same tag; a new label creates one and it
    // is listed.
    let mut body = s.get(&path(a), ADMIN).await.json();
    body["tags"] = json!([{"label": "vip"}, {"label": "new one"}]);
    let r = s.put(&path(a), ADMIN, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let tags = r.json()["tags"].clone();
    assert_eq!(tags[0]["id"], json!(vip));
    let labels: Vec<Value> = s
        .get(TAGS, ADMIN)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].clone())
        .collect();
    assert_eq!(
        labels,
        json!(["new one", "press", "unused", "vip"])
            .as_array()
            .unwrap()
            .clone()
    );

    // Deleting a tag takes it off every request.
    assert_eq!(
        s.delete(&format!("{TAGS}/{press}"), ADMIN).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        listed(&s, &format!("tags={press}")).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        s.get(&path(b), ADMIN).await.json()["tags"],
        json!([{"id": vip, "label": "vip", "color": "#f00"}])
    );
    let r = s.delete(&format!("{TAGS}/{press}"), ADMIN).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json(), err(404, "Not Found", "Not Found"));
}

#[tokio::test]
async fn unknown_or_foreign_tag_ids_are_refused() {
    let s = start().await;
    let theirs = s
        .post("/v1/ws/2/Tags", OTHER_ADMIN, &json!({"label": "theirs"}))
        .await
        .json();
    let mine = id(&new_tag(&s, json!({"label": "mine"})).await);
    let dsr = s
        .create_dsr(json!({"email": "a@b.co", "purposes": ["Access"], "tags": [{"id": mine}]}))
        .await;
    let before = s.count("SELECT COUNT(*) FROM dsr").await;
    for unknown in [9999, id(&theirs)] {
        let body = json!({"email": "a@b.co", "purposes": ["Access"], "tags": [{"id": mine}, {"id": unknown}]});
        let r = s.post(DSRS, ADMIN, &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            r.json(),
            err(
                400,
                "Bad Request",
                &format!("tags: unknown tag id {unknown}")
            )
        );
        // PUT: refused and nothing changes.
        let mut put = dsr.clone();
        put["tags"] = json!([{"id": unknown}]);
        put["title"] = json!("changed");
        let path = format!("{DSRS}/{}", id(&dsr));
        let r = s.put(&path, ADMIN, &put).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            r.json(),
            err(
                400,
                "Bad Request",
                &format!("tags: unknown tag id {unknown}")
            )
        );
        let now = s.get(&path, ADMIN).await.json();
        assert_eq!(now["tags"], dsr["tags"]);
        assert_eq!(now["title"], Value::Null);
    }
    assert_eq!(s.count("SELECT COUNT(*) FROM dsr").await, before);
    // Deleting another workspace's tag: 404, it stays.
    let r = s.delete(&format!("{TAGS}/{}", id(&theirs)), ADMIN).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        s.count("SELECT COUNT(*) FROM tags WHERE workspace_id = 2")
            .await,
        1
    );
}

#[tokio::test]
async fn keys_and_tenants() {
    let s = start().await;
    let tag = id(&new_tag(&s, json!({"label": "vip"})).await);
    // A public key neither lists, creates nor deletes tags.
    for r in [
        s.get(TAGS, PUBLIC).await,
        s.post(TAGS, PUBLIC, &json!({"label": "x"})).await,
        s.delete(&format!("{TAGS}/{tag}"), PUBLIC).await,
    ] {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }
    // Another tenant's admin key: 403 as on the other Dastra routes.
    for r in [
        s.get(TAGS, OTHER_ADMIN).await,
        s.post(TAGS, OTHER_ADMIN, &json!({"label": "x"})).await,
        s.delete(&format!("{TAGS}/{tag}"), OTHER_ADMIN).await,
    ] {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    }
    // No key.
    let r = s.send(reqwest::Method::GET, TAGS, None, None, &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // A public key's intake drops tags, as every operator field (documented):
    // the request is created untagged.
    let r = s
        .post(
            DSRS,
            PUBLIC,
            &json!({"email": "a@b.co", "purposes": ["Access"], "tags": [{"id": tag}, {"label": "spam"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["tags"], json!([]));
    assert_eq!(s.count("SELECT COUNT(*) FROM tags").await, 1);
    assert_eq!(s.count("SELECT COUNT(*) FROM dsr_tags").await, 0);
}

#[tokio::test]
async fn bounds() {
    let s = start().await;
    // Label: required, not blank, at most 256 characters (after trimming).
    for (body, message) in [
        (json!({}), "label is required"),
        (json!({"label": "   "}), "label is required"),
        (
            json!({"label": "é".repeat(SHORT_TEXT + 1)}),
            "label must be at most 256 characters",
        ),
        (
            json!({"label": "ok", "color": "c".repeat(SHORT_TEXT + 1)}),
            "color must be at most 256 characters",
        ),
        (
            json!({"label": "ok", "type": "Nope"}),
            "type has an unknown value",
        ),
    ] {
        let r = s.post(TAGS, ADMIN, &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(r.json(), err(400, "Bad Request", message), "{body}");
    }
    let r = s.post(TAGS, ADMIN, &json!({"label": 5})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let r = s.post(TAGS, ADMIN, &json!(["vip"])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let r = s
        .post(
            TAGS,
            ADMIN,
            &json!({"label": format!("  {}  ", "é".repeat(SHORT_TEXT))}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(s.count("SELECT COUNT(*) FROM tags").await, 1);

    // A request carries at most 50 tags.
    let ids: Vec<i64> = {
        let mut v = Vec::new();
        for i in 0..=MAX_TAGS {
            v.push(id(&new_tag(&s, json!({"label": format!("t{i}")})).await));
        }
        v
    };
    let tags = |n: usize| -> Value { ids[..n].iter().map(|i| json!({"id": i})).collect() };
    let r = s
        .post(
            DSRS,
            ADMIN,
            &json!({"email": "a@b.co", "purposes": ["Access"], "tags": tags(MAX_TAGS + 1)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        err(400, "Bad Request", "tags must have at most 50 items")
    );
    let r = s
        .post(
            DSRS,
            ADMIN,
            &json!({"email": "a@b.co", "purposes": ["Access"], "tags": tags(MAX_TAGS)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["tags"].as_array().unwrap().len(), MAX_TAGS);

    // A workspace holds at most MAX_WORKSPACE_TAGS tags, by POST or by label.
    let have = usize::try_from(
        s.count("SELECT COUNT(*) FROM tags WHERE workspace_id = 1")
            .await,
    )
    .unwrap();
    s.exec(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
         INSERT INTO tags (workspace_id, label) SELECT 1, 'bulk ' || i FROM n",
        MAX_WORKSPACE_TAGS - have
    ))
    .await;
    let full = format!("tags: a workspace holds at most {MAX_WORKSPACE_TAGS} tags");
    let r = s.post(TAGS, ADMIN, &json!({"label": "one more"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json(), err(400, "Bad Request", &full));
    let r = s
        .post(
            DSRS,
            ADMIN,
            &json!({"email": "a@b.co", "purposes": ["Access"], "tags": [{"label": "one more"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json(), err(400, "Bad Request", &full));
    // Existing labels still attach.
    let r = s
        .post(
            DSRS,
            ADMIN,
            &json!({"email": "a@b.co", "purposes": ["Access"], "tags": [{"label": "t0"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(
        usize::try_from(
            s.count("SELECT COUNT(*) FROM tags WHERE workspace_id = 1")
                .await
        )
        .unwrap(),
        MAX_WORKSPACE_TAGS
    );
    // The list query's tags: at most 50 ids.
    let q: Vec<String> = (0..=MAX_TAGS).map(|i| format!("tags={i}")).collect();
    let r = s.get(&format!("{DSRS}?{}", q.join("&")), ADMIN).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = s.get(&format!("{DSRS}?tags=abc"), ADMIN).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
