//! Root of the widget inside its shadow root: a floating launcher (or an
//! inline block), and a panel showing the DSR form or the consent choices.
use leptos::prelude::*;
use pw_model::DsrReceipt;

use super::{emit, Controls, DsrForm, DsrSuccess, Screen, Views, WidgetConfig};
use crate::i18n::{tr, Key, Locale};

/// Root of the widget.
#[component]
pub fn WidgetApp() -> impl IntoView {
    let cfg = expect_context::<WidgetConfig>();
    let views = expect_context::<Views>();
    let Controls { screen, locale } = expect_context::<Controls>();
    let inline = cfg.inline;
    let launcher = !inline && !cfg.no_launcher;
    let (has_dsr, has_consent) = (cfg.has_dsr(), cfg.has_consent());
    // A menu of one entry is that entry.
    let menu_target = move || match (has_dsr, has_consent) {
        (true, false) => Screen::Dsr,
        (false, true) => Screen::Preferences,
        _ => Screen::Menu,
    };
    // Inline blocks always show something; a closed one shows its menu.
    let shown = move || match screen.get() {
        Screen::Closed if inline => menu_target(),
        Screen::Menu => menu_target(),
        s => s,
    };
    // A view this bundle does not carry is the loader's to load and show.
    let open = move |s: Screen| {
        let here = match s {
            Screen::Dsr => views.dsr.is_some(),
            Screen::Banner | Screen::Preferences => views.consent.is_some(),
            Screen::Menu | Screen::Closed => true,
        };
        let site_has = match s {
            Screen::Dsr => has_dsr,
            _ => has_consent,
        };
        if here {
            screen.set(s);
        } else {
            screen.set(Screen::Closed);
            // Only for a view the site uses, so two bundles never bounce a request.
            if site_has {
                emit(
                    "privacywidget:open",
                    &serde_json::json!({ "view": s.name() }),
                );
            }
        }
    };
    // Opening from outside (the JS API, the loader) takes the same path.
    Effect::new(move |_| {
        let s = screen.get();
        if matches!(s, Screen::Dsr) && views.dsr.is_none()
            || matches!(s, Screen::Banner | Screen::Preferences) && views.consent.is_none()
        {
            open(s);
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !inline {
            screen.set(Screen::Closed);
        }
    };

    view! {
        <div class="pw-root" class:pw-root--floating=!inline lang=move || locale.get().tag()>
            <Show when=move || launcher && screen.get() == Screen::Closed>
                <button class="pw-launcher" type="button" data-testid="pw-launcher" aria-haspopup="dialog" on:click=move |_| open(menu_target())>
                    {tr(locale, Key::PrivacyChoices)}
                </button>
            </Show>
            <Show when=move || shown() != Screen::Closed>
                <div class="pw-panel" role=move || (!inline).then_some("dialog") aria-label=tr(locale, Key::PrivacyChoices) on:keydown=on_keydown data-testid="pw-panel">
                    <div class="pw-toolbar">
                        <LocaleSwitcher locale />
                        <Show when=move || !inline>
                            <button class="pw-icon-button" type="button" data-testid="pw-close" aria-label=tr(locale, Key::Close) on:click=move |_| screen.set(Screen::Closed)>"×"</button>
                        </Show>
                    </div>
                    {move || match shown() {
                        Screen::Menu => view! {
                            <nav class="pw-menu" aria-label=tr(locale, Key::PrivacyChoices)>
                                <Show when=move || has_consent>
                                    <button class="pw-button" type="button" data-testid="pw-open-consent" on:click=move |_| open(Screen::Preferences)>{tr(locale, Key::PrivacyChoices)}</button>
                                </Show>
                                <Show when=move || has_dsr>
                                    <button class="pw-button" type="button" data-testid="pw-open-dsr" on:click=move |_| open(Screen::Dsr)>{tr(locale, Key::MakeRequest)}</button>
                                </Show>
                            </nav>
                        }.into_any(),
                        Screen::Dsr => views.dsr.map(|v| v()).into_any(),
                        Screen::Banner | Screen::Preferences => views.consent.map(|v| v()).into_any(),
                        Screen::Closed => ().into_any(),
                    }}
                </div>
            </Show>
        </div>
    }
}

/// The form until the server confirmed, then the confirmation.
#[component]
pub(super) fn DsrView() -> impl IntoView {
    let sent = RwSignal::new(None::<DsrReceipt>);
    let on_sent = Callback::new(move |dsr: DsrReceipt| {
        emit(
            "privacywidget:dsr-submitted",
            &serde_json::json!({ "id": dsr.id, "expiryTime": dsr.expiry_time }),
        );
        sent.set(Some(dsr));
    });
    let on_new = Callback::new(move |()| sent.set(None));
    move || match sent.get() {
        Some(dsr) => view! { <DsrSuccess dsr on_new /> }.into_any(),
        None => view! { <DsrForm on_sent /> }.into_any(),
    }
}

/// Language picker: a native select, so keyboard and screen readers know it.
#[component]
fn LocaleSwitcher(
    /// The widget's language.
    locale: RwSignal<Locale>,
) -> impl IntoView {
    view! {
        <label class="pw-sr-only" for="pw-locale">{tr(locale, Key::Language)}</label>
        <select
            id="pw-locale"
            class="pw-locale"
            data-testid="pw-locale"
            prop:value=move || locale.get().tag()
            on:change=move |ev| {
                if let Some(l) = Locale::from_tag(&event_target_value(&ev)) {
                    locale.set(l);
                    // The other bundle, if loaded, follows (through the loader).
                    emit("privacywidget:locale", &serde_json::json!({ "locale": l.tag() }));
                }
            }
        >
            {Locale::ALL.into_iter().map(|l| view! { <option value=l.tag() lang=l.tag()>{l.native_name()}</option> }).collect_view()}
        </select>
    }
}
