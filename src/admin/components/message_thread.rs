//! A request's messages between requester and team (issue 16), oldest
//! first: who wrote, when, the text (plain text, never HTML) and its files
//! as download buttons with name and size. A requester message the team had
//! not read before this visit is marked "New" (reading the thread marks it
//! read on the server, so the page says how many were unread when it opened).
use leptos::prelude::*;
use pw_model::requester::{DsrMessage, FileInfo, MessageAuthor};

use crate::admin::components::Badge;
use crate::admin::deadline::Tone;
use crate::admin::messages::{fmt_datetime, fmt_size};
use crate::admin::session::use_admin;
use crate::i18n::Key;

/// The thread as a list.
#[component]
pub fn MessageThread(
    /// The messages, in any order (shown oldest first).
    #[prop(into)]
    messages: Signal<Vec<DsrMessage>>,
    /// The user asked for one of the files.
    on_download: Callback<FileInfo>,
    /// How many of the requester's messages, the newest, the team had not
    /// read when the page opened.
    #[prop(optional)]
    unread: usize,
) -> impl IntoView {
    let ordered = move || {
        let mut list = messages.get();
        list.sort_by_key(|m| m.id);
        let from_requester = |m: &DsrMessage| m.author == MessageAuthor::Requester;
        let first_new = list
            .iter()
            .filter(|m| from_requester(m))
            .count()
            .saturating_sub(unread);
        let mut seen = 0;
        list.into_iter()
            .map(|m| {
                let new = from_requester(&m) && {
                    seen += 1;
                    seen > first_new || m.date_viewed.is_none()
                };
                (m, new)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <ol class="pw-thread" data-testid="message-thread">
            <For each=ordered key=|(m, new): &(DsrMessage, bool)| (m.id, *new) let:item>
                <MessageItem message=item.0 new=item.1 on_download />
            </For>
        </ol>
    }
}

/// One message: author, date, text, files; `new` marks it unread.
#[component]
fn MessageItem(message: DsrMessage, new: bool, on_download: Callback<FileInfo>) -> impl IntoView {
    let ctx = use_admin();
    let DsrMessage {
        author,
        body,
        date_creation,
        attachments,
        ..
    } = message;
    let from_requester = author == MessageAuthor::Requester;
    let author_name = move || match &author {
        MessageAuthor::Requester => ctx.t(Key::AuthorRequester).to_owned(),
        MessageAuthor::Team => ctx.t(Key::AuthorTeam).to_owned(),
        MessageAuthor::Other(s) => s.clone(),
    };
    view! {
        <li class="pw-message" class:pw-message--requester=from_requester data-testid="message">
            <div class="pw-message__head">
                <strong data-testid="message-author">{author_name}</strong>
                <span class="pw-muted">{move || fmt_datetime(ctx.locale.get(), Some(&date_creation))}</span>
                {new.then(|| view! {
                    <Badge tone=Tone::Info text=Signal::derive(move || ctx.t(Key::MessageNew).to_owned()) testid="message-new" />
                })}
            </div>
            <p class="pw-message__body" data-testid="message-body-text">{body}</p>
            {(!attachments.is_empty()).then(|| view! {
                <ul class="pw-attachments" aria-label=move || ctx.t(Key::FieldAttachments)>
                    <For each=move || attachments.clone() key=|f: &FileInfo| f.id.clone() let:file>
                        <AttachmentButton file on_download />
                    </For>
                </ul>
            })}
        </li>
    }
}

/// A file of a message: its name and size; a click downloads it.
#[component]
fn AttachmentButton(file: FileInfo, on_download: Callback<FileInfo>) -> impl IntoView {
    let ctx = use_admin();
    let (name, size) = (file.file_name.clone(), file.size.max(0) as u64);
    let label = {
        let name = name.clone();
        move || format!("{} {name}", ctx.t(Key::DownloadFile))
    };
    view! {
        <li class="pw-attachments__item">
            <button type="button" class="pw-btn pw-btn--small" data-testid="message-attachment"
                aria-label=label on:click=move |_| on_download.run(file.clone())>
                <span aria-hidden="true">"⤓ "</span>{name}
            </button>
            <span class="pw-muted" data-testid="message-attachment-size">{move || fmt_size(ctx.locale.get(), size)}</span>
        </li>
    }
}
