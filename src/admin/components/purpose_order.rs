//! Which request types the widget's form offers, and in what order: every
//! type with a checkbox, the offered ones first in their order, each movable
//! up and down with buttons (keyboard and screen readers: no drag and drop).
use leptos::prelude::*;
use pw_model::Purpose;

use crate::admin::session::use_admin;
use crate::i18n::{self, Key};

/// `offered` first, then the other known types.
fn rows(offered: &[Purpose]) -> Vec<Purpose> {
    let mut all = offered.to_vec();
    all.extend(
        Purpose::ALL
            .iter()
            .filter(|p| **p != Purpose::Unknown && !offered.contains(p))
            .cloned(),
    );
    all
}

/// `offered` with `p` moved by `by` places (clamped).
fn moved(offered: &[Purpose], p: &Purpose, by: isize) -> Vec<Purpose> {
    let mut v = offered.to_vec();
    if let Some(i) = v.iter().position(|x| x == p) {
        let j = i.saturating_add_signed(by).min(v.len() - 1);
        let item = v.remove(i);
        v.insert(j, item);
    }
    v
}

/// The offered request types, in order.
#[component]
pub fn PurposeOrder(
    /// The offered types, in the form's order.
    #[prop(into)]
    offered: Signal<Vec<Purpose>>,
    /// The order the user asked for.
    on_change: Callback<Vec<Purpose>>,
    /// The rule's message for `purposes`.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Show the message (after a submit attempt).
    #[prop(into)]
    show_errors: Signal<bool>,
) -> impl IntoView {
    let ctx = use_admin();
    let shown = move || show_errors.get().then(|| error.get()).flatten();
    view! {
        <fieldset class="pw-fieldset pw-fieldset--wide" data-testid="settings-purposes"
            aria-describedby=move || shown().map(|_| "settings-purposes-error")>
            <legend>{move || ctx.t(Key::SettingsPurposes)}</legend>
            <p class="pw-muted">{move || ctx.t(Key::SettingsPurposesHint)}</p>
            <ol class="pw-order">
                <For
                    each=move || offered.with(|o| rows(o))
                    key=|p: &Purpose| p.as_str().to_owned()
                    children=move |p: Purpose| {
                        let id = format!("settings-purpose-{}", p.as_str());
                        let (for_id, input_id, row) = (id.clone(), id.clone(), p.as_str().to_owned());
                        // Copy handles, so every closure below can hold them.
                        let p = StoredValue::new(p);
                        let on = move || offered.with(|o| p.with_value(|p| o.contains(p)));
                        let index = move || offered.with(|o| p.with_value(|p| o.iter().position(|x| x == p)));
                        let name = move || p.with_value(|p| i18n::purpose(ctx.locale.get(), p).0);
                        let toggle = move |checked: bool| {
                            let mut next = offered.get_untracked();
                            p.with_value(|p| {
                                next.retain(|x| x != p);
                                if checked {
                                    next.push(p.clone());
                                }
                            });
                            on_change.run(next);
                        };
                        let step = move |by: isize| {
                            on_change.run(offered.with_untracked(|o| p.with_value(|p| moved(o, p, by))))
                        };
                        view! {
                            <li class="pw-order__row" data-testid="settings-purpose-row" data-purpose=row>
                                <label class="pw-check" for=for_id>
                                    <input type="checkbox" id=input_id data-testid=id prop:checked=on
                                        on:change:target=move |ev| toggle(ev.target().checked()) />
                                    {name}
                                </label>
                                <span class="pw-order__moves">
                                    <button type="button" class="pw-btn pw-btn--ghost pw-btn--small"
                                        aria-label=move || format!("{} {}", ctx.t(Key::MoveUp), name())
                                        disabled=move || !matches!(index(), Some(i) if i > 0)
                                        on:click=move |_| step(-1)>"↑"</button>
                                    <button type="button" class="pw-btn pw-btn--ghost pw-btn--small"
                                        aria-label=move || format!("{} {}", ctx.t(Key::MoveDown), name())
                                        disabled=move || !matches!(index(), Some(i) if i + 1 < offered.with(Vec::len))
                                        on:click=move |_| step(1)>"↓"</button>
                                </span>
                            </li>
                        }
                    }
                />
            </ol>
            <p class="pw-field__error" id="settings-purposes-error" data-testid="settings-purposes-error">{shown}</p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offered_first_then_the_rest_and_moves_clamp() {
        let offered = vec![Purpose::Erasure, Purpose::Access];
        let r = rows(&offered);
        assert_eq!(&r[..2], &offered[..]);
        assert_eq!(r.len(), Purpose::ALL.len() - 1, "every type but Unknown");
        assert_eq!(
            moved(&offered, &Purpose::Access, -1),
            [Purpose::Access, Purpose::Erasure]
        );
        assert_eq!(moved(&offered, &Purpose::Access, 1), offered);
        assert_eq!(moved(&offered, &Purpose::Erasure, -1), offered);
    }
}
