//! Concord consent types (seed 001) and our consent records over real HTTP:
//! create/list/get/update, defaults, versioning and requireReacceptVersion,
//! unique label (422), validation (422), public-key visibility, records.
mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn strip_dynamic(mut v: Value) -> Value {
    let o = v.as_object_mut().unwrap();
    for k in ["id", "dateCreated", "dateUpdated"] {
        assert!(o.remove(k).is_some(), "{k} missing");
    }
    v
}

#[tokio::test]
async fn create_applies_seed_defaults_and_version_1() {
    let s = start().await;
    let path = ct_path(ORG, PROJECT);
    let r = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "disclosure", "label": "terms_v2", "subcategory": [null]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let v = r.json();
    assert_eq!(v["dateCreated"], v["dateUpdated"]);
    assert_eq!(
        strip_dynamic(v.clone()),
        json!({
            "organization": ORG, "project": PROJECT, "category": "disclosure", "subcategory": [null],
            "label": "terms_v2", "version": 1, "readOnly": false, "status": "active",
            "required": false, "requireReacceptVersion": 0
        })
    );
    let id = v["id"].as_str().unwrap();
    let g = s.get(&format!("{path}/{id}"), ADMIN).await;
    assert_eq!(g.status, StatusCode::OK);
    assert_eq!(g.json(), v);
    // Upper-case uuids in the path are the same resources.
    let g = s
        .get(
            &format!(
                "{}/{}",
                ct_path(&ORG.to_uppercase(), PROJECT),
                id.to_uppercase()
            ),
            ADMIN,
        )
        .await;
    assert_eq!(g.json(), v);
}

#[tokio::test]
async fn full_body_round_trips() {
    let s = start().await;
    let body = json!({
        "category": "communication", "subcategory": "general", "label": "sms_offers", "name": "SMS offers",
        "description": "Texts about offers", "document": "Full text", "url": "https://shop.example/sms",
        "validStates": ["accepted", "declined"], "consentDuration": "P1Y6M", "status": "test",
        "required": true, "requireReaccept": true
    });
    let v = s.post(&ct_path(ORG, PROJECT), ADMIN, &body).await.json();
    assert_eq!(
        strip_dynamic(v),
        json!({
            "organization": ORG, "project": PROJECT, "category": "communication", "subcategory": "general", "label": "sms_offers",
            "version": 1, "name": "SMS offers", "description": "Texts about offers", "document": "Full text",
            "url": "https://shop.example/sms", "readOnly": false, "validStates": ["accepted", "declined"],
            "status": "test", "consentDuration": "P1Y6M", "required": true, "requireReacceptVersion": 1
        })
    );
}

#[tokio::test]
async fn versioning_and_require_reaccept() {
    let s = start().await;
    let path = ct_path(ORG, PROJECT);
    let mut body = json!({"category": "privacy_setting", "subcategory": "general", "label": "ads", "name": "Ads cookies", "document": "v1 text"});
    let v = s.post(&path, ADMIN, &body).await.json();
    let one = format!("{path}/{}", v["id"].as_str().unwrap());

    // No content change (status only): version stays.
    body["status"] = json!("test");
    let v = s.put(&one, ADMIN, &body).await.json();
    assert_eq!(
        (
            v["version"].clone(),
            v["requireReacceptVersion"].clone(),
            v["status"].clone()
        ),
        (json!(1), json!(0), json!("test"))
    );

    // Document change: version 2, no reaccept asked.
    body["document"] = json!("v2 text");
    let v = s.put(&one, ADMIN, &body).await.json();
    assert_eq!(
        (v["version"].clone(), v["requireReacceptVersion"].clone()),
        (json!(2), json!(0))
    );

    // Document change with requireReaccept: version 3, reaccept from 3.
    body["document"] = json!("v3 text");
    body["requireReaccept"] = json!(true);
    let v = s.put(&one, ADMIN, &body).await.json();
    assert_eq!(
        (v["version"].clone(), v["requireReacceptVersion"].clone()),
        (json!(3), json!(3))
    );

    // Name change without requireReaccept: version 4, reaccept stays at 3.
    body["name"] = json!("Advertising cookies");
    body["requireReaccept"] = json!(false);
    let v = s.put(&one, ADMIN, &body).await.json();
    assert_eq!(
        (v["version"].clone(), v["requireReacceptVersion"].clone()),
        (json!(4), json!(3))
    );
    assert_eq!(s.get(&one, ADMIN).await.json(), v);
}

#[tokio::test]
async fn unique_label_and_validation_are_422() {
    let s = start().await;
    let path = ct_path(ORG, PROJECT);
    // "analytics" is a demo type of this project.
    let r = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "analytics"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "label already exists in this project"
        )
    );
    // Same label in another project is fine.
    let r = s
        .post(
            &ct_path(OTHER_ORG, OTHER_PROJECT),
            OTHER_ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "analytics"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    // Renaming onto an existing label: 422 too.
    let v = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "fresh"}),
        )
        .await
        .json();
    let r = s
        .put(
            &format!("{path}/{}", v["id"].as_str().unwrap()),
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "newsletter"}),
        )
        .await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "label already exists in this project"
        )
    );

    let r = s
        .post(&path, ADMIN, &json!({"category": "gossip", "label": "Bad-Label", "name": "abc", "url": "example.com", "consentDuration": "1 year", "status": "deleted", "validStates": ["maybe"]}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json(),
        err(422, "Unprocessable Entity", "category has an unknown value; subcategory is required; label may only contain a-z, 0-9, _ and *; name must be at least 5 characters; url must be an http or https URL such as https://example.com; consentDuration must be an ISO 8601 duration such as P1Y or PT12H; status has an unknown value")
    );
    // Missing required field and wrong type: 422 with serde's message.
    let r = s.post(&path, ADMIN, &json!({"label": "x"})).await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "missing field `category` at line 1 column 13"
        )
    );
    let r = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "x", "required": "yes"}),
        )
        .await;
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "required: invalid type: string \"yes\", expected a boolean at line 1 column 49"
        )
    );
}

#[tokio::test]
async fn document_of_five_million_chars_is_accepted_and_one_more_is_422() {
    let s = start().await;
    let path = ct_path(ORG, PROJECT);
    let doc = "a".repeat(5_000_000);
    let r = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "disclosure", "subcategory": "general", "label": "big", "document": doc}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let doc = "a".repeat(5_000_001);
    let r = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "disclosure", "subcategory": "general", "label": "big2", "document": doc}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json(),
        err(
            422,
            "Unprocessable Entity",
            "document must be at most 5000000 characters"
        )
    );
}

#[tokio::test]
async fn public_key_sees_only_active_types_of_its_project() {
    let s = start().await;
    let path = ct_path(ORG, PROJECT);
    let test_type = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "beta", "status": "test"}),
        )
        .await
        .json();
    let admin_list = s.get(&path, ADMIN).await.json();
    let public_list = s.get(&path, PUBLIC).await.json();
    let labels = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        labels(&public_list),
        [
            "newsletter",
            "product_reviews",
            "privacy_policy",
            "analytics",
            "marketing"
        ]
    );
    assert!(labels(&admin_list).contains(&"beta".to_owned()));
    assert_eq!(
        labels(&s.get(&format!("{path}?status=test"), ADMIN).await.json()),
        ["beta"]
    );
    assert!(public_list
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["status"] == "active"));
    // Exactly one demo type is required.
    assert_eq!(
        public_list
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["required"] == true)
            .count(),
        1
    );
    // GET one: the test type is invisible to the widget.
    let one = format!("{path}/{}", test_type["id"].as_str().unwrap());
    assert_eq!(
        s.get(&one, PUBLIC).await.json(),
        err(404, "Not Found", "Not Found")
    );
    assert_eq!(s.get(&one, ADMIN).await.status, StatusCode::OK);
    let active_id = public_list[0]["id"].as_str().unwrap();
    assert_eq!(
        s.get(&format!("{path}/{active_id}"), PUBLIC).await.json(),
        public_list[0]
    );
    // Unknown id, non-uuid id, unknown project of the own org.
    assert_eq!(
        s.get(
            &format!("{path}/00000000-0000-4000-8000-000000000000"),
            ADMIN
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(&format!("{path}/nope"), ADMIN).await.json(),
        err(404, "Not Found", "Not Found")
    );
    let r = s
        .get(&ct_path(ORG, "00000000-0000-4000-8000-000000000000"), ADMIN)
        .await;
    assert_eq!(r.json(), err(404, "Not Found", "Not Found"));
}

#[tokio::test]
async fn consent_records_store_and_list() {
    let s = start().await;
    let types = s.get(&ct_path(ORG, PROJECT), PUBLIC).await.json();
    let analytics = types
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "analytics")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let newsletter = types
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "newsletter")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let records = format!("/organizations/{ORG}/projects/{PROJECT}/consent-records");
    let subject = "0b7e7b1c-4a57-4f1e-9a3c-2f7d6b1e9c11";
    let body = json!({
        "subjectId": subject,
        "decisions": [
            {"consentTypeId": analytics, "version": 1, "state": "accepted"},
            {"consentTypeId": newsletter, "version": 1, "state": "declined"}
        ],
        "source": "banner",
        "userAgent": "Mozilla/5.0 (test)"
    });
    let r = s.post_idem(&records, PUBLIC, &body, "rec-1").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let stored = r.json();
    let items = stored.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for (item, (type_id, state)) in items
        .iter()
        .zip([(&analytics, "accepted"), (&newsletter, "declined")])
    {
        let mut item = item.clone();
        let o = item.as_object_mut().unwrap();
        assert_eq!(o.remove("id").unwrap().as_str().unwrap().len(), 36);
        assert!(o.remove("dateCreated").unwrap().is_string());
        // Proof of consent (issue 15): chain position, hash and text hash;
        // checked in detail by consent_proof.rs.
        assert!(o.remove("seq").unwrap().is_u64());
        assert_eq!(o.remove("hash").unwrap().as_str().unwrap().len(), 64);
        assert_eq!(o.remove("textHash").unwrap().as_str().unwrap().len(), 64);
        assert_eq!(
            item,
            json!({
                "organization": ORG, "project": PROJECT, "subjectId": subject, "consentTypeId": type_id,
                "version": 1, "state": state, "source": "banner", "userAgent": "Mozilla/5.0 (test)"
            })
        );
    }
    // Retry with the same key: same records, nothing added.
    let again = s.post_idem(&records, PUBLIC, &body, "rec-1").await;
    assert_eq!(again.json(), stored);
    assert_eq!(s.count("SELECT COUNT(*) FROM consent_records").await, 2);

    // Admin lists, filtered by subject and type; the public key may not.
    let all = s
        .get(&format!("{records}?subjectId={subject}"), ADMIN)
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.json(), stored);
    let one = s
        .get(
            &format!("{records}?subjectId={subject}&consentTypeId={newsletter}"),
            ADMIN,
        )
        .await
        .json();
    assert_eq!(one, json!([stored[1]]));
    assert_eq!(
        s.get(
            &format!("{records}?subjectId=00000000-0000-4000-8000-000000000000"),
            ADMIN
        )
        .await
        .json(),
        json!([])
    );
    assert_eq!(
        s.get(&format!("{records}?subjectId=bob"), ADMIN)
            .await
            .json(),
        err(400, "Bad Request", "subjectId must be a UUID")
    );
    assert_eq!(
        s.get(&records, PUBLIC).await.json(),
        err(403, "Forbidden", "Forbidden")
    );
}

#[tokio::test]
async fn consent_record_rules_are_422() {
    let s = start().await;
    let records = format!("/organizations/{ORG}/projects/{PROJECT}/consent-records");
    let path = ct_path(ORG, PROJECT);
    let hidden = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "hidden", "status": "archived"}),
        )
        .await
        .json();
    let limited = s
        .post(
            &path,
            ADMIN,
            &json!({"category": "custom", "subcategory": "general", "label": "limited", "validStates": ["accepted"]}),
        )
        .await
        .json();
    let subject = "0b7e7b1c-4a57-4f1e-9a3c-2f7d6b1e9c11";
    let decide = |id: &Value, version: u32, state: &str| json!({"subjectId": subject, "decisions": [{"consentTypeId": id, "version": version, "state": state}]});
    let cases = [
        (
            decide(&json!("not-a-uuid"), 1, "accepted"),
            "decisions[0].consentTypeId must be a UUID",
        ),
        (
            decide(
                &json!("00000000-0000-4000-8000-000000000000"),
                1,
                "accepted",
            ),
            "decisions[0].consentTypeId is not a consent type of this project",
        ),
        (
            decide(&hidden["id"], 1, "accepted"),
            "decisions[0].consentTypeId is not a consent type of this project",
        ),
        (
            decide(&limited["id"], 2, "accepted"),
            "decisions[0].version is newer than the consent type's version 1",
        ),
        (
            decide(&limited["id"], 1, "declined"),
            "decisions[0].state is not one of the consent type's validStates",
        ),
        (
            decide(&limited["id"], 1, "implied"),
            "decisions[0].state has an unknown value",
        ),
        (
            json!({"subjectId": "me", "decisions": []}),
            "subjectId must be a UUID; decisions is required",
        ),
        (
            json!({"subjectId": subject, "decisions": [{"consentTypeId": limited["id"], "version": -1, "state": "accepted"}]}),
            "decisions[0].version: invalid value: integer `-1`, expected u32 at line 1 column 101",
        ),
    ];
    for (body, message) in cases {
        let r = s.post(&records, PUBLIC, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert_eq!(r.json(), err(422, "Unprocessable Entity", message));
    }
    assert_eq!(s.count("SELECT COUNT(*) FROM consent_records").await, 0);
    // An archived type may still be recorded by an admin (e.g. importing history).
    assert_eq!(
        s.post(&records, ADMIN, &decide(&hidden["id"], 1, "accepted"))
            .await
            .status,
        StatusCode::CREATED
    );
    // Another organization's public key: the seeds' 404 "Forbidden".
    let r = s
        .post(
            &records,
            OTHER_PUBLIC,
            &decide(&limited["id"], 1, "accepted"),
        )
        .await;
    assert_eq!(r.json(), err(404, "Not Found", "Forbidden"));
}

#[tokio::test]
async fn consent_mode_signals_are_stored_checked_and_in_the_manifest() {
    let s = start().await;
    let path = ct_path(ORG, PROJECT);
    let body = json!({"category": "privacy_setting", "subcategory": "ads", "label": "ads",
        "consentMode": ["ad_storage", "ad_user_data", "ad_personalization"]});
    let r = s.post(&path, ADMIN, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["consentMode"], body["consentMode"]);
    let id = r.json()["id"].as_str().unwrap().to_owned();

    let manifest = s
        .get(
            &format!("/organizations/{ORG}/projects/{PROJECT}/consent-manifest"),
            PUBLIC,
        )
        .await
        .json();
    let ads = manifest["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id.as_str())
        .unwrap();
    assert_eq!(ads["consentMode"], body["consentMode"]);

    // Unknown or repeated signals: 422 naming the field; nothing stored.
    for bad in [
        json!(["ad_storage", "cookies"]),
        json!(["ad_storage", "ad_storage"]),
    ] {
        let mut b = body.clone();
        b["label"] = json!("ads_bad");
        b["consentMode"] = bad;
        let r = s.post(&path, ADMIN, &b).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains("consentMode"), "{}", r.text);
    }
    // A PUT without the field drops the mapping.
    let mut put = body.clone();
    put.as_object_mut().unwrap().remove("consentMode");
    let r = s.put(&format!("{path}/{id}"), ADMIN, &put).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.json().get("consentMode").is_none(), "{}", r.text);
}
