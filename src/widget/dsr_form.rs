//! The DSR intake form (seed 002 create body): request types with plain
//! explanations, identity and contact fields, message. Validated with the
//! model's rules, messages next to fields in the visitor's language, focus on
//! the first error, draft kept in sessionStorage, retry without duplicates.
//!
//! The parts it shows live beside it: [`request_types`] (the types the
//! visitor asks for), [`requester`] (who asks and how to reach them) and
//! [`feedback`] (what the send is doing, the submit button).
mod feedback;
mod request_types;
mod requester;

use leptos::html;
use leptos::prelude::*;
use leptos::task::{spawn_local, tick};
use pw_model::{DsrIntake, DsrReceipt, FieldError};

use super::dsr_draft::{DsrDraft, SubmitContext};
use super::{storage, UiLocale, WidgetConfig};
use crate::api::{self, ApiClient, ApiError};
use crate::browser;
use crate::components::{FieldKind, FieldValue};
use crate::i18n::{self, t, tr, Key, Locale};
use feedback::{SendFeedback, SubmitButton};
use request_types::RequestTypes;
use requester::{DraftField, RequesterFields};

/// What every part of the form reads: the draft, the visitor's language and
/// the model's verdict on the draft.
#[derive(Clone, Copy)]
struct FormState {
    draft: RwSignal<DsrDraft>,
    locale: RwSignal<Locale>,
    errors: Memo<Vec<FieldError>>,
    /// Set by the first submit: from then on every message shows.
    show_errors: RwSignal<bool>,
}

impl FormState {
    /// The message for `field` (its JSON name), once messages show.
    fn error(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.show_errors
                .get()
                .then(|| {
                    self.errors
                        .with(|es| i18n::field_message(self.locale.get(), es, field))
                })
                .flatten()
        })
    }

    /// A label that says whether the field is required ("Email (required)").
    fn label(self, key: Key, required: bool) -> Signal<String> {
        Signal::derive(move || {
            let l = self.locale.get();
            let marker = t(
                l,
                if required {
                    Key::Required
                } else {
                    Key::Optional
                },
            );
            format!("{} ({marker})", t(l, key))
        })
    }

    /// One text member of the draft as a field's value and input handler.
    fn text(
        self,
        get: fn(&DsrDraft) -> &String,
        set: fn(&mut DsrDraft) -> &mut String,
    ) -> FieldValue {
        let draft = self.draft;
        FieldValue::new(
            Signal::derive(move || draft.with(|d| get(d).clone())),
            move |v: String| draft.update(|d| *set(d) = v),
        )
    }

    /// Any rule broken (tracked).
    fn has_errors(self) -> bool {
        !self.errors.with(Vec::is_empty)
    }
}

/// The visitor's draft, restored from this tab's storage, and kept there on
/// every change so a reload or crash loses nothing. Also says whether
/// anything was restored.
fn stored_draft(key: String) -> (RwSignal<DsrDraft>, bool) {
    let stored: Option<DsrDraft> = storage::load(storage::session(), &key);
    let restored = stored.as_ref().is_some_and(|d| !d.is_blank());
    let draft = RwSignal::new(stored.unwrap_or_default());
    Effect::new(move |_| {
        let d = draft.get();
        if d.is_blank() && d.idempotency_key.is_none() {
            storage::remove(storage::session(), &key);
        } else {
            storage::save(storage::session(), &key, &d);
        }
    });
    (draft, restored)
}

/// Why the last send failed, in words for the visitor.
fn send_error_key(e: &ApiError) -> Key {
    match e.status() {
        // A revoked or wrong key, or a workspace that is gone: nothing the
        // visitor typed can fix it.
        Some(401 | 403 | 404) => Key::FormUnavailable,
        Some(429) => Key::RateLimited,
        Some(_) if !e.is_transient() => Key::FormHasErrors,
        Some(_) => Key::ServerError,
        None => Key::NetworkError,
    }
}

/// The intake form. Calls `on_sent` with the created request.
#[component]
pub fn DsrForm(
    /// Called once the server confirmed the request (201).
    on_sent: Callback<DsrReceipt>,
) -> impl IntoView {
    let cfg = expect_context::<WidgetConfig>();
    let client = expect_context::<ApiClient>();
    let UiLocale(locale) = expect_context::<UiLocale>();
    let draft_key = format!("pw-dsr-draft:{}", cfg.workspace);
    let (draft, restored) = stored_draft(draft_key.clone());

    let required = cfg.required_fields();
    let widget_id = cfg.widget_id;
    let context = move || SubmitContext {
        widget_id,
        referrer_url: browser::page_address(),
        locale: locale.get(),
    };
    let errors = Memo::new({
        let required = required.clone();
        move |_| draft.with(|d| d.errors(&required, &context()))
    });
    let form = FormState {
        draft,
        locale,
        errors,
        show_errors: RwSignal::new(false),
    };

    // The send's state as two plain signals rather than an `Action`: the same
    // behaviour without the async-derived machinery in the bundle.
    let pending = RwSignal::new(false);
    let sent = RwSignal::new(None::<Result<DsrReceipt, ApiError>>);
    let dispatch = move |body: DsrIntake, key: String| {
        pending.set(true);
        let (client, draft_key) = (client.clone(), draft_key.clone());
        spawn_local(async move {
            let result = api::dsr::create(&client, &body, &key).await;
            let created = result.as_ref().ok().cloned();
            pending.set(false);
            sent.set(Some(result));
            if let Some(dsr) = created {
                // Success leaves the form (last: this disposes its signals):
                // forget the draft (and its key) and hand over.
                draft.set(DsrDraft::default());
                storage::remove(storage::session(), &draft_key);
                on_sent.run(dsr);
            }
        });
    };

    let form_ref = NodeRef::<html::Form>::new();
    let focus_first_error = move || {
        spawn_local(async move {
            tick().await;
            if let Some(f) = form_ref.get_untracked() {
                browser::focus_first(&f, "[aria-invalid='true'], .pw-fieldset--invalid input");
            }
        });
    };
    let send = move || {
        form.show_errors.set(true);
        if !errors.with_untracked(Vec::is_empty) {
            focus_first_error();
            return;
        }
        // One key per request: reused by every retry until the server confirms.
        let key = draft
            .with_untracked(|d| d.idempotency_key.clone())
            .unwrap_or_else(api::new_idempotency_key);
        draft.update(|d| d.idempotency_key = Some(key.clone()));
        let body = draft.with_untracked(|d| d.to_new_dsr(&context()));
        dispatch(body, key);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            send();
        }
    };
    let send_error = Signal::derive(move || sent.get().and_then(Result::err));

    view! {
        <form class="pw-form" novalidate node_ref=form_ref on:submit=on_submit data-testid="pw-dsr-form">
            <h2 class="pw-title" id="pw-dsr-title">{tr(locale, Key::DsrTitle)}</h2>
            <p class="pw-intro">{tr(locale, Key::DsrIntro)}</p>
            <Show when=move || restored>
                <p class="pw-note" data-testid="pw-draft-restored">{tr(locale, Key::DraftRestored)}</p>
            </Show>
            <Show when=move || form.show_errors.get() && form.has_errors()>
                <p class="pw-error-summary" data-testid="pw-error-summary">{tr(locale, Key::ErrorSummary)}</p>
            </Show>
            <RequestTypes form />
            <RequesterFields form required=required.clone() />
            <DraftField form id="pw-message" key=Key::FieldMessage field="message" required=required.message
                value=form.text(|d| &d.message, |d| &mut d.message)
                kind=FieldKind::TextArea rows=5 hint=Key::MessageHint />
            <SendFeedback locale pending error=send_error />
            <SubmitButton locale pending error=send_error />
        </form>
    }
}
