//! The seeds as the contract: every JSON example of the English seeds (000, 001, 002, 003),
//! copied verbatim into `tests/fixtures/`, decodes into its type and re-encodes to EQUAL
//! JSON (field names, casing, nesting). The Dutch seed's (004) machine-translated examples
//! are not JSON; copies of them must be rejected with an error naming line and column.
//!
//! Seed 002's `{ // Response }` placeholders (delete, archive) are not JSON examples and
//! have no fixture; the Dutch copy of one is among the broken fixtures.

use std::collections::BTreeSet;

use pw_model::{
    Collection, ConsentType, CreateContactRequest, DataSubjectRequest, DataSystemContact, DsrQuery,
    DsrState, ErrorBody, NewConsentType, NewDataSystemContact, OrganisationContact, Paged, Purpose,
    Validate,
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// Decodes `text` as `T`, re-encodes it and asserts equal JSON; returns the typed value.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str, text: &str) -> T {
    let original: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let typed: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, original, "{name} does not round-trip");
    typed
}

macro_rules! fixture {
    ($name:literal) => {
        ($name, include_str!(concat!("fixtures/", $name)))
    };
}

/// Every English fixture, so `every_fixture_is_tested` can check none is forgotten.
const ENGLISH: &[&str] = &[
    "dsr_object.json",
    "dsr_create_response.json",
    "dsr_get_response.json",
    "dsr_put_body.json",
    "dsr_paged.json",
    "consent_type_create.json",
    "consent_type_response.json",
    "dsc_create.json",
    "dsc_response.json",
    "concord_error_403.json",
    "concord_error_404.json",
    "concord_error_404_forbidden.json",
    "concord_error_404_string.json",
    "concord_error_422.json",
    "concord_error_500.json",
    "urn_collection.json",
    "urn_contact_create.json",
    "urn_contact.json",
];

const DUTCH_BROKEN: &[(&str, &str)] = &[
    fixture!("nl_broken_dsr_object.json"),
    fixture!("nl_broken_dsr_create_response.json"),
    fixture!("nl_broken_dsr_paged.json"),
    fixture!("nl_broken_response_placeholder.json"),
];

#[test]
fn every_fixture_is_tested() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let tested: BTreeSet<String> = ENGLISH
        .iter()
        .copied()
        .chain(DUTCH_BROKEN.iter().map(|(n, _)| *n))
        .map(String::from)
        .collect();
    assert_eq!(on_disk, tested);
}

#[test]
fn dsr_examples_round_trip() {
    for (name, text) in [
        fixture!("dsr_object.json"),
        fixture!("dsr_create_response.json"),
        fixture!("dsr_get_response.json"),
        fixture!("dsr_put_body.json"),
    ] {
        let d: DataSubjectRequest = round_trip(name, text);
        assert_eq!(d.state, Some(DsrState::Open), "{name}");
        assert_eq!(d.purposes, Some(vec![Purpose::Unknown]), "{name}");
        // The seed's placeholder "string" is not a state: kept, not rejected.
        let step = d.work_flow_step.unwrap();
        assert_eq!(
            step.mapped_state,
            Some(DsrState::Other("string".into())),
            "{name}"
        );
    }
}

#[test]
fn dsr_nested_objects_are_typed() {
    let (name, text) = fixture!("dsr_get_response.json");
    let d: DataSubjectRequest = round_trip(name, text);
    let area = d.area.unwrap();
    assert_eq!(
        area.data_protection_authority.unwrap().site_url.as_deref(),
        Some("string")
    );
    assert_eq!(area.teams.unwrap()[0].areas, Some(vec![0]));
    assert_eq!(area.dpo.unwrap().readonly, Some(true));
    assert_eq!(d.operator_id, Some(0));
    assert_eq!(d.additional_datas.as_deref(), Some("string"));
    assert_eq!(d.nb_messages_not_viewed, Some(0));
    let attachment = &d.attachments.unwrap()[0];
    assert_eq!(
        attachment.user_request_message_id.as_deref(),
        Some("3fa85f64-5717-4562-b3fc-2c963f66afa6")
    );
}

#[test]
fn seed_object_has_exactly_the_fields_of_the_seed_get_example() {
    let (_, text) = fixture!("dsr_get_response.json");
    let seed: Value = serde_json::from_str(text).unwrap();
    let keys = |v: &Value| {
        v.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        keys(&DataSubjectRequest::default().seed_object()),
        keys(&seed)
    );
    // A fully set request keeps every value.
    let d: DataSubjectRequest = serde_json::from_str(text).unwrap();
    assert_eq!(d.seed_object(), seed);
}

#[test]
fn dsr_paged_list_round_trips() {
    let (name, text) = fixture!("dsr_paged.json");
    let page: Paged<DataSubjectRequest> = round_trip(name, text);
    assert_eq!(
        (page.items.len(), page.total, page.size, page.page),
        (1, 0, 0, 0)
    );
}

#[test]
fn consent_type_examples_round_trip() {
    let (name, text) = fixture!("consent_type_create.json");
    let body: NewConsentType = round_trip(name, text);
    // The seed's own request is valid (its `[null]` subcategory counts as given), and the
    // subcategory is kept as is.
    assert_eq!(body.validate(), vec![]);
    assert_eq!(body.subcategory, Some(serde_json::json!([null])));

    let (name, text) = fixture!("consent_type_response.json");
    let t: ConsentType = round_trip(name, text);
    assert_eq!(t.valid_states, Some(vec![pw_model::ConsentState::Implied]));
}

#[test]
fn data_system_contact_examples_round_trip() {
    let (name, text) = fixture!("dsc_create.json");
    let body: NewDataSystemContact = round_trip(name, text);
    assert_eq!(body.validate(), vec![]);

    let (name, text) = fixture!("dsc_response.json");
    let c: DataSystemContact = round_trip(name, text);
    let system = &c.data_systems.unwrap()[0];
    assert_eq!(system.retention.as_deref(), Some("P2Y"));
    assert_eq!(system.project_ids, Some(vec![Value::Null]));
}

#[test]
fn concord_error_bodies_round_trip_and_match_new() {
    for (name, text) in [
        fixture!("concord_error_403.json"),
        fixture!("concord_error_404.json"),
        fixture!("concord_error_404_forbidden.json"),
        fixture!("concord_error_404_string.json"),
        fixture!("concord_error_422.json"),
        fixture!("concord_error_500.json"),
    ] {
        let body: ErrorBody = round_trip(name, text);
        // Our constructor writes the same reason phrase the seed shows.
        assert_eq!(
            ErrorBody::new(body.status_code, body.message.clone()),
            body,
            "{name}"
        );
    }
}

#[test]
fn urn_examples_round_trip() {
    // Items are `{ }` in the seed: every contact field must be optional.
    let (name, text) = fixture!("urn_collection.json");
    let c: Collection<OrganisationContact> = round_trip(name, text);
    assert_eq!((c.total_items, c.items.len()), (42, 2));
    assert_eq!(c.self_url, "http://example.org/collection");

    let (name, text) = fixture!("urn_contact_create.json");
    let body: CreateContactRequest = round_trip(name, text);
    assert_eq!(body.validate(), vec![]);

    let (name, text) = fixture!("urn_contact.json");
    let contact: OrganisationContact = round_trip(name, text);
    assert_eq!(contact.surname.as_deref(), Some("Gödel"));
    assert_eq!(
        contact.self_url.as_deref(),
        Some("http://example.org/organisations/id/1/contacts/id/1")
    );
}

#[test]
fn unknown_enum_values_do_not_fail_the_response() {
    let (_, text) = fixture!("dsr_get_response.json");
    let mut json: Value = serde_json::from_str(text).unwrap();
    json["state"] = "Frozen".into();
    json["purposes"] = serde_json::json!(["Teleport", "Access"]);
    json["channel"] = "CarrierPigeon".into();
    json["area"]["type"] = "Galaxy".into();
    json["area"]["dpo"]["actorType"] = "Robot".into();
    json["tags"][0]["type"] = "Breach".into();
    let text = json.to_string();

    let d: DataSubjectRequest = round_trip("modified dsr_get_response", &text);
    assert_eq!(d.state, Some(DsrState::Other("Frozen".into())));
    assert_eq!(
        d.purposes,
        Some(vec![Purpose::Other("Teleport".into()), Purpose::Access])
    );
    // Reading tolerates them; writing them back as a new request does not.
    let fields: Vec<_> = d
        .validate_new(&Default::default())
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert!(fields.contains(&"state".to_string()) && fields.contains(&"purposes".to_string()));
}

#[test]
fn dutch_examples_are_rejected_with_line_and_column() {
    // (fixture, line, column) of the first error: the translator's trailing `.` after a
    // value, and the `// Response` comment.
    let expected = [(179, 24), (31, 28), (182, 28), (2, 5)];
    for ((name, text), (line, column)) in DUTCH_BROKEN.iter().zip(expected) {
        let err = if name.contains("paged") {
            serde_json::from_str::<Paged<DataSubjectRequest>>(text).map(drop)
        } else {
            serde_json::from_str::<DataSubjectRequest>(text).map(drop)
        }
        .expect_err(name);
        assert_eq!((err.line(), err.column()), (line, column), "{name}: {err}");
        assert!(err.is_syntax(), "{name}: {err}");
        let message = err.to_string();
        assert!(
            message.contains(&format!("line {line} column {column}")),
            "{message}"
        );
    }
}

#[test]
fn repaired_dutch_example_still_differs_from_the_contract() {
    // Removing the stray dots makes it JSON, but translated keys (`doeleinden`, `volgorde`,
    // `gebieden`) are not fields: they are dropped, which the round trip reveals.
    let (_, text) = DUTCH_BROKEN[0];
    let repaired = text.replace("\".\n", "\"\n");
    let original: Value = serde_json::from_str(&repaired).unwrap();
    let d: DataSubjectRequest = serde_json::from_str(&repaired).unwrap();
    assert_eq!(d.purposes, None);
    assert_eq!(d.work_flow_step.as_ref().unwrap().order, None);
    assert_ne!(serde_json::to_value(&d).unwrap(), original);
}

#[test]
fn dsr_query_with_every_seed_parameter_round_trips() {
    let q = DsrQuery {
        overtaking: Some(true),
        archived: Some(false),
        q: Some("accès aux données".into()),
        widget_id: Some(42),
        mail_validated: Some(false),
        states: vec![
            DsrState::Open,
            DsrState::IdentityValidation,
            DsrState::Closed,
        ],
        purposes: vec![Purpose::Access, Purpose::AdvanceDirectives],
        ids: vec![10, 11],
        tags: vec![3, 4],
        page: Some(1),
        size: Some(25),
        skip: Some(25),
        sort_by: Some("dateCreation".into()),
        asc: Some(false),
    };
    let s = q.to_query_string();
    assert_eq!(
        s,
        "overtaking=true&archived=false&q=acc%C3%A8s%20aux%20donn%C3%A9es&widgetId=42&mailValidated=false\
         &states=Open&states=IdentityValidation&states=Closed\
         &purposes=Access&purposes=AdvanceDirectives&ids=10&ids=11&tags=3&tags=4\
         &page=1&size=25&skip=25&sortBy=dateCreation&asc=false"
    );
    let pairs = pw_model::dsr::decode_query(&s);
    assert_eq!(DsrQuery::from_query_pairs(pairs).unwrap(), q);
    // Pairs as the server's extractor hands them over: owned, already decoded.
    let owned: Vec<(String, String)> = q
        .to_query_pairs()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    assert_eq!(DsrQuery::from_query_pairs(owned).unwrap(), q);
}
