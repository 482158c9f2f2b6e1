//! What the visitor sees once the request is registered: its reference and
//! the date by which the organisation must answer (GDPR art. 12(3)); when an
//! e-mail address was given, the code that confirms it and then the link to
//! the request's status page ([`email_code`]).
mod email_code;

use leptos::prelude::*;
use pw_model::DsrReceipt;

use super::UiLocale;
use crate::i18n::{format_date, t, tr, Key};

/// Confirmation of a filed request.
#[component]
pub fn DsrSuccess(
    /// The request as the server stored it.
    dsr: DsrReceipt,
    /// Starts a new, empty request.
    on_new: Callback<()>,
) -> impl IntoView {
    let UiLocale(locale) = expect_context::<UiLocale>();
    let reference = dsr
        .ref_id
        .clone()
        .filter(|r| !r.is_empty())
        .or_else(|| dsr.id.map(|id| format!("#{id}")));
    let expiry = dsr.expiry_time.clone();
    // "We will answer by e-mail" only when there is an address to answer to.
    let has_email = dsr.email.as_deref().is_some_and(|e| !e.trim().is_empty());
    let body = if has_email {
        Key::SuccessBody
    } else {
        Key::SuccessBodyNoEmail
    };
    let heading = NodeRef::<leptos::html::H2>::new();
    // Move focus to the confirmation so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="pw-success" data-testid="pw-dsr-success" aria-labelledby="pw-success-title">
            <h2 class="pw-title" id="pw-success-title" tabindex="-1" node_ref=heading>{tr(locale, Key::SuccessTitle)}</h2>
            <p data-testid="pw-dsr-success-body">{tr(locale, body)}</p>
            <dl class="pw-facts">
                <dt>{tr(locale, Key::SuccessReference)}</dt>
                <dd data-testid="pw-dsr-reference">{reference.clone().unwrap_or_else(|| t(locale.get_untracked(), Key::ReferenceUnknown).into())}</dd>
                {expiry.map(|iso| view! {
                    <dt>{tr(locale, Key::SuccessDeadline)}</dt>
                    <dd data-testid="pw-dsr-deadline">{move || format_date(locale.get(), &iso)}</dd>
                })}
            </dl>
            {dsr.id.filter(|_| has_email).map(|dsr_id| view! { <email_code::EmailCode dsr_id /> })}
            <button class="pw-button pw-button--secondary" type="button" on:click=move |_| on_new.run(())>
                {tr(locale, Key::NewRequest)}
            </button>
        </section>
    }
}
