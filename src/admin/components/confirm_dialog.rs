//! A modal confirmation for irreversible actions, on the native `<dialog>`
//! (focus kept inside, Escape cancels, focus returns to the opener). The
//! safe choice (Cancel) has the initial focus.
use leptos::prelude::*;

/// Asks "are you sure?" while `open` is true.
#[component]
pub fn ConfirmDialog(
    /// Shown while true.
    #[prop(into)]
    open: Signal<bool>,
    /// Heading.
    #[prop(into)]
    title: Signal<String>,
    /// What will happen, naming the object (plain text).
    #[prop(into)]
    message: Signal<String>,
    /// Label of the confirming button.
    #[prop(into)]
    confirm_label: Signal<String>,
    /// Label of the cancelling button.
    #[prop(into)]
    cancel_label: Signal<String>,
    /// The user confirmed.
    on_confirm: Callback<()>,
    /// The user cancelled (button or Escape).
    on_cancel: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Synchronises the DOM dialog's modal state with `open` (outside world).
    Effect::new(move |_| {
        let want = open.get();
        if let Some(d) = dialog.get() {
            if want && !d.open() {
                let _ = d.show_modal();
            } else if !want && d.open() {
                d.close();
            }
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="pw-dialog"
            data-testid="confirm-dialog"
            aria-labelledby="pw-confirm-title"
            aria-describedby="pw-confirm-message"
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                on_cancel.run(());
            }
        >
            <h2 id="pw-confirm-title">{title}</h2>
            <p id="pw-confirm-message" data-testid="confirm-message">{message}</p>
            <div class="pw-actions">
                <button type="button" class="pw-btn" data-testid="confirm-cancel" autofocus
                    on:click=move |_| on_cancel.run(())>
                    {cancel_label}
                </button>
                <button type="button" class="pw-btn pw-btn--danger" data-testid="confirm-ok"
                    on:click=move |_| on_confirm.run(())>
                    {confirm_label}
                </button>
            </div>
        </dialog>
    }
}
