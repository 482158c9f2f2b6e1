//! Root component of the widget.
use leptos::prelude::*;

/// Root of the widget inside its shadow root.
#[component]
pub fn WidgetApp() -> impl IntoView {
    let (open, set_open) = signal(false);
    view! {
        <section class="pw-root" aria-label="Privacy">
            <button
                class="pw-button"
                type="button"
                data-testid="pw-open"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                "Privacy choices"
            </button>
            <Show when=move || open.get()>
                <p class="pw-panel" data-testid="pw-panel" role="status">
                    "Privacy Widget is ready."
                </p>
            </Show>
        </section>
    }
}
