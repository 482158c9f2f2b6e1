//! The language switcher (en, fr, nl, de), each language named in itself.
use leptos::prelude::*;

use crate::admin::session::use_admin;
use crate::i18n::{Key, Locale};

/// A labelled `<select>` of the four languages.
#[component]
pub fn LocaleSwitcher(
    /// Element id (unique on the page).
    id: &'static str,
) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <div class="pw-locale">
            <label for=id>{move || ctx.t(Key::Language)}</label>
            <select
                id=id
                data-testid=id
                on:change:target=move |ev| {
                    if let Some(l) = Locale::from_tag(&ev.target().value()) {
                        ctx.set_locale(l);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.tag() lang=l.tag() selected=move || ctx.locale.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
