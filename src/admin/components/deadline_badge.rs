//! A request's legal deadline (GDPR art. 12(3)) as a badge: days left, due
//! today or overdue, coloured by urgency (see [`Deadline`]).
use leptos::prelude::*;

use super::Badge;
use crate::admin::deadline::Deadline;
use crate::admin::session::use_admin;

/// The deadline's badge, worded in the admin's language.
#[component]
pub fn DeadlineBadge(
    /// Where the request stands.
    #[prop(into)]
    deadline: Signal<Deadline>,
    /// Show nothing for a closed request or an unknown deadline (where the
    /// page says both elsewhere) instead of "Closed" / "Not set".
    #[prop(optional)]
    running_only: bool,
) -> impl IntoView {
    let ctx = use_admin();
    move || {
        let d = deadline.get();
        (!running_only || d.is_running()).then(|| {
            view! {
                <Badge tone=d.tone() text=Signal::derive(move || d.text(ctx.locale.get())) testid="deadline-badge" />
            }
        })
    }
}
