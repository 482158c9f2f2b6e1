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
use wasm_bindgen::{JsCast, JsValue};
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
    /// The view's name in the loader's and the JS API's words.
    pub fn name(self) -> &'static str {
        match self {
            Screen::Closed => "closed",
            Screen::Menu => "menu",
            Screen::Dsr => "dsr",
            Screen::Banner => "banner",
            Screen::Preferences => "preferences",
        }
    }

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

/// Which views a wasm bundle carries. The consent panel and the DSR form ship
/// as two bundles (`src/bin/widget.rs`, `src/bin/dsr.rs`), so a first-time
/// visitor downloads the consent code only and the form's code comes when the
/// form is opened. A bundle asked for a view it lacks hands over to the loader
/// (`privacywidget:open` event), which loads the other bundle.
#[derive(Clone, Copy)]
pub struct Views {
    /// The consent banner and preferences, and the menu.
    pub consent: Option<fn() -> AnyView>,
    /// The DSR intake form.
    pub dsr: Option<fn() -> AnyView>,
}

impl Views {
    /// The consent bundle.
    pub fn consent() -> Self {
        Self {
            consent: Some(|| ConsentPanel().into_any()),
            dsr: None,
        }
    }

    /// The DSR bundle.
    pub fn dsr() -> Self {
        Self {
            consent: None,
            dsr: Some(|| app::DsrView().into_any()),
        }
    }

    /// Both views in one module (component tests).
    pub fn all() -> Self {
        Self {
            consent: Self::consent().consent,
            dsr: Self::dsr().dsr,
        }
    }
}

/// Mounts a bundle: styles `root` and mounts the widget, with the host's
/// `config` (JSON), in a container of its own inside `root` (another bundle
/// may share the root). The widget lives as long as the page.
pub fn mount_views(root: ShadowRoot, config: &str, views: Views) -> Result<(), JsValue> {
    adopt_stylesheet(&root)?;
    HOST.with_borrow_mut(|h| *h = Some(root.host()));
    let config = WidgetConfig::from_json(config);
    let languages = browser_languages();
    let locale = Locale::negotiate(&config.locale, languages.iter().map(String::as_str));
    let document = root.owner_document().ok_or("no document")?;
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    root.append_child(&container)?;
    leptos::mount::mount_to(container, move || {
        let controls = Controls {
            screen: RwSignal::new(Screen::parse(&config.open).unwrap_or_default()),
            locale: RwSignal::new(locale),
        };
        CONTROLS.set(Some(controls));
        provide_context(controls);
        provide_context(UiLocale(controls.locale));
        provide_context(views);
        provide_context(config.client());
        provide_context(config);
        WidgetApp()
    })
    .forget();
    Ok(())
}

/// [`mount_views`] with both views, as one module (component tests, embedders
/// who prefer one download).
pub fn mount(root: ShadowRoot, config: &str) -> Result<(), JsValue> {
    mount_views(root, config, Views::all())
}

/// The host page's `window.PrivacyWidget` calls land here (through the loader):
/// `open` a view (`dsr`, `preferences`, `banner`, `menu`), `close`, or switch `locale`.
/// Each bundle's entry point exports it.
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
