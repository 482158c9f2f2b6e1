//! Widget settings, keys and allowed origins (issue 17) over real HTTP: the
//! settings' rules answer 400 with the seed body, the DSR intake follows the
//! saved required fields and offered types, the manifest carries them; keys
//! are shown once, stored hashed and refused at once when revoked; origins
//! open and close CORS from the next request.
mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const SETTINGS: &str = "/v1/ws/1/settings";
const KEYS: &str = "/v1/ws/1/keys";
const ORIGINS: &str = "/v1/ws/1/origins";
const DSRS: &str = "/v1/ws/1/DataSubjectRequests";

fn settings_with(change: Value) -> Value {
    let mut s: Value = serde_json::to_value(pw_model::WidgetSettings::default()).unwrap();
    for (k, v) in change.as_object().unwrap() {
        s[k] = v.clone();
    }
    s
}

#[tokio::test]
async fn settings_default_then_saved_and_checked() {
    let s = start().await;
    let r = s.get(SETTINGS, ADMIN).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["required"]["email"], true);
    assert_eq!(r.json()["locales"], json!(["en", "fr", "nl", "de"]));

    // Every rule answers 400 naming the field, with the seed body.
    let bad = settings_with(
        json!({"accentLight": "#ffff00", "privacyPolicyUrl": "javascript:x", "locales": []}),
    );
    let r = s.put(SETTINGS, ADMIN, &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    let msg = r.json()["message"].to_string();
    for field in ["accentLight", "privacyPolicyUrl", "locales"] {
        assert!(msg.contains(field), "{msg}");
    }
    assert_eq!(r.json()["statusCode"], 400);

    let good = settings_with(
        json!({"organisationName": "Shop & Co", "theme": "dark", "locales": ["fr", "en"]}),
    );
    let r = s.put(SETTINGS, ADMIN, &good).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        s.get(SETTINGS, ADMIN).await.json()["organisationName"],
        "Shop & Co"
    );
    // The widget reads them with the manifest.
    let m = s
        .get(
            &format!("/organizations/{ORG}/projects/{PROJECT}/consent-manifest"),
            PUBLIC,
        )
        .await;
    assert_eq!(m.json()["settings"]["theme"], "dark");
    assert_eq!(m.json()["settings"]["locales"], json!(["fr", "en"]));

    // Admin only, and only its own workspace.
    assert_eq!(s.get(SETTINGS, PUBLIC).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        s.put(SETTINGS, OTHER_ADMIN, &good).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(s.get(SETTINGS, "").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn intake_follows_the_saved_required_fields_and_types() {
    let s = start().await;
    let no_email = json!({"purposes": ["Access"], "givenName": "Ada"});
    // Default: e-mail required.
    let r = s.post(DSRS, PUBLIC, &no_email).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(r.text.contains("email"), "{}", r.text);

    // E-mail optional, family name required, only Access and Erasure offered.
    let mut required: Value = serde_json::to_value(pw_model::RequiredFields::default()).unwrap();
    required["email"] = json!(false);
    required["familyName"] = json!(true);
    let r = s
        .put(
            SETTINGS,
            ADMIN,
            &settings_with(json!({"required": required, "purposes": ["Erasure", "Access"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let r = s.post(DSRS, PUBLIC, &no_email).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(r.text.contains("familyName"), "{}", r.text);
    assert!(!r.text.contains("email"), "{}", r.text);

    let ok = json!({"purposes": ["Access"], "givenName": "Ada", "familyName": "Lovelace"});
    let r = s.post(DSRS, PUBLIC, &ok).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // A type the form does not offer is refused for the widget, not for the team.
    let other = json!({"purposes": ["Portability"], "familyName": "Lovelace"});
    let r = s.post(DSRS, PUBLIC, &other).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(r.text.contains("purposes"), "{}", r.text);
    assert_eq!(
        s.post(DSRS, ADMIN, &other).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn keys_shown_once_stored_hashed_revoked_at_once() {
    let s = start().await;
    let r = s
        .post(
            KEYS,
            ADMIN,
            &json!({"name": "Shop widget", "scope": "public"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let created = r.json();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("pw_pub_"), "{secret}");
    assert_eq!(created["projectId"], PROJECT);
    let id = created["id"].as_i64().unwrap();

    let r = s
        .post(
            KEYS,
            ADMIN,
            &json!({"name": "Second admin", "scope": "admin"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let admin2 = r.json()["secret"].as_str().unwrap().to_owned();
    let admin2_id = r.json()["id"].as_i64().unwrap();
    // Stored as a hash only.
    assert_eq!(
        s.count(&format!(
            "SELECT COUNT(*) FROM api_keys WHERE display = '{admin2}'"
        ))
        .await,
        0
    );

    // The list never carries an admin secret, marks the caller's key.
    let list = s.get(KEYS, ADMIN).await.json();
    let text = list.to_string();
    assert!(!text.contains(&admin2), "{text}");
    let me: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["current"] == true)
        .collect();
    assert_eq!(me.len(), 1);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["name"] == "Second admin"
            && k["hint"]
                .as_str()
                .unwrap()
                .ends_with(&admin2[admin2.len() - 4..])));

    // The new keys work.
    let ok = json!({"purposes": ["Access"], "email": "a@example.com"});
    assert_eq!(s.post(DSRS, &secret, &ok).await.status, StatusCode::CREATED);
    assert_eq!(s.get(SETTINGS, &admin2).await.status, StatusCode::OK);

    // Revoked: refused at once (the key cache is warm from the calls above).
    assert_eq!(
        s.delete(&format!("{KEYS}/{id}"), ADMIN).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        s.post(DSRS, &secret, &ok).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.delete(&format!("{KEYS}/{id}"), ADMIN).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(s
        .get(KEYS, ADMIN)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["id"] == id && k["revokedAt"].is_string()));

    // Not the caller's own key; another admin key may revoke it.
    let my_id = me[0]["id"].as_i64().unwrap();
    assert_eq!(
        s.delete(&format!("{KEYS}/{my_id}"), ADMIN).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        s.delete(&format!("{KEYS}/{admin2_id}"), &admin2)
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        s.delete(&format!("{KEYS}/{my_id}"), &admin2).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        s.get(SETTINGS, ADMIN).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Bounds and other tenants.
    let r = s
        .post(KEYS, &admin2, &json!({"name": "", "scope": "root"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(
        r.text.contains("name") && r.text.contains("scope"),
        "{}",
        r.text
    );
    let r = s
        .post(
            KEYS,
            &admin2,
            &json!({"name": "x", "scope": "public", "projectId": OTHER_PROJECT}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(
        s.delete(&format!("{KEYS}/999999"), &admin2).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.get(KEYS, OTHER_ADMIN).await.status, StatusCode::FORBIDDEN);
    assert_eq!(s.get(KEYS, PUBLIC).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn origins_open_and_close_cors() {
    let s = start().await;
    let shop = "https://shop.example";
    let preflight = async |origin: &str| {
        s.send(
            Method::OPTIONS,
            DSRS,
            None,
            None,
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
            ],
        )
        .await
        .header("access-control-allow-origin")
        .map(str::to_owned)
    };
    assert_eq!(preflight(shop).await, None);

    let r = s
        .post(
            ORIGINS,
            ADMIN,
            &json!({"origin": "HTTPS://Shop.Example:443/"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["origin"], shop);
    assert_eq!(
        s.post(ORIGINS, ADMIN, &json!({"origin": shop}))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(preflight(shop).await.as_deref(), Some(shop));
    let list = s.get(ORIGINS, ADMIN).await.json();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["origin"] == shop && o["demo"] == false));

    let r = s
        .delete(
            &format!("{ORIGINS}/{}", "https%3A%2F%2Fshop.example"),
            ADMIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    assert_eq!(preflight(shop).await, None);
    assert_eq!(
        s.delete(
            &format!("{ORIGINS}/{}", "https%3A%2F%2Fshop.example"),
            ADMIN
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    for bad in [
        "shop.example",
        "https://shop.example/path",
        "ftp://x.example",
        "",
    ] {
        let r = s.post(ORIGINS, ADMIN, &json!({"origin": bad})).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.text);
        assert!(r.text.contains("origin"), "{}", r.text);
    }
    assert_eq!(s.get(ORIGINS, PUBLIC).await.status, StatusCode::FORBIDDEN);
}

/// The workspace's `deadlinePolicy` sets a new request's `expiryTime`: one
/// calendar month under the GDPR (default), 45 days under the CCPA; requests
/// already received keep theirs; an unknown policy is refused.
#[tokio::test]
async fn deadline_policy_sets_the_expiry_of_new_requests() {
    let s = start().await;
    let body = json!({"email": "ada@example.com", "purposes": ["Access"]});
    let days = |d: &Value| {
        let parse = |k: &str| chrono::DateTime::parse_from_rfc3339(d[k].as_str().unwrap()).unwrap();
        (parse("expiryTime") - parse("dateCreation")).num_days()
    };
    let gdpr = s.create_dsr(body.clone()).await;
    assert!((28..=31).contains(&days(&gdpr)), "{gdpr}");

    let bad = s
        .put(
            SETTINGS,
            ADMIN,
            &settings_with(json!({"deadlinePolicy": "lgpd"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    let put = s
        .put(
            SETTINGS,
            ADMIN,
            &settings_with(json!({"deadlinePolicy": "ccpa"})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    let ccpa = s.create_dsr(body).await;
    assert_eq!(days(&ccpa), 45, "{ccpa}");
    assert!((44..=45).contains(&ccpa["remainingDays"].as_i64().unwrap()));
    let before = s.get(&format!("{DSRS}/{}", gdpr["id"]), ADMIN).await.json();
    assert_eq!(before["expiryTime"], gdpr["expiryTime"]);
}
