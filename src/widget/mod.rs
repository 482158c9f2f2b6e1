//! The embeddable widget: mounted by `public/loader.js` into a shadow root it
//! made, so host CSS cannot reach in and ours cannot leak out.
mod app;
mod config;
mod consent_panel;
pub mod consent_store;
mod dsr_draft;
mod dsr_form;
mod dsr_success;
mod storage;

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

pub use app::WidgetApp;
pub use config::WidgetConfig;
pub use consent_panel::ConsentPanel;
pub use dsr_draft::{DsrDraft, SubmitContext};
pub use dsr_form::DsrForm;
pub use dsr_success::DsrSuccess;

use crate::i18n::Locale;

/// The widget's stylesheet, compiled in: a strict host CSP (`style-src 'self'`)
/// blocks `<style>` elements and `style` attributes even inside a shadow root,
/// but not a constructed sheet in `adoptedStyleSheets`.
const WIDGET_CSS: &str = include_str!("../../style/widget.css");

/// What the widget shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    /// Only the launcher (floating mode).
    #[default]
    Closed,
    /// A choice between the consent panel and the DSR form.
    Menu,
    /// The DSR intake form.
    Dsr,
    /// First-visit consent banner.
    Banner,
    /// Consent preferences (also used to re-ask).
    Preferences,
}

impl Screen {
    /// Parses the loader's / JS API's view name.
    pub fn parse(name: &str) -> Option<Screen> {
        Some(match name {
            "" | "closed" => Screen::Closed,
            "menu" => Screen::Menu,
            "dsr" => Screen::Dsr,
            "banner" => Screen::Banner,
            "preferences" | "consent" => Screen::Preferences,
            _ => return None,
        })
    }
}

/// The signals the host page can drive through `window.PrivacyWidget`.
#[derive(Clone, Copy, Debug)]
pub struct Controls {
    /// What is shown.
    pub screen: RwSignal<Screen>,
    /// The language everything is shown in.
    pub locale: RwSignal<Locale>,
}

/// The widget's language, for leaves that only need that.
#[derive(Clone, Copy, Debug)]
pub struct UiLocale(pub RwSignal<Locale>);

thread_local! {
    // wasm is single-threaded; these hold what JS calls need after mount.
    static CONTROLS: Cell<Option<Controls>> = const { Cell::new(None) };
    static HOST: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Adopts the widget stylesheet into `root`.
pub fn adopt_stylesheet(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(WIDGET_CSS)?;
    let sheets = js_sys::Array::of1(&sheet);
    // web-sys has no typed setter for ShadowRoot.adoptedStyleSheets.
    js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets)?;
    Ok(())
}

/// The browser's preferred languages, best first.
fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Dispatches `name` with `detail` on the widget's host element; it bubbles
/// out of the shadow root so the host page (and the loader) can listen.
pub fn emit(name: &str, detail: &serde_json::Value) {
    HOST.with_borrow(|host| {
        let Some(host) = host else { return };
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        let detail = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = host.dispatch_event(&event);
        }
    });
}

/// Called by the loader once the module is initialised: styles `root` and
/// mounts the widget in it with the host's `config` (JSON). The widget lives as
/// long as the page.
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, config: &str) -> Result<(), JsValue> {
    adopt_stylesheet(&root)?;
    // The loader may have drawn a launcher of its own: the app replaces it.
    root.set_inner_html("");
    HOST.with_borrow_mut(|h| *h = Some(root.host()));
    let config = WidgetConfig::from_json(config);
    let languages = browser_languages();
    let locale = Locale::negotiate(&config.locale, languages.iter().map(String::as_str));
    let container: web_sys::HtmlElement = root.clone().unchecked_into();
    leptos::mount::mount_to(container, move || {
        let controls = Controls {
            screen: RwSignal::new(Screen::parse(&config.open).unwrap_or_default()),
            locale: RwSignal::new(locale),
        };
        CONTROLS.set(Some(controls));
        provide_context(controls);
        provide_context(UiLocale(controls.locale));
        provide_context(config.client());
        provide_context(config);
        WidgetApp()
    })
    .forget();
    Ok(())
}

/// The host page's `window.PrivacyWidget` calls land here (through the loader):
/// `open` a view (`dsr`, `preferences`, `banner`, `menu`), `close`, or switch `locale`.
#[wasm_bindgen]
pub fn command(name: &str, arg: &str) {
    let Some(c) = CONTROLS.get() else { return };
    match name {
        "open" => c.screen.set(
            Screen::parse(arg)
                .filter(|s| *s != Screen::Closed)
                .unwrap_or(Screen::Menu),
        ),
        "close" => c.screen.set(Screen::Closed),
        "locale" => {
            if let Some(l) = Locale::from_tag(arg) {
                c.locale.set(l);
            }
        }
        _ => {}
    }
}
