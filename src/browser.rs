//! The few things the front ends ask of the browser itself (window, document,
//! the page's address and languages, focus, a file download, the clipboard),
//! written once for the admin page and the widget's views. Each degrades to
//! "nothing" where the browser refuses (no window in a worker, storage
//! disabled, clipboard denied): callers never unwrap a browser object.
use wasm_bindgen::{JsCast, JsValue};

/// The page's `window`, if there is one.
pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's `document`.
pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// This tab's `sessionStorage` (`None` where storage is disabled).
pub fn session_storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok().flatten()
}

/// The origin's `localStorage` (`None` where storage is disabled).
pub fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// The browser's preferred languages, best first (`navigator.languages`).
pub fn languages() -> Vec<String> {
    window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The page's origin (`https://example.org`), empty when unknown.
pub fn page_origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The page's origin and path, without query or fragment: those can carry
/// the host page's tokens, so this is what may be sent as a referrer.
pub fn page_address() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// Sets `<html lang>` (screen readers and hyphenation follow it).
pub fn set_document_lang(tag: &str) {
    if let Some(html) = document().and_then(|d| d.document_element()) {
        let _ = html.set_attribute("lang", tag);
    }
}

/// Focuses the first element under `root` matching `selector`; `false` when
/// there is none.
pub fn focus_first(root: &web_sys::Element, selector: &str) -> bool {
    match root.query_selector(selector).ok().flatten() {
        Some(el) => el.unchecked_into::<web_sys::HtmlElement>().focus().is_ok(),
        None => false,
    }
}

/// Saves `content` as `file_name` through a Blob and a temporary object URL.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    download_blob(file_name, &blob)
}

/// Saves `blob` (e.g. a file fetched with credentials) as `file_name` through
/// a temporary object URL and a temporary `<a download>`.
pub fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let document = document().ok_or_else(|| JsValue::from_str("no document"))?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    // Attached while clicked: some browsers ignore clicks on detached anchors.
    if let Some(body) = document.body() {
        body.append_child(&a)?;
    }
    a.click();
    a.remove();
    // Revoked a minute later: the download may read the URL after the click returns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = window() {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)?;
    }
    Ok(())
}

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`, reached
/// by name: web-sys' `Clipboard` is not among the crate's features). Fails
/// where the page is not a secure context or the user refused.
pub async fn copy_text(text: &str) -> Result<(), JsValue> {
    let navigator = window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))?;
    if clipboard.is_undefined() {
        return Err(JsValue::from_str("no clipboard"));
    }
    let write: js_sys::Function =
        js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))?.dyn_into()?;
    let promise: js_sys::Promise = write
        .call1(&clipboard, &JsValue::from_str(text))?
        .dyn_into()?;
    wasm_bindgen_futures::JsFuture::from(promise).await?;
    Ok(())
}

/// The abort controller of a list's latest load: starting a load aborts the
/// one before, so filters changed again before the server answered never let
/// an older answer land last.
#[derive(Clone, Copy)]
pub struct LatestLoad(
    leptos::prelude::StoredValue<Option<web_sys::AbortController>, leptos::prelude::LocalStorage>,
);

impl LatestLoad {
    /// No load yet.
    pub fn new() -> Self {
        Self(leptos::prelude::StoredValue::new_local(None))
    }

    /// A controller for the load starting now (none if the browser has no
    /// `AbortController`); the previous load is aborted.
    pub fn start(self) -> Option<web_sys::AbortController> {
        use leptos::prelude::UpdateValue;
        let controller = web_sys::AbortController::new().ok();
        if let Some(old) = self
            .0
            .try_update_value(|v| std::mem::replace(v, controller.clone()))
            .flatten()
        {
            old.abort();
        }
        controller
    }
}

impl Default for LatestLoad {
    fn default() -> Self {
        Self::new()
    }
}
