//! A list the page loads from the server, in its four states: loading (the
//! first time), failed (the server's error, worded), empty, or its items,
//! which stay on screen while it reloads (`<Transition>`).
use leptos::prelude::*;

use super::ApiErrorAlert;
use crate::admin::session::use_admin;
use crate::api::ApiError;
use crate::i18n::Key;

/// The loaded list's states around `children`, which show the items (read
/// with [`loaded_items`], typically in a keyed `<For>`).
#[component]
pub fn Loaded<T>(
    /// The list's resource.
    list: LocalResource<Result<Vec<T>, ApiError>>,
    /// What to say when the list is empty.
    empty: Key,
    /// The error alert's `data-testid`.
    error_id: &'static str,
    /// The items' view.
    children: ChildrenFn,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let ctx = use_admin();
    let count = move || list.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).map(Vec::len));
    view! {
        <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                list.await.err().map(|e| view! { <ApiErrorAlert error=e test_id=error_id /> })
            })}
            <Show when=move || count() == Some(0)>
                <p class="pw-empty">{move || ctx.t(empty)}</p>
            </Show>
            <Show when=move || count().is_some_and(|n| n > 0)>
                {children()}
            </Show>
        </Transition>
    }
}

/// The items of a loaded list (none while loading or after a failure).
pub fn loaded_items<T>(list: LocalResource<Result<Vec<T>, ApiError>>) -> Vec<T>
where
    T: Clone + 'static,
{
    list.get().and_then(Result::ok).unwrap_or_default()
}
