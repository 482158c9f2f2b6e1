//! The loader's consent manifest (our extension) over real HTTP: the fields of
//! the active types in list order and nothing else, the key in a header or in
//! `?key=`, the same 401/403/404 as the consent-types list, `ETag` + 304,
//! `Cache-Control: no-cache`, `Vary: Origin`, and CORS on a simple GET.
mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const DEMO_ORIGIN: &str = "http://127.0.0.1:8081";
const FIELDS: [&str; 10] = [
    "id",
    "label",
    "name",
    "version",
    "requireReacceptVersion",
    "consentDuration",
    "required",
    "validStates",
    "category",
    "consentMode",
];

fn manifest_path(org: &str, project: &str) -> String {
    format!("/organizations/{org}/projects/{project}/consent-manifest")
}

/// GET without any key header, the key (if any) in the query, plus `headers`.
async fn get_query(s: &TestServer, query: &str, headers: &[(&str, &str)]) -> Resp {
    let path = format!("{}{query}", manifest_path(ORG, PROJECT));
    s.send(Method::GET, &path, None, None, headers).await
}

fn vary_lists(r: &Resp, name: &str) -> bool {
    r.headers
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case(name))
}

#[tokio::test]
async fn active_types_in_list_order_without_texts() {
    let s = start().await;
    let ct = ct_path(ORG, PROJECT);
    // A long document, a type under test and an archived one: none of them may show.
    let big = "d".repeat(1_000_000);
    let r = s
        .post(
            &ct,
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "aaa_long", "name": "Long terms", "document": big}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    for (label, status) in [("in_test", "test"), ("retired", "archived")] {
        let body = json!({"category": "custom", "subcategory": "general", "label": label, "status": status});
        assert_eq!(s.post(&ct, ADMIN, &body).await.status, StatusCode::CREATED);
    }

    let r = s.get(&manifest_path(ORG, PROJECT), PUBLIC).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.text.len() < 5_000, "{} bytes", r.text.len());
    let manifest = r.json();
    let keys: Vec<&String> = manifest.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["settings", "types"], "{manifest}");
    assert_eq!(manifest["settings"]["required"]["email"], true);
    let types = manifest["types"].as_array().unwrap();

    // The list (public key: active only), cut down to the manifest's fields.
    let list = s.get(&ct, PUBLIC).await.json();
    let expected: Vec<Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let o = t.as_object().unwrap();
            Value::Object(
                FIELDS
                    .iter()
                    .filter_map(|k| o.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(types, &expected);
    let labels: Vec<&str> = types.iter().map(|t| t["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        [
            "newsletter",
            "aaa_long",
            "product_reviews",
            "privacy_policy",
            "analytics",
            "marketing"
        ]
    );
    // Absent optional fields are omitted, never null.
    let policy = &types[3];
    assert_eq!(
        policy,
        &json!({
            "id": policy["id"], "label": "privacy_policy", "name": "Privacy policy", "version": 1,
            "requireReacceptVersion": 0, "required": true,
            "validStates": ["accepted", "declined"], "category": "disclosure"
        })
    );
    assert_eq!(types[1]["label"], "aaa_long");
    assert!(types[1].get("validStates").is_none());
    for t in types {
        for k in t.as_object().unwrap().keys() {
            assert!(FIELDS.contains(&k.as_str()), "{k} in {t}");
        }
    }
    // The admin key gets the same manifest (active only, whatever its rights).
    assert_eq!(
        s.get(&manifest_path(ORG, PROJECT), ADMIN).await.json(),
        manifest
    );
}

#[tokio::test]
async fn etag_304_and_changes() {
    let s = start().await;
    let r = get_query(&s, &format!("?key={PUBLIC}"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let etag = r.header("etag").unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10,
        "{etag}"
    );
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(vary_lists(&r, "origin"), "{:?}", r.headers);
    // Same body, same tag.
    let again = get_query(&s, &format!("?key={PUBLIC}"), &[]).await;
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    for inm in [etag.clone(), format!("\"nope\", W/{etag}"), "*".into()] {
        let r = get_query(&s, &format!("?key={PUBLIC}"), &[("If-None-Match", &inm)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{inm}");
        assert_eq!(r.text, "");
        assert_eq!(r.header("etag"), Some(etag.as_str()));
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert!(vary_lists(&r, "origin"));
    }
    let r = get_query(
        &s,
        &format!("?key={PUBLIC}"),
        &[("If-None-Match", "\"other\"")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);

    // Changing a type (only a flag: the version stays) changes the tag.
    let list = s.get(&ct_path(ORG, PROJECT), ADMIN).await.json();
    let newsletter = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "newsletter")
        .unwrap();
    let id = newsletter["id"].as_str().unwrap();
    let body = json!({
        "category": "communication", "subcategory": "general", "label": "newsletter", "name": newsletter["name"],
        "description": newsletter["description"], "document": newsletter["document"],
        "url": newsletter["url"], "validStates": ["accepted", "declined"],
        "consentDuration": "P2Y", "required": true
    });
    let r = s
        .put(&format!("{}/{id}", ct_path(ORG, PROJECT)), ADMIN, &body)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = get_query(&s, &format!("?key={PUBLIC}"), &[("If-None-Match", &etag)]).await;
    assert_eq!(r.status, StatusCode::OK);
    let changed = r.header("etag").unwrap().to_owned();
    assert_ne!(changed, etag);
    let t = r.json()["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "newsletter")
        .cloned()
        .unwrap();
    assert_eq!(t["required"], true);
    // Archiving it drops it and changes the tag again.
    let mut archived = body.clone();
    archived["status"] = json!("archived");
    s.put(&format!("{}/{id}", ct_path(ORG, PROJECT)), ADMIN, &archived)
        .await;
    let r = get_query(
        &s,
        &format!("?key={PUBLIC}"),
        &[("If-None-Match", &changed)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_ne!(r.header("etag"), Some(changed.as_str()));
    assert!(!r.text.contains("newsletter"));
}

#[tokio::test]
async fn key_in_header_or_query_and_same_refusals_as_the_list() {
    let s = start().await;
    let ok = s.get(&manifest_path(ORG, PROJECT), PUBLIC).await;
    assert_eq!(ok.status, StatusCode::OK);
    for key in [PUBLIC, ADMIN] {
        let r = get_query(&s, &format!("?key={key}"), &[]).await;
        assert_eq!((r.status, &r.text), (StatusCode::OK, &ok.text), "{key}");
    }
    // The header wins over the query.
    let r = s
        .get(
            &format!("{}?key=wrong", manifest_path(ORG, PROJECT)),
            PUBLIC,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Refused like the other public routes.
    let cases = [
        ("", StatusCode::UNAUTHORIZED, "Missing API key"),
        ("?key=", StatusCode::UNAUTHORIZED, "Missing API key"),
        (
            "?key=wrong-key",
            StatusCode::UNAUTHORIZED,
            "Invalid API key",
        ),
        (
            "?key=test-public-keyX",
            StatusCode::UNAUTHORIZED,
            "Invalid API key",
        ),
    ];
    for (query, status, message) in cases {
        let r = get_query(&s, query, &[]).await;
        assert_eq!(
            (r.status, r.json()),
            (status, err(401, "Unauthorized", message)),
            "{query}"
        );
    }
    for key in [OTHER_PUBLIC, OTHER_ADMIN] {
        let r = get_query(&s, &format!("?key={key}"), &[]).await;
        assert_eq!(
            (r.status, r.json()),
            (StatusCode::NOT_FOUND, err(404, "Not Found", "Forbidden")),
            "{key}"
        );
    }
    // Wrong organization / project: the list's answer, status and body.
    let unknown = "33333333-3333-4333-8333-333333333333";
    for (org, project, key) in [
        (ORG, unknown, ADMIN),
        (ORG, OTHER_PROJECT, ADMIN),
        (ORG, "not-a-uuid", ADMIN),
        (unknown, PROJECT, ADMIN),
        (OTHER_ORG, OTHER_PROJECT, ADMIN),
        (ORG, unknown, PUBLIC),
        (&ORG.to_uppercase(), &PROJECT.to_uppercase(), PUBLIC),
    ] {
        let list = s.get(&ct_path(org, project), key).await;
        let manifest = s.get(&manifest_path(org, project), key).await;
        assert_eq!(manifest.status, list.status, "{org} {project} {key}");
        if list.status != StatusCode::OK {
            assert_eq!(manifest.json(), list.json(), "{org} {project} {key}");
        }
    }
    assert_eq!(
        s.get(&manifest_path(ORG, unknown), ADMIN).await.status,
        StatusCode::NOT_FOUND
    );
    // Only GET (and HEAD).
    let r = s
        .send(
            Method::POST,
            &manifest_path(ORG, PROJECT),
            Some(ADMIN),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn simple_cors_get_from_an_allowed_origin() {
    let s = start().await;
    // What a browser sends for `fetch(url)` from a customer page: Origin, no custom header.
    let q = format!("?key={PUBLIC}");
    let r = get_query(&s, &q, &[("Origin", DEMO_ORIGIN)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("access-control-allow-origin"), Some(DEMO_ORIGIN));
    assert!(vary_lists(&r, "origin"));
    assert!(r.header("access-control-allow-credentials").is_none());
    // The revalidation carries CORS headers too.
    let etag = r.header("etag").unwrap().to_owned();
    let r = get_query(&s, &q, &[("Origin", DEMO_ORIGIN), ("If-None-Match", &etag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert_eq!(r.header("access-control-allow-origin"), Some(DEMO_ORIGIN));
    // Another site: answered, but the browser may not read it.
    let r = get_query(&s, &q, &[("Origin", "http://evil.example")]).await;
    assert_eq!(r.header("access-control-allow-origin"), None);
    // A wrong key's 401 is readable by the allowed page.
    let r = get_query(&s, "?key=bad", &[("Origin", DEMO_ORIGIN)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.header("access-control-allow-origin"), Some(DEMO_ORIGIN));
    // The demo origin belongs to workspace 1 only.
    let r = s
        .send(
            Method::GET,
            &format!(
                "{}?key={OTHER_PUBLIC}",
                manifest_path(OTHER_ORG, OTHER_PROJECT)
            ),
            None,
            None,
            &[("Origin", DEMO_ORIGIN)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("access-control-allow-origin"), None);
}

/// `PW_REGION_HEADER`: the manifest names the region the CDN's header gives,
/// upper case; unknown codes (`XX`, `T1`) and malformed values are left out,
/// so the loader applies the strictest policy; the answer varies on that
/// header; the settings carry the region rules.
#[tokio::test]
async fn region_from_the_configured_header() {
    let s = start_with(|c| c.region_header = Some("cf-ipcountry".parse().unwrap())).await;
    let settings =
        json!({"defaultPolicy": "opt-in", "regionRules": [{"region": "us", "policy": "opt-out"}]});
    let put = s.put("/v1/ws/1/settings", ADMIN, &settings).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    let q = format!("?key={PUBLIC}");
    for (value, want) in [
        (Some("de"), json!("DE")),
        (Some("US"), json!("US")),
        (Some("XX"), Value::Null),
        (Some("T1"), Value::Null),
        (Some("<script>"), Value::Null),
        (None, Value::Null),
    ] {
        let headers: Vec<(&str, &str)> = value.map(|v| ("cf-ipcountry", v)).into_iter().collect();
        let r = get_query(&s, &q, &headers).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let m = r.json();
        assert_eq!(
            m.get("region").cloned().unwrap_or(Value::Null),
            want,
            "{value:?}"
        );
        assert!(vary_lists(&r, "cf-ipcountry"), "{value:?}");
        assert_eq!(
            m["settings"]["regionRules"],
            json!([{"region": "US", "policy": "opt-out"}])
        );
        assert_eq!(m["settings"]["declinedDuration"], "P6M");
    }
    // Different regions, different validators.
    let de = get_query(&s, &q, &[("cf-ipcountry", "DE")]).await;
    let us = get_query(&s, &q, &[("cf-ipcountry", "US")]).await;
    assert_ne!(de.header("etag"), us.header("etag"));
}

/// Without `PW_REGION_HEADER` the header is ignored.
#[tokio::test]
async fn no_region_without_configuration() {
    let s = start().await;
    let r = get_query(&s, &format!("?key={PUBLIC}"), &[("cf-ipcountry", "US")]).await;
    assert!(r.json().get("region").is_none());
    assert!(!vary_lists(&r, "cf-ipcountry"));
}
