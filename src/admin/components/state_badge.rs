//! A request's state (seed 002 `state`) as a badge in its tone.
use leptos::prelude::*;
use pw_model::DsrState;

use super::Badge;
use crate::admin::deadline::state_tone;
use crate::admin::messages::state_name;
use crate::admin::session::use_admin;

/// The state's name, in the admin's language.
#[component]
pub fn StateBadge(
    /// The request's state.
    state: DsrState,
    /// Its `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    let ctx = use_admin();
    let tone = state_tone(&state);
    let text = Signal::derive(move || state_name(ctx.locale.get(), &state));
    view! { <Badge tone text testid /> }
}
