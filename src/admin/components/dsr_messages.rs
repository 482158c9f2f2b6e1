//! A request's "Messages" card (issue 16): the thread with the requester
//! (`GET .../messages`, which marks the requester's messages read), the
//! composer (`POST .../attachments`, then `POST .../messages`: the requester is
//! e-mailed a link to the status page), file downloads with the session's key,
//! and the way to cut the requester's status links (the page confirms first).
use leptos::prelude::*;
use pw_model::requester::{DsrMessage, FileInfo, NewMessage};

use super::{loaded_items, Loaded, MessageComposer, MessageDraft, MessageThread};
use crate::admin::messages::api_error_text;
use crate::admin::session::use_admin;
use crate::api::{self, ApiError};
use crate::browser;
use crate::i18n::Key;

/// What the card's last action did.
#[derive(Clone, Debug)]
enum Notice {
    Sent,
    Failed(ApiError),
}

/// The card: thread, composer, status-link revocation.
#[component]
pub fn DsrMessages(
    /// The request.
    dsr_id: i64,
    /// How many requester messages were unread when the page opened.
    #[prop(optional)]
    unread: usize,
    /// The thread was read: how many messages it holds (none is unread now).
    on_read: Callback<usize>,
    /// The user asked to revoke the requester's status links.
    on_revoke: Callback<()>,
    /// Another action on the request is under way.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let reload = RwSignal::new(0u32);
    let thread = LocalResource::new({
        let client = client.clone();
        move || {
            let (client, _) = (client.clone(), reload.get());
            async move {
                let list = api::dsr::messages(&client, dsr_id).await;
                if let Ok(l) = &list {
                    on_read.run(l.len());
                }
                list
            }
        }
    });
    let draft = MessageDraft::new(ctx);
    let notice = RwSignal::new(None::<Notice>);
    let send = Action::new_local({
        let client = client.clone();
        move |new: &NewMessage| {
            let (client, new) = (client.clone(), new.clone());
            async move {
                match api::dsr::post_message(&client, dsr_id, &new).await {
                    Ok(_) => {
                        draft.clear();
                        notice.set(Some(Notice::Sent));
                        reload.update(|n| *n += 1);
                    }
                    // The draft stays as typed, files included.
                    Err(e) => notice.set(Some(Notice::Failed(e))),
                }
            }
        }
    });
    let download = Action::new_local(move |file: &FileInfo| {
        let (client, file) = (client.clone(), file.clone());
        async move {
            let saved = match api::dsr::attachment(&client, dsr_id, &file.id).await {
                Ok(blob) => browser::download_blob(&file.file_name, &blob)
                    .map_err(|e| ApiError::Encode(format!("{e:?}"))),
                Err(e) => Err(e),
            };
            if let Err(e) = saved {
                notice.set(Some(Notice::Failed(e)));
            }
        }
    });
    let notice_text = move || {
        notice.get().map(|n| match n {
            Notice::Sent => ctx.t(Key::MessageSent).to_owned(),
            Notice::Failed(e) => api_error_text(ctx.locale.get(), &e),
        })
    };
    let failed = move || matches!(notice.get(), Some(Notice::Failed(_)));
    let messages = Signal::derive(move || loaded_items::<DsrMessage>(thread));

    view! {
        <section class="pw-card" aria-labelledby="messages-title" data-testid="dsr-messages">
            <h2 id="messages-title">{move || ctx.t(Key::SectionMessages)}</h2>
            <p class="pw-muted">{move || ctx.t(Key::MessagesHint)}</p>
            <Loaded list=thread empty=Key::NoMessages error_id="messages-error">
                <MessageThread messages unread on_download=Callback::new(move |f| { download.dispatch(f); }) />
            </Loaded>
            <p role="status" class="pw-status" class:pw-status--error=failed data-testid="messages-status">{notice_text}</p>
            <MessageComposer dsr_id draft
                busy=Signal::derive(move || busy.get() || send.pending().get())
                on_send=Callback::new(move |m| { notice.set(None); send.dispatch(m); }) />
            <h3>{move || ctx.t(Key::StatusLinks)}</h3>
            <p class="pw-muted" id="revoke-links-hint">{move || ctx.t(Key::RevokeLinksHint)}</p>
            <div class="pw-actions">
                <button type="button" class="pw-btn pw-btn--danger" data-testid="revoke-links"
                    aria-describedby="revoke-links-hint" disabled=busy
                    on:click=move |_| on_revoke.run(())>
                    {move || ctx.t(Key::RevokeLinks)}
                </button>
            </div>
        </section>
    }
}
