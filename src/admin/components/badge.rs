//! A small coloured label (state, purpose, deadline). The colour is never the
//! only signal: the text always says the same thing.
use leptos::prelude::*;

use crate::admin::deadline::Tone;

/// A badge showing `text` in the colours of `tone`.
#[component]
pub fn Badge(
    /// Colour family.
    tone: Tone,
    /// The label (user data is fine: rendered as text).
    #[prop(into)]
    text: Signal<String>,
    /// Optional `data-testid`.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <span class=format!("pw-badge pw-badge--{}", tone.as_str()) data-testid=testid>
            {text}
        </span>
    }
}
