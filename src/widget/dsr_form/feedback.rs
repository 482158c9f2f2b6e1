//! What the send is doing: "Sending…", why it failed, and the submit button
//! (which offers a retry after a passing failure).
use leptos::prelude::*;

use super::send_error_key;
use crate::api::ApiError;
use crate::i18n::{t, Key, Locale};

/// The live status line and the failure alert.
#[component]
pub(super) fn SendFeedback(
    locale: RwSignal<Locale>,
    pending: RwSignal<bool>,
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    view! {
        <div class="pw-status" role="status" aria-live="polite" data-testid="pw-status">
            {move || pending.get().then(|| t(locale.get(), Key::Sending))}
        </div>
        {move || error.get().map(|e| {
            // The server's words only where they are about the input.
            let detail = match &e { ApiError::Status { body: Some(b), status: 400 | 409 | 413 | 422 } => Some(b.message.clone()), _ => None };
            view! {
                <div class="pw-alert" role="alert" data-testid="pw-send-error">
                    <p>{move || t(locale.get(), send_error_key(&e))}</p>
                    {detail.map(|d| view! { <p class="pw-hint">{d}</p> })}
                </div>
            }
        })}
    }
}

/// "Send", or "Try again" after a failure that may pass.
#[component]
pub(super) fn SubmitButton(
    locale: RwSignal<Locale>,
    pending: RwSignal<bool>,
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let retry = move || error.with(|e| e.as_ref().is_some_and(ApiError::is_transient));
    view! {
        <div class="pw-actions">
            <button class="pw-button" type="submit" data-testid="pw-submit" aria-disabled=move || pending.get().then_some("true")>
                {move || t(locale.get(), if retry() { Key::Retry } else { Key::Submit })}
            </button>
        </div>
    }
}
