//! The widget's consent bundle (`privacy-widget`): consent banner and
//! preferences, launcher and menu. What a first-time visitor downloads.
//! `public/loader.js` initialises it and calls `mount`; `main` only installs
//! the panic hook.
use privacy_widget::widget::{self, Views};
use wasm_bindgen::prelude::*;

/// Mounts the consent bundle into the loader's shadow root.
#[wasm_bindgen]
pub fn mount(root: web_sys::ShadowRoot, config: &str) -> Result<(), JsValue> {
    widget::mount_views(root, config, Views::consent())
}

/// `window.PrivacyWidget` calls, through the loader.
#[wasm_bindgen]
pub fn command(name: &str, arg: &str) {
    widget::command(name, arg)
}

fn main() {
    console_error_panic_hook::set_once();
}
