//! Issue 16's admin components in headless Chromium (wasm-bindgen-test),
//! rendered with data so they need no server: the message composer (the
//! model's length rule next to the field, nothing typed lost), the thread
//! (oldest first, authors, files, text never HTML), the close form (the
//! model's rules, notification on by default, the closed summary), the
//! outbox table (a mail body shown as text) and the inbox's e-mail filter;
//! and `api::dsr`'s issue 16 calls against the reference server the test
//! script started (upload, message, thread, download, close, revoke, outbox).
#![cfg(all(target_arch = "wasm32", feature = "admin"))]

mod support;

use leptos::prelude::*;
use leptos::task::tick;
use privacy_widget::admin::components::{
    CloseForm, DsrFilters, MessageComposer, MessageDraft, MessageThread, OutboxTable,
};
use privacy_widget::admin::session::{use_admin, AdminCtx};
use privacy_widget::api;
use privacy_widget::i18n::Locale;
use pw_model::dsr::ClosedReason;
use pw_model::requester::{
    CloseRequest, DsrMessage, FileInfo, MessageAuthor, NewMessage, OutboxMail, MESSAGE_MAX,
};
use pw_model::{Dsr, DsrQuery, DsrState};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `f` into a fresh `<div>` with an English admin context.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        provide_context(AdminCtx::new(Locale::En, None));
        f()
    })
    .forget();
    host
}

fn find<T: JsCast>(root: &Element, test_id: &str) -> T {
    root.query_selector(&format!("[data-testid=\"{test_id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
        .unchecked_into()
}

fn all(root: &Element, test_id: &str) -> Vec<HtmlElement> {
    let list = root
        .query_selector_all(&format!("[data-testid=\"{test_id}\"]"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn text(root: &Element, test_id: &str) -> String {
    find::<HtmlElement>(root, test_id)
        .text_content()
        .unwrap_or_default()
}

fn by_id(root: &Element, id: &str) -> String {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with id={id}"))
        .text_content()
        .unwrap_or_default()
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let ev = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

/// Types `value` as a user would: set the value, then an `input` event.
fn type_into(root: &Element, test_id: &str, value: &str) {
    let el: Element = find(root, test_id);
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else {
        el.unchecked_ref::<web_sys::HtmlTextAreaElement>()
            .set_value(value);
    }
    fire(&el, "input");
}

fn value(root: &Element, test_id: &str) -> String {
    find::<web_sys::HtmlTextAreaElement>(root, test_id).value()
}

fn choose(root: &Element, test_id: &str, value: &str) {
    let select: HtmlSelectElement = find(root, test_id);
    select.set_value(value);
    fire(&select, "change");
}

fn click(root: &Element, test_id: &str) {
    find::<HtmlElement>(root, test_id).click();
}

#[wasm_bindgen_test]
async fn the_composer_says_too_long_next_to_the_field_and_keeps_the_text() {
    let sent = RwSignal::new(Vec::<NewMessage>::new());
    let root = mount(move || {
        let draft = MessageDraft::new(use_admin());
        view! {
            <MessageComposer dsr_id=1 draft busy=false
                on_send=Callback::new(move |m| sent.update(|s| s.push(m))) />
        }
    });
    let long = "x".repeat(MESSAGE_MAX + 1);
    type_into(&root, "message-body", &long);
    tick().await;
    click(&root, "message-send");
    tick().await;
    assert!(
        sent.get_untracked().is_empty(),
        "a too-long message is not sent"
    );
    assert!(
        text(&root, "message-body-error").contains(&MESSAGE_MAX.to_string()),
        "{}",
        text(&root, "message-body-error")
    );
    assert_eq!(value(&root, "message-body"), long, "nothing typed is lost");
    assert_eq!(
        find::<Element>(&root, "message-body")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(by_id(&root, "message-body-hint").starts_with("5001 of 5000"));

    // An empty message is refused too; a good one goes out trimmed.
    type_into(&root, "message-body", "   ");
    tick().await;
    click(&root, "message-send");
    tick().await;
    assert!(sent.get_untracked().is_empty());
    assert!(
        !text(&root, "message-body-error").is_empty(),
        "a blank message is refused"
    );
    type_into(&root, "message-body", "  Here is your copy.\n");
    tick().await;
    click(&root, "message-send");
    tick().await;
    assert_eq!(
        sent.get_untracked(),
        vec![NewMessage {
            body: "Here is your copy.".into(),
            attachment_ids: vec![],
        }]
    );
    // The card clears the draft only once the server has the message.
    assert_eq!(value(&root, "message-body"), "  Here is your copy.\n");
    let accept = find::<HtmlInputElement>(&root, "message-files").accept();
    assert_eq!(accept, "application/pdf,image/png,image/jpeg,text/plain");
}

fn message(id: i64, author: MessageAuthor, body: &str, files: Vec<FileInfo>) -> DsrMessage {
    DsrMessage {
        id,
        author,
        body: body.into(),
        date_creation: format!("2025-05-0{id}T10:00:00Z"),
        date_viewed: None,
        attachments: files,
    }
}

#[wasm_bindgen_test]
async fn the_thread_is_oldest_first_with_authors_files_and_text_only() {
    let scan = FileInfo {
        id: "3fa85f64-5717-4562-b3fc-2c963f66afa6".into(),
        file_name: "id-card.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1536,
        date_creation: "2025-05-01T10:00:00Z".into(),
    };
    let messages = RwSignal::new(vec![
        DsrMessage {
            date_viewed: Some("2025-05-03T08:00:00Z".into()),
            ..message(2, MessageAuthor::Team, "Please send an ID.", vec![])
        },
        message(
            1,
            MessageAuthor::Requester,
            "<b>x</b>\nsecond line",
            vec![scan.clone()],
        ),
    ]);
    let asked = RwSignal::new(Vec::<FileInfo>::new());
    let root = mount(move || {
        view! { <MessageThread messages on_download=Callback::new(move |f| asked.update(|a| a.push(f))) /> }
    });
    tick().await;
    let authors: Vec<String> = all(&root, "message-author")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(authors, vec!["Requester", "Team"], "oldest first");
    let bodies = all(&root, "message-body-text");
    assert_eq!(
        bodies[0].text_content().unwrap(),
        "<b>x</b>\nsecond line",
        "user content is text"
    );
    assert!(bodies[0].query_selector("b").unwrap().is_none());
    assert_eq!(
        all(&root, "message-new").len(),
        1,
        "only the unread requester message is new"
    );
    assert!(text(&root, "message-attachment").contains("id-card.pdf"));
    assert!(text(&root, "message-attachment-size").contains("1.5"));
    click(&root, "message-attachment");
    tick().await;
    assert_eq!(asked.get_untracked(), vec![scan]);

    // Reading the thread marks it read on the server: the page says how many
    // of the newest requester messages were unread when it opened.
    let viewed = |m: DsrMessage| DsrMessage {
        date_viewed: Some("2025-05-09T08:00:00Z".into()),
        ..m
    };
    let read = RwSignal::new(vec![
        viewed(message(1, MessageAuthor::Requester, "first", vec![])),
        viewed(message(2, MessageAuthor::Team, "answer", vec![])),
        viewed(message(3, MessageAuthor::Requester, "second", vec![])),
    ]);
    let root = mount(move || {
        view! { <MessageThread messages=read unread=1 on_download=Callback::new(|_| ()) /> }
    });
    tick().await;
    let new: Vec<String> = all(&root, "message")
        .iter()
        .filter(|m| {
            m.query_selector("[data-testid=\"message-new\"]")
                .unwrap()
                .is_some()
        })
        .map(|m| m.text_content().unwrap_or_default())
        .collect();
    assert_eq!(new.len(), 1);
    assert!(new[0].contains("second"), "{new:?}");
}

#[wasm_bindgen_test]
async fn the_close_form_refuses_an_empty_answer_and_notifies_by_default() {
    let dsr = RwSignal::new(Dsr {
        id: Some(7),
        state: Some(DsrState::Processing),
        ..Default::default()
    });
    let closes = RwSignal::new(Vec::<CloseRequest>::new());
    let root = mount(move || {
        view! { <CloseForm dsr busy=false on_close=Callback::new(move |c| closes.update(|l| l.push(c))) /> }
    });
    tick().await;
    assert!(find::<HtmlInputElement>(&root, "close-notify").checked());

    // No reason, no answer.
    click(&root, "close-submit");
    tick().await;
    assert!(closes.get_untracked().is_empty());
    assert!(!text(&root, "close-reason-error").is_empty());
    assert!(!text(&root, "close-resolution-error").is_empty());
    assert_eq!(
        find::<Element>(&root, "close-resolution")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    // A reason but still no answer.
    choose(&root, "close-reason", "Completed");
    type_into(&root, "close-resolution", "   ");
    tick().await;
    click(&root, "close-submit");
    tick().await;
    assert!(
        closes.get_untracked().is_empty(),
        "an empty answer is refused"
    );
    assert!(text(&root, "close-reason-error").is_empty());
    assert!(!text(&root, "close-resolution-error").is_empty());

    type_into(&root, "close-resolution", "Your data was erased on 3 May.");
    tick().await;
    click(&root, "close-submit");
    tick().await;
    assert_eq!(
        closes.get_untracked(),
        vec![CloseRequest {
            closed_reason: ClosedReason::Completed,
            resolution_message: "Your data was erased on 3 May.".into(),
            closed_reason_description: None,
            send_notification: Some(true),
        }]
    );

    // Once closed, the card says how.
    dsr.update(|d| {
        d.state = Some(DsrState::Closed);
        d.closed_reason = Some(ClosedReason::Completed);
        d.resolution_message = Some("Your data was erased on 3 May.".into());
        d.date_closed = Some("2025-05-03T10:00:00Z".into());
        d.user_notified = Some(true);
        d.date_user_notified = Some("2025-05-03T10:00:05Z".into());
    });
    tick().await;
    assert!(root
        .query_selector("[data-testid=\"close-form\"]")
        .unwrap()
        .is_none());
    assert_eq!(text(&root, "close-summary-reason"), "Completed");
    assert!(text(&root, "close-notified").starts_with("Yes, on"));
}

#[wasm_bindgen_test]
async fn the_outbox_shows_a_mail_body_as_text() {
    let mails = RwSignal::new(vec![OutboxMail {
        id: 4,
        dsr_id: Some(12),
        kind: "closed".into(),
        recipient: "ada@example.com".into(),
        subject: "Your request #12 is closed".into(),
        text_body: "<b>x</b>\n<script>alert(1)</script>".into(),
        date_creation: "2025-05-03T10:00:00Z".into(),
        status: "failed".into(),
        error: Some("550 mailbox unavailable".into()),
    }]);
    let root = mount(move || view! { <OutboxTable mails /> });
    tick().await;
    let body: HtmlElement = find(&root, "outbox-body");
    assert_eq!(body.tag_name(), "PRE");
    assert_eq!(
        body.text_content().unwrap(),
        "<b>x</b>\n<script>alert(1)</script>"
    );
    assert!(body.query_selector("b, script").unwrap().is_none());
    assert_eq!(text(&root, "outbox-subject"), "Your request #12 is closed");
    assert_eq!(text(&root, "outbox-status"), "Failed");
    assert_eq!(text(&root, "outbox-error"), "550 mailbox unavailable");
    assert!(root.text_content().unwrap().contains("Request closed"));
}

#[wasm_bindgen_test]
async fn the_inbox_filters_on_a_confirmed_e_mail() {
    let query = RwSignal::new(DsrQuery::default());
    let tags = RwSignal::new(Vec::new());
    let root = mount(move || {
        view! { <DsrFilters query=query on_change=Callback::new(move |q| query.set(q)) tags=tags /> }
    });
    choose(&root, "filter-mail-validated", "false");
    tick().await;
    assert_eq!(query.get_untracked().mail_validated, Some(false));
    assert_eq!(
        query.get_untracked().to_query_string(),
        "mailValidated=false"
    );
    choose(&root, "filter-mail-validated", "");
    tick().await;
    assert_eq!(query.get_untracked().mail_validated, None);
}

/// A `File` with a type, built through the `File` constructor (its options
/// bag is not among the crate's web-sys features).
fn file(name: &str, mime: &str, content: &str) -> web_sys::File {
    use wasm_bindgen::JsValue;
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"File".into())
        .unwrap()
        .unchecked_into();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &mime.into()).unwrap();
    let args = js_sys::Array::of3(
        &js_sys::Array::of1(&JsValue::from_str(content)),
        &name.into(),
        &options,
    );
    js_sys::Reflect::construct(&ctor, &args)
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn messages_files_and_closing_round_trip_through_the_reference_server() {
    use pw_model::{NewDsr, Purpose};
    let c = support::admin_client();
    let made = api::dsr::create(
        &c,
        &NewDsr {
            email: Some("thread@example.org".into()),
            purposes: Some(vec![Purpose::Access]),
            ..Default::default()
        },
        &api::new_idempotency_key(),
    )
    .await
    .expect("created");
    let id = made.id.expect("an id");

    // The name travels percent-encoded and comes back as typed.
    let info = api::dsr::upload(&c, id, &file("relevé ü.txt", "text/plain", "hello"))
        .await
        .expect("uploaded");
    assert_eq!((info.file_name.as_str(), info.size), ("relevé ü.txt", 5));
    let refused = api::dsr::upload(&c, id, &file("page.html", "text/html", "<p>"))
        .await
        .expect_err("an HTML file is refused");
    assert_eq!(refused.status(), Some(415));

    let sent = api::dsr::post_message(
        &c,
        id,
        &NewMessage {
            body: "Here is your copy.".into(),
            attachment_ids: vec![info.id.clone()],
        },
    )
    .await
    .expect("sent");
    assert_eq!(sent.author, MessageAuthor::Team);
    let thread = api::dsr::messages(&c, id).await.expect("thread");
    assert_eq!(thread.last().map(|m| m.id), Some(sent.id));
    assert_eq!(thread.last().unwrap().attachments, vec![info.clone()]);
    let blob = api::dsr::attachment(&c, id, &info.id)
        .await
        .expect("downloaded");
    assert_eq!(blob.size(), 5.0);

    api::dsr::revoke_status_links(&c, id)
        .await
        .expect("revoked");
    let closed = api::dsr::close(
        &c,
        id,
        &CloseRequest {
            closed_reason: ClosedReason::Completed,
            resolution_message: "Done.".into(),
            closed_reason_description: None,
            send_notification: Some(false),
        },
    )
    .await
    .expect("closed");
    assert_eq!(closed.state, Some(DsrState::Closed));
    assert_eq!(closed.closed_reason, Some(ClosedReason::Completed));
    assert_ne!(
        closed.user_notified,
        Some(true),
        "not e-mailed when asked not to"
    );
    let again = api::dsr::close(
        &c,
        id,
        &CloseRequest {
            closed_reason: ClosedReason::Completed,
            resolution_message: "Done.".into(),
            closed_reason_description: None,
            send_notification: Some(false),
        },
    )
    .await
    .expect_err("closed once");
    assert_eq!(again.status(), Some(409));

    let outbox = api::workspace::outbox(&c, 1, 20, None)
        .await
        .expect("outbox");
    assert!(
        outbox.items.iter().any(|m| m.dsr_id == Some(id)),
        "the request's mails are listed"
    );
}
