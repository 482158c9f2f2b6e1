//! A labelled text input or textarea with its hint and validation message,
//! shared by the widget's DSR form and the admin forms. `aria-invalid` and
//! `aria-describedby` point assistive technology at the message while it shows.
//!
//! When the message shows: as soon as the user has typed in the field (live
//! validation), or while `show_errors` is true (after a submit attempt). A form
//! that decides by itself when to speak (the widget's `error` stays `None`
//! until its first submit) passes `show_errors=true`.
//!
//! Ids: the control is `{id}` (also its `name` and `data-testid`), the hint
//! `{id}-hint`, the message `{id}-error` (also its `data-testid`). The message
//! element is always there and empty while nothing shows; the sheets hide it
//! with `.pw-field__error:empty`.
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

/// A field's value and what to call when the user changes it; the form owns
/// the value. An `RwSignal<String>` converts into one, so `value=rw` works.
#[derive(Clone, Copy)]
pub struct FieldValue {
    /// Current value.
    pub value: Signal<String>,
    /// Called with the new value on every keystroke.
    pub on_input: Callback<String>,
}

impl FieldValue {
    /// A value read from `value` and written through `on_input` (e.g. one
    /// member of a draft struct).
    pub fn new(
        value: impl Into<Signal<String>>,
        on_input: impl Fn(String) + Send + Sync + 'static,
    ) -> Self {
        Self {
            value: value.into(),
            on_input: Callback::new(on_input),
        }
    }
}

impl From<RwSignal<String>> for FieldValue {
    fn from(rw: RwSignal<String>) -> Self {
        Self::new(rw, move |v| rw.set(v))
    }
}

/// A form field: label, optional hint, control and the current message.
#[component]
pub fn Field(
    /// Element id (unique in its document or shadow root), also the control's
    /// `name` and `data-testid`; the message is `{id}-error`, the hint `{id}-hint`.
    id: &'static str,
    /// Visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The value and its input handler, owned by the form (`value=rw_signal` works).
    #[prop(into)]
    value: FieldValue,
    /// The message for the current value (`None` when valid).
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Show the message even before the user typed here (after a submit attempt);
    /// `true` leaves the decision entirely to `error`.
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
    /// Whether a required field shows the ` *` marker after its label; `false`
    /// when the label already says it (the widget's "(required)").
    #[prop(default = true)]
    mark_required: bool,
    /// `autocomplete` token, so browsers can fill the field.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// `inputmode` of an input, the on-screen keyboard it asks for (`"numeric"`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Visible lines of a textarea.
    #[prop(default = 4)]
    rows: u32,
) -> impl IntoView {
    let FieldValue { value, on_input } = value;
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
    let input = move |v: String| {
        on_input.run(v);
        touched.set(true);
    };
    let control = match kind {
        FieldKind::TextArea => view! {
            <textarea
                id=id
                name=id
                data-testid=id
                class="pw-field__control pw-field__control--multiline"
                rows=rows
                required=required
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input:target=move |ev| input(ev.target().value())
            ></textarea>
        }
        .into_any(),
        _ => view! {
            <input
                id=id
                name=id
                data-testid=id
                class="pw-field__control"
                type=kind.as_str()
                required=required
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input:target=move |ev| input(ev.target().value())
            />
        }
        .into_any(),
    };
    view! {
        <div class="pw-field" class:pw-field--invalid=move || shown.with(Option::is_some)>
            <label class="pw-field__label" for=id>
                {label}
                {(required && mark_required).then(|| view! { <span class="pw-field__req" aria-hidden="true">" *"</span> })}
            </label>
            <Show when=has_hint>
                <p class="pw-field__hint" id=hint_id.clone()>{move || hint.get()}</p>
            </Show>
            {control}
            <p class="pw-field__error" id=error_id.clone() data-testid=error_id>
                {move || shown.get()}
            </p>
        </div>
    }
}
