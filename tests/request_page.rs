//! The requester's side of a request (issue 16) in headless Chromium: the
//! e-mail code on the DSR confirmation, and the status page's components
//! rendered from data (no server needed), plus one round trip showing that a
//! link the server does not accept ends on the link-problem screen.
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

mod support;

use leptos::prelude::*;
use leptos::task::tick;
use privacy_widget::api::requester::{status_client, RequesterError};
use privacy_widget::i18n::{self, t, Key, Locale};
use privacy_widget::request::{LinkProblem, PageLocale, RequestApp, RequestView, TOKEN_KEY};
use pw_model::requester::RequesterView;
use pw_model::Violation;
use support::document;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// The DSR confirmation for a request with an e-mail address, in `locale`.
async fn confirmation(locale: &str) -> ShadowRoot {
    fn receipt() -> AnyView {
        use privacy_widget::widget::DsrSuccess;
        let dsr = pw_model::DsrReceipt {
            id: Some(987_654),
            email: Some("ada@example.org".into()),
            ..Default::default()
        };
        view! { <DsrSuccess dsr on_new=Callback::new(|()| ()) /> }.into_any()
    }
    let root = mount_view(config(serde_json::json!({ "locale": locale })), receipt);
    tick().await;
    root
}

/// Mounts a status-page component into a fresh element, in `locale`.
fn mount_page<V: IntoView + 'static>(
    locale: Locale,
    f: impl FnOnce() -> V + 'static,
) -> ShadowRoot {
    let root = fresh_shadow_root();
    let slot: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    root.append_child(&slot).unwrap();
    leptos::mount::mount_to(slot, move || {
        provide_context(PageLocale(RwSignal::new(locale)));
        f()
    })
    .forget();
    root
}

/// A request as `GET /v1/requester/request` returns it (the wire format).
fn request(extra: serde_json::Value) -> RequesterView {
    let mut v = serde_json::json!({
        "id": 41,
        "refId": "DSR-2026-041",
        "purposes": ["Access", "Erasure"],
        "state": "Processing",
        "dateCreation": "2026-03-01T10:00:00Z",
        "expiryTime": "2026-06-01T10:00:00Z",
        "remainingDays": 12,
        "extended": true,
        "deadlinePolicy": "gdpr",
        "mailValidated": true,
        "locale": "fr",
        "organisationName": "Acme SA",
        "messages": [
            { "id": 1, "author": "requester", "body": "<b>x</b>\nsecond line",
              "dateCreation": "2026-03-01T10:00:00Z", "attachments": [] },
            { "id": 2, "author": "team", "body": "Please send an ID.",
              "dateCreation": "2026-03-02T09:30:00Z",
              "attachments": [{ "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                "fileName": "form.pdf", "contentType": "application/pdf",
                "size": 123456, "dateCreation": "2026-03-02T09:30:00Z" }] }
        ]
    });
    v.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    serde_json::from_value(v).expect("the contract's JSON")
}

#[wasm_bindgen_test]
async fn the_code_field_says_what_is_wrong_without_asking_the_server() {
    clear_storage();
    let root = confirmation("fr").await;
    let input = find(&root, "#pw-code").expect("a code field when there is an address");
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    let label = find(&root, "label[for=pw-code]").expect("a label");
    assert_eq!(text(&label), t(Locale::Fr, Key::CodeField));

    type_into(&root, "#pw-code", "12a");
    by_id(&root, "pw-code-confirm").unwrap().click();
    tick().await;
    let error = by_id(&root, "pw-code-error").expect("message next to the field");
    assert_eq!(text(&error), t(Locale::Fr, Key::CodeFormat));
    let input = find(&root, "#pw-code").unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .split(' ')
        .any(|id| id == "pw-code-error"));
    // Nothing was sent: no "checking" line, no confirmation.
    assert_eq!(text(&by_id(&root, "pw-code-status").unwrap()), "");
    assert!(by_id(&root, "pw-code-confirmed").is_none());

    // Emptied, the field says it is required, in the same language.
    type_into(&root, "#pw-code", "");
    tick().await;
    assert_eq!(
        text(&by_id(&root, "pw-code-error").unwrap()),
        i18n::violation(Locale::Fr, &Violation::Required)
    );
    // Six digits: the message goes.
    type_into(&root, "#pw-code", " 123456 ");
    tick().await;
    assert_eq!(text(&by_id(&root, "pw-code-error").unwrap()), "");
}

#[wasm_bindgen_test]
async fn no_code_field_without_an_address() {
    fn receipt() -> AnyView {
        use privacy_widget::widget::DsrSuccess;
        let dsr = pw_model::DsrReceipt {
            id: Some(8),
            ..Default::default()
        };
        view! { <DsrSuccess dsr on_new=Callback::new(|()| ()) /> }.into_any()
    }
    let root = mount_view(config(serde_json::json!({ "locale": "en" })), receipt);
    tick().await;
    assert!(by_id(&root, "pw-dsr-success").is_some());
    assert!(find(&root, "#pw-code").is_none());
}

#[wasm_bindgen_test]
async fn the_status_page_shows_the_request_and_its_messages_as_text() {
    let r = request(serde_json::json!({}));
    let root = mount_page(Locale::En, move || {
        view! { <RequestView request=r client=status_client(api_base(), "test-token") /> }
    });
    tick().await;
    assert_eq!(
        text(&by_id(&root, "pw-request-reference").unwrap()),
        "DSR-2026-041"
    );
    assert_eq!(
        text(&by_id(&root, "pw-request-state").unwrap()),
        t(Locale::En, Key::ReqStateProcessing)
    );
    let types = text(&by_id(&root, "pw-request-types").unwrap());
    assert!(
        types.contains("Access") && types.contains("Erasure"),
        "{types}"
    );
    let deadline = text(&by_id(&root, "pw-request-deadline").unwrap());
    assert!(deadline.contains("12"), "{deadline}");
    assert!(
        by_id(&root, "pw-request-extended").is_some(),
        "the extension is told"
    );
    assert_eq!(
        text(&by_id(&root, "pw-request-organisation").unwrap()),
        "Handled by Acme SA"
    );

    // Messages in order; a body is text: markup shows as typed.
    let bodies = all(&root, "[data-testid=pw-message-body]");
    assert_eq!(bodies.len(), 2);
    assert_eq!(
        bodies[0].text_content().unwrap_or_default(),
        "<b>x</b>\nsecond line"
    );
    assert!(bodies[0].query_selector("b").unwrap().is_none());
    assert_eq!(
        bodies[1].text_content().unwrap_or_default(),
        "Please send an ID."
    );
    // The team's file is a download button, not a link carrying the token.
    let file = by_id(&root, "pw-attachment").expect("an attachment");
    assert_eq!(file.tag_name(), "BUTTON");
    assert!(text(&file).contains("form.pdf"));
    assert!(all(&root, "a[href*='attachments']").is_empty());

    // An open request can be answered.
    assert!(by_id(&root, "pw-composer").is_some());
    assert!(by_id(&root, "pw-request-closed").is_none());
    let files = find(&root, "#pw-files").unwrap();
    let accept = files.get_attribute("accept").unwrap_or_default();
    assert!(accept.contains("application/pdf") && !accept.contains("html"));
}

#[wasm_bindgen_test]
async fn a_closed_request_shows_the_answer_and_takes_no_message() {
    let r = request(serde_json::json!({
        "state": "Closed", "dateClosed": "2026-04-01T08:00:00Z",
        "closedReason": "Completed", "resolutionMessage": "Done. <i>All</i> erased.",
        "locale": "de"
    }));
    let root = mount_page(Locale::De, move || {
        view! { <RequestView request=r client=status_client(api_base(), "test-token") /> }
    });
    tick().await;
    assert_eq!(
        text(&by_id(&root, "pw-request-state").unwrap()),
        t(Locale::De, Key::ReqStateClosed)
    );
    assert_eq!(
        text(&by_id(&root, "pw-request-outcome").unwrap()),
        t(Locale::De, Key::ReqReasonCompleted)
    );
    assert_eq!(
        text(&by_id(&root, "pw-request-answer").unwrap()),
        "Done. <i>All</i> erased."
    );
    assert!(by_id(&root, "pw-request-deadline").is_none());
    assert!(by_id(&root, "pw-composer").is_none());
    assert_eq!(
        text(&by_id(&root, "pw-request-closed").unwrap()),
        t(Locale::De, Key::ReqClosed)
    );
}

#[wasm_bindgen_test]
async fn an_empty_message_is_refused_next_to_its_field() {
    let r = request(serde_json::json!({ "messages": [] }));
    let root = mount_page(Locale::Nl, move || {
        view! { <RequestView request=r client=status_client(api_base(), "test-token") /> }
    });
    tick().await;
    assert!(by_id(&root, "pw-thread-empty").is_some());
    type_into(&root, "#pw-reply", "   ");
    by_id(&root, "pw-send-message").unwrap().click();
    sleep(0).await;
    assert_eq!(
        text(&by_id(&root, "pw-reply-error").unwrap()),
        i18n::violation(Locale::Nl, &Violation::Required)
    );
    assert_eq!(
        root.active_element().map(|e| e.id()).as_deref(),
        Some("pw-reply")
    );
    assert_eq!(text(&by_id(&root, "pw-compose-status").unwrap()), "");
}

#[wasm_bindgen_test]
async fn link_problems_say_what_happened() {
    let root = mount_page(Locale::Fr, || {
        view! { <LinkProblem problem=Some(RequesterError::LinkExpired) /> }
    });
    tick().await;
    assert_eq!(
        text(&by_id(&root, "pw-link-problem-reason").unwrap()),
        t(Locale::Fr, Key::ReqLinkExpired)
    );
    assert_eq!(
        root.active_element().map(|e| e.tag_name()).as_deref(),
        Some("H1"),
        "focus on the heading"
    );
}

/// Against the reference server: a status token it does not know shows the
/// link-problem screen (never a request), and the tab forgets the token.
#[wasm_bindgen_test]
async fn an_unknown_status_link_ends_on_the_problem_screen() {
    clear_storage();
    let window = web_sys::window().unwrap();
    window.location().set_hash("t=not-a-real-token").unwrap();
    let root = fresh_shadow_root();
    let slot: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    root.append_child(&slot).unwrap();
    let handle = leptos::mount::mount_to(slot, || view! { <RequestApp base=api_base() /> });
    wait_for("the problem screen", || {
        by_id(&root, "pw-link-problem").is_some() || by_id(&root, "pw-request-failed").is_some()
    })
    .await;
    assert!(
        by_id(&root, "pw-link-problem").is_some(),
        "a refused link is a link problem, not a failure to retry"
    );
    assert!(by_id(&root, "pw-request-summary").is_none());
    let stored = privacy_widget::browser::session_storage()
        .unwrap()
        .get_item(TOKEN_KEY)
        .unwrap();
    assert_eq!(stored, None);
    drop(handle);
    window.location().set_hash("").unwrap();
}

/// Against the reference server: a wrong code is refused next to the field,
/// and asking for a new code right after the first was sent either works or
/// says how long to wait (the server's one-a-minute rule, `Retry-After`).
#[wasm_bindgen_test]
async fn a_wrong_code_is_refused_by_the_server() {
    use privacy_widget::api::{self, ApiClient, ApiConfig};
    clear_storage();
    let public = ApiClient::new(ApiConfig::single(
        api_base(),
        WORKSPACE,
        ORGANIZATION,
        PROJECT,
        PUBLIC_KEY,
    ));
    let new = pw_model::NewDsr {
        purposes: Some(vec![pw_model::Purpose::Access]),
        email: Some("code-test@example.org".into()),
        ..Default::default()
    };
    let receipt = api::dsr::create(&public, &new, &api::new_idempotency_key())
        .await
        .expect("the server takes the request");
    thread_local! {
        static RECEIPT: std::cell::RefCell<Option<pw_model::DsrReceipt>> = const { std::cell::RefCell::new(None) };
    }
    RECEIPT.set(Some(receipt));
    fn view_it() -> AnyView {
        use privacy_widget::widget::DsrSuccess;
        let dsr = RECEIPT.take().unwrap();
        view! { <DsrSuccess dsr on_new=Callback::new(|()| ()) /> }.into_any()
    }
    let root = mount_view(config(serde_json::json!({ "locale": "de" })), view_it);
    tick().await;
    type_into(&root, "#pw-code", "000000");
    by_id(&root, "pw-code-confirm").unwrap().click();
    wait_for("the server's answer", || {
        by_id(&root, "pw-code-error").is_some_and(|e| !text(&e).is_empty())
    })
    .await;
    assert_eq!(
        text(&by_id(&root, "pw-code-error").unwrap()),
        t(Locale::De, Key::CodeWrong)
    );
    assert!(by_id(&root, "pw-follow-request").is_none());

    by_id(&root, "pw-code-resend").unwrap().click();
    let status = || text(&by_id(&root, "pw-code-status").unwrap());
    wait_for("the resend's answer", || {
        let s = status();
        !s.is_empty() && s != t(Locale::De, Key::CodeSending)
    })
    .await;
    let s = status();
    assert!(
        s == t(Locale::De, Key::CodeResent) || s == t(Locale::De, Key::RateLimited),
        "{s}"
    );
}
