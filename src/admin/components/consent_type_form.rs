//! Create / edit form of a Concord consent type (seed 001). Every rule (label
//! pattern, name 5..100, description <= 2000, document <= 5,000,000, url,
//! ISO 8601 duration) comes from `NewConsentType::validate` in the model and
//! is shown live; a rejected submit keeps everything typed and shows the
//! server's answer beside the form.
use leptos::prelude::*;
use pw_model::consent_type::{ConsentModeSignal, ConsentState};
use pw_model::{Category, ConsentStatus, ConsentType, NewConsentType};

use super::{ApiErrorAlert, Checkbox, CheckboxGroup};
use crate::admin::form::FormCheck;
use crate::admin::messages::{category_name, consent_state_name, consent_status_name};
use crate::admin::session::{use_admin, AdminCtx};
use crate::api::ApiError;
use crate::components::{Field, FieldKind};
use crate::i18n::{Key, Locale};

/// What the user typed, as strings: the body is built from it on every change.
#[derive(Clone, Copy)]
struct Draft {
    category: RwSignal<String>,
    label: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    document: RwSignal<String>,
    url: RwSignal<String>,
    duration: RwSignal<String>,
    status: RwSignal<String>,
    valid_states: RwSignal<Vec<ConsentState>>,
    consent_mode: RwSignal<Vec<ConsentModeSignal>>,
    required: RwSignal<bool>,
    require_reaccept: RwSignal<bool>,
    /// No input yet: an edited type keeps its own, a new one sends `false` (seed 001
    /// requires the field).
    subcategory: RwSignal<serde_json::Value>,
}

impl Draft {
    fn from(ct: Option<&ConsentType>) -> Self {
        let s = |f: fn(&ConsentType) -> Option<String>| {
            RwSignal::new(ct.and_then(f).unwrap_or_default())
        };
        Self {
            category: RwSignal::new(
                ct.and_then(|c| c.category.clone())
                    .unwrap_or(Category::Disclosure)
                    .to_string(),
            ),
            label: s(|c| c.label.clone()),
            name: s(|c| c.name.clone()),
            description: s(|c| c.description.clone()),
            document: s(|c| c.document.clone()),
            url: s(|c| c.url.clone()),
            duration: s(|c| c.consent_duration.clone()),
            status: RwSignal::new(
                ct.and_then(|c| c.status.clone())
                    .unwrap_or_default()
                    .to_string(),
            ),
            valid_states: RwSignal::new(
                ct.and_then(|c| c.valid_states.clone()).unwrap_or_default(),
            ),
            consent_mode: RwSignal::new(
                ct.and_then(|c| c.consent_mode.clone()).unwrap_or_default(),
            ),
            required: RwSignal::new(ct.and_then(|c| c.required).unwrap_or(false)),
            require_reaccept: RwSignal::new(false),
            subcategory: RwSignal::new(
                ct.and_then(|c| c.subcategory.clone())
                    .filter(|v| !v.is_null())
                    .unwrap_or(serde_json::Value::Bool(false)),
            ),
        }
    }

    /// The request body; blank optional fields are left out.
    fn body(&self) -> NewConsentType {
        let opt = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.trim().is_empty());
        let states = self.valid_states.get();
        let signals = self.consent_mode.get();
        NewConsentType {
            name: opt(self.name),
            description: opt(self.description),
            document: opt(self.document),
            url: opt(self.url),
            consent_duration: opt(self.duration),
            status: Some(ConsentStatus::parse(&self.status.get())),
            valid_states: (!states.is_empty()).then_some(states),
            consent_mode: (!signals.is_empty()).then_some(signals),
            required: Some(self.required.get()),
            require_reaccept: Some(self.require_reaccept.get()),
            subcategory: Some(self.subcategory.get()),
            ..NewConsentType::new(Category::parse(&self.category.get()), self.label.get())
        }
    }
}

/// The consent type form; `editing` fills it from an existing type.
#[component]
pub fn ConsentTypeForm(
    /// The type being edited, `None` to create one.
    editing: Option<ConsentType>,
    /// A valid body the user submitted.
    on_submit: Callback<NewConsentType>,
    /// A submit is under way.
    #[prop(into)]
    pending: Signal<bool>,
    /// The server's refusal of the last submit.
    #[prop(into)]
    server_error: Signal<Option<ApiError>>,
    /// Leave edit mode (a Cancel button when set).
    #[prop(optional_no_strip)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = use_admin();
    let draft = Draft::from(editing.as_ref());
    let body = Memo::new(move |_| draft.body());
    let check = FormCheck::validating(ctx, body);
    let (err, lbl, submitted) = (
        move |f| check.error(f),
        move |k| check.label(k),
        check.submitted,
    );
    let is_edit = editing.is_some();
    let heading = move || {
        if is_edit {
            ctx.t(Key::EditConsentType)
        } else {
            ctx.t(Key::NewConsentType)
        }
    };
    let select = move |id: &'static str,
                       label: Key,
                       value: RwSignal<String>,
                       options: Vec<(String, Signal<String>)>| {
        view! {
            <div class="pw-field" class:pw-field--invalid=move || check.error(id).get().is_some()>
                <label class="pw-field__label" for=format!("ct-{id}")>{move || ctx.t(label)}</label>
                <select id=format!("ct-{id}") data-testid=format!("ct-{id}") on:change:target=move |ev| value.set(ev.target().value())>
                    {options
                        .into_iter()
                        .map(|(v, name)| {
                            let v2 = v.clone();
                            view! { <option value=v selected=move || value.get() == v2>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let categories = option_names(ctx, Category::ALL, category_name);
    let statuses = option_names(ctx, ConsentStatus::ALL, consent_status_name);
    view! {
        <form
            class="pw-card pw-form"
            data-testid="ct-form"
            novalidate
            aria-labelledby="ct-form-title"
            on:submit=move |ev| {
                ev.prevent_default();
                if check.try_submit() {
                    on_submit.run(body.get_untracked());
                }
            }
        >
            <h2 id="ct-form-title">{heading}</h2>
            {select("category", Key::FieldCategory, draft.category, categories)}
            <Field id="ct-label" label=lbl(Key::FieldLabel) value=draft.label error=err("label") show_errors=submitted required=true hint=Signal::derive(move || Some(ctx.t(Key::LabelHint).to_owned())) />
            <Field id="ct-name" label=lbl(Key::FieldName) value=draft.name error=err("name") show_errors=submitted />
            <Field id="ct-description" kind=FieldKind::TextArea label=lbl(Key::FieldDescription) value=draft.description error=err("description") show_errors=submitted />
            <Field id="ct-document" kind=FieldKind::TextArea label=lbl(Key::FieldDocument) value=draft.document error=err("document") show_errors=submitted />
            <Field id="ct-url" kind=FieldKind::Url label=lbl(Key::FieldUrl) value=draft.url error=err("url") show_errors=submitted />
            <Field id="ct-duration" label=lbl(Key::FieldDuration) value=draft.duration error=err("consentDuration") show_errors=submitted hint=Signal::derive(move || Some(ctx.t(Key::DurationHint).to_owned())) />
            {select("status", Key::FieldStatus, draft.status, statuses)}
            <CheckboxGroup
                legend=lbl(Key::FieldValidStates)
                options=ConsentState::ALL.to_vec()
                selected=draft.valid_states
                on_change=Callback::new(move |v| draft.valid_states.set(v))
                id_prefix="ct-state"
                key=|s: &ConsentState| s.as_str().to_owned()
                label=Callback::new(move |s: ConsentState| consent_state_name(ctx.locale.get(), &s))
            />
            <CheckboxGroup
                legend=lbl(Key::FieldConsentMode)
                options=ConsentModeSignal::ALL.to_vec()
                selected=draft.consent_mode
                on_change=Callback::new(move |v| draft.consent_mode.set(v))
                id_prefix="ct-consent-mode"
                key=|s: &ConsentModeSignal| s.as_str().to_owned()
                label=Callback::new(|s: ConsentModeSignal| s.as_str().to_owned())
                wide=true
            >
                <p class="pw-muted">{move || ctx.t(Key::ConsentModeHint)}</p>
                <p class="pw-field__error" data-testid="ct-consent-mode-error">{move || submitted.get().then(|| err("consentMode").get()).flatten()}</p>
            </CheckboxGroup>
            <Checkbox id="ct-required" label=lbl(Key::FieldRequiredConsent) value=draft.required />
            <Checkbox id="ct-reaccept" label=lbl(Key::FieldRequireReaccept) value=draft.require_reaccept />
            <p class="pw-form__summary" role="status" data-testid="ct-summary">
                {move || (submitted.get() && check.has_errors()).then(|| ctx.t(Key::ErrorSummary))}
            </p>
            {move || server_error.get().map(|e| view! { <ApiErrorAlert error=e test_id="ct-server-error" /> })}
            <div class="pw-actions">
                <button type="submit" class="pw-btn pw-btn--primary" data-testid="ct-submit" disabled=move || pending.get()>
                    {move || if pending.get() { ctx.t(Key::Saving) } else if is_edit { ctx.t(Key::Save) } else { ctx.t(Key::Create) }}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="pw-btn pw-btn--ghost" data-testid="ct-cancel" on:click=move |_| cancel.run(())>
                        {move || ctx.t(Key::Cancel)}
                    </button>
                })}
            </div>
        </form>
    }
}

/// A select's options: each value with its name in the admin's language.
fn option_names<T: ToString + Clone + Send + Sync + 'static>(
    ctx: AdminCtx,
    values: &[T],
    name: fn(Locale, &T) -> String,
) -> Vec<(String, Signal<String>)> {
    values
        .iter()
        .map(|v| {
            let value = v.clone();
            (
                v.to_string(),
                Signal::derive(move || name(ctx.locale.get(), &value)),
            )
        })
        .collect()
}
