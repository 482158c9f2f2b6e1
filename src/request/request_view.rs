//! A loaded request: its summary, the thread, and the form to write to the
//! team (or, once the request is closed, a note that it takes no more
//! messages). Rendered from data, so tests give it a `RequesterView`.
use leptos::html;
use leptos::prelude::*;
use pw_model::requester::{DsrMessage, RequesterView};
use pw_model::DsrState;

use super::{MessageComposer, MessageThread, PageLocale, RequestSummary};
use crate::api::ApiClient;
use crate::i18n::{t, tr, Key};

/// The status page of one request.
#[component]
pub fn RequestView(
    /// The request as `GET /v1/requester/request` returned it.
    request: RequesterView,
    /// Carries the status token: downloads and new messages use it.
    client: ApiClient,
) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    provide_context(client);
    let closed = request.state == DsrState::Closed;
    let organisation = request
        .organisation_name
        .clone()
        .filter(|n| !n.trim().is_empty());
    let messages = RwSignal::new(request.messages.clone());
    let on_sent = Callback::new(move |m: DsrMessage| messages.update(|ms| ms.push(m)));
    let heading = NodeRef::<html::H1>::new();
    // Land on the page's heading: after the link was checked, a screen
    // reader starts from the top of what loaded.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let handled_by = organisation.clone().map(|org| {
        view! {
            <p class="pw-lead" data-testid="pw-request-organisation">
                {move || t(locale.get(), Key::ReqHandledBy).replace("{org}", &org)}
            </p>
        }
    });
    view! {
        <h1 id="pw-request-title" tabindex="-1" node_ref=heading data-testid="pw-request-title">
            {tr(locale, Key::ReqTitle)}
        </h1>
        {handled_by}
        <RequestSummary request=request.clone() />
        <MessageThread messages team_name=organisation.clone() />
        {if closed {
            view! { <p class="pw-note" data-testid="pw-request-closed">{tr(locale, Key::ReqClosed)}</p> }.into_any()
        } else {
            view! { <MessageComposer on_sent /> }.into_any()
        }}
    }
}
