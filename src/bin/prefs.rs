//! The consent preferences bundle (`privacy-prefs`): every consent type with
//! its switch, or only those that need a new answer (re-ask). The loader
//! fetches it when a visitor chooses Customise or "Privacy choices".
use leptos::prelude::IntoAny;
use privacy_widget::widget::{self, ConsentPanel};
use wasm_bindgen::prelude::*;

/// Mounts the preferences into the loader's slot.
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, config: &str) -> Result<(), JsValue> {
    widget::mount_view(container, config, || ConsentPanel().into_any())
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
