//! The consent panel: the project's active consent types (seed 001) grouped
//! by category with a switch each; required ones locked on. Two modes:
//! preferences (every type) and re-ask (only the types that need an answer).
//! The first-visit banner is the loader's (`src/shell.rs`). Choices are kept
//! locally first, then recorded on the server.
use leptos::prelude::*;
use leptos::task::spawn_local;
use pw_model::consent_record::ConsentSource;
use pw_model::duration::IsoDuration;
use pw_model::{Category, ConsentType, RegionPolicy};
use wasm_bindgen::JsValue;

use super::consent_store::{grouped, offer, storage_key, Offer, StoredConsent, Switches};
use super::{emit, storage, UiLocale, WidgetConfig};
use crate::api::{self, ApiClient};
use crate::i18n::{t, tr, Key, Locale};

/// `privacywidget:consent`'s detail: the live choices, {label: accepted}.
#[derive(serde::Serialize)]
struct Saved {
    choices: Switches,
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// `navigator.globalPrivacyControl` (not in web-sys yet).
fn global_privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| {
            js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("globalPrivacyControl")).ok()
        })
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Only web links open from the panel: a `javascript:` URI is a valid URI too.
fn safe_link(url: &Option<String>) -> Option<String> {
    url.as_ref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .cloned()
}

fn category_key(c: Option<&Category>) -> Key {
    match c {
        Some(Category::Disclosure) => Key::CategoryDisclosure,
        Some(Category::Communication) => Key::CategoryCommunication,
        Some(Category::PrivacySetting) => Key::CategoryPrivacySetting,
        _ => Key::CategoryCustom,
    }
}

/// Sends a record the server has not confirmed; clears it once settled.
fn send_unsent(client: ApiClient, key: String) {
    let Some(mut store) = storage::load::<StoredConsent>(storage::local(), &key) else {
        return;
    };
    let Some((record, idempotency_key)) = store.unsent.clone() else {
        return;
    };
    spawn_local(async move {
        let result = api::consent_record::create(&client, &record, &idempotency_key).await;
        // Forgotten once taken, or refused for good (a 4xx a retry cannot
        // change), as the loader does.
        let done = match &result {
            Ok(_) => true,
            Err(e) => e.status().is_some_and(|s| (400..500).contains(&s)) && !e.is_transient(),
        };
        if done {
            // Re-read: the visitor may have decided again meanwhile.
            store = storage::load(storage::local(), &key).unwrap_or(store);
            if store.unsent.as_ref().map(|(_, k)| k) == Some(&idempotency_key) {
                store.unsent = None;
                storage::save(storage::local(), &key, &store);
            }
        }
    });
}

/// The consent panel; loads the types, then shows [`ConsentChoices`].
#[component]
pub fn ConsentPanel() -> impl IntoView {
    let client = expect_context::<ApiClient>();
    let UiLocale(locale) = expect_context::<UiLocale>();
    // A plain signal filled once rather than a resource with <Suspense>: the
    // async-derived machinery costs the bundle more than this view needs.
    let types = RwSignal::new(None::<Result<Vec<ConsentType>, ()>>);
    spawn_local(async move {
        let listed = api::consent_type::list(&client).await.map_err(|_| ());
        types.set(Some(listed));
    });
    view! {
        <section class="pw-consent" data-testid="pw-consent" aria-labelledby="pw-consent-title">
            <h2 class="pw-title" id="pw-consent-title">{tr(locale, Key::ConsentTitle)}</h2>
            {move || match types.get() {
                None => view! { <p class="pw-hint" aria-busy="true">{tr(locale, Key::Loading)}</p> }.into_any(),
                Some(Ok(types)) => view! { <ConsentChoices types /> }.into_any(),
                Some(Err(())) => view! { <p class="pw-alert" role="alert">{tr(locale, Key::ConsentLoadError)}</p> }.into_any(),
            }}
        </section>
    }
}

/// The switches for `types`, and the buttons that save them.
#[component]
fn ConsentChoices(
    /// The project's consent types, as the server listed them.
    types: Vec<ConsentType>,
) -> impl IntoView {
    let cfg = expect_context::<WidgetConfig>();
    let client = expect_context::<ApiClient>();
    let UiLocale(locale) = expect_context::<UiLocale>();
    let key = storage_key(&cfg.project);

    let mut stored: StoredConsent = storage::load(storage::local(), &key).unwrap_or_default();
    if stored.subject_id.is_empty() {
        // Kept at once: the panel shows it, for a DSR about this browser.
        stored.subject_id = api::new_idempotency_key();
        storage::save(storage::local(), &key, &stored);
    }
    let subject_id = stored.subject_id.clone();
    let gpc = global_privacy_control();
    let policy = cfg.policy.clone().unwrap_or(RegionPolicy::OptIn);
    let declined_for =
        (cfg.settings().declined_duration.as_deref()).and_then(|d| IsoDuration::parse(d).ok());
    let asked = stored.needs_ask(&types, now(), declined_for.as_ref());
    let reask = cfg.reask && !stored.is_first_visit() && !asked.is_empty();
    let toggles = RwSignal::new(stored.initial_toggles(&types, gpc, now(), &policy));
    let store = StoredValue::new(stored);
    let saved = RwSignal::new(false);
    // In re-ask mode only the types that need an answer are shown.
    let shown: Vec<ConsentType> = if reask {
        types
            .iter()
            .filter(|t| asked.contains(&t.label.clone().unwrap_or_default()))
            .cloned()
            .collect()
    } else {
        types.clone()
    };
    let all_types = StoredValue::new(types);

    // Every answer here is given in the panel; the loader records the banner's.
    let save = move |set: Option<bool>| {
        if let Some(on) = set {
            toggles.update(|m| m.values_mut().for_each(|v| *v = on));
        }
        let now = now();
        let mut s = store.get_value();
        let mut record = all_types.with_value(|types| {
            s.decide(types, &toggles.get_untracked(), ConsentSource::Panel, now)
        });
        record.gpc = Some(gpc);
        record.region = cfg.region.clone();
        record.policy = Some(policy.clone());
        let idempotency_key = api::new_idempotency_key();
        // Local first: the host and the loader know the choice even if the send
        // fails; the loader closes a floating panel on the event.
        if !record.decisions.is_empty() {
            s.unsent = Some((record, idempotency_key));
        }
        storage::save(storage::local(), &key, &s);
        emit(
            "privacywidget:consent",
            &Saved {
                choices: s.summary(now),
            },
        );
        store.set_value(s);
        send_unsent(client.clone(), key.clone());
        saved.set(true);
    };
    let (save_all, save_none) = (save.clone(), save.clone());

    view! {
        <p class="pw-intro">{tr(locale, Key::ConsentIntro)}</p>
        <Show when=move || gpc>
            <p class="pw-note" data-testid="pw-gpc-notice">{tr(locale, Key::GpcNotice)}</p>
        </Show>
        <Show when=move || reask>
            <p class="pw-note" data-testid="pw-reask-notice">{tr(locale, Key::ReaskNotice)}</p>
        </Show>
        {grouped(&shown).into_iter().map(|(category, types)| {
            let heading = category_key(category.as_ref());
            view! {
            <fieldset class="pw-fieldset pw-consent-group" data-testid="pw-consent-group" data-category=category.map(|c| c.as_str().to_string())>
                <legend class="pw-group-title">{move || t(locale.get(), heading)}</legend>
                {types.into_iter().map(|ty| consent_item(ty, toggles, locale)).collect_view()}
            </fieldset>
        }}).collect_view()}
        <div class="pw-actions pw-actions--equal" role="group">
            <button class="pw-button" type="button" data-testid="pw-accept-all" on:click=move |_| save_all(Some(true))>
                {tr(locale, Key::AcceptAll)}
            </button>
            <button class="pw-button" type="button" data-testid="pw-reject-all" on:click=move |_| save_none(Some(false))>
                {tr(locale, Key::RejectAll)}
            </button>
            <button class="pw-button" type="button" data-testid="pw-save" on:click=move |_| save(None)>
                {tr(locale, Key::SaveChoices)}
            </button>
        </div>
        <p class="pw-status" role="status" aria-live="polite" data-testid="pw-consent-status">
            {move || saved.get().then(|| t(locale.get(), Key::ChoicesSaved))}
        </p>
        <p class="pw-hint pw-subject" data-testid="pw-subject-id">
            {tr(locale, Key::ConsentId)}": "<code class="pw-code">{subject_id}</code>" "{tr(locale, Key::ConsentIdHint)}
        </p>
    }
}

/// One consent type: name, description, link or document, and its switch.
fn consent_item(
    ty: ConsentType,
    toggles: RwSignal<Switches>,
    locale: RwSignal<Locale>,
) -> impl IntoView {
    let label = ty.label.clone().unwrap_or_else(|| ty.id.clone());
    let name_id = format!("pw-ct-{label}-name");
    let desc_id = format!("pw-ct-{label}-desc");
    let locked = offer(&ty) == Offer::Locked;
    let checked = {
        let label = label.clone();
        move || locked || toggles.with(|m| m.is_on(&label))
    };
    let toggle = {
        let label = label.clone();
        move |_| {
            if !locked {
                toggles.update(|m| match m.get_mut(&label) {
                    Some(v) => *v = !*v,
                    None => m.insert(label.clone(), true),
                });
            }
        }
    };
    let link = safe_link(&ty.url);
    let document = ty.document.clone().filter(|d| !d.trim().is_empty());
    view! {
        <div class="pw-consent-item" data-testid="pw-consent-item" data-label=label.clone()>
            <div class="pw-consent-text">
                <span class="pw-choice-name" id=name_id.clone()>{ty.name.clone().unwrap_or_else(|| label.clone())}</span>
                <p class="pw-choice-help" id=desc_id.clone()>{ty.description.clone().unwrap_or_default()}</p>
                {link.map(|href| view! { <a class="pw-link" href=href target="_blank" rel="noopener noreferrer">{tr(locale, Key::ReadMore)}</a> })}
                {document.map(|doc| view! {
                    <details class="pw-document"><summary>{tr(locale, Key::ReadDocument)}</summary><p>{doc}</p></details>
                })}
            </div>
            <button
                class="pw-switch"
                type="button"
                role="switch"
                data-testid="pw-switch"
                aria-checked=move || checked().to_string()
                aria-disabled=locked.then_some("true")
                aria-labelledby=name_id
                aria-describedby=desc_id
                on:click=toggle
            >
                <span class="pw-switch-track" aria-hidden="true"><span class="pw-switch-thumb"></span></span>
                <span class="pw-switch-text">{move || if locked { t(locale.get(), Key::AlwaysOn).to_string() } else { String::new() }}</span>
            </button>
        </div>
    }
}
