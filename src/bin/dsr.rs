//! The widget's DSR bundle (`privacy-dsr`): the intake form, loaded only when
//! a visitor opens it. Same contract with the loader as `src/bin/widget.rs`.
use privacy_widget::widget::{self, Views};
use wasm_bindgen::prelude::*;

/// Mounts the DSR bundle into the loader's shadow root.
#[wasm_bindgen]
pub fn mount(root: web_sys::ShadowRoot, config: &str) -> Result<(), JsValue> {
    widget::mount_views(root, config, Views::dsr())
}

/// `window.PrivacyWidget` calls, through the loader.
#[wasm_bindgen]
pub fn command(name: &str, arg: &str) {
    widget::command(name, arg)
}

fn main() {
    console_error_panic_hook::set_once();
}
