//! Admin page components in headless Chromium (wasm-bindgen-test): the filter
//! bar's mapping to the seed 002 list query (tags picked by name), a request's
//! tags editor, the pager, the delete confirmation and the consent type form's
//! live validation; and `api::tag` against the reference server the test
//! script started (create, list, attach with the PUT, filter, delete).
#![cfg(all(target_arch = "wasm32", feature = "admin"))]

mod support;

use leptos::prelude::*;
use leptos::task::tick;
use privacy_widget::admin::components::{
    ApiErrorAlert, CheckboxGroup, Command, ConfirmDialog, ConsentTypeForm, DeadlineBadge,
    DsrFilters, DsrTags, Pager, WorkflowCommands,
};
use privacy_widget::admin::deadline::Deadline;
use privacy_widget::admin::messages::fill;
use privacy_widget::admin::pages::{ConsentTypes, Contacts, DsrDetail, DsrList};
use privacy_widget::admin::query::inbox_href;
use privacy_widget::admin::session::{AdminCtx, Session};
use privacy_widget::api::{self, ApiError};
use privacy_widget::i18n::{t, Key, Locale};
use pw_model::dsr::Tag;
use pw_model::{DsrQuery, DsrState, ErrorBody, NewConsentType};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `f` into a fresh `<div>` with an English admin context.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> Element {
    mount_with(AdminCtx::new(Locale::En, None), f)
}

/// Mounts `f` into a fresh `<div>` with the admin context `ctx`.
fn mount_with<V: IntoView + 'static>(ctx: AdminCtx, f: impl FnOnce() -> V + 'static) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        provide_context(ctx);
        f()
    });
    handle.forget();
    host
}

fn find<T: JsCast>(root: &Element, test_id: &str) -> T {
    root.query_selector(&format!("[data-testid=\"{test_id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
        .unchecked_into()
}

fn text(root: &Element, test_id: &str) -> String {
    find::<HtmlElement>(root, test_id)
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

fn choose(root: &Element, test_id: &str, value: &str) {
    let select: HtmlSelectElement = find(root, test_id);
    select.set_value(value);
    fire(&select, "change");
}

fn click(root: &Element, test_id: &str) {
    find::<HtmlElement>(root, test_id).click();
}

fn tag(id: i64, label: &str) -> Tag {
    Tag {
        id: Some(id),
        label: Some(label.into()),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn filters_map_to_the_seed_list_query() {
    let query = RwSignal::new(DsrQuery {
        page: Some(3),
        size: Some(100),
        ..Default::default()
    });
    let tags = RwSignal::new(vec![tag(4, "press"), tag(9, "vip")]);
    let root = mount(move || {
        view! { <DsrFilters query=query on_change=Callback::new(move |q| query.set(q)) tags=tags /> }
    });

    click(&root, "filter-state-Processing");
    tick().await;
    assert_eq!(query.get_untracked().states, vec![DsrState::Processing]);
    assert_eq!(
        query.get_untracked().page,
        None,
        "a filter change goes back to page 1"
    );
    assert_eq!(query.get_untracked().size, Some(100), "page size is kept");

    click(&root, "filter-purpose-Access");
    tick().await;
    click(&root, "filter-purpose-Erasure");
    tick().await;
    choose(&root, "filter-overtaking", "true");
    tick().await;
    choose(&root, "filter-archived", "true");
    tick().await;
    assert!(find::<HtmlInputElement>(&root, "filter-purpose-Access").checked());

    type_into(&root, "filter-q", "Dupont & fils");
    type_into(&root, "filter-ids", "3, 4");
    // Tags are picked by name; the query carries their ids.
    assert_eq!(text(&root, "filter-tags"), "Tagspressvip");
    click(&root, "filter-tag-9");
    tick().await;
    assert_eq!(query.get_untracked().tags, vec![9]);
    type_into(&root, "filter-widget", "7");
    tick().await;
    click(&root, "filter-apply");
    tick().await;
    assert_eq!(
        query.get_untracked().to_query_string(),
        "overtaking=true&archived=true&q=Dupont%20%26%20fils&widgetId=7&states=Processing\
         &purposes=Access&purposes=Erasure&ids=3&ids=4&tags=9&size=100"
    );
    assert!(inbox_href(&query.get_untracked()).starts_with("/requests?overtaking=true"));

    // Unchecking removes the value again.
    click(&root, "filter-purpose-Access");
    tick().await;
    assert_eq!(query.get_untracked().purposes.len(), 1);

    // An id the workspace does not have (a deleted tag, a hand-edited URL)
    // stays visible by number and can be unchecked.
    query.update(|q| q.tags.push(12));
    tick().await;
    assert!(find::<HtmlInputElement>(&root, "filter-tag-12").checked());
    assert!(text(&root, "filter-tags").ends_with("Tag #12"));
    click(&root, "filter-tag-12");
    tick().await;
    assert_eq!(query.get_untracked().tags, vec![9]);

    // A non-number in the ids is refused with a message and changes nothing.
    let before = query.get_untracked();
    type_into(&root, "filter-ids", "3, x");
    tick().await;
    click(&root, "filter-apply");
    tick().await;
    assert_eq!(query.get_untracked(), before);
    assert!(text(&root, "filter-ids-error").contains("whole number"));
    assert_eq!(
        find::<HtmlInputElement>(&root, "filter-ids")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    click(&root, "filter-clear");
    tick().await;
    assert_eq!(
        query.get_untracked(),
        DsrQuery {
            size: Some(100),
            ..Default::default()
        }
    );
}

#[wasm_bindgen_test]
async fn request_tags_are_added_removed_and_found_by_label() {
    let chosen = RwSignal::new(vec![tag(9, "vip")]);
    let known = RwSignal::new(vec![tag(4, "press"), tag(9, "vip"), tag(5, "urgent")]);
    let root = mount(move || view! { <DsrTags chosen=chosen known=known /> });
    tick().await;
    assert!(text(&root, "dsr-tag-list").contains("vip"));
    // The select offers the workspace's other tags only.
    let pick: HtmlSelectElement = find(&root, "dsr-tag-pick");
    assert_eq!(pick.length(), 3, "the prompt, press and urgent");
    assert!(find::<web_sys::HtmlButtonElement>(&root, "dsr-tag-add").disabled());
    choose(&root, "dsr-tag-pick", "4");
    tick().await;
    click(&root, "dsr-tag-add");
    tick().await;
    let ids = || -> Vec<Option<i64>> { chosen.get_untracked().iter().map(|t| t.id).collect() };
    assert_eq!(ids(), vec![Some(9), Some(4)]);
    assert_eq!(pick.length(), 2);
    assert_eq!(pick.value(), "");

    // Remove: the button names the tag.
    let remove: HtmlElement = find(&root, "dsr-tag-remove-9");
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove the tag vip")
    );
    remove.click();
    tick().await;
    assert_eq!(ids(), vec![Some(4)]);

    // A blank new tag is refused with a message, no request.
    click(&root, "dsr-tag-create");
    tick().await;
    assert!(!text(&root, "dsr-tag-new-error").is_empty());
    assert_eq!(
        find::<HtmlInputElement>(&root, "dsr-tag-new")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    // A label the workspace has is that tag (no request, no duplicate).
    type_into(&root, "dsr-tag-new", " urgent ");
    tick().await;
    click(&root, "dsr-tag-create");
    // The list, the select and the emptied input update over a few ticks.
    for _ in 0..3 {
        tick().await;
    }
    assert_eq!(ids(), vec![Some(4), Some(5)]);
    assert_eq!(find::<HtmlInputElement>(&root, "dsr-tag-new").value(), "");
    assert_eq!(known.get_untracked().len(), 3);

    chosen.set(Vec::new());
    tick().await;
    assert!(!text(&root, "dsr-no-tags").is_empty());
}

#[wasm_bindgen_test]
async fn tags_round_trip_through_the_reference_server() {
    let c = support::admin_client();
    let label = format!("vip {}", js_sys::Date::now());
    let new = |l: &str| Tag {
        label: Some(l.to_owned()),
        ..Default::default()
    };
    let made = api::tag::create(&c, &new(&format!(" {label} ")), &api::new_idempotency_key())
        .await
        .unwrap();
    assert_eq!(
        made.label.as_deref(),
        Some(label.as_str()),
        "stored trimmed"
    );
    let tag_id = made.id.unwrap();
    assert!(api::tag::list(&c).await.unwrap().contains(&made));
    let dup = api::tag::create(&c, &new(&label), &api::new_idempotency_key())
        .await
        .unwrap_err();
    assert_eq!(dup.status(), Some(409));

    // A request tagged through its PUT is found by the filter.
    let body = pw_model::NewDsr {
        email: Some("tags@example.com".into()),
        purposes: Some(vec![pw_model::Purpose::Access]),
        ..Default::default()
    };
    let receipt = api::dsr::create(&c, &body, &api::new_idempotency_key())
        .await
        .unwrap();
    let dsr_id = receipt.id.unwrap();
    let mut dsr = api::dsr::get(&c, dsr_id).await.unwrap();
    dsr.tags = Some(vec![made.clone()]);
    let saved = api::dsr::update(&c, &dsr).await.unwrap();
    assert_eq!(saved.tags, Some(vec![made.clone()]));
    let tagged = DsrQuery {
        tags: vec![tag_id],
        ..Default::default()
    };
    let page = api::dsr::list(&c, &tagged, None).await.unwrap();
    let ids: Vec<Option<i64>> = page.items.iter().map(|d| d.id).collect();
    assert_eq!(ids, vec![Some(dsr_id)]);

    // Deleting the tag takes it off the request.
    api::tag::delete(&c, tag_id).await.unwrap();
    assert_eq!(api::dsr::list(&c, &tagged, None).await.unwrap().total, 0);
    assert_eq!(api::dsr::get(&c, dsr_id).await.unwrap().tags, Some(vec![]));
    api::dsr::delete(&c, dsr_id).await.unwrap();
}

#[wasm_bindgen_test]
async fn pager_moves_between_server_pages() {
    let page = RwSignal::new(2u32);
    let size = RwSignal::new(50u32);
    let asked = RwSignal::new(Vec::<String>::new());
    let root = mount(move || {
        view! {
            <Pager
                page=page
                size=size
                total=Signal::derive(|| 345u64)
                on_page=Callback::new(move |p: u32| { asked.update(|a| a.push(format!("page {p}"))); page.set(p); })
                on_size=Callback::new(move |s: u32| { asked.update(|a| a.push(format!("size {s}"))); size.set(s); })
            />
        }
    });
    tick().await;
    assert_eq!(text(&root, "pager-status"), "Page 2 of 7 · 345 requests");
    click(&root, "pager-next");
    tick().await;
    click(&root, "pager-prev");
    tick().await;
    click(&root, "pager-last");
    tick().await;
    assert_eq!(text(&root, "pager-status"), "Page 7 of 7 · 345 requests");
    assert!(find::<web_sys::HtmlButtonElement>(&root, "pager-next").disabled());
    assert!(!find::<web_sys::HtmlButtonElement>(&root, "pager-prev").disabled());
    choose(&root, "pager-size", "200");
    tick().await;
    assert_eq!(
        asked.get_untracked(),
        ["page 3", "page 2", "page 7", "size 200"]
    );
    page.set(1);
    tick().await;
    assert_eq!(text(&root, "pager-status"), "Page 1 of 2 · 345 requests");
    assert!(find::<web_sys::HtmlButtonElement>(&root, "pager-first").disabled());
}

#[wasm_bindgen_test]
async fn delete_asks_for_confirmation_naming_the_request() {
    let open = RwSignal::new(false);
    let confirmed = RwSignal::new(0);
    let root = mount(move || {
        view! {
            <ConfirmDialog
                open=open
                title="Delete this request?".to_string()
                message="This permanently deletes Request #12 — Access to my data.".to_string()
                confirm_label="Delete permanently".to_string()
                cancel_label="Cancel".to_string()
                on_confirm=Callback::new(move |()| { confirmed.update(|n| *n += 1); open.set(false); })
                on_cancel=Callback::new(move |()| open.set(false))
            />
        }
    });
    let dialog: web_sys::HtmlDialogElement = find(&root, "confirm-dialog");
    tick().await;
    assert!(!dialog.open(), "closed until asked");

    open.set(true);
    tick().await;
    assert!(dialog.open());
    assert!(text(&root, "confirm-message").contains("Request #12 — Access to my data"));
    // The safe button has the focus.
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        active.get_attribute("data-testid").as_deref(),
        Some("confirm-cancel")
    );

    click(&root, "confirm-cancel");
    tick().await;
    assert!(!dialog.open());
    assert_eq!(confirmed.get_untracked(), 0, "cancel deletes nothing");

    open.set(true);
    tick().await;
    click(&root, "confirm-ok");
    tick().await;
    assert_eq!(confirmed.get_untracked(), 1);
    assert!(!dialog.open());
}

#[wasm_bindgen_test]
async fn consent_type_form_validates_live_with_the_model_rules() {
    let submitted = RwSignal::new(None::<NewConsentType>);
    let root = mount(move || {
        view! {
            <ConsentTypeForm
                editing=None
                on_submit=Callback::new(move |b| submitted.set(Some(b)))
                pending=Signal::derive(|| false)
                server_error=Signal::derive(|| None::<ApiError>)
            />
        }
    });
    let label_input: HtmlInputElement = find(&root, "ct-label");

    // Nothing is shown before the user types.
    assert_eq!(text(&root, "ct-label-error"), "");

    type_into(&root, "ct-label", "Bad Label");
    tick().await;
    assert!(
        text(&root, "ct-label-error").contains("lowercase"),
        "{}",
        text(&root, "ct-label-error")
    );
    assert_eq!(
        label_input.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        label_input.get_attribute("aria-describedby").as_deref(),
        Some("ct-label-hint ct-label-error")
    );

    type_into(&root, "ct-label", "newsletter_weekly");
    tick().await;
    assert_eq!(text(&root, "ct-label-error"), "");
    assert_eq!(label_input.get_attribute("aria-invalid"), None);

    type_into(&root, "ct-name", "abc");
    type_into(&root, "ct-duration", "one year");
    type_into(&root, "ct-url", "example.com/terms");
    tick().await;
    assert!(text(&root, "ct-name-error").contains("at least 5"));
    assert!(text(&root, "ct-duration-error").contains("P1Y"));
    assert!(text(&root, "ct-url-error").contains("https://"));

    type_into(&root, "ct-description", &"x".repeat(2001));
    tick().await;
    assert!(text(&root, "ct-description-error").contains("2000"));

    click(&root, "ct-submit");
    tick().await;
    assert_eq!(
        submitted.get_untracked(),
        None,
        "an invalid form is not sent"
    );
    assert!(!text(&root, "ct-summary").is_empty());

    type_into(&root, "ct-name", "Weekly newsletter");
    type_into(&root, "ct-duration", "P1Y");
    type_into(&root, "ct-url", "https://example.com/terms");
    type_into(&root, "ct-description", "Our news, once a week.");
    tick().await;
    click(&root, "ct-submit");
    tick().await;
    let body = submitted.get_untracked().expect("a valid form is sent");
    assert_eq!(body.label, "newsletter_weekly");
    assert_eq!(body.name.as_deref(), Some("Weekly newsletter"));
    assert_eq!(body.consent_duration.as_deref(), Some("P1Y"));
    assert_eq!(body.document, None, "blank optional fields are left out");
}

#[wasm_bindgen_test]
async fn checkbox_group_proposes_the_toggled_selection() {
    let options = RwSignal::new(vec![DsrState::Open, DsrState::Closed]);
    let selected = RwSignal::new(vec![DsrState::Open]);
    let root = mount(move || {
        view! {
            <CheckboxGroup
                legend="States".to_string()
                options=options
                selected=selected
                on_change=Callback::new(move |v| selected.set(v))
                id_prefix="t-state"
                key=|s: &DsrState| s.as_str().to_owned()
                label=Callback::new(|s: DsrState| format!("state {}", s.as_str()))
                testid="t-group"
            />
        }
    });
    let open: HtmlInputElement = find(&root, "t-state-Open");
    let closed: HtmlInputElement = find(&root, "t-state-Closed");
    assert!(
        open.checked() && !closed.checked(),
        "the selection is shown"
    );
    let label = root
        .query_selector("label[for=t-state-Closed]")
        .unwrap()
        .expect("each box has its label");
    assert_eq!(label.text_content().unwrap_or_default(), "state Closed");
    assert!(text(&root, "t-group").starts_with("States"), "the legend");

    click(&root, "t-state-Closed");
    tick().await;
    assert_eq!(
        selected.get_untracked(),
        vec![DsrState::Open, DsrState::Closed],
        "a checked box is added at the end"
    );
    click(&root, "t-state-Open");
    tick().await;
    assert_eq!(selected.get_untracked(), vec![DsrState::Closed]);
    assert!(!open.checked() && closed.checked(), "the boxes follow");

    // A new choice adds a box; the existing boxes are kept (keyed rows).
    options.set(vec![DsrState::Open, DsrState::Processing, DsrState::Closed]);
    tick().await;
    assert!(!find::<HtmlInputElement>(&root, "t-state-Processing").checked());
    assert!(
        find::<HtmlInputElement>(&root, "t-state-Closed")
            .is_same_node(Some::<&web_sys::Node>(&closed)),
        "the Closed box is the same element"
    );
}

#[wasm_bindgen_test]
async fn deadline_badge_words_and_colours_the_deadline() {
    let deadline = RwSignal::new(Deadline::Left(30));
    let running = RwSignal::new(Deadline::Closed);
    let root = mount(move || {
        view! {
            <div data-testid="all"><DeadlineBadge deadline=deadline /></div>
            <div data-testid="running"><DeadlineBadge deadline=running running_only=true /></div>
        }
    });
    let badge = |scope: &str| {
        root.query_selector(&format!(
            "[data-testid={scope}] [data-testid=deadline-badge]"
        ))
        .unwrap()
    };
    let en = Locale::En;
    let shows = |scope: &str, words: String, tone: &str| {
        let b = badge(scope).unwrap_or_else(|| panic!("a badge in {scope}"));
        assert_eq!(b.text_content().unwrap_or_default(), words);
        assert!(
            b.class_list().contains(&format!("pw-badge--{tone}")),
            "{tone}"
        );
    };
    shows("all", fill(t(en, Key::DaysLeft), 30), "info");
    deadline.set(Deadline::Left(5));
    tick().await;
    shows("all", fill(t(en, Key::DaysLeft), 5), "warning");
    deadline.set(Deadline::Left(0));
    tick().await;
    shows("all", t(en, Key::DueToday).to_owned(), "warning");
    deadline.set(Deadline::Overdue(2));
    tick().await;
    shows("all", fill(t(en, Key::OverdueBy), 2), "danger");
    deadline.set(Deadline::Closed);
    tick().await;
    shows("all", t(en, Key::StateClosed).to_owned(), "neutral");
    deadline.set(Deadline::Unknown);
    tick().await;
    shows("all", t(en, Key::NotSet).to_owned(), "neutral");

    // running_only: nothing for a closed request, the badge once it runs.
    assert!(badge("running").is_none(), "no badge for a closed request");
    running.set(Deadline::Overdue(1));
    tick().await;
    shows("running", fill(t(en, Key::OverdueBy), 1), "danger");
    running.set(Deadline::Unknown);
    tick().await;
    assert!(
        badge("running").is_none(),
        "no badge for an unknown deadline"
    );
}

#[wasm_bindgen_test]
async fn api_error_alert_words_the_error_in_the_admins_language() {
    let ctx = AdminCtx::new(Locale::En, None);
    let not_found = ApiError::Status {
        status: 404,
        body: None,
    };
    let conflict = ApiError::Status {
        status: 409,
        body: Some(ErrorBody::new(409, "label already used")),
    };
    let root = mount_with(ctx, move || {
        view! {
            <ApiErrorAlert error=not_found test_id="t-404" />
            <ApiErrorAlert error=conflict test_id="t-409" />
            <ApiErrorAlert error=ApiError::Timeout />
        }
    });
    let alert: HtmlElement = find(&root, "t-404");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(text(&root, "t-404"), t(Locale::En, Key::ErrNotFound));
    assert_eq!(
        text(&root, "t-409"),
        format!("{} (label already used)", t(Locale::En, Key::ErrConflict)),
        "a client error carries the server's message"
    );
    let untagged = root.query_selector(".pw-alert:not([data-testid])").unwrap();
    assert_eq!(
        untagged.and_then(|e| e.text_content()).unwrap_or_default(),
        t(Locale::En, Key::ErrTimeout),
        "no test id: no empty attribute either"
    );

    ctx.set_locale(Locale::Fr);
    tick().await;
    assert_eq!(
        text(&root, "t-404"),
        t(Locale::Fr, Key::ErrNotFound),
        "re-worded when the language changes"
    );
    ctx.set_locale(Locale::En);
}

/// An admin context signed in to the reference server.
fn signed_in() -> AdminCtx {
    AdminCtx::new(
        Locale::En,
        Some(Session {
            base: support::api_base().to_owned(),
            workspace: support::WORKSPACE.to_owned(),
            organization: support::ORGANIZATION.to_owned(),
            project: support::PROJECT.to_owned(),
            key: support::ADMIN_KEY.to_owned(),
        }),
    )
}

/// Waits until `cond` holds (the API answers asynchronously), up to ~10 s.
async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
        tick().await;
    }
    panic!("timed out waiting for {what}");
}

/// Waits until `selector` matches under `root`.
async fn until_shown(root: &Element, selector: &str) {
    until(selector, || {
        root.query_selector(selector).unwrap().is_some()
    })
    .await;
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn value(root: &Element, test_id: &str) -> String {
    find::<HtmlInputElement>(root, test_id).value()
}

#[wasm_bindgen_test]
async fn contacts_reload_after_a_create_and_start_an_empty_form() {
    let root = mount_with(signed_in(), || view! { <Contacts /> });
    until_shown(
        &root,
        "[data-testid=oc-list], [data-testid=oc-form] ~ .pw-empty",
    )
    .await;
    let before = count(&root, "[data-testid=oc-item]");
    let first_item = root.query_selector("[data-testid=oc-item]").unwrap();

    let surname = format!("Hopper{}", js_sys::Date::now() as u64);
    type_into(&root, "oc-surname", &surname);
    type_into(&root, "oc-forename", " Grace ");
    type_into(&root, "oc-email", "grace@example.com");
    tick().await;
    click(&root, "oc-submit");
    let shown = format!("Grace {surname}");
    until("the new contact in the list", || {
        root.query_selector("[data-testid=oc-list]")
            .unwrap()
            .and_then(|l| l.text_content())
            .is_some_and(|t| t.contains(&shown))
    })
    .await;
    assert_eq!(count(&root, "[data-testid=oc-item]"), before + 1);
    if let Some(first) = first_item {
        assert!(
            first.is_connected(),
            "the rows already shown are kept (keyed), not redrawn"
        );
    }
    assert_eq!(text(&root, "oc-result"), t(Locale::En, Key::Created));
    assert_eq!(
        value(&root, "oc-surname"),
        "",
        "the next contact starts empty"
    );
    assert_eq!(value(&root, "oc-email"), "");
    assert_eq!(
        find::<HtmlInputElement>(&root, "oc-email").get_attribute("aria-invalid"),
        None,
        "and untouched: no message on the emptied required field"
    );

    // A refused create keeps what was typed.
    type_into(&root, "dsc-name", "E2E owner");
    type_into(&root, "dsc-email", "owner@example.com");
    type_into(&root, "dsc-phone", "+33 1 23 45 67 89");
    type_into(&root, "dsc-type", "not-a-uuid");
    tick().await;
    click(&root, "dsc-submit");
    tick().await;
    assert!(
        !text(&root, "dsc-type-error").is_empty(),
        "checked before sending"
    );
    assert_eq!(value(&root, "dsc-name"), "E2E owner");
}

#[wasm_bindgen_test]
async fn consent_types_list_follows_create_and_edit() {
    let root = mount_with(signed_in(), || view! { <ConsentTypes /> });
    until_shown(&root, "[data-testid=ct-form]").await;
    let label = format!("t_{}", js_sys::Date::now() as u64);
    let row = format!("[data-testid=ct-row][data-label={label}]");
    type_into(&root, "ct-label", &label);
    type_into(&root, "ct-name", "Component test terms");
    tick().await;
    click(&root, "ct-submit");
    until_shown(&root, &row).await;
    assert_eq!(
        value(&root, "ct-label"),
        "",
        "the form starts over after a save"
    );

    let edit: HtmlElement = root
        .query_selector(&format!("{row} [data-testid=ct-edit]"))
        .unwrap()
        .unwrap()
        .unchecked_into();
    edit.click();
    until("the form holds the edited type", || {
        value(&root, "ct-label") == label
    })
    .await;
    type_into(&root, "ct-name", "Component test terms, v2");
    tick().await;
    click(&root, "ct-submit");
    until("the edited name in its row", || {
        root.query_selector(&row)
            .unwrap()
            .and_then(|r| r.text_content())
            .is_some_and(|t| t.contains("terms, v2"))
    })
    .await;
    assert_eq!(count(&root, &row), 1, "one row per type");
}

#[wasm_bindgen_test]
async fn workflow_commands_are_given_as_commands() {
    use pw_model::dsr::WorkFlowStep;
    use pw_model::Dsr;
    let step = |id: i64, label: &str, html: &str| WorkFlowStep {
        id: Some(id),
        label: Some(label.into()),
        description_html: Some(html.into()),
        ..Default::default()
    };
    let dsr = RwSignal::new(Dsr {
        id: Some(7),
        work_flow_step_id: Some(1),
        work_flow_step: Some(step(1, "New", "<b>Check</b> the request")),
        archived: Some(false),
        ..Default::default()
    });
    let busy = RwSignal::new(false);
    let given = RwSignal::new(Vec::<Command>::new());
    let deletes = RwSignal::new(0);
    let root = mount(move || {
        view! {
            <WorkflowCommands
                dsr=dsr
                steps=vec![step(1, "New", ""), step(2, "Answered", "")]
                busy=busy
                on_command=Callback::new(move |c| given.update(|g| g.push(c)))
                on_delete=Callback::new(move |()| deletes.update(|n| *n += 1))
            />
        }
    });
    assert_eq!(
        text(&root, "dsr-step-description"),
        "<b>Check</b> the request",
        "the step's HTML is shown as text"
    );
    let apply: web_sys::HtmlButtonElement = find(&root, "dsr-step-apply");
    assert!(apply.disabled(), "nothing to apply on the current step");
    choose(&root, "dsr-step", "2");
    tick().await;
    assert!(!apply.disabled());
    apply.click();
    click(&root, "dsr-archive");
    click(&root, "dsr-delete");
    tick().await;
    assert_eq!(
        given.get_untracked(),
        vec![Command::Step(2), Command::Archive]
    );
    assert_eq!(deletes.get_untracked(), 1, "delete is left to the page");

    // Archived: the same place offers Restore; busy disables every button.
    dsr.update(|d| d.archived = Some(true));
    busy.set(true);
    tick().await;
    assert!(root
        .query_selector("[data-testid=dsr-archive]")
        .unwrap()
        .is_none());
    let restore: web_sys::HtmlButtonElement = find(&root, "dsr-restore");
    assert!(restore.disabled() && apply.disabled());
    busy.set(false);
    tick().await;
    restore.click();
    tick().await;
    assert_eq!(given.get_untracked().last(), Some(&Command::Restore));
}

/// Puts `path` in the address bar (no reload), where the router reads it.
fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

#[wasm_bindgen_test]
async fn inbox_row_and_detail_of_a_request() {
    use leptos_router::components::{Route, Router, Routes};
    use leptos_router::path;
    use pw_model::{NewDsr, Purpose};
    let c = support::admin_client();
    let made = api::dsr::create(
        &c,
        &NewDsr {
            title: Some("Component test request".into()),
            given_name: Some(" Ada ".into()),
            family_name: Some("Lovelace".into()),
            email: Some("ada@example.org".into()),
            purposes: Some(vec![Purpose::Access]),
            ..Default::default()
        },
        &api::new_idempotency_key(),
    )
    .await
    .expect("created");
    let id = made.id.expect("an id");

    // The inbox, filtered to this request by the URL.
    go_to(&format!("/requests?ids={id}"));
    let inbox = mount_with(signed_in(), || view! { <Router><DsrList /></Router> });
    let row = format!("[data-testid=dsr-row][data-id=\"{id}\"]");
    until_shown(&inbox, &row).await;
    let row_el = inbox.query_selector(&row).unwrap().unwrap();
    let row_text = row_el.text_content().unwrap_or_default();
    assert!(row_text.contains("Ada Lovelace"), "{row_text}");
    assert!(row_text.contains("Component test request"), "{row_text}");
    let badge = row_el
        .query_selector("[data-testid=deadline-badge]")
        .unwrap()
        .expect("a deadline badge");
    assert!(!badge.text_content().unwrap_or_default().is_empty());
    assert_eq!(
        row_el
            .query_selector("[data-testid=state-badge]")
            .unwrap()
            .and_then(|b| b.text_content())
            .as_deref(),
        Some(t(Locale::En, Key::StateOpen))
    );
    inbox.remove();

    // Its detail page: header, types, a command and a save.
    go_to(&format!("/requests/{id}"));
    let detail = mount_with(signed_in(), || {
        view! {
            <Router>
                <Routes fallback=|| "not found">
                    <Route path=path!("/requests/:id") view=DsrDetail />
                </Routes>
            </Router>
        }
    });
    until_shown(&detail, "[data-testid=dsr-heading]").await;
    assert!(text(&detail, "dsr-heading").contains(&format!("#{id} — Component test request")));
    assert!(find::<HtmlInputElement>(&detail, "dsr-purpose-Access").checked());
    assert!(!find::<HtmlInputElement>(&detail, "dsr-purpose-Erasure").checked());
    assert_eq!(value(&detail, "dsr-given-name"), " Ada ");

    click(&detail, "dsr-archive");
    until_shown(&detail, "[data-testid=dsr-restore]").await;
    assert_eq!(
        text(&detail, "dsr-status"),
        t(Locale::En, Key::ArchivedDone)
    );
    assert_eq!(
        text(&detail, "detail-archived"),
        t(Locale::En, Key::Archived)
    );
    assert_eq!(api::dsr::get(&c, id).await.unwrap().archived, Some(true));
    click(&detail, "dsr-restore");
    until_shown(&detail, "[data-testid=dsr-archive]").await;

    click(&detail, "dsr-purpose-Erasure");
    type_into(&detail, "dsr-title", "Component test request (edited)");
    tick().await;
    click(&detail, "dsr-save");
    until("saved", || {
        text(&detail, "dsr-status") == t(Locale::En, Key::Saved)
    })
    .await;
    let saved = api::dsr::get(&c, id).await.unwrap();
    assert_eq!(
        saved.title.as_deref(),
        Some("Component test request (edited)")
    );
    assert_eq!(
        saved.purposes,
        Some(vec![Purpose::Access, Purpose::Erasure])
    );
    assert_eq!(saved.archived, Some(false));
    detail.remove();
    go_to("/");
}
