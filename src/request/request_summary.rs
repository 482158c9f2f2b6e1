//! The request at a glance: reference, what was asked, state, when it came
//! in, the deadline (and whether it was extended) with the law it follows,
//! whether the address is confirmed; once closed, when, why and the answer.
use leptos::prelude::*;
use pw_model::requester::RequesterView;
use pw_model::DsrState;

use super::{words, PageLocale};
use crate::i18n::{self, format_date, t, tr, Key};

/// The summary card of a request.
#[component]
pub fn RequestSummary(
    /// The request as the server showed it to its requester.
    request: RequesterView,
) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    let closed = request.state == DsrState::Closed;
    let reference = request
        .ref_id
        .clone()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| format!("#{}", request.id));
    let purposes = request.purposes.clone();
    let types = move || {
        purposes
            .iter()
            .map(|p| i18n::purpose(locale.get(), p).0)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let state = request.state.clone();
    let (received, received_stamp) = (request.date_creation.clone(), request.date_creation.clone());
    let deadline = (!closed).then(|| {
        let (expiry, days, extended) = (
            request.expiry_time.clone(),
            request.remaining_days,
            request.extended,
        );
        let policy = request.deadline_policy.clone();
        let stamp = expiry.clone();
        view! {
            <dt>{tr(locale, Key::SuccessDeadline)}</dt>
            <dd data-testid="pw-request-deadline">
                <time datetime=stamp>{move || format_date(locale.get(), &expiry)}</time>
                " ("{move || words::remaining(locale.get(), days)}")"
                {extended.then(|| view! {
                    <p class="pw-hint" data-testid="pw-request-extended">{tr(locale, Key::ReqExtended)}</p>
                })}
            </dd>
            <dt>{tr(locale, Key::ReqPolicy)}</dt>
            <dd>{move || words::policy(locale.get(), &policy)}</dd>
        }
    });
    let closing = closed.then(|| {
        let (date, reason) = (request.date_closed.clone(), request.closed_reason.clone());
        view! {
            {date.map(|iso| (iso.clone(), iso)).map(|(stamp, iso)| view! {
                <dt>{tr(locale, Key::ReqClosedOn)}</dt>
                <dd><time datetime=stamp>{move || format_date(locale.get(), &iso)}</time></dd>
            })}
            {reason.filter(|r| words::closed_reason(locale.get_untracked(), r).is_some()).map(|r| view! {
                <dt>{tr(locale, Key::ReqOutcome)}</dt>
                <dd data-testid="pw-request-outcome">{move || words::closed_reason(locale.get(), &r)}</dd>
            })}
        }
    });
    let answer = request
        .resolution_message
        .clone()
        .filter(|m| !m.trim().is_empty())
        .map(|text| {
            view! {
                <h3>{tr(locale, Key::ReqAnswer)}</h3>
                // Plain text: a text child, never HTML.
                <p class="pw-text" data-testid="pw-request-answer">{text}</p>
            }
        });
    let validated = request.mail_validated;
    view! {
        <section class="pw-card" aria-labelledby="pw-summary-title" data-testid="pw-request-summary">
            <h2 id="pw-summary-title">{tr(locale, Key::ReqSummary)}</h2>
            <dl class="pw-facts">
                <dt>{tr(locale, Key::SuccessReference)}</dt>
                <dd data-testid="pw-request-reference">{reference}</dd>
                <dt>{tr(locale, Key::ReqTypes)}</dt>
                <dd data-testid="pw-request-types">{types}</dd>
                <dt>{tr(locale, Key::ReqState)}</dt>
                <dd data-testid="pw-request-state">{move || words::state(locale.get(), &state)}</dd>
                <dt>{tr(locale, Key::ReqReceived)}</dt>
                <dd><time datetime=received_stamp>{move || format_date(locale.get(), &received)}</time></dd>
                {deadline}
                <dt>{tr(locale, Key::ReqEmail)}</dt>
                <dd data-testid="pw-request-email">
                    {move || t(locale.get(), if validated { Key::ReqEmailConfirmed } else { Key::ReqEmailUnconfirmed })}
                </dd>
                {closing}
            </dl>
            {answer}
        </section>
    }
}
