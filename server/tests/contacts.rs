//! Concord data system contacts (seed 000) and URN-service organisation
//! contacts (seed 003) over real HTTP, with every URN error code.
mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn urn(code: u32, message: &str) -> Value {
    json!({ "code": code, "message": message })
}

#[tokio::test]
async fn data_system_contact_create_and_list() {
    let s = start().await;
    let path = format!("/organizations/{ORG}/data-system-contacts");
    let body = json!({
        "name": "Jane DPO", "status": "active", "email": "user@example.com", "phoneNumber": "string",
        "contactType": "5EA4D187-63A3-4CC6-988A-CAC0B400805A", "description": "Data protection officer",
        "dataSystems": ["crm-1", "mail-2"]
    });
    let r = s.post_idem(&path, ADMIN, &body, "c1").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let mut v = r.json();
    let o = v.as_object_mut().unwrap();
    let id = o.remove("id").unwrap();
    assert_eq!(id.as_str().unwrap().len(), 36);
    let created = o.remove("dateCreated").unwrap().as_i64().unwrap();
    assert_eq!(o.remove("dateUpdated").unwrap().as_i64().unwrap(), created);
    assert!(created > 1_700_000_000_000, "epoch milliseconds");
    assert_eq!(
        v,
        json!({
            "organizationId": ORG, "name": "Jane DPO", "email": "user@example.com", "phoneNumber": "string",
            "status": "active", "contactType": {"id": "5ea4d187-63a3-4cc6-988a-cac0b400805a"},
            "description": "Data protection officer", "dataSystems": [{"id": "crm-1"}, {"id": "mail-2"}]
        })
    );
    let again = s.post_idem(&path, ADMIN, &body, "c1").await;
    assert_eq!(again.json()["id"], id);
    let list = s.get(&path, ADMIN).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json().as_array().unwrap().len(), 1);
    assert_eq!(list.json()[0]["id"], id);

    // Validation: 422 with the model's messages.
    let r = s
        .post(&path, ADMIN, &json!({"name": "", "status": "gone", "email": "x", "phoneNumber": "1", "contactType": "nope"}))
        .await;
    assert_eq!(
        r.json(),
        err(422, "Unprocessable Entity", "name is required; status has an unknown value; email must be a valid e-mail address; contactType must be a UUID")
    );
    // Auth: the organization's public key 403 (admin route); another
    // organization's key, or an organization that does not exist: the seeds' 404
    // "Forbidden", the same answer for both.
    assert_eq!(
        s.post(&path, PUBLIC, &body).await.json(),
        err(403, "Forbidden", "Forbidden")
    );
    assert_eq!(
        s.post(&path, OTHER_ADMIN, &body).await.json(),
        err(404, "Not Found", "Forbidden")
    );
    let r = s.get(&path, OTHER_ADMIN).await;
    assert_eq!(
        (r.status, r.json()),
        (StatusCode::NOT_FOUND, err(404, "Not Found", "Forbidden"))
    );
    let unknown = "/organizations/33333333-3333-4333-8333-333333333333/data-system-contacts";
    assert_eq!(
        s.get(unknown, ADMIN).await.json(),
        err(404, "Not Found", "Forbidden")
    );
}

#[tokio::test]
async fn urn_contacts_create_location_and_collection() {
    let s = start().await;
    let path = "/organisations/id/1/contacts";
    let empty = s.get(path, ADMIN).await;
    assert_eq!(empty.status, StatusCode::OK);
    let host = s.base.trim_start_matches("http://");
    assert_eq!(
        empty.json(),
        json!({"self": format!("http://{host}/organisations/id/1/contacts"), "totalItems": 0, "items": []})
    );
    let body = json!({
        "surname": "Gödel", "forename": "Kurt", "email": "k.goedel@example.org", "phone": "+49 69 1525-0",
        "function": "system administrator", "comment": "This contact is used for testing purposes only"
    });
    let r = s.post(&format!("{path}?runas=someone"), ADMIN, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let location = r.header("location").unwrap().to_owned();
    assert_eq!(
        location,
        format!("http://{host}/organisations/id/1/contacts/id/1")
    );
    let mut v = r.json();
    let o = v.as_object_mut().unwrap();
    let created = o.remove("created").unwrap();
    assert_eq!(o.remove("lastModified").unwrap(), created);
    assert_eq!(
        v,
        json!({
            "self": location, "surname": "Gödel", "forename": "Kurt", "email": "k.goedel@example.org",
            "phone": "+49 69 1525-0", "function": "system administrator",
            "organisation": format!("http://{host}/organisations/id/1"),
            "comment": "This contact is used for testing purposes only"
        })
    );
    // Location is fetchable and equal to the body.
    let got = s
        .client
        .get(&location)
        .header("x-api-key", ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.json::<Value>().await.unwrap(), r.json());
    // The collection, also by organization uuid.
    for p in [path.to_owned(), format!("/organisations/id/{ORG}/contacts")] {
        let c = s.get(&p, ADMIN).await.json();
        assert_eq!(c["totalItems"], 1);
        assert_eq!(c["items"], json!([r.json()]));
    }
    // Idempotent retry keeps Location.
    let k = "urn-1";
    let a = s.post_idem(path, ADMIN, &body, k).await;
    let b = s.post_idem(path, ADMIN, &body, k).await;
    assert_eq!(a.header("location"), b.header("location"));
    assert_eq!(a.json(), b.json());
    assert_eq!(s.get(path, ADMIN).await.json()["totalItems"], 2);
}

#[tokio::test]
async fn urn_error_codes() {
    let s = start().await;
    let path = "/organisations/id/1/contacts";
    let ok = json!({"surname": "Gödel", "email": "k.goedel@example.org"});

    // 400005: mandatory field missing (even alongside an invalid one).
    let r = s
        .post(
            path,
            ADMIN,
            &json!({"forename": "Kurt", "phone": "call me"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        urn(
            400_005,
            "surname is required; email is required; phone must be a phone number"
        )
    );
    // 400007: invalid field; malformed JSON; wrong type; wrong content type.
    let r = s
        .post(path, ADMIN, &json!({"surname": "Gödel", "email": "nope"}))
        .await;
    assert_eq!(
        r.json(),
        urn(400_007, "email must be a valid e-mail address")
    );
    let r = s
        .raw(
            Method::POST,
            path,
            ADMIN,
            Some("application/json"),
            b"{\"surname\":".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json(),
        urn(
            400_007,
            "Malformed JSON: surname: EOF while parsing a value at line 1 column 11"
        )
    );
    let r = s
        .post(path, ADMIN, &json!({"surname": 42, "email": "a@b.co"}))
        .await;
    assert_eq!(
        r.json(),
        urn(
            400_007,
            "surname: invalid type: integer `42`, expected a string at line 1 column 30"
        )
    );
    let r = s
        .raw(
            Method::POST,
            path,
            ADMIN,
            Some("text/plain"),
            b"{}".to_vec(),
        )
        .await;
    assert_eq!(
        r.json(),
        urn(
            400_007,
            "Expected request with `Content-Type: application/json`"
        )
    );

    // 401001: no key, wrong key, both routes.
    for method in [Method::GET, Method::POST] {
        let r = s.send(method.clone(), path, None, Some(&ok), &[]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json(), urn(401_001, "Missing API key"));
        let r = s.send(method, path, Some("wrong"), Some(&ok), &[]).await;
        assert_eq!(r.json(), urn(401_001, "Invalid API key"));
    }
    // 403001: public key; another organisation's admin key (GET and POST).
    for key in [PUBLIC, OTHER_ADMIN] {
        let r = s.get(path, key).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.json(), urn(403_001, "Forbidden"));
        assert_eq!(
            s.post(path, key, &ok).await.json(),
            urn(403_001, "Forbidden")
        );
    }
    // 404001: unknown organisation (numeric, uuid, garbage).
    for p in [
        "/organisations/id/99/contacts",
        "/organisations/id/00000000-0000-4000-8000-000000000000/contacts",
        "/organisations/id/acme/contacts",
    ] {
        let r = s.get(p, ADMIN).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{p}");
        assert_eq!(r.json(), urn(404_001, "Organisation not found"));
        assert_eq!(
            s.post(p, ADMIN, &ok).await.json(),
            urn(404_001, "Organisation not found")
        );
    }
    // Unknown contact of a known organisation.
    let r = s.get("/organisations/id/1/contacts/id/77", ADMIN).await;
    assert_eq!(r.json(), urn(404_001, "Contact not found"));
    // Nothing was created by any of the refused calls.
    assert_eq!(s.count("SELECT COUNT(*) FROM org_contacts").await, 0);
}
