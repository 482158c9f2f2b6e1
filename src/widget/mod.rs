//! The widget's rich views, one per wasm bundle: the consent preferences
//! (`src/bin/prefs.rs`) and the DSR form (`src/bin/dsr.rs`). The first screen
//! (launcher, banner, menu, panel frame) is the loader's (`public/loader.js`,
//! markup from `src/shell.rs`); when a visitor opens a rich view, the loader
//! fetches its bundle and calls its `mount(container, config)` with a slot in
//! its shadow root. A bundle draws exactly that one view: no launcher, no
//! menu, no knowledge of the other bundle. The loader owns the language and
//! the panel; the bundle reports back only by DOM events.
mod config;
mod consent_panel;
pub mod consent_store;
mod dsr_draft;
mod dsr_form;
mod dsr_success;
mod dsr_view;
mod storage;

use std::cell::RefCell;

use leptos::mount::UnmountHandle;
use leptos::prelude::*;
use leptos::tachys::view::any_view::{AnyView, AnyViewState};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot};

pub use config::WidgetConfig;
pub use consent_panel::ConsentPanel;
pub use dsr_draft::{DsrDraft, SubmitContext};
pub use dsr_form::DsrForm;
pub use dsr_success::DsrSuccess;
pub use dsr_view::DsrView;

use crate::i18n::Locale;

/// The widget's language, in context for every component of a view; the
/// loader changes it through [`set_locale`].
#[derive(Clone, Copy, Debug)]
pub struct UiLocale(pub RwSignal<Locale>);

/// What a mounted view needs after `mount` returned.
struct Mounted {
    /// The loader's slot: events are dispatched on it.
    container: HtmlElement,
    locale: RwSignal<Locale>,
    /// Dropping it removes the view.
    _handle: UnmountHandle<AnyViewState>,
}

thread_local! {
    // wasm is single-threaded; the loader's later calls need these.
    static MOUNTED: RefCell<Option<Mounted>> = const { RefCell::new(None) };
    static VIEWS_SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// The views' stylesheet (forms, switches, consent items): the loader's sheet
/// styles only the first screen, so each bundle brings what its view needs.
const VIEWS_CSS: &str = include_str!("../../style/widget-views.css");

/// Adds the views' sheet to the shadow root `container` lives in, once. A
/// constructed sheet, because a strict host CSP (`style-src 'self'`) blocks
/// `<style>` elements and `style` attributes even inside a shadow root.
fn adopt_views_sheet(container: &HtmlElement) -> Result<(), JsValue> {
    let Ok(root) = container.get_root_node().dyn_into::<ShadowRoot>() else {
        return Ok(()); // not in a shadow root (a test page): nothing to add to
    };
    let sheet = VIEWS_SHEET.with_borrow_mut(|s| -> Result<CssStyleSheet, JsValue> {
        if s.is_none() {
            let sheet = CssStyleSheet::new()?;
            sheet.replace_sync(VIEWS_CSS)?;
            *s = Some(sheet);
        }
        Ok(s.clone().expect("just set"))
    })?;
    // web-sys has no typed accessor for ShadowRoot.adoptedStyleSheets.
    let key = JsValue::from_str("adoptedStyleSheets");
    let sheets = js_sys::Array::from(&js_sys::Reflect::get(&root, &key)?);
    if !sheets.includes(&sheet, 0) {
        sheets.push(&sheet);
        js_sys::Reflect::set(&root, &key, &sheets)?;
    }
    Ok(())
}

/// Dispatches `name` with `detail` on the view's slot; it bubbles out of the
/// shadow root (`composed`) to the loader and the host page.
pub fn emit<T: serde::Serialize>(name: &str, detail: &T) {
    // Cloned out first: a listener may call back into this bundle (unmount).
    let Some(container) = MOUNTED.with_borrow(|m| m.as_ref().map(|m| m.container.clone())) else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let detail = crate::json::to_js(detail).unwrap_or(JsValue::NULL);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = container.dispatch_event(&event);
    }
}

/// Mounts `view` into `container` (the loader's slot) with the host's
/// `config` (JSON), replacing what this bundle showed before, so each opening
/// starts from the stored state.
pub fn mount_view(
    container: HtmlElement,
    config: &str,
    view: fn() -> AnyView,
) -> Result<(), JsValue> {
    unmount();
    adopt_views_sheet(&container)?;
    let config = WidgetConfig::from_json(config);
    let languages = crate::browser::languages();
    let locale = RwSignal::new(Locale::negotiate(
        &config.locale,
        languages.iter().map(String::as_str),
    ));
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(UiLocale(locale));
        provide_context(config.client());
        provide_context(config);
        view()
    });
    MOUNTED.set(Some(Mounted {
        container,
        locale,
        _handle: handle,
    }));
    Ok(())
}

/// Removes the mounted view (the loader closed the panel).
pub fn unmount() {
    // Dropped outside the borrow: unmounting runs the view's cleanups.
    let old = MOUNTED.take();
    drop(old);
}

/// Shows the mounted view in the language tagged `tag` (`"fr"`).
pub fn set_locale(tag: &str) {
    if let Some(l) = Locale::from_tag(tag) {
        MOUNTED.with_borrow(|m| {
            if let Some(m) = m {
                m.locale.set(l);
            }
        });
    }
}

/// Defines, in a view bundle's binary, the three exports the loader calls
/// (`mount`, `unmount`, `setLocale`) for the component `$view`, and its
/// `main`. A macro because the exports must live in the bin: exports in the
/// library would be roots in every bin and keep every view alive.
#[macro_export]
macro_rules! view_bundle {
    ($view:path) => {
        /// Mounts the view into the loader's slot.
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn mount(
            container: web_sys::HtmlElement,
            config: &str,
        ) -> Result<(), wasm_bindgen::JsValue> {
            $crate::widget::mount_view(container, config, || {
                leptos::prelude::IntoAny::into_any($view())
            })
        }

        /// Removes the view (the panel was closed).
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn unmount() {
            $crate::widget::unmount()
        }

        /// Follows the loader's language switch.
        #[wasm_bindgen::prelude::wasm_bindgen(js_name = setLocale)]
        pub fn set_locale(tag: &str) {
            $crate::widget::set_locale(tag)
        }

        fn main() {
            // Panic messages in the console while developing; release builds
            // leave the hook (and its formatting code) out of the download.
            #[cfg(debug_assertions)]
            console_error_panic_hook::set_once();
        }
    };
}
