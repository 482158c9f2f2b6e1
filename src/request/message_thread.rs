//! The conversation between the requester and the privacy team, oldest
//! first. Bodies are plain text (text children, never HTML); attachments are
//! buttons that download through the API with the page's token.
use leptos::prelude::*;
use leptos::task::spawn_local;
use pw_model::requester::{DsrMessage, FileInfo, MessageAuthor};

use super::{words, PageLocale};
use crate::api::requester::{self as api, RequesterError};
use crate::api::ApiClient;
use crate::i18n::{t, tr, Key, Locale};

/// What the download line says.
#[derive(Clone, Debug, PartialEq)]
enum Download {
    Idle,
    Running,
    Failed(String, RequesterError),
}

impl Download {
    fn message(&self, locale: Locale) -> String {
        match self {
            Download::Idle => String::new(),
            Download::Running => t(locale, Key::ReqDownloading).into(),
            Download::Failed(name, e) => format!("{name}: {}", e.message(locale)),
        }
    }
}

/// The thread.
#[component]
pub fn MessageThread(
    /// The messages, oldest first.
    #[prop(into)]
    messages: Signal<Vec<DsrMessage>>,
    /// Who the team's messages are signed with (the organisation's name);
    /// `None`: "Privacy team".
    team_name: Option<String>,
) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    let client = expect_context::<ApiClient>();
    let download = RwSignal::new(Download::Idle);
    let fetch = Callback::new(move |file: FileInfo| {
        if download.with_untracked(|d| *d == Download::Running) {
            return;
        }
        download.set(Download::Running);
        let client = client.clone();
        spawn_local(async move {
            download.set(match api::download(&client, &file).await {
                Ok(()) => Download::Idle,
                Err(e) => Download::Failed(file.file_name, e),
            });
        });
    });
    let empty = move || messages.with(Vec::is_empty);
    view! {
        <section class="pw-card" aria-labelledby="pw-thread-title" data-testid="pw-thread">
            <h2 id="pw-thread-title">{tr(locale, Key::ReqMessages)}</h2>
            <Show when=empty>
                <p class="pw-muted" data-testid="pw-thread-empty">{tr(locale, Key::ReqNoMessages)}</p>
            </Show>
            <ol class="pw-thread">
                <For each=move || messages.get() key=|m| m.id let:message>
                    <MessageItem message team_name=team_name.clone() fetch />
                </For>
            </ol>
            <p class="pw-status" role="status" aria-live="polite" data-testid="pw-download-status">
                {move || download.with(|d| d.message(locale.get()))}
            </p>
        </section>
    }
}

/// One message: who, when, the text, its files.
#[component]
fn MessageItem(
    message: DsrMessage,
    team_name: Option<String>,
    fetch: Callback<FileInfo>,
) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    let team = message.author == MessageAuthor::Team;
    let author = move || match (&message.author, &team_name) {
        (MessageAuthor::Requester, _) => t(locale.get(), Key::ReqAuthorYou).to_string(),
        (_, Some(name)) => name.clone(),
        (_, None) => t(locale.get(), Key::ReqAuthorTeam).to_string(),
    };
    let (when, stamp) = (message.date_creation.clone(), message.date_creation.clone());
    let files = message.attachments.clone();
    view! {
        <li class="pw-message" class:pw-message--team=team class:pw-message--mine=!team data-testid="pw-message">
            <p class="pw-message__meta">
                <strong>{author}</strong>
                " · "
                <time datetime=stamp>{move || words::date_time(locale.get(), &when)}</time>
            </p>
            // Plain text: a text child, so markup in it shows as typed.
            <p class="pw-text pw-message__body" data-testid="pw-message-body">{message.body}</p>
            {(!files.is_empty()).then(|| view! {
                <ul class="pw-files">
                    {files.into_iter().map(|file| view! { <li><FileButton file fetch /></li> }).collect_view()}
                </ul>
            })}
        </li>
    }
}

/// A download button named after its file ("Download report.pdf, 120 KB").
#[component]
fn FileButton(file: FileInfo, fetch: Callback<FileInfo>) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    let (name, size) = (file.file_name.clone(), file.size);
    view! {
        <button class="pw-file" type="button" data-testid="pw-attachment" on:click=move |_| fetch.run(file.clone())>
            <span class="pw-sr-only">{tr(locale, Key::ReqDownload)}" "</span>
            <span class="pw-file__name">{name}</span>
            <span class="pw-file__size">", "{move || words::file_size(locale.get(), size)}</span>
        </button>
    }
}
