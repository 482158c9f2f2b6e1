//! `/openapi.json` (hand-written, `server/openapi.json`) matches the router:
//! the routes declared in `src/routes/*.rs` and the documented operations are
//! the same set, every documented operation answers over HTTP (no "Cannot GET"
//! 404, no 405), undocumented methods on documented paths are 405, and every
//! `$ref` resolves.
mod common;

use std::collections::BTreeSet;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

/// `/v1/ws/{ws}/X` and `/v1/ws/{workspaceId}/X` are the same route.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// `(method, shape)` of every `.route("path", get(..).post(..))` in the route files.
fn declared_routes() -> BTreeSet<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut rest = src.as_str();
        while let Some(i) = rest.find(".route(") {
            rest = &rest[i + ".route(".len()..];
            // The arguments up to the matching parenthesis.
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .unwrap()
                .0;
            let args = &rest[..end];
            let path = args.split('"').nth(1).unwrap();
            let handlers = &args[args.find(',').unwrap()..];
            for m in METHODS {
                if handlers.contains(&format!("{m}(")) {
                    out.insert((m.to_owned(), shape(path)));
                }
            }
        }
    }
    out
}

fn doc() -> Value {
    serde_json::from_str(pw_server::routes::static_files::OPENAPI_JSON).unwrap()
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in item.as_object().unwrap().keys() {
            out.insert((m.clone(), shape(path)));
        }
    }
    out
}

#[test]
fn document_and_router_list_the_same_routes() {
    let declared = declared_routes();
    assert!(declared.len() >= 20, "{declared:?}");
    assert_eq!(documented(&doc()), declared);
}

#[test]
fn every_ref_resolves() {
    fn walk(v: &Value, root: &Value) {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    let target = r
                        .trim_start_matches('#')
                        .split('/')
                        .skip(1)
                        .fold(root, |node, key| &node[key]);
                    assert!(!target.is_null(), "unresolved {r}");
                }
                o.values().for_each(|v| walk(v, root));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, root)),
            _ => {}
        }
    }
    let d = doc();
    walk(&d, &d);
}

/// A concrete URL for a documented path (demo tenant, ids that may or may not exist).
fn concrete(path: &str) -> String {
    path.replace("{workspaceId}", "1")
        .replace("{organizationId}", ORG)
        .replace("{projectId}", PROJECT)
        .replace("/id/{id}", "/id/1")
        .replace("{id}", "1")
        .replace("{contactId}", "1")
}

#[tokio::test]
async fn every_documented_operation_is_served_and_others_are_405() {
    let s = start().await;
    let d = doc();
    for (path, item) in d["paths"].as_object().unwrap() {
        let url = concrete(path);
        for m in METHODS {
            let method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap();
            let body = matches!(m, "post" | "put").then(|| json!({}));
            let r = s.send(method, &url, Some(ADMIN), body.as_ref(), &[]).await;
            if item.get(m).is_some() {
                assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{m} {path}");
                let missing_route =
                    r.status == StatusCode::NOT_FOUND && r.text.contains("\"message\":\"Cannot ");
                assert!(!missing_route, "{m} {path}: {}", r.text);
                assert!(!r.status.is_server_error(), "{m} {path}: {}", r.text);
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{m} {path} is not documented"
                );
            }
        }
    }
}

/// The documented bounds are the model's constants (what the server enforces).
#[test]
fn documented_bounds_are_the_models() {
    use pw_model::{consent_record, consent_type, contact, dsr};
    let d = doc();
    let s = &d["components"]["schemas"];
    let dsr_props = &s["DataSubjectRequest"]["properties"];
    for (field, max) in [
        ("email", dsr::SHORT_TEXT),
        ("userId", dsr::SHORT_TEXT),
        ("refId", dsr::SHORT_TEXT),
        ("demandId", dsr::SHORT_TEXT),
        ("message", dsr::LONG_TEXT),
        ("additionalDatas", dsr::LONG_TEXT),
        ("resolutionMessage", dsr::LONG_TEXT),
        ("locale", dsr::LOCALE_TEXT),
        ("referrerUrl", dsr::URL_TEXT),
    ] {
        assert_eq!(dsr_props[field]["maxLength"], json!(max), "{field}");
    }
    assert_eq!(dsr_props["tags"]["maxItems"], json!(dsr::MAX_TAGS));
    let tag = &s["NewTag"]["properties"];
    assert_eq!(tag["label"]["maxLength"], json!(dsr::SHORT_TEXT));
    assert_eq!(tag["color"]["maxLength"], json!(dsr::SHORT_TEXT));
    assert_eq!(
        d["paths"]["/v1/ws/{workspaceId}/Tags"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"]["maxItems"],
        json!(dsr::MAX_WORKSPACE_TAGS)
    );
    assert_eq!(
        dsr_props["purposes"]["maxItems"],
        json!(pw_model::Purpose::ALL.len())
    );
    let ct = &s["NewConsentType"]["properties"];
    assert_eq!(ct["url"]["maxLength"], json!(consent_type::URL_MAX));
    assert_eq!(
        ct["validStates"]["maxItems"],
        json!(consent_type::MAX_VALID_STATES)
    );
    assert_eq!(
        ct["validStates"]["items"]["maxLength"],
        json!(consent_type::STATE_MAX)
    );
    assert_eq!(
        ct["consentDuration"]["maxLength"],
        json!(consent_type::DURATION_MAX)
    );
    assert_eq!(
        s["NewConsentRecord"]["properties"]["decisions"]["maxItems"],
        json!(consent_record::MAX_DECISIONS)
    );
    assert_eq!(
        s["NewDataSystemContact"]["properties"]["dataSystems"]["maxItems"],
        json!(contact::MAX_DATA_SYSTEMS)
    );
    let q = d["paths"]["/v1/ws/{workspaceId}/DataSubjectRequests"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "q")
        .unwrap()
        .clone();
    assert_eq!(q["schema"]["maxLength"], json!(dsr::MAX_Q));
}
