//! The request types the visitor can ask for (seed 002 `purposes`), each a
//! checkbox with its name and a plain explanation.
use leptos::prelude::*;
use pw_model::Purpose;

use super::FormState;
use crate::i18n::{self, t, Key};
use crate::widget::WidgetConfig;

/// The group of request types, with the group's message when none is chosen.
#[component]
pub(super) fn RequestTypes(form: FormState) -> impl IntoView {
    let locale = form.locale;
    let error = form.error("purposes");
    // The workspace's types, in its order (settings).
    let offered = expect_context::<WidgetConfig>().offered_purposes();
    view! {
        <fieldset
            class="pw-fieldset"
            class:pw-fieldset--invalid=move || error.get().is_some()
            aria-describedby=move || error.get().map(|_| "pw-purposes-error")
        >
            <legend class="pw-fieldset__legend">{move || format!("{} ({})", t(locale.get(), Key::FieldPurposes), t(locale.get(), Key::Required))}</legend>
            {offered
                .into_iter()
                .map(|purpose| view! { <RequestType form purpose group_error=error /> })
                .collect_view()}
            {move || error.get().map(|e| view! { <p class="pw-fieldset__error" id="pw-purposes-error">{e}</p> })}
        </fieldset>
    }
}

/// One request type. While the group is invalid each checkbox carries the
/// group's message itself, so the one that gets focus after a failed submit
/// is announced with it.
#[component]
fn RequestType(
    form: FormState,
    purpose: Purpose,
    group_error: Signal<Option<String>>,
) -> impl IntoView {
    let (draft, locale) = (form.draft, form.locale);
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
