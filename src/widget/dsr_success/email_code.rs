//! The e-mail code on the confirmation (issue 16): the requester types the
//! 6 digits the server mailed, and once the address is confirmed gets the
//! link to the request's status page. A new code can be asked for; the
//! server's limits (one per minute, three a day) come back as a wait message.
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pw_model::requester::{CodeCheck, VerifyAnswer};
use pw_model::validate::is_http_url;
use pw_model::{Validate, Violation};

use crate::api::requester::{self as api, RequesterError};
use crate::api::ApiClient;
use crate::browser;
use crate::components::{Field, FieldValue};
use crate::i18n::{self, t, tr, Key, Locale};
use crate::widget::UiLocale;

/// The message for a code that breaks `violation`: the generic pattern
/// message speaks of other formats, so a code gets its own words.
fn code_message(locale: Locale, violation: &Violation) -> String {
    match violation {
        Violation::Pattern => t(locale, Key::CodeFormat).to_string(),
        v => i18n::violation(locale, v),
    }
}

/// What the code form is doing, for its live status line.
#[derive(Clone, Debug, PartialEq)]
enum Activity {
    Idle,
    Checking,
    Resending,
    Resent,
    ResendFailed(RequesterError),
}

impl Activity {
    fn message(&self, locale: Locale) -> String {
        match self {
            Activity::Idle => String::new(),
            Activity::Checking => t(locale, Key::CodeChecking).into(),
            Activity::Resending => t(locale, Key::CodeSending).into(),
            Activity::Resent => t(locale, Key::CodeResent).into(),
            Activity::ResendFailed(e) => e.message(locale),
        }
    }

    fn busy(&self) -> bool {
        matches!(self, Activity::Checking | Activity::Resending)
    }
}

/// Code entry for request `dsr_id`, then "Follow your request".
#[component]
pub(super) fn EmailCode(
    /// The request the code confirms.
    dsr_id: i64,
) -> impl IntoView {
    let UiLocale(locale) = expect_context::<UiLocale>();
    let client = expect_context::<ApiClient>();
    let code = RwSignal::new(String::new());
    // Messages show from the first attempt on, then follow the typing.
    let tried = RwSignal::new(false);
    let refused = RwSignal::new(None::<RequesterError>);
    let activity = RwSignal::new(Activity::Idle);
    let confirmed = RwSignal::new(None::<VerifyAnswer>);
    let form_ref = NodeRef::<html::Form>::new();
    let done = NodeRef::<html::P>::new();

    let message = Signal::derive(move || {
        if !tried.get() {
            return None;
        }
        let l = locale.get();
        let rule = CodeCheck { code: code.get() }.validate();
        match rule.first() {
            Some(e) => Some(code_message(l, &e.violation)),
            None => refused.get().map(|e| e.message(l)),
        }
    });
    let focus_input = move || {
        if let Some(f) = form_ref.get_untracked() {
            browser::focus_first(&f, "#pw-code");
        }
    };
    // The field's label and hint, following the language.
    let words = move |key| Signal::derive(move || t(locale.get(), key).to_string());
    let value = FieldValue::new(code, move |v: String| {
        code.set(v);
        refused.set(None);
    });

    let on_submit = {
        let client = client.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if activity.with_untracked(Activity::busy) {
                return;
            }
            tried.set(true);
            refused.set(None);
            let body = CodeCheck {
                code: code.get_untracked(),
            };
            if !body.validate().is_empty() {
                focus_input();
                return;
            }
            activity.set(Activity::Checking);
            let client = client.clone();
            spawn_local(async move {
                let result = api::verify_code(&client, dsr_id, &body).await;
                activity.set(Activity::Idle);
                match result {
                    Ok(answer) => {
                        confirmed.set(Some(answer));
                        // The form is gone: land on the confirmation.
                        leptos::task::tick().await;
                        if let Some(p) = done.get_untracked() {
                            let _ = p.focus();
                        }
                    }
                    Err(e) => {
                        refused.set(Some(e));
                        focus_input();
                    }
                }
            });
        }
    };
    let resend = move |_| {
        if activity.with_untracked(Activity::busy) {
            return;
        }
        activity.set(Activity::Resending);
        let client = client.clone();
        spawn_local(async move {
            match api::resend_code(&client, dsr_id).await {
                Ok(()) => {
                    // The old code no longer works: its message would mislead.
                    refused.set(None);
                    code.set(String::new());
                    tried.set(false);
                    activity.set(Activity::Resent);
                }
                Err(e) => activity.set(Activity::ResendFailed(e)),
            }
        });
    };

    let form = move || {
        view! {
            <form class="pw-form" novalidate node_ref=form_ref on:submit=on_submit.clone() data-testid="pw-code-form">
                <Field id="pw-code" label=words(Key::CodeField) value error=message show_errors=true
                    hint=words(Key::CodeSent)
                    required=true mark_required=false autocomplete="one-time-code" inputmode="numeric" />
                <div class="pw-actions">
                    <button class="pw-button" type="submit" data-testid="pw-code-confirm"
                        aria-disabled=move || activity.with(Activity::busy).then_some("true")>
                        {tr(locale, Key::CodeConfirm)}
                    </button>
                    <button class="pw-button pw-button--secondary" type="button" data-testid="pw-code-resend"
                        aria-disabled=move || activity.with(Activity::busy).then_some("true")
                        on:click=resend.clone()>
                        {tr(locale, Key::CodeResend)}
                    </button>
                </div>
            </form>
        }
    };
    let follow = move |answer: VerifyAnswer| {
        // Only a web address: the server's answer is not trusted to be one.
        let url = Some(answer.status_url).filter(|u| is_http_url(u));
        view! {
            <p class="pw-note" tabindex="-1" node_ref=done data-testid="pw-code-confirmed">
                {tr(locale, Key::CodeConfirmed)}
            </p>
            {url.map(|href| view! {
                <a class="pw-link" href=href target="_blank" rel="noopener noreferrer" data-testid="pw-follow-request">
                    {tr(locale, Key::CodeFollow)}
                    <span class="pw-sr-only">" "{tr(locale, Key::CodeNewTab)}</span>
                </a>
            })}
        }
    };

    view! {
        <section class="pw-verify" aria-labelledby="pw-code-title" data-testid="pw-email-code">
            <h3 class="pw-group-title" id="pw-code-title">{tr(locale, Key::CodeTitle)}</h3>
            {move || match confirmed.get() {
                Some(answer) => follow(answer).into_any(),
                None => form().into_any(),
            }}
            <p class="pw-status" role="status" aria-live="polite" data-testid="pw-code-status">
                {move || activity.with(|a| a.message(locale.get()))}
            </p>
        </section>
    }
}
