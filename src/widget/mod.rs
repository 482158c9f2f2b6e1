//! The embeddable widget: mounted by `public/loader.js` into a shadow root it made,
//! so host CSS cannot reach in and ours cannot leak out.
mod app;
mod config;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

pub use app::WidgetApp;
pub use config::WidgetConfig;

/// The widget's stylesheet, compiled in: a strict host CSP (`style-src 'self'`)
/// blocks `<style>` elements and `style` attributes even inside a shadow root,
/// but not a constructed sheet in `adoptedStyleSheets`.
const WIDGET_CSS: &str = include_str!("../../style/widget.css");

/// Adopts the widget stylesheet into `root`.
pub fn adopt_stylesheet(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(WIDGET_CSS)?;
    let sheets = js_sys::Array::of1(&sheet);
    // web-sys has no typed setter for ShadowRoot.adoptedStyleSheets.
    js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets)?;
    Ok(())
}

/// Called by the loader once the module is initialised: styles `root` and mounts
/// the widget in it with the host's `config` (JSON). The widget lives as long as
/// the page.
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, config: &str) -> Result<(), JsValue> {
    adopt_stylesheet(&root)?;
    let config = WidgetConfig::from_json(config);
    // mount_to wants an HtmlElement; a ShadowRoot works the same way for appending.
    let container: web_sys::HtmlElement = root.clone().unchecked_into();
    leptos::mount::mount_to(container, move || {
        provide_context(config);
        WidgetApp()
    })
    .forget();
    Ok(())
}
