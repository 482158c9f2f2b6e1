//! What the status page shows instead of a request when its link cannot be
//! used: unknown, expired, already used, revoked, or no link at all. Says
//! what happened and what to do next; never shows anything of the request.
use leptos::html;
use leptos::prelude::*;

use super::PageLocale;
use crate::api::requester::RequesterError;
use crate::i18n::{t, tr, Key};

/// The problem screen. Focuses its heading so a screen reader reads it first.
#[component]
pub fn LinkProblem(
    /// Why the link does not work; `None`: the address carries no link.
    problem: Option<RequesterError>,
) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let what = move || match &problem {
        Some(e) => e.message(locale.get()),
        None => t(locale.get(), Key::ReqNoLink).to_string(),
    };
    view! {
        <section class="pw-card pw-problem" aria-labelledby="pw-problem-title" data-testid="pw-link-problem">
            <h1 id="pw-problem-title" tabindex="-1" node_ref=heading>{tr(locale, Key::ReqLinkProblem)}</h1>
            <p class="pw-problem__what" data-testid="pw-link-problem-reason">{what}</p>
            <p>{tr(locale, Key::ReqLinkHelp)}</p>
        </section>
    }
}
