//! The audit log of a request (issue 16, point 7) over real HTTP: creation,
//! a PUT, a workflow move, archive and restore each leave entries naming the
//! key; workflow fields in clear, personal data only as a hash; nothing when
//! nothing changed; entries cannot be written through the API; the log goes
//! with the erased request; other keys and workspaces get 403/404.
mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DSRS: &str = "/v1/ws/1/DataSubjectRequests";

fn audit(id: i64) -> String {
    format!("{DSRS}/{id}/audit")
}

fn fields(log: &Value) -> Vec<String> {
    log.as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_change_is_logged_with_its_key_and_erased_with_the_request() {
    let s = start().await;
    let created = s
        .create_dsr(json!({"email": "ada@example.com", "givenName": "Ada", "purposes": ["Access"]}))
        .await;
    let id = created["id"].as_i64().unwrap();
    let log = s.get(&audit(id), ADMIN).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    assert_eq!(fields(&log.json()), ["created"]);

    // A PUT changing the e-mail and the purposes, then the same PUT again.
    let mut body = created.clone();
    body["email"] = json!("ada.lovelace@example.com");
    body["purposes"] = json!(["Access", "Erasure"]);
    for _ in 0..2 {
        let r = s.put(&format!("{DSRS}/{id}"), ADMIN, &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let r = s
        .post(
            &format!("{DSRS}/workflow"),
            ADMIN,
            &json!({"id": id, "stepId": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        s.post_empty(&format!("{DSRS}/archive/{id}"), ADMIN)
            .await
            .status,
        StatusCode::OK
    );

    let log = s.get(&audit(id), ADMIN).await.json();
    let f = fields(&log);
    assert_eq!(f[0], "created");
    assert!(
        f.contains(&"email".to_owned()) && f.contains(&"purposes".to_owned()),
        "{f:?}"
    );
    assert_eq!(
        f.iter().filter(|x| *x == "email").count(),
        1,
        "a PUT that changes nothing logs nothing"
    );
    assert!(
        f.contains(&"state".to_owned()) && f.contains(&"archived".to_owned()),
        "{f:?}"
    );
    let entry = |name: &str| {
        log.as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == name)
            .unwrap()
            .clone()
    };
    // Personal data as a hash only; the workflow in clear.
    let email = entry("email");
    assert!(email["oldValue"].as_str().unwrap().starts_with("sha256:"));
    assert!(!log.to_string().contains("lovelace"), "{log}");
    assert_eq!(entry("state")["oldValue"], "\"Open\"");
    assert_eq!(entry("state")["newValue"], "\"IdentityValidation\"");
    assert_eq!(entry("purposes")["newValue"], "[\"Access\",\"Erasure\"]");
    // Which key: the admin key's name or hint.
    assert!(
        email.get("keyHint").is_some() || email.get("keyName").is_some(),
        "{email}"
    );
    assert!(email["at"].as_str().unwrap().ends_with('Z'));

    // Read only: no route writes the log.
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let r = s
            .send(method, &audit(id), Some(ADMIN), Some(&json!({})), &[])
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    }
    // Other keys and workspaces.
    assert_eq!(
        s.get(&audit(id), PUBLIC).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.get(&audit(id), OTHER_ADMIN).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.get(&audit(999_999), ADMIN).await.status,
        StatusCode::NOT_FOUND
    );

    // Erased with the request.
    assert_eq!(
        s.delete(&format!("{DSRS}/{id}"), ADMIN).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(s.get(&audit(id), ADMIN).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        s.count(&format!(
            "SELECT COUNT(*) FROM dsr_audit WHERE dsr_id = {id}"
        ))
        .await,
        0
    );
}

/// `POST .../{id}/extension`: the deadline moves to receipt + 3 months (GDPR)
/// once, with the reason in the history; a blank reason is 400, a second
/// extension or a closed request 409; under the CCPA the extension is 90 days.
#[tokio::test]
async fn a_deadline_is_extended_once_with_its_reason() {
    let s = start().await;
    let body = json!({"email": "ada@example.com", "purposes": ["Access"]});
    let d = s.create_dsr(body.clone()).await;
    let id = d["id"].as_i64().unwrap();
    let ext = format!("{DSRS}/{id}/extension");
    let days = |d: &Value| {
        let t = |k: &str| chrono::DateTime::parse_from_rfc3339(d[k].as_str().unwrap()).unwrap();
        (t("expiryTime") - t("dateCreation")).num_days()
    };
    assert_eq!(
        s.post(&ext, ADMIN, &json!({"reason": "  "})).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.post(&ext, ADMIN, &json!({"reason": "x".repeat(2001)}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.post(&ext, PUBLIC, &json!({"reason": "r"})).await.status,
        StatusCode::FORBIDDEN
    );
    let r = s
        .post(&ext, ADMIN, &json!({"reason": "Many systems to search."}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!((89..=92).contains(&days(&r.json())), "{}", r.text);
    assert!(r.json()["remainingDays"].as_i64().unwrap() >= 88);
    let again = s.post(&ext, ADMIN, &json!({"reason": "Again."})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    let log = s.get(&audit(id), ADMIN).await.json();
    let f = fields(&log);
    assert!(
        f.contains(&"expiryTime".to_owned()) && f.contains(&"extensionReason".to_owned()),
        "{f:?}"
    );
    assert!(log.to_string().contains("Many systems to search."));
    assert_eq!(
        s.post(
            &format!("{DSRS}/999999/extension"),
            ADMIN,
            &json!({"reason": "r"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    // A closed request: 409.
    let closed = s.create_dsr(body.clone()).await["id"].as_i64().unwrap();
    let r = s
        .post(
            &format!("{DSRS}/workflow"),
            ADMIN,
            &json!({"id": closed, "stepId": 4}),
        )
        .await;
    assert_eq!(r.json()["state"], "Closed", "{}", r.text);
    let r = s
        .post(
            &format!("{DSRS}/{closed}/extension"),
            ADMIN,
            &json!({"reason": "r"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // CCPA: 45 + 45 days.
    let mut settings: Value = serde_json::to_value(pw_model::WidgetSettings::default()).unwrap();
    settings["deadlinePolicy"] = json!("ccpa");
    assert_eq!(
        s.put("/v1/ws/1/settings", ADMIN, &settings).await.status,
        StatusCode::OK
    );
    let ccpa = s.create_dsr(body).await["id"].as_i64().unwrap();
    let r = s
        .post(
            &format!("{DSRS}/{ccpa}/extension"),
            ADMIN,
            &json!({"reason": "r"}),
        )
        .await;
    assert_eq!(days(&r.json()), 90, "{}", r.text);
}
