//! The DSR intake form in headless Chromium: validation messages per language,
//! focus on the first error, draft restore, and a real submit to the
//! reference server ending on the success screen. Also the `api` module's
//! decoding of a seed error body.
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

mod support;

use leptos::prelude::IntoAny;
use leptos::task::tick;
use privacy_widget::api::{self, ApiError};
use privacy_widget::i18n::{self, Locale};
use privacy_widget::widget::{set_locale, DsrView};
use pw_model::Violation;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What an input or textarea holds now.
fn value_of(root: &web_sys::ShadowRoot, selector: &str) -> Option<String> {
    let el = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::get(&el, &"value".into())
        .unwrap()
        .as_string()
}

/// The draft this tab keeps for the test workspace.
fn stored_draft() -> Option<String> {
    privacy_widget::browser::session_storage()
        .unwrap()
        .get_item("pw-dsr-draft:1")
        .unwrap()
}

async fn open_form(locale: &str) -> web_sys::ShadowRoot {
    let root = mount_view(config(serde_json::json!({ "locale": locale })), || {
        DsrView().into_any()
    });
    tick().await;
    root
}

#[wasm_bindgen_test]
async fn validation_messages_follow_the_language() {
    clear_storage();
    let root = open_form("fr").await;
    by_id(&root, "pw-submit").unwrap().click();
    tick().await;
    assert!(by_id(&root, "pw-error-summary").is_some());
    let email_error = find(&root, "#pw-email-error").expect("email message next to the field");
    assert_eq!(
        text(&email_error),
        i18n::violation(Locale::Fr, &Violation::Required)
    );
    let email = find(&root, "#pw-email").unwrap();
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        email.get_attribute("aria-describedby").as_deref(),
        Some("pw-email-error")
    );

    // The loader's language switch rewords the same message; what was typed stays.
    type_into(&root, "#pw-email", "pas-une-adresse");
    tick().await;
    for (tag, locale) in [("nl", Locale::Nl), ("de", Locale::De), ("en", Locale::En)] {
        set_locale(tag);
        tick().await;
        let message = text(&find(&root, "#pw-email-error").unwrap());
        assert_eq!(message, i18n::violation(locale, &Violation::Email), "{tag}");
    }
    assert_eq!(
        value_of(&root, "#pw-email").as_deref(),
        Some("pas-une-adresse")
    );
}

#[wasm_bindgen_test]
async fn focus_moves_to_the_first_error() {
    clear_storage();
    let root = open_form("en").await;
    by_id(&root, "pw-submit").unwrap().click();
    sleep(0).await;
    let active = root.active_element().expect("something focused");
    assert_eq!(
        active.id(),
        "pw-purpose-Information",
        "the purposes come first"
    );
    // The focused checkbox itself tells a screen reader what is wrong.
    assert_eq!(
        active.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = active.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described.split(' ').any(|id| id == "pw-purposes-error"),
        "{described}"
    );
    let message = find(&root, "#pw-purposes-error").expect("group message");
    assert!(!text(&message).is_empty());

    check(&root, "#pw-purpose-Access");
    sleep(0).await;
    let access = find(&root, "#pw-purpose-Access").unwrap();
    assert_eq!(access.get_attribute("aria-invalid"), None, "valid again");
    type_into(&root, "#pw-email", "not an email");
    by_id(&root, "pw-submit").unwrap().click();
    sleep(0).await;
    assert_eq!(root.active_element().unwrap().id(), "pw-email");
}

#[wasm_bindgen_test]
async fn draft_is_kept_and_restored() {
    clear_storage();
    let root = open_form("en").await;
    type_into(&root, "#pw-given-name", "Ada");
    type_into(&root, "#pw-message", "Please send me <b>everything</b>.");
    check(&root, "#pw-purpose-Portability");
    tick().await;
    let stored = stored_draft();
    assert!(
        stored.is_some_and(|s| s.contains("Ada")),
        "draft saved while typing"
    );

    // A second mount (a reload) finds everything typed.
    let again = open_form("en").await;
    assert!(by_id(&again, "pw-draft-restored").is_some());
    assert_eq!(value_of(&again, "#pw-given-name").as_deref(), Some("Ada"));
    let portability: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(find(&again, "#pw-purpose-Portability").unwrap());
    assert!(portability.checked());
}

#[wasm_bindgen_test]
async fn a_refused_key_says_the_form_is_unavailable_and_keeps_the_input() {
    clear_storage();
    let root = mount_view(
        config(
            serde_json::json!({ "locale": "en", "key": "pk_revoked_0000000000000000000000000000" }),
        ),
        || DsrView().into_any(),
    );
    tick().await;
    check(&root, "#pw-purpose-Access");
    type_into(&root, "#pw-email", "ada@example.org");
    by_id(&root, "pw-submit").unwrap().click();
    wait_for("send error", || by_id(&root, "pw-send-error").is_some()).await;
    let alert = text(&by_id(&root, "pw-send-error").unwrap());
    assert_eq!(
        alert,
        i18n::t(Locale::En, i18n::Key::FormUnavailable),
        "not 'the form has errors'"
    );
    assert_eq!(
        value_of(&root, "#pw-email").as_deref(),
        Some("ada@example.org")
    );
}

#[wasm_bindgen_test]
async fn a_valid_request_reaches_the_server_and_shows_the_deadline() {
    clear_storage();
    let root = open_form("de").await;
    check(&root, "#pw-purpose-Access");
    type_into(&root, "#pw-given-name", "Grete");
    type_into(&root, "#pw-family-name", "Müller");
    type_into(&root, "#pw-email", "grete@example.de");
    by_id(&root, "pw-submit").unwrap().click();
    wait_for("success screen", || {
        by_id(&root, "pw-dsr-success").is_some()
    })
    .await;
    let reference = text(&by_id(&root, "pw-dsr-reference").unwrap());
    assert!(reference.starts_with('#'), "reference {reference}");
    assert_eq!(
        text(&by_id(&root, "pw-dsr-success-body").unwrap()),
        i18n::t(Locale::De, i18n::Key::SuccessBody),
        "an e-mail was given: the answer comes by e-mail"
    );
    let deadline = text(&by_id(&root, "pw-dsr-deadline").unwrap());
    assert!(
        !deadline.is_empty() && !deadline.contains('T'),
        "a formatted date, got {deadline}"
    );
    let stored = stored_draft();
    assert_eq!(stored, None, "the draft is gone once the server confirmed");

    // The server holds it, as typed.
    let id: i64 = reference.trim_start_matches('#').parse().unwrap();
    let dsr = api::dsr::get(&admin_client(), id)
        .await
        .expect("admin can read it");
    assert_eq!(dsr.family_name.as_deref(), Some("Müller"));
    assert_eq!(dsr.locale.as_deref(), Some("de"));
}

#[wasm_bindgen_test]
async fn api_decodes_the_seed_error_body() {
    let err = api::dsr::get(&admin_client(), 987_654_321)
        .await
        .unwrap_err();
    match err {
        ApiError::Status {
            status: 404,
            body: Some(body),
        } => {
            assert_eq!(body.status_code, 404);
            assert_eq!(body.error, "Not Found");
        }
        other => panic!("expected a decoded 404 body, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn labels_say_which_fields_are_required() {
    clear_storage();
    let root = open_form("en").await;
    let label = |id: &str| text(&find(&root, &format!("label[for={id}]")).expect(id));
    let required = i18n::t(Locale::En, i18n::Key::Required);
    let optional = i18n::t(Locale::En, i18n::Key::Optional);
    assert!(
        label("pw-email").ends_with(&format!("({required})")),
        "{}",
        label("pw-email")
    );
    assert!(
        label("pw-phone").ends_with(&format!("({optional})")),
        "{}",
        label("pw-phone")
    );
    let message = find(&root, "#pw-message").unwrap();
    assert_eq!(message.tag_name(), "TEXTAREA");
    assert_eq!(
        message.get_attribute("aria-describedby").as_deref(),
        Some("pw-message-hint"),
        "the message's hint is tied to it"
    );
    // Required fields are marked for assistive technology, not with a ` *`.
    let email = find(&root, "#pw-email").unwrap();
    assert!(
        email.has_attribute("required")
            || email.get_attribute("aria-required").as_deref() == Some("true")
    );
    assert!(!label("pw-email").contains('*'));
}

/// Without an e-mail address the confirmation does not promise an e-mail
/// answer; it asks the requester to keep the reference.
#[wasm_bindgen_test]
async fn the_confirmation_promises_no_email_without_an_address() {
    fn receipt_without_email() -> leptos::prelude::AnyView {
        use leptos::prelude::*;
        use privacy_widget::widget::DsrSuccess;
        let dsr = pw_model::DsrReceipt {
            id: Some(7),
            ..Default::default()
        };
        view! { <DsrSuccess dsr on_new=Callback::new(|()| ()) /> }.into_any()
    }
    let root = mount_view(
        config(serde_json::json!({ "locale": "en" })),
        receipt_without_email,
    );
    wait_for("confirmation", || {
        by_id(&root, "pw-dsr-success-body").is_some()
    })
    .await;
    assert_eq!(
        text(&by_id(&root, "pw-dsr-success-body").unwrap()),
        i18n::t(Locale::En, i18n::Key::SuccessBodyNoEmail)
    );
    assert_eq!(text(&by_id(&root, "pw-dsr-reference").unwrap()), "#7");
}
