//! Closing a request (issue 16, `POST .../close`): a reason, the answer the
//! requester reads (bounded by the model's `RESOLUTION_MAX`, checked live with
//! the model's `CloseRequest` rules), an internal note, and whether the
//! requester is e-mailed. A closed request shows how it was closed instead:
//! when, why, the answer, and whether and when the requester was notified.
use leptos::prelude::*;
use pw_model::dsr::ClosedReason;
use pw_model::requester::CloseRequest;
use pw_model::{Dsr, DsrState};

use crate::admin::form::FormCheck;
use crate::admin::messages::{closed_reason_name, fmt_datetime};
use crate::admin::session::{use_admin, AdminCtx};
use crate::components::{Field, FieldKind};
use crate::i18n::Key;

/// The "Close the request" card.
#[component]
pub fn CloseForm(
    /// The request as the server has it.
    #[prop(into)]
    dsr: Signal<Dsr>,
    /// An action on the request is under way.
    #[prop(into)]
    busy: Signal<bool>,
    /// The user closes the request with a body the model's rules accept.
    on_close: Callback<CloseRequest>,
) -> impl IntoView {
    let ctx = use_admin();
    // Only a change of state swaps form and summary: a save elsewhere on the
    // page keeps what is typed here.
    let closed = Memo::new(move |_| dsr.with(|d| d.state == Some(DsrState::Closed)));
    let reason = RwSignal::new(ClosedReason::None);
    let message = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let notify = RwSignal::new(true);
    let body = Memo::new(move |_| CloseRequest {
        closed_reason: reason.get(),
        resolution_message: message.get().trim().to_owned(),
        closed_reason_description: Some(note.get().trim().to_owned()).filter(|n| !n.is_empty()),
        send_notification: Some(notify.get()),
    });
    let check = FormCheck::validating(ctx, body);
    let reason_error = check.error("closedReason");
    let reason_shown = move || check.submitted.get().then(|| reason_error.get()).flatten();

    let form = move || {
        view! {
            <form class="pw-form" data-testid="close-form" novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    if !busy.get_untracked() && check.try_submit() {
                        on_close.run(body.get_untracked());
                    }
                }>
                <div class="pw-field" class:pw-field--invalid=move || reason_shown().is_some()>
                    <label class="pw-field__label" for="close-reason">{move || ctx.t(Key::FieldClosedReason)}</label>
                    <select id="close-reason" data-testid="close-reason"
                        aria-invalid=move || reason_shown().map(|_| "true")
                        aria-describedby=move || reason_shown().map(|_| "close-reason-error")
                        on:change:target=move |ev| reason.set(reason_of(&ev.target().value()))>
                        <option value="" selected=move || reason.with(|r| *r == ClosedReason::None)>
                            {move || ctx.t(Key::ChooseReason)}
                        </option>
                        {ClosedReason::ALL
                            .iter()
                            .filter(|r| **r != ClosedReason::None)
                            .map(|r| {
                                let (value, is) = (r.as_str().to_owned(), r.clone());
                                let name = r.clone();
                                view! {
                                    <option value=value selected=move || reason.with(|x| *x == is)>
                                        {move || closed_reason_name(ctx.locale.get(), &name)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="pw-field__error" id="close-reason-error" data-testid="close-reason-error">{reason_shown}</p>
                </div>
                <Field id="close-resolution" kind=FieldKind::TextArea label=check.label(Key::FieldResolution)
                    value=message error=check.error("resolutionMessage") show_errors=check.submitted
                    hint=Signal::derive(move || Some(ctx.t(Key::ResolutionHint).to_owned())) required=true />
                <Field id="close-note" label=check.label(Key::ClosedReasonNote)
                    value=note error=check.error("closedReasonDescription") show_errors=check.submitted />
                <label class="pw-check" for="close-notify">
                    <input type="checkbox" id="close-notify" data-testid="close-notify"
                        prop:checked=move || notify.get()
                        on:change:target=move |ev| notify.set(ev.target().checked()) />
                    {move || ctx.t(Key::NotifyRequester)}
                </label>
                <div class="pw-actions">
                    <button type="submit" class="pw-btn pw-btn--primary" data-testid="close-submit" disabled=busy>
                        {move || ctx.t(Key::CloseRequestButton)}
                    </button>
                </div>
            </form>
        }
    };

    view! {
        <section class="pw-card" aria-labelledby="close-title" data-testid="dsr-close">
            <h2 id="close-title">{move || ctx.t(Key::SectionClose)}</h2>
            {move || if closed.get() {
                view! { <ClosedSummary dsr /> }.into_any()
            } else {
                form().into_any()
            }}
        </section>
    }
}

/// `""` (the prompt) is no reason; anything else is the reason it names.
fn reason_of(value: &str) -> ClosedReason {
    if value.is_empty() {
        ClosedReason::None
    } else {
        ClosedReason::parse(value)
    }
}

/// How a closed request was closed.
#[component]
fn ClosedSummary(dsr: Signal<Dsr>) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <dl class="pw-facts" data-testid="close-summary">{move || dsr.with(|d| summary(ctx, d))}</dl>
    }
}

/// The summary's `<dt>/<dd>` pairs; every value is a text node.
fn summary(ctx: AdminCtx, d: &Dsr) -> impl IntoView {
    let l = ctx.locale.get();
    let notified = match (d.user_notified, d.date_user_notified.as_deref()) {
        (Some(true), Some(at)) => ctx
            .t(Key::NotifiedOn)
            .replace("{date}", &fmt_datetime(l, Some(at))),
        (Some(true), None) => ctx.t(Key::Yes).to_owned(),
        _ => ctx.t(Key::No).to_owned(),
    };
    let rows = [
        (
            Key::FieldClosed,
            fmt_datetime(l, d.date_closed.as_deref()),
            "close-summary-date",
        ),
        (
            Key::FieldClosedReason,
            d.closed_reason
                .as_ref()
                .map(|r| closed_reason_name(l, r))
                .unwrap_or_default(),
            "close-summary-reason",
        ),
        (
            Key::FieldResolution,
            d.resolution_message.clone().unwrap_or_default(),
            "close-summary-message",
        ),
        (Key::FieldUserNotified, notified, "close-notified"),
    ];
    rows.into_iter()
        .map(|(k, v, testid)| {
            let v = Some(v)
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| ctx.t(Key::NotSet).to_owned());
            view! {
                <div class="pw-facts__row">
                    <dt>{ctx.t(k)}</dt>
                    <dd class="pw-pre" data-testid=testid>{v}</dd>
                </div>
            }
        })
        .collect_view()
}
