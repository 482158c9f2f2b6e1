//! The requester's status page (`/request/`, `request.html`, bin
//! `privacy-request`): the person who filed a request follows it, reads the
//! team's messages and answers, with files.
//!
//! The e-mails link here with the token in the fragment, which never reaches
//! a server log or a `Referer`:
//! - `#v=<token>`: the confirmation link (single use). The page exchanges it
//!   (`POST /v1/requester/verify`) for a status token, keeps that in this
//!   tab's sessionStorage and replaces the address with `#t=<status token>`
//!   (no new history entry), so a reload or a bookmark works.
//! - `#t=<token>`: the status link (30 days, revocable); read the request.
//!
//! The language is the request's own when the product speaks it, else the
//! browser's; the requester may switch. Components, each named for what it
//! shows: [`RequestSummary`], [`MessageThread`], [`MessageComposer`],
//! [`LinkProblem`], put together by [`RequestView`].
mod link_problem;
mod message_composer;
mod message_thread;
mod request_summary;
mod request_view;
pub mod words;

use leptos::leptos_dom::helpers::window_event_listener;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pw_model::requester::RequesterView;

pub use link_problem::LinkProblem;
pub use message_composer::MessageComposer;
pub use message_thread::MessageThread;
pub use request_summary::RequestSummary;
pub use request_view::RequestView;

use crate::api::requester::{self as api, RequesterError};
use crate::api::ApiClient;
use crate::browser;
use crate::i18n::{t, tr, Key, Locale};

/// The page's language, in context for every component of the page.
#[derive(Clone, Copy, Debug)]
pub struct PageLocale(pub RwSignal<Locale>);

/// Where this tab keeps the status token (sessionStorage: gone with the tab).
pub const TOKEN_KEY: &str = "pw-request-token";

/// What the page's address carries after `#`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkToken {
    /// `#v=`: a confirmation link's token.
    Verify(String),
    /// `#t=`: a status token.
    Status(String),
    /// Nothing usable.
    Missing,
}

impl LinkToken {
    /// Reads `#v=...` or `#t=...` (other `&`-separated parts are ignored).
    pub fn parse(fragment: &str) -> Self {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        for part in fragment.split('&') {
            match part.split_once('=') {
                Some(("v", v)) if !v.trim().is_empty() => return Self::Verify(v.trim().into()),
                Some(("t", v)) if !v.trim().is_empty() => return Self::Status(v.trim().into()),
                _ => {}
            }
        }
        Self::Missing
    }
}

/// What the page shows.
#[derive(Clone, Debug)]
enum Screen {
    Opening,
    Ready(Box<RequesterView>, ApiClient),
    /// The link cannot be used (`None`: there is none).
    Problem(Option<RequesterError>),
    /// Something that may pass (network, server): offer to try again.
    Failed(RequesterError),
}

fn stored_token() -> Option<String> {
    browser::session_storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

/// Keeps `token` for this tab and puts it in the address, replacing a
/// single-use `#v=` link so a reload does not spend it again.
fn remember(token: &str) {
    if let Some(s) = browser::session_storage() {
        let _ = s.set_item(TOKEN_KEY, token);
    }
    if let Some(history) = browser::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#t={token}")),
        );
    }
}

fn forget() {
    if let Some(s) = browser::session_storage() {
        let _ = s.remove_item(TOKEN_KEY);
    }
}

fn fragment() -> String {
    browser::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Follows the address's link to a screen.
async fn open(base: &str) -> Screen {
    let stored = stored_token();
    let token = match LinkToken::parse(&fragment()) {
        LinkToken::Verify(link) => {
            match api::verify_link(&api::status_client(base, ""), &link).await {
                Ok(answer) => answer.status_token,
                // This tab already opened the link (a reload before the address
                // was replaced, a second click): its token still works.
                Err(RequesterError::LinkUsed) if stored.is_some() => stored.unwrap_or_default(),
                Err(e) if e.is_link_problem() => return Screen::Problem(Some(e)),
                Err(e) => return Screen::Failed(e),
            }
        }
        LinkToken::Status(token) => token,
        LinkToken::Missing => match stored {
            Some(token) => token,
            None => return Screen::Problem(None),
        },
    };
    remember(&token);
    let client = api::status_client(base, &token);
    match api::request(&client).await {
        Ok(request) => Screen::Ready(Box::new(request), client),
        Err(e) if e.is_link_problem() => {
            forget();
            Screen::Problem(Some(e))
        }
        Err(e) => Screen::Failed(e),
    }
}

/// The whole page. `base` is the API's origin (tests); the page's own by default.
#[component]
pub fn RequestApp(
    /// API base URL; empty: the page's origin.
    #[prop(optional, into)]
    base: String,
) -> impl IntoView {
    let locale = RwSignal::new(Locale::negotiate(
        "",
        browser::languages().iter().map(String::as_str),
    ));
    // Once the requester picked a language, a reload of the request keeps it.
    let picked = RwSignal::new(false);
    provide_context(PageLocale(locale));
    Effect::new(move |_| {
        let l = locale.get();
        browser::set_document_lang(l.tag());
        if let Some(d) = browser::document() {
            d.set_title(t(l, Key::ReqTitle));
        }
    });

    let screen = RwSignal::new(Screen::Opening);
    let run = Callback::new(move |()| {
        screen.set(Screen::Opening);
        let base = base.clone();
        spawn_local(async move {
            let next = open(&base).await;
            if let Screen::Ready(request, _) = &next {
                let theirs = request.locale.as_deref().and_then(Locale::from_tag);
                if let (Some(l), false) = (theirs, picked.get_untracked()) {
                    locale.set(l);
                }
            }
            screen.set(next);
        });
    });
    run.run(());
    // A second e-mail link pasted into this tab changes only the fragment.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| run.run(()));
    on_cleanup(move || listener.remove());

    let organisation = move || {
        screen.with(|s| match s {
            Screen::Ready(r, _) => r.organisation_name.clone().filter(|n| !n.trim().is_empty()),
            _ => None,
        })
    };
    let content = move || {
        match screen.get() {
        Screen::Opening => view! {
            <p class="pw-status" role="status" data-testid="pw-request-loading">{tr(locale, Key::Loading)}</p>
        }
        .into_any(),
        Screen::Ready(request, client) => view! { <RequestView request=*request client /> }.into_any(),
        Screen::Problem(problem) => view! { <LinkProblem problem /> }.into_any(),
        Screen::Failed(e) => view! {
            <section class="pw-card" data-testid="pw-request-failed">
                <h1>{tr(locale, Key::ReqTitle)}</h1>
                <div class="pw-alert" role="alert"><p>{move || e.message(locale.get())}</p></div>
                <div class="pw-actions">
                    <button class="pw-button" type="button" data-testid="pw-request-retry" on:click=move |_| run.run(())>
                        {tr(locale, Key::Retry)}
                    </button>
                </div>
            </section>
        }
        .into_any(),
    }
    };
    view! {
        <header class="pw-topbar">
            <p class="pw-brand">{move || organisation().unwrap_or_else(|| t(locale.get(), Key::ReqTitle).to_string())}</p>
            <LanguageSelect picked />
        </header>
        <main class="pw-main" id="pw-main">{content}</main>
    }
}

/// The page's language switch.
#[component]
fn LanguageSelect(picked: RwSignal<bool>) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    view! {
        <div class="pw-locale">
            <label for="pw-language">{tr(locale, Key::Language)}</label>
            <select id="pw-language" data-testid="pw-language"
                on:change:target=move |ev| {
                    if let Some(l) = Locale::from_tag(&ev.target().value()) {
                        picked.set(true);
                        locale.set(l);
                    }
                }>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() lang=l.tag() prop:selected=move || locale.get() == l>{l.native_name()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Mounts the page into `<body>` (the bin's `main`).
pub fn mount() {
    leptos::mount::mount_to_body(|| view! { <RequestApp /> });
}

#[cfg(test)]
mod tests {
    use super::LinkToken;

    #[test]
    fn fragments() {
        assert_eq!(LinkToken::parse("#v=abc"), LinkToken::Verify("abc".into()));
        assert_eq!(LinkToken::parse("#t=xyz"), LinkToken::Status("xyz".into()));
        assert_eq!(
            LinkToken::parse("#x=1&t=xyz"),
            LinkToken::Status("xyz".into())
        );
        assert_eq!(LinkToken::parse("#t="), LinkToken::Missing);
        assert_eq!(LinkToken::parse(""), LinkToken::Missing);
        assert_eq!(LinkToken::parse("#main"), LinkToken::Missing);
    }
}
