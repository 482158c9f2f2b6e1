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
