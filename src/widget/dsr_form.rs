//! The DSR intake form (seed 002 create body): request types with plain
//! explanations, identity and contact fields, message. Validated with the
//! model's rules, messages next to fields in the visitor's language, focus on
//! the first error, draft kept in sessionStorage, retry without duplicates.
use leptos::html;
use leptos::prelude::*;
use leptos::task::{spawn_local, tick};
use pw_model::dsr::PersonCategory;
use pw_model::{DsrReceipt, NewDsr, Purpose};
use wasm_bindgen::JsCast;

use super::dsr_draft::{DsrDraft, SubmitContext};
use super::{storage, UiLocale, WidgetConfig};
use crate::api::{self, ApiClient, ApiError};
use crate::components::{Field, FieldKind, FieldValue};
use crate::i18n::{self, t, tr, Key, Locale};

/// Binds one string field of the draft: its value and its input handler.
macro_rules! bind {
    ($draft:ident . $field:ident) => {
        FieldValue::new(
            Signal::derive(move || $draft.with(|d| d.$field.clone())),
            move |v: String| $draft.update(|d| d.$field = v),
        )
    };
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

    let stored: Option<DsrDraft> = storage::load(storage::session(), &draft_key);
    let restored = stored.as_ref().is_some_and(|d| !d.is_blank());
    let draft = RwSignal::new(stored.unwrap_or_default());
    // Keep the draft outside the widget so a reload or crash loses nothing.
    Effect::new({
        let key = draft_key.clone();
        move |_| {
            let d = draft.get();
            if d.is_blank() && d.idempotency_key.is_none() {
                storage::remove(storage::session(), &key);
            } else {
                storage::save(storage::session(), &key, &d);
            }
        }
    });

    let required = cfg.required_fields();
    let widget_id = cfg.widget_id;
    let context = move || SubmitContext {
        widget_id,
        // Origin and path only: a query or fragment can carry the host's tokens.
        referrer_url: web_sys::window()
            .and_then(|w| {
                let l = w.location();
                Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
            })
            .unwrap_or_default(),
        locale: locale.get(),
    };
    let errors = Memo::new({
        let required = required.clone();
        move |_| draft.with(|d| d.errors(&required, &context()))
    });
    let show_errors = RwSignal::new(false);
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            show_errors
                .get()
                .then(|| errors.with(|es| i18n::field_message(locale.get(), es, field)))
                .flatten()
        })
    };

    // The send's state as two plain signals rather than an `Action`: the same
    // behaviour without the async-derived machinery in the bundle.
    let pending = RwSignal::new(false);
    let sent = RwSignal::new(None::<Result<DsrReceipt, ApiError>>);
    let dispatch = move |body: NewDsr, key: String| {
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
            let first = form_ref.get_untracked().and_then(|f| {
                f.query_selector("[aria-invalid='true'], .pw-fieldset--invalid input")
                    .ok()
                    .flatten()
            });
            if let Some(el) = first {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    };
    let send = move || {
        show_errors.set(true);
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

    let label = move |key: Key, field_required: bool| {
        Signal::derive(move || {
            let l = locale.get();
            let marker = if field_required {
                t(l, Key::Required)
            } else {
                t(l, Key::Optional)
            };
            format!("{} ({marker})", t(l, key))
        })
    };

    let purposes_error = error_for("purposes");
    let category_error = error_for("personCategory");
    let send_error = move || sent.get().and_then(Result::err);

    view! {
        <form class="pw-form" novalidate node_ref=form_ref on:submit=on_submit data-testid="pw-dsr-form">
            <h2 class="pw-title" id="pw-dsr-title">{tr(locale, Key::DsrTitle)}</h2>
            <p class="pw-intro">{tr(locale, Key::DsrIntro)}</p>
            <Show when=move || restored>
                <p class="pw-note" data-testid="pw-draft-restored">{tr(locale, Key::DraftRestored)}</p>
            </Show>
            <Show when=move || show_errors.get() && !errors.with(Vec::is_empty)>
                <p class="pw-error-summary" data-testid="pw-error-summary">{tr(locale, Key::ErrorSummary)}</p>
            </Show>

            <fieldset
                class="pw-fieldset"
                class:pw-fieldset--invalid=move || purposes_error.get().is_some()
                aria-describedby=move || purposes_error.get().map(|_| "pw-purposes-error")
            >
                <legend class="pw-fieldset__legend">{move || format!("{} ({})", t(locale.get(), Key::FieldPurposes), t(locale.get(), Key::Required))}</legend>
                {Purpose::ALL
                    .iter()
                    .filter(|p| **p != Purpose::Unknown)
                    .map(|p| purpose_option(p.clone(), draft, locale, purposes_error))
                    .collect_view()}
                {move || purposes_error.get().map(|e| view! { <p class="pw-fieldset__error" id="pw-purposes-error">{e}</p> })}
            </fieldset>

            <div class="pw-row">
                <Field id="pw-given-name" label=label(Key::FieldGivenName, required.given_name) value=bind!(draft.given_name) error=error_for("givenName") required=required.given_name autocomplete="given-name" show_errors=true mark_required=false />
                <Field id="pw-family-name" label=label(Key::FieldFamilyName, required.family_name) value=bind!(draft.family_name) error=error_for("familyName") required=required.family_name autocomplete="family-name" show_errors=true mark_required=false />
            </div>
            <Field id="pw-email" label=label(Key::FieldEmail, required.email) value=bind!(draft.email) error=error_for("email") required=required.email kind=FieldKind::Email autocomplete="email" show_errors=true mark_required=false />
            <Field id="pw-phone" label=label(Key::FieldPhone, required.phone_number) value=bind!(draft.phone_number) error=error_for("phoneNumber") required=required.phone_number kind=FieldKind::Tel autocomplete="tel" show_errors=true mark_required=false />

            <div class="pw-field" class:pw-field--invalid=move || category_error.get().is_some()>
                <label class="pw-field__label" for="pw-person-category">{label(Key::FieldPersonCategory, false)}</label>
                <select
                    id="pw-person-category"
                    class="pw-field__control"
                    prop:value=move || draft.with(|d| d.person_category.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.person_category = v) }
                >
                    <option value="">{tr(locale, Key::ChooseOne)}</option>
                    {PersonCategory::ALL.iter().map(|c| {
                        let key = person_category_key(c);
                        view! { <option value=c.as_str()>{move || t(locale.get(), key)}</option> }
                    }).collect_view()}
                </select>
            </div>

            <Field id="pw-address" label=label(Key::FieldAddress, required.address) value=bind!(draft.address) error=error_for("address") required=required.address autocomplete="street-address" show_errors=true mark_required=false />
            <div class="pw-row">
                <Field id="pw-zip" label=label(Key::FieldZip, required.zip_code) value=bind!(draft.zip_code) error=error_for("zipCode") required=required.zip_code autocomplete="postal-code" show_errors=true mark_required=false />
                <Field id="pw-city" label=label(Key::FieldCity, required.city) value=bind!(draft.city) error=error_for("city") required=required.city autocomplete="address-level2" show_errors=true mark_required=false />
            </div>
            <Field id="pw-country" label=label(Key::FieldCountry, required.country_code) value=bind!(draft.country_code) error=error_for("countryCode") required=required.country_code autocomplete="country" show_errors=true mark_required=false />
            <Field id="pw-message" label=label(Key::FieldMessage, required.message) value=bind!(draft.message) error=error_for("message") required=required.message kind=FieldKind::TextArea rows=5 hint=Signal::derive(move || t(locale.get(), Key::MessageHint).to_string()) show_errors=true mark_required=false />

            <div class="pw-status" role="status" aria-live="polite" data-testid="pw-status">
                {move || pending.get().then(|| t(locale.get(), Key::Sending))}
            </div>
            {move || send_error().map(|e| {
                // The server's words only where they are about the input.
                let detail = match &e { ApiError::Status { body: Some(b), status: 400 | 409 | 413 | 422 } => Some(b.message.clone()), _ => None };
                view! {
                    <div class="pw-alert" role="alert" data-testid="pw-send-error">
                        <p>{move || t(locale.get(), send_error_key(&e))}</p>
                        {detail.map(|d| view! { <p class="pw-hint">{d}</p> })}
                    </div>
                }
            })}
            <div class="pw-actions">
                <button class="pw-button" type="submit" data-testid="pw-submit" aria-disabled=move || pending.get().then_some("true")>
                    {move || if send_error().is_some_and(|e| e.is_transient()) { t(locale.get(), Key::Retry) } else { t(locale.get(), Key::Submit) }}
                </button>
            </div>
        </form>
    }
}

fn person_category_key(c: &PersonCategory) -> Key {
    match c {
        PersonCategory::Customer => Key::PersonCustomer,
        PersonCategory::Employee => Key::PersonEmployee,
        PersonCategory::Candidate => Key::PersonCandidate,
        PersonCategory::Prospect | PersonCategory::Other(_) => Key::PersonProspect,
    }
}

/// One request type: a checkbox with its name and a plain explanation. While
/// the group is invalid each checkbox carries the group's message itself, so
/// the one that gets focus after a failed submit is announced with it.
fn purpose_option(
    purpose: Purpose,
    draft: RwSignal<DsrDraft>,
    locale: RwSignal<Locale>,
    group_error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("pw-purpose-{}", purpose.as_str());
    let help_id = format!("{id}-help");
    let invalid = move || group_error.with(Option::is_some);
    let described_by = {
        let help_id = help_id.clone();
        move || {
            if invalid() {
                format!("{help_id} pw-purposes-error")
            } else {
                help_id.clone()
            }
        }
    };
    let checked = {
        let p = purpose.clone();
        move || draft.with(|d| d.purposes.contains(&p))
    };
    let value = purpose.as_str().to_string();
    let (p1, p2, p3) = (purpose.clone(), purpose.clone(), purpose);
    view! {
        <div class="pw-choice">
            <input
                type="checkbox"
                id=id.clone()
                class="pw-checkbox"
                value=value
                aria-describedby=described_by
                aria-invalid=move || invalid().then_some("true")
                prop:checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft.update(|d| d.toggle_purpose(&p1, on));
                }
            />
            <label for=id class="pw-choice-label">
                <span class="pw-choice-name">{move || i18n::purpose(locale.get(), &p2).0}</span>
                <span class="pw-choice-help" id=help_id>{move || i18n::purpose(locale.get(), &p3).1}</span>
            </label>
        </div>
    }
}
