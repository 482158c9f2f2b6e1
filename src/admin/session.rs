//! The signed-in session: where the API is, which workspace / organisation /
//! project, and the admin key. Held in memory and in `sessionStorage` (this tab
//! only, gone when the tab closes), never in `localStorage`.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{ApiClient, ApiConfig};
use crate::browser::{languages, session_storage};
use crate::i18n::{self, Key, Locale};

/// The reference server's demo organisation (seed 000/001 example ids).
pub const DEMO_ORGANIZATION: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
/// The reference server's demo project.
pub const DEMO_PROJECT: &str = "9ec8a81a-31b2-4a83-bcd8-cef9150932d2";
/// The reference server's demo workspace.
pub const DEMO_WORKSPACE: &str = "1";

/// `sessionStorage` key of the session.
const SESSION_KEY: &str = "pw-admin-session";
/// `sessionStorage` key of the chosen language.
const LOCALE_KEY: &str = "pw-admin-locale";

/// What sign-in collects.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// API base URL (the page's origin by default).
    pub base: String,
    /// Dastra workspace id.
    pub workspace: String,
    /// Concord / URN organisation id.
    pub organization: String,
    /// Concord project id.
    pub project: String,
    /// Admin API key.
    pub key: String,
}

impl Session {
    /// The API client for this session (one server for the three APIs).
    pub fn client(&self) -> ApiClient {
        ApiClient::new(ApiConfig::single(
            &self.base,
            &self.workspace,
            &self.organization,
            &self.project,
            &self.key,
        ))
    }
}

/// App-wide admin state, in context (`expect_context::<AdminCtx>()`).
#[derive(Clone, Copy)]
pub struct AdminCtx {
    /// Display language.
    pub locale: RwSignal<Locale>,
    /// `None` until signed in.
    pub session: RwSignal<Option<Session>>,
}

impl AdminCtx {
    /// A context with the given state (tests build one directly).
    pub fn new(locale: Locale, session: Option<Session>) -> Self {
        Self {
            locale: RwSignal::new(locale),
            session: RwSignal::new(session),
        }
    }

    /// `key` in the current language (tracked: re-renders on a language switch).
    pub fn t(&self, key: Key) -> &'static str {
        i18n::t(self.locale.get(), key)
    }

    /// The client of the current session. Pages are only shown when signed
    /// in; without a session this points at nothing and every call fails 401.
    pub fn client(&self) -> ApiClient {
        self.session
            .get_untracked()
            .map(|s| s.client())
            .unwrap_or_else(|| ApiClient::new(ApiConfig::single("", "", "", "", "")))
    }

    /// Signs in: memory and this tab's storage.
    pub fn sign_in(&self, session: Session) {
        if let (Some(storage), Ok(json)) = (session_storage(), serde_json::to_string(&session)) {
            let _ = storage.set_item(SESSION_KEY, &json);
        }
        self.session.set(Some(session));
    }

    /// Signs out: forgets the key everywhere.
    pub fn sign_out(&self) {
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(SESSION_KEY);
        }
        self.session.set(None);
    }

    /// Switches language and remembers it for this tab.
    pub fn set_locale(&self, locale: Locale) {
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(LOCALE_KEY, locale.tag());
        }
        self.locale.set(locale);
    }

    /// State restored from this tab's storage, language negotiated otherwise.
    pub fn restore() -> Self {
        let storage = session_storage();
        let stored = |key| {
            storage
                .as_ref()
                .and_then(|s| s.get_item(key).ok().flatten())
        };
        let session = stored(SESSION_KEY).and_then(|json| serde_json::from_str(&json).ok());
        let browser = languages();
        let locale = Locale::negotiate(
            &stored(LOCALE_KEY).unwrap_or_default(),
            browser.iter().map(String::as_str),
        );
        Self::new(locale, session)
    }
}

/// The admin context (panics outside `<AdminApp/>`, which is a bug).
pub fn use_admin() -> AdminCtx {
    expect_context::<AdminCtx>()
}
