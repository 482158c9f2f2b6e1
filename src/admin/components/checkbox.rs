//! One labelled checkbox bound to a boolean (a request's "complex", a
//! consent type's "required").
use leptos::prelude::*;

/// A checkbox whose `id` and `data-testid` are `id`.
#[component]
pub fn Checkbox(
    /// Element id (unique on the page), also the test id.
    id: &'static str,
    /// The label.
    #[prop(into)]
    label: Signal<String>,
    /// Checked or not.
    value: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="pw-check" for=id>
            <input type="checkbox" id=id data-testid=id prop:checked=move || value.get()
                on:change:target=move |ev| value.set(ev.target().checked()) />
            {label}
        </label>
    }
}
