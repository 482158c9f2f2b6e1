//! The DSR form bundle (`privacy-dsr`): the intake form and its confirmation,
//! fetched by the loader only when a visitor opens the form. Same three
//! exports as `src/bin/prefs.rs`.
use leptos::prelude::IntoAny;
use privacy_widget::widget::{self, DsrView};
use wasm_bindgen::prelude::*;

/// Mounts the form into the loader's slot.
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, config: &str) -> Result<(), JsValue> {
    widget::mount_view(container, config, || DsrView().into_any())
}

/// Removes the view (the panel was closed).
#[wasm_bindgen]
pub fn unmount() {
    widget::unmount()
}

/// Follows the loader's language switch.
#[wasm_bindgen(js_name = setLocale)]
pub fn set_locale(tag: &str) {
    widget::set_locale(tag)
}

fn main() {
    // Panic messages in the console while developing; release builds leave
    // the hook (and its formatting code) out of the download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}
