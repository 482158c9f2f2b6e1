//! The workspace's widget settings (`GET/PUT /v1/ws/{ws}/settings`): what the
//! intake form requires and offers, its languages, policy link, organisation
//! name and colours, and how consent is asked per region (default policy,
//! region rules, how long a refusal lasts: issue 15), deadlines (the law,
//! whether unconfirmed requests count) and where the team is told of a
//! requester's message (issue 16). Checked live with the
//! server's own rules (`WidgetSettings::validate`); the widget reads the
//! saved object with its manifest, from the next page view.
use leptos::prelude::*;
use pw_model::settings::is_region;
use pw_model::{
    DeadlinePolicy, Purpose, RegionPolicy, RegionRule, RequiredFields, Theme, WidgetSettings,
};

use crate::admin::components::{ApiErrorAlert, CheckboxGroup, ColorField, PurposeOrder};
use crate::admin::form::FormCheck;
use crate::admin::messages::policy_name;
use crate::admin::session::{use_admin, AdminCtx};
use crate::api::{self, ApiError};
use crate::browser;
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

            <Regions draft check />
            <Deadlines draft check />

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

/// The policies, in the order the selects offer them, with their explanation.
const POLICIES: [(RegionPolicy, Key); 3] = [
    (RegionPolicy::OptIn, Key::PolicyOptInHint),
    (RegionPolicy::OptOut, Key::PolicyOptOutHint),
    (RegionPolicy::Notice, Key::PolicyNoticeHint),
];

/// How long a refusal lasts: the offered presets (`None`: as long as an acceptance).
const DECLINED_PRESETS: [(Option<&str>, Key); 4] = [
    (Some("P3M"), Key::Months3),
    (Some("P6M"), Key::Months6Cnil),
    (Some("P12M"), Key::Months12),
    (None, Key::SameAsAcceptance),
];

/// A `<select>` of the region policies.
fn policy_select(
    ctx: AdminCtx,
    id: String,
    value: Signal<RegionPolicy>,
    on_change: impl Fn(RegionPolicy) + 'static,
) -> impl IntoView {
    view! {
        <select id=id.clone() data-testid=id
            on:change:target=move |ev| on_change(RegionPolicy::parse(&ev.target().value()))>
            {POLICIES
                .into_iter()
                .map(|(p, _)| {
                    let (v, is) = (p.as_str().to_owned(), p.clone());
                    view! {
                        <option value=v selected=move || value.with(|x| *x == is)>
                            {move || policy_name(ctx.locale.get(), &p)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// The law that sets new requests' deadlines, each option explained; whether
/// a request whose e-mail is not confirmed yet counts from receipt; where the
/// team is told of a requester's new message.
#[component]
fn Deadlines(draft: RwSignal<WidgetSettings>, check: FormCheck) -> impl IntoView {
    let ctx = use_admin();
    const LAWS: [(DeadlinePolicy, Key, Key); 2] = [
        (
            DeadlinePolicy::Gdpr,
            Key::DeadlineGdpr,
            Key::DeadlineGdprHint,
        ),
        (
            DeadlinePolicy::Ccpa,
            Key::DeadlineCcpa,
            Key::DeadlineCcpaHint,
        ),
    ];
    view! {
        <fieldset class="pw-fieldset" data-testid="settings-deadlines">
            <legend>{move || ctx.t(Key::DeadlinePolicy)}</legend>
            {LAWS
                .into_iter()
                .map(|(law, name, hint)| {
                    let id = format!("settings-deadline-{}", law.as_str());
                    let hint_id = format!("{id}-hint");
                    let (for_id, input_id) = (id.clone(), id.clone());
                    let checked = {
                        let law = law.clone();
                        move || draft.with(|d| d.deadline_policy == law)
                    };
                    view! {
                        <label class="pw-check" for=for_id>
                            <input type="radio" name="settings-deadline" id=input_id data-testid=id
                                aria-describedby=hint_id.clone() prop:checked=checked
                                on:change=move |_| draft.update(|d| d.deadline_policy = law.clone()) />
                            {move || ctx.t(name)}
                        </label>
                        <p class="pw-field__hint" id=hint_id>{move || ctx.t(hint)}</p>
                    }
                })
                .collect_view()}
            <p class="pw-muted">{move || ctx.t(Key::DeadlinePolicyNote)}</p>
            <div class="pw-field">
                <label class="pw-check" for="settings-unverified-counts">
                    <input type="checkbox" id="settings-unverified-counts" data-testid="settings-unverified-counts"
                        aria-describedby="settings-unverified-counts-hint"
                        prop:checked=move || draft.with(|d| d.unverified_counts_toward_deadline)
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            draft.update(|d| d.unverified_counts_toward_deadline = on);
                        } />
                    {move || ctx.t(Key::UnverifiedCounts)}
                </label>
                <p class="pw-field__hint" id="settings-unverified-counts-hint">{move || ctx.t(Key::UnverifiedCountsHint)}</p>
            </div>
            <Field id="settings-notify-email" kind=FieldKind::Email label=check.label(Key::NotifyEmail)
                error=check.error("notifyEmail") show_errors=check.submitted autocomplete="email"
                hint=Signal::derive(move || Some(ctx.t(Key::NotifyEmailHint).to_owned()))
                value=FieldValue::new(
                    Signal::derive(move || draft.with(|d| d.notify_email.clone().unwrap_or_default())),
                    // Blank is "nobody": absent, not an empty address.
                    move |v: String| draft.update(|d| d.notify_email = Some(v).filter(|v| !v.trim().is_empty())),
                ) />
        </fieldset>
    }
}

/// The "Regions" fieldset: default policy, region rules, re-ask after a refusal.
#[component]
fn Regions(draft: RwSignal<WidgetSettings>, check: FormCheck) -> impl IntoView {
    let ctx = use_admin();
    let default_policy = Signal::derive(move || draft.with(|d| d.default_policy.clone()));
    let declined = Signal::derive(move || draft.with(|d| d.declined_duration.clone()));
    let policy_error = check.error("defaultPolicy");
    view! {
        <fieldset class="pw-fieldset" data-testid="settings-regions">
            <legend>{move || ctx.t(Key::SettingsRegions)}</legend>
            <div class="pw-field">
                <label class="pw-field__label" for="settings-default-policy">{move || ctx.t(Key::DefaultPolicy)}</label>
                <p class="pw-field__hint" id="settings-default-policy-hint">{move || ctx.t(Key::DefaultPolicyHint)}</p>
                {policy_select(ctx, "settings-default-policy".into(), default_policy,
                    move |p| draft.update(|d| d.default_policy = p))}
                <p class="pw-field__error" data-testid="settings-default-policy-error">
                    {move || check.submitted.get().then(|| policy_error.get()).flatten()}
                </p>
            </div>
            <ul class="pw-muted" data-testid="settings-policy-hints">
                {POLICIES
                    .into_iter()
                    .map(|(p, hint)| view! {
                        <li><strong>{move || policy_name(ctx.locale.get(), &p)}</strong>": "{move || ctx.t(hint)}</li>
                    })
                    .collect_view()}
            </ul>
            <p class="pw-muted">{move || ctx.t(Key::UnknownRegionNote)}</p>
            <RegionRules draft check />
            <Field id="settings-declined-duration" label=check.label(Key::DeclinedDuration)
                error=check.error("declinedDuration") show_errors=check.submitted
                hint=Signal::derive(move || Some(ctx.t(Key::DeclinedDurationHint).to_owned()))
                value=optional_text(draft, |d| &d.declined_duration, |d, v| d.declined_duration = v) />
            <div class="pw-actions" role="group" aria-label=move || ctx.t(Key::DeclinedPresets) data-testid="settings-declined-presets">
                {DECLINED_PRESETS
                    .into_iter()
                    .map(|(value, key)| {
                        let pressed = move || {
                            let current = declined.get();
                            let current = current.as_deref().map(str::trim).filter(|v| !v.is_empty());
                            (current == value).to_string()
                        };
                        view! {
                            <button type="button" class="pw-btn pw-btn--ghost pw-btn--small"
                                data-testid=format!("settings-declined-{}", value.unwrap_or("same"))
                                aria-pressed=pressed
                                on:click=move |_| draft.update(|d| d.declined_duration = value.map(str::to_owned))>
                                {move || ctx.t(key)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// The region rules as an editable list: a code and a policy per row, rows
/// added and removed with buttons. Rows are keyed by a local number, not by
/// their code, so a row keeps its input (and focus) while its code is typed.
#[component]
fn RegionRules(draft: RwSignal<WidgetSettings>, check: FormCheck) -> impl IntoView {
    let ctx = use_admin();
    // One key per rule, aligned with `region_rules` by index; rules replaced
    // from outside (a save) keep the keys of the rows they replace.
    let keys = StoredValue::new(Vec::<u64>::new());
    let next = StoredValue::new(0u64);
    let fresh = move || {
        let k = next.get_value();
        next.set_value(k + 1);
        k
    };
    let rows = move || {
        let n = draft.with(|d| d.region_rules.len());
        keys.update_value(|k| {
            k.truncate(n);
            while k.len() < n {
                k.push(fresh());
            }
        });
        keys.get_value()
    };
    let touched = RwSignal::new(false);
    let rules_error = check.error("regionRules");
    let list_ref = NodeRef::<leptos::html::Ul>::new();
    let shown = Signal::derive(move || {
        if !(touched.get() || check.submitted.get()) {
            return None;
        }
        let generic = rules_error.get()?;
        // A code the rules refuse gets a message about codes, not "choose a value".
        let bad_code = draft.with(|d| d.region_rules.iter().any(|r| !is_region(r.region.trim())));
        Some(if bad_code {
            ctx.t(Key::RegionCodeInvalid).to_owned()
        } else {
            generic
        })
    });
    let add = move |_| {
        keys.update_value(|k| k.push(fresh()));
        draft.update(|d| {
            // A new rule is an exception: it starts with the other main policy.
            let policy = if d.default_policy == RegionPolicy::OptIn {
                RegionPolicy::OptOut
            } else {
                RegionPolicy::OptIn
            };
            d.region_rules.push(RegionRule {
                region: String::new(),
                policy,
            });
        });
        request_animation_frame(move || {
            if let Some(list) = list_ref.get_untracked() {
                browser::focus_first(&list, "li:last-child input");
            }
        });
    };
    view! {
        <fieldset class="pw-fieldset" data-testid="settings-region-rules"
            aria-describedby=move || shown.get().map(|_| "settings-region-rules-error")>
            <legend>{move || ctx.t(Key::RegionRules)}</legend>
            <p class="pw-muted" id="settings-region-rules-hint">{move || ctx.t(Key::RegionRulesHint)}</p>
            <p class="pw-muted" data-testid="settings-region-empty">
                {move || draft.with(|d| d.region_rules.is_empty()).then(|| ctx.t(Key::NoRegionRules))}
            </p>
            <ul class="pw-list" node_ref=list_ref>
                <For each=rows key=|k: &u64| *k let:key>
                    {
                        let index = move || keys.with_value(|k| k.iter().position(|x| *x == key));
                        let rule = move || draft.with(|d| index().and_then(|i| d.region_rules.get(i).cloned()));
                        let code = move || rule().map(|r| r.region).unwrap_or_default();
                        let invalid = move || (shown.with(Option::is_some) && !is_region(code().trim())).then_some("true");
                        let policy = Signal::derive(move || rule().map(|r| r.policy).unwrap_or(RegionPolicy::OptIn));
                        let edit = move |f: &dyn Fn(&mut RegionRule)| {
                            if let Some(i) = index() {
                                draft.update(|d| {
                                    if let Some(r) = d.region_rules.get_mut(i) {
                                        f(r);
                                    }
                                });
                            }
                        };
                        let remove = move |_| {
                            if let Some(i) = index() {
                                keys.update_value(|k| {
                                    k.remove(i);
                                });
                                draft.update(|d| {
                                    d.region_rules.remove(i);
                                });
                            }
                        };
                        let (code_id, policy_id) = (format!("settings-region-{key}"), format!("settings-region-policy-{key}"));
                        view! {
                            <li class="pw-inline" data-testid="settings-region-row">
                                <div class="pw-field">
                                    <label class="pw-field__label" for=code_id.clone()>{move || ctx.t(Key::RegionCode)}</label>
                                    <input id=code_id type="text" class="pw-field__control" data-testid="settings-region-code"
                                        autocomplete="off" spellcheck="false" size="8"
                                        aria-invalid=invalid
                                        aria-describedby=move || if invalid().is_some() { "settings-region-rules-hint settings-region-rules-error" } else { "settings-region-rules-hint" }
                                        prop:value=code
                                        on:input:target=move |ev| {
                                            let v = ev.target().value();
                                            edit(&|r| r.region = v.clone());
                                            touched.set(true);
                                        } />
                                </div>
                                <div class="pw-field">
                                    <label class="pw-field__label" for=policy_id.clone()>{move || ctx.t(Key::RegionPolicyLabel)}</label>
                                    {policy_select(ctx, policy_id, policy, move |p| edit(&|r| r.policy = p.clone()))}
                                </div>
                                <button type="button" class="pw-btn pw-btn--ghost" data-testid="settings-region-remove"
                                    aria-label=move || format!("{} {}", ctx.t(Key::RemoveRegionRule), code())
                                    on:click=remove>
                                    {move || ctx.t(Key::Remove)}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="pw-field__error" id="settings-region-rules-error" data-testid="settings-region-rules-error">{shown}</p>
            <div class="pw-actions">
                <button type="button" class="pw-btn" data-testid="settings-region-add" on:click=add>
                    {move || ctx.t(Key::AddRegionRule)}
                </button>
            </div>
        </fieldset>
    }
}
