//! A labelled text input (or textarea) with its validation message next to it.
use leptos::prelude::*;

/// A labelled input whose error is announced with the field: `aria-invalid`
/// and `aria-describedby` point at the message, so screen readers read it.
#[component]
pub fn TextField(
    /// DOM id of the control; the label's `for` and the message id derive from it.
    id: &'static str,
    /// Visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every keystroke.
    on_input: Callback<String>,
    /// Message shown under the field; `None` when the value is fine.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether the field is required (sets `aria-required`).
    #[prop(into, optional)]
    required: Signal<bool>,
    /// Help text under the label.
    #[prop(into, optional)]
    hint: MaybeProp<String>,
    /// `type` of the input (`text`, `email`, `tel`...).
    #[prop(default = "text")]
    input_type: &'static str,
    /// `autocomplete` token, so browsers can fill the field.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A multi-line textarea instead of an input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.get().is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let on_input = move |ev: leptos::ev::Event| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea
                id=id
                class="pw-input pw-input--multiline"
                rows="5"
                aria-invalid=invalid
                aria-required=move || required.get().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                class="pw-input"
                type=input_type
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-required=move || required.get().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="pw-field" class:pw-field--invalid=move || error.get().is_some()>
            <label class="pw-label" for=id>{move || label.get()}</label>
            {move || hint.get().map(|h| view! { <p class="pw-hint" id=hint_id.clone()>{h}</p> })}
            {control}
            {move || error.get().map(|e| view! { <p class="pw-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}
