//! A labelled text input or textarea with its validation message:
//! `aria-invalid` and `aria-describedby` point assistive technology at the
//! message, which appears as soon as the user has typed in the field (live
//! validation) or after a submit attempt.
use leptos::prelude::*;

/// Which control a [`Field`] renders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FieldKind {
    /// `<input type="text">`.
    #[default]
    Text,
    /// `<input type="email">`.
    Email,
    /// `<input type="url">`.
    Url,
    /// `<input type="tel">`.
    Tel,
    /// `<input type="password">`.
    Password,
    /// `<textarea>`.
    TextArea,
}

impl FieldKind {
    /// The `type` attribute of the input.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text | FieldKind::TextArea => "text",
            FieldKind::Email => "email",
            FieldKind::Url => "url",
            FieldKind::Tel => "tel",
            FieldKind::Password => "password",
        }
    }
}

/// A form field: label, control, optional hint and the current error.
#[component]
pub fn Field(
    /// Element id (unique on the page), also its `data-testid`; the message is `{id}-error`.
    id: &'static str,
    /// Visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The value, owned by the form.
    value: RwSignal<String>,
    /// The message for the current value (`None` when valid).
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Show the message even before the user typed here (after a submit attempt).
    #[prop(optional, into)]
    show_errors: MaybeProp<bool>,
    /// Which control.
    #[prop(optional)]
    kind: FieldKind,
    /// Help text under the label.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    /// Marks the field required (the rule itself lives in the model).
    #[prop(optional)]
    required: bool,
    /// `autocomplete` attribute.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
) -> impl IntoView {
    let touched = RwSignal::new(false);
    let shown = Memo::new(move |_| {
        if touched.get() || show_errors.get().unwrap_or(false) {
            error.get()
        } else {
            None
        }
    });
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = move || hint.get().is_some_and(|h| !h.is_empty());
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let parts: Vec<&str> = [
                has_hint().then_some(hint_id.as_str()),
                shown.with(Option::is_some).then_some(error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    };
    let invalid = move || shown.with(Option::is_some).then_some("true");
    let on_input = move |v: String| {
        value.set(v);
        touched.set(true);
    };
    let control = match kind {
        FieldKind::TextArea => view! {
            <textarea
                id=id
                name=id
                data-testid=id
                rows="4"
                required=required
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input:target=move |ev| on_input(ev.target().value())
            ></textarea>
        }
        .into_any(),
        _ => view! {
            <input
                id=id
                name=id
                data-testid=id
                type=kind.as_str()
                required=required
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input:target=move |ev| on_input(ev.target().value())
            />
        }
        .into_any(),
    };
    view! {
        <div class="pw-field" class:pw-field--invalid=move || shown.with(Option::is_some)>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="pw-field__req" aria-hidden="true">" *"</span> })}
            </label>
            <Show when=has_hint>
                <p class="pw-field__hint" id=hint_id.clone()>{move || hint.get()}</p>
            </Show>
            {control}
            <p class="pw-field__error" id=error_id data-testid=format!("{id}-error")>
                {move || shown.get()}
            </p>
        </div>
    }
}
