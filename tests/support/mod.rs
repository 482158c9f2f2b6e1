//! Helpers for the browser component tests: a fresh shadow root per test,
//! DOM queries by `data-testid`, typing and clicking, and the reference
//! server the test script started (`PW_TEST_API`).
#![allow(dead_code)]

use leptos::task::tick;
use privacy_widget::api::{ApiClient, ApiConfig};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

pub const ADMIN_KEY: &str = "sk_test_admin_0123456789abcdef0123456789abcdef";
pub const PUBLIC_KEY: &str = "pk_test_public_0123456789abcdef0123456789abcd";
pub const WORKSPACE: &str = "1";
pub const ORGANIZATION: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
pub const PROJECT: &str = "9ec8a81a-31b2-4a83-bcd8-cef9150932d2";

/// The reference server started by scripts/test.sh.
pub fn api_base() -> &'static str {
    option_env!("PW_TEST_API").unwrap_or("http://127.0.0.1:48080")
}

/// Mounts `f` into a fresh `<div>` of the page, signed in to the test server
/// as the admin, in `locale` (the admin component tests).
pub fn mount_admin<V: leptos::prelude::IntoView + 'static>(
    locale: privacy_widget::i18n::Locale,
    f: impl FnOnce() -> V + 'static,
) -> Element {
    use privacy_widget::admin::session::{AdminCtx, Session};
    let session = Session {
        base: api_base().into(),
        workspace: WORKSPACE.into(),
        organization: ORGANIZATION.into(),
        project: PROJECT.into(),
        key: ADMIN_KEY.into(),
    };
    let document = document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        leptos::prelude::provide_context(AdminCtx::new(locale, Some(session)));
        f()
    })
    .forget();
    host
}

pub fn admin_client() -> ApiClient {
    ApiClient::new(ApiConfig::single(
        api_base(),
        WORKSPACE,
        ORGANIZATION,
        PROJECT,
        ADMIN_KEY,
    ))
}

/// Loader-style config JSON for `mount`.
pub fn config(extra: serde_json::Value) -> String {
    let mut c = serde_json::json!({
        "api": api_base(), "workspace": WORKSPACE, "organization": ORGANIZATION,
        "project": PROJECT, "key": PUBLIC_KEY, "widgetId": 1,
    });
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c.to_string()
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn fresh_shadow_root() -> ShadowRoot {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap()
}

/// Mounts a bundle's view as the loader does: into a slot inside a fresh
/// shadow root (replacing the view mounted before).
#[cfg(feature = "widget")]
pub fn mount_view(config: String, view: fn() -> leptos::prelude::AnyView) -> ShadowRoot {
    let root = fresh_shadow_root();
    mount_in(&root, &config, view);
    root
}

/// Mounts a view into a new slot of `root` (the config JSON taken as is).
#[cfg(feature = "widget")]
pub fn mount_in(root: &ShadowRoot, config: &str, view: fn() -> leptos::prelude::AnyView) {
    let slot: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    root.append_child(&slot).unwrap();
    privacy_widget::widget::mount_view(slot, config, view).unwrap();
}

/// Forgets drafts and choices left by an earlier test in this page.
pub fn clear_storage() {
    let w = web_sys::window().unwrap();
    w.session_storage().unwrap().unwrap().clear().unwrap();
    w.local_storage().unwrap().unwrap().clear().unwrap();
}

pub fn find(root: &ShadowRoot, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

pub fn by_id(root: &ShadowRoot, test_id: &str) -> Option<HtmlElement> {
    find(root, &format!("[data-testid='{test_id}']"))
}

pub fn all(root: &ShadowRoot, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

pub fn text(el: &HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

/// Types `value` into an input or textarea, as a user would (an `input` event).
pub fn type_into(root: &ShadowRoot, selector: &str, value: &str) {
    let el = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let i = web_sys::EventInit::new();
        i.set_bubbles(true);
        i
    })
    .unwrap();
    el.dispatch_event(&ev).unwrap();
}

pub fn check(root: &ShadowRoot, selector: &str) {
    let el: HtmlInputElement = find(root, selector).unwrap().unchecked_into();
    el.click();
}

/// Waits until `cond` holds (the API answers asynchronously), up to ~10 s.
pub async fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    tick().await;
}
