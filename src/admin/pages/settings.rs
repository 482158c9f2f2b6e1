//! The workspace's widget settings (`GET/PUT /v1/ws/{ws}/settings`): what the
//! intake form requires and offers, its languages, policy link, organisation
//! name and colours. Checked live with the server's own rules
//! (`WidgetSettings::validate`); the widget reads the saved object with its
//! manifest, from the next page view.
use leptos::prelude::*;
use pw_model::{Purpose, RequiredFields, Theme, WidgetSettings};

use crate::admin::components::{ApiErrorAlert, CheckboxGroup, ColorField, PurposeOrder};
use crate::admin::form::FormCheck;
use crate::admin::session::use_admin;
use crate::api::{self, ApiError};
use crate::components::{Field, FieldKind, FieldValue};
use crate::i18n::{Key, Locale};

/// The settings page: loads the settings, then the form.
#[component]
pub fn Settings() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let loaded = LocalResource::new(move || {
        let client = client.clone();
        async move { api::workspace::settings(&client).await }
    });
    view! {
        <h1>{move || ctx.t(Key::NavSettings)}</h1>
        <p class="pw-muted">{move || ctx.t(Key::SettingsIntro)}</p>
        <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(s) => view! { <SettingsForm initial=s /> }.into_any(),
                    Err(e) => view! { <ApiErrorAlert error=e test_id="settings-error" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The JSON name of a requirable field and its label.
fn field_label(name: &str) -> Key {
    match name {
        "email" => Key::FieldEmail,
        "givenName" => Key::FieldGivenName,
        "familyName" => Key::FieldFamilyName,
        "phoneNumber" => Key::FieldPhone,
        "address" => Key::FieldAddress,
        "zipCode" => Key::FieldZip,
        "city" => Key::FieldCity,
        "countryCode" => Key::FieldCountry,
        _ => Key::FieldMessage,
    }
}

/// An optional text of the settings as a field value (blank = absent).
fn optional_text(
    draft: RwSignal<WidgetSettings>,
    get: fn(&WidgetSettings) -> &Option<String>,
    set: fn(&mut WidgetSettings, Option<String>),
) -> FieldValue {
    FieldValue::new(
        Signal::derive(move || draft.with(|d| get(d).clone().unwrap_or_default())),
        move |v: String| draft.update(|d| set(d, Some(v))),
    )
}

/// The form over a copy of the loaded settings.
#[component]
fn SettingsForm(initial: WidgetSettings) -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let draft = RwSignal::new(initial);
    let body = Memo::new(move |_| draft.get().normalized());
    let check = FormCheck::validating(ctx, body);
    let save = Action::new_local(move |s: &WidgetSettings| {
        let (client, s) = (client.clone(), s.clone());
        async move { api::workspace::save_settings(&client, &s).await }
    });
    // What the server stored becomes the form's state (normalized).
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            draft.set(saved);
        }
    });
    let server_error = move || save.value().get().and_then(Result::err);
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let pending = save.pending();
    let (err, lbl) = (move |f| check.error(f), move |k| check.label(k));

    let required = Signal::derive(move || draft.with(|d| d.required.names()));
    let locales = Signal::derive(move || {
        draft.with(|d| {
            d.locales
                .iter()
                .filter_map(|t| Locale::from_tag(t))
                .collect::<Vec<_>>()
        })
    });

    view! {
        <form class="pw-card pw-form pw-settings" novalidate data-testid="settings-form" aria-labelledby="settings-form-title"
            on:submit=move |ev| {
                ev.prevent_default();
                if check.try_submit() {
                    save.dispatch(body.get_untracked());
                }
            }>
            <h2 id="settings-form-title">{move || ctx.t(Key::SettingsIntake)}</h2>
            <CheckboxGroup
                legend=lbl(Key::SettingsRequired)
                options=RequiredFields::FIELDS.to_vec()
                selected=required
                on_change=Callback::new(move |names: Vec<&'static str>| draft.update(|d| {
                    for f in RequiredFields::FIELDS {
                        d.required.set(f, names.contains(&f));
                    }
                }))
                id_prefix="settings-required"
                key=|n: &&'static str| (*n).to_owned()
                label=Callback::new(move |n: &'static str| ctx.t(field_label(n)).to_owned())
                wide=true
            >
                <p class="pw-muted">{move || ctx.t(Key::SettingsRequiredHint)}</p>
            </CheckboxGroup>
            <PurposeOrder
                offered=Signal::derive(move || draft.with(|d| d.purposes.clone()))
                on_change=Callback::new(move |p: Vec<Purpose>| draft.update(|d| d.purposes = p))
                error=err("purposes")
                show_errors=check.submitted
            />
            <CheckboxGroup
                legend=lbl(Key::SettingsLanguages)
                options=Locale::ALL.to_vec()
                selected=locales
                on_change=Callback::new(move |chosen: Vec<Locale>| draft.update(|d| {
                    // Kept in the switcher's order: the first is the fallback.
                    d.locales = Locale::ALL
                        .into_iter()
                        .filter(|l| chosen.contains(l))
                        .map(|l| l.tag().to_owned())
                        .collect();
                }))
                id_prefix="settings-locale"
                key=|l: &Locale| l.tag().to_owned()
                label=Callback::new(|l: Locale| l.native_name().to_owned())
                testid="settings-locales"
            >
                <p class="pw-muted">{move || ctx.t(Key::SettingsLanguagesHint)}</p>
                <p class="pw-field__error" data-testid="settings-locales-error">
                    {move || check.submitted.get().then(|| err("locales").get()).flatten()}
                </p>
            </CheckboxGroup>

            <h2>{move || ctx.t(Key::SettingsLook)}</h2>
            <Field id="settings-org" label=lbl(Key::SettingsOrganisation) error=err("organisationName") show_errors=check.submitted
                value=optional_text(draft, |d| &d.organisation_name, |d, v| d.organisation_name = v) />
            <Field id="settings-policy" kind=FieldKind::Url label=lbl(Key::PrivacyPolicy) error=err("privacyPolicyUrl") show_errors=check.submitted
                hint=Signal::derive(move || Some(ctx.t(Key::SettingsPolicyHint).to_owned()))
                value=optional_text(draft, |d| &d.privacy_policy_url, |d, v| d.privacy_policy_url = v) />
            <fieldset class="pw-fieldset" data-testid="settings-theme">
                <legend>{move || ctx.t(Key::SettingsTheme)}</legend>
                {[(Theme::Auto, Key::ThemeAuto), (Theme::Light, Key::ThemeLight), (Theme::Dark, Key::ThemeDark)]
                    .into_iter()
                    .map(|(theme, key)| {
                        let id = format!("settings-theme-{theme}");
                        let (for_id, input_id) = (id.clone(), id.clone());
                        let (is, set) = (theme.clone(), theme);
                        view! {
                            <label class="pw-check" for=for_id>
                                <input type="radio" name="settings-theme" id=input_id data-testid=id
                                    prop:checked=move || draft.with(|d| d.theme == is)
                                    on:change=move |_| draft.update(|d| d.theme = set.clone()) />
                                {move || ctx.t(key)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <ColorField id="settings-accent-light" label=lbl(Key::SettingsAccentLight) ground=pw_model::settings::LIGHT_BACKGROUND
                value=FieldValue::new(Signal::derive(move || draft.with(|d| d.accent_light.clone())), move |v| draft.update(|d| d.accent_light = v))
                error=err("accentLight") />
            <ColorField id="settings-accent-dark" label=lbl(Key::SettingsAccentDark) ground=pw_model::settings::DARK_BACKGROUNDS[0]
                value=FieldValue::new(Signal::derive(move || draft.with(|d| d.accent_dark.clone())), move |v| draft.update(|d| d.accent_dark = v))
                error=err("accentDark") />

            <p class="pw-status" class:pw-status--error=move || check.submitted.get() && check.has_errors()
                role="status" data-testid="settings-status">
                {move || if check.submitted.get() && check.has_errors() {
                    Some(ctx.t(Key::ErrorSummary))
                } else if saved() {
                    Some(ctx.t(Key::SettingsSaved))
                } else {
                    None
                }}
            </p>
            {move || server_error().map(|e: ApiError| view! { <ApiErrorAlert error=e test_id="settings-server-error" /> })}
            <div class="pw-actions">
                <button type="submit" class="pw-btn pw-btn--primary" data-testid="settings-save" disabled=move || pending.get()>
                    {move || if pending.get() { ctx.t(Key::Saving) } else { ctx.t(Key::Save) }}
                </button>
            </div>
        </form>
    }
}
