//! The privacy team's admin page (issue 7): sign-in, DSR inbox and detail
//! (with the thread with the requester and closing, issue 16), consent types,
//! consent records (proof of consent, issue 15), contacts, a dashboard, the
//! widget's settings, keys and origins, the embed snippet and the mail
//! outbox, over the seed APIs through [`crate::api`].
//!
//! Layout: `pages/` holds one file per route; `components/` the small shared
//! pieces; `query`, `export`, `charts`, `deadline`, `attachments` and
//! `messages` are pure logic with native tests. App-wide state
//! ([`session::AdminCtx`]: language and session) travels by context. Inbox
//! filters live in the URL query.
pub mod attachments;
pub mod charts;
pub mod components;
pub mod deadline;
pub mod export;
pub mod form;
pub mod messages;
pub mod pages;
pub mod query;
pub mod session;
pub mod snippet;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::i18n::Key;
use components::LocaleSwitcher;
use pages::{
    Access, ConsentRecords, ConsentTypes, Contacts, Dashboard, DsrDetail, DsrList, Install, Outbox,
    Settings, SignIn,
};
use session::AdminCtx;

/// Root of the admin page: the sign-in form, or the signed-in shell.
#[component]
pub fn AdminApp() -> impl IntoView {
    let ctx = AdminCtx::restore();
    provide_context(ctx);
    // Keep <html lang> in step with the chosen language (outside world).
    Effect::new(move |_| crate::browser::set_document_lang(ctx.locale.get().tag()));
    view! {
        <Router>
            <Show when=move || ctx.session.with(Option::is_some) fallback=|| view! { <SignIn /> }>
                <Shell />
            </Show>
        </Router>
    }
}

/// Navigation, language, sign-out and the routed pages.
#[component]
fn Shell() -> impl IntoView {
    let ctx = session::use_admin();
    view! {
        <a class="pw-skip" href="#pw-main">{move || ctx.t(Key::SkipToContent)}</a>
        <header class="pw-topbar">
            <span class="pw-brand">{move || ctx.t(Key::AdminTitle)}</span>
            <nav class="pw-nav" aria-label=move || ctx.t(Key::MainNav)>
                <A href="/">{move || ctx.t(Key::NavDashboard)}</A>
                <A href="/requests">{move || ctx.t(Key::NavRequests)}</A>
                <A href="/outbox">{move || ctx.t(Key::NavOutbox)}</A>
                <A href="/consent-types">{move || ctx.t(Key::NavConsentTypes)}</A>
                <A href="/consent-records">{move || ctx.t(Key::NavConsentRecords)}</A>
                <A href="/contacts">{move || ctx.t(Key::NavContacts)}</A>
                <A href="/settings">{move || ctx.t(Key::NavSettings)}</A>
                <A href="/access">{move || ctx.t(Key::NavAccess)}</A>
                <A href="/install">{move || ctx.t(Key::NavInstall)}</A>
            </nav>
            <div class="pw-topbar__end">
                <LocaleSwitcher id="locale-top" />
                <button type="button" class="pw-btn pw-btn--ghost" data-testid="sign-out" on:click=move |_| ctx.sign_out()>
                    {move || ctx.t(Key::SignOut)}
                </button>
            </div>
        </header>
        <main id="pw-main" class="pw-admin" tabindex="-1">
            <Routes fallback=move || view! { <p>{move || ctx.t(Key::ErrNotFound)}</p> }>
                <Route path=path!("/") view=Dashboard />
                <Route path=path!("/requests") view=DsrList />
                <Route path=path!("/requests/:id") view=DsrDetail />
                <Route path=path!("/consent-types") view=ConsentTypes />
                <Route path=path!("/consent-records") view=ConsentRecords />
                <Route path=path!("/contacts") view=Contacts />
                <Route path=path!("/settings") view=Settings />
                <Route path=path!("/access") view=Access />
                <Route path=path!("/install") view=Install />
                <Route path=path!("/outbox") view=Outbox />
            </Routes>
        </main>
    }
}

/// Mounts [`AdminApp`] on `<body>` for the lifetime of the page.
pub fn mount_to_body() {
    leptos::mount::mount_to_body(AdminApp);
}
