//! The team's side of a request's thread (issue 16): a message bounded by the
//! model's [`MESSAGE_MAX`], checked live with the model's `NewMessage` rules,
//! and up to [`FILES_PER_MESSAGE`] files, each checked against the model's
//! type and size limits before it is uploaded. What is typed and attached
//! lives in a [`MessageDraft`] the card keeps, so a failed send loses nothing.
use leptos::prelude::*;
use leptos::task::spawn_local;
use pw_model::requester::{FileInfo, NewMessage, FILES_PER_MESSAGE, MESSAGE_MAX};

use crate::admin::attachments::{self, FileProblem};
use crate::admin::form::FormCheck;
use crate::admin::messages::{api_error_text, fill, fmt_size};
use crate::admin::session::{use_admin, AdminCtx};
use crate::api::{self, ApiError};
use crate::components::{Field, FieldKind};
use crate::i18n::Key;

/// A message being written: its text, the files already uploaded for it,
/// and its validation state. Cleared only once the server has the message.
#[derive(Clone, Copy)]
pub struct MessageDraft {
    /// The text as typed.
    pub body: RwSignal<String>,
    /// Files uploaded for this message, in the order they were chosen.
    pub files: RwSignal<Vec<FileInfo>>,
    /// The model's rules over [`Self::message`], worded in the admin's language.
    pub check: FormCheck,
    /// Bumped by [`Self::clear`]: the text field is drawn anew, so the
    /// emptied field does not show "required" as if the user had erased it.
    sent: RwSignal<u32>,
}

impl MessageDraft {
    /// An empty message.
    pub fn new(ctx: AdminCtx) -> Self {
        let body = RwSignal::new(String::new());
        let files = RwSignal::new(Vec::<FileInfo>::new());
        let message = Memo::new(move |_| message_of(&body.get(), &files.get()));
        Self {
            body,
            files,
            check: FormCheck::validating(ctx, message),
            sent: RwSignal::new(0),
        }
    }

    /// The body to send.
    pub fn message(&self) -> NewMessage {
        message_of(&self.body.get_untracked(), &self.files.get_untracked())
    }

    /// The server has the message: start a new one.
    pub fn clear(&self) {
        self.body.set(String::new());
        self.files.set(Vec::new());
        self.check.submitted.set(false);
        self.sent.update(|n| *n += 1);
    }
}

fn message_of(body: &str, files: &[FileInfo]) -> NewMessage {
    NewMessage {
        body: body.trim().to_owned(),
        attachment_ids: files.iter().map(|f| f.id.clone()).collect(),
    }
}

/// Why the last chosen file did not join the message.
#[derive(Clone, Debug)]
enum FileNotice {
    /// Refused before upload.
    Refused(FileProblem, String),
    /// The server refused or could not be reached.
    Failed(ApiError),
}

/// The composer: text, files, send.
#[component]
pub fn MessageComposer(
    /// The request the files are uploaded to.
    dsr_id: i64,
    /// What is being written (owned by the card: it outlives a failed send).
    draft: MessageDraft,
    /// A send is under way.
    #[prop(into)]
    busy: Signal<bool>,
    /// The user sent a message the model's rules accept.
    on_send: Callback<NewMessage>,
) -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let check = draft.check;
    let uploading = RwSignal::new(0usize);
    let notice = RwSignal::new(None::<FileNotice>);
    let counter = Signal::derive(move || {
        let n = draft.body.with(|b| b.trim().chars().count());
        Some(fill(ctx.t(Key::MessageLength), n).replace("{max}", &MESSAGE_MAX.to_string()))
    });
    let choose = move |input: web_sys::HtmlInputElement| {
        notice.set(None);
        let Some(list) = input.files() else { return };
        for file in (0..list.length()).filter_map(|i| list.item(i)) {
            let taken = draft.files.with_untracked(Vec::len) + uploading.get_untracked();
            if let Some(problem) =
                attachments::problem(&file.type_(), &file.name(), file.size() as u64, taken)
            {
                notice.set(Some(FileNotice::Refused(problem, file.name())));
                break;
            }
            uploading.update(|n| *n += 1);
            let client = client.clone();
            spawn_local(async move {
                let result = api::dsr::upload(&client, dsr_id, &file).await;
                // The card may be gone by now (another page): nothing to show then.
                match result {
                    Ok(info) => {
                        let _ = draft.files.try_update(|f| f.push(info));
                    }
                    Err(e) => {
                        let _ = notice.try_set(Some(FileNotice::Failed(e)));
                    }
                }
                let _ = uploading.try_update(|n| *n = n.saturating_sub(1));
            });
        }
        // The same file can be chosen again after a refusal or a removal.
        input.set_value("");
    };
    let notice_text = move || {
        notice.get().map(|n| match n {
            FileNotice::Refused(problem, name) => {
                attachments::problem_text(problem, ctx.locale.get(), &name)
            }
            FileNotice::Failed(e) => api_error_text(ctx.locale.get(), &e),
        })
    };
    let files_full = move || draft.files.with(Vec::len) + uploading.get() >= FILES_PER_MESSAGE;
    let attachments_error = check.error("attachmentIds");

    view! {
        <form class="pw-composer" data-testid="message-composer" novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                if uploading.get_untracked() == 0 && !busy.get_untracked() && check.try_submit() {
                    on_send.run(draft.message());
                }
            }>
            {move || {
                draft.sent.track();
                view! {
                    <Field id="message-body" kind=FieldKind::TextArea rows=5
                        label=check.label(Key::MessageBody) value=draft.body
                        error=check.error("body") show_errors=check.submitted hint=counter />
                }
            }}
            <div class="pw-field">
                <label class="pw-field__label" for="message-files">{move || ctx.t(Key::AttachFiles)}</label>
                <p class="pw-field__hint" id="message-files-hint">{move || attachments::hint(ctx.locale.get())}</p>
                <input type="file" id="message-files" data-testid="message-files" multiple
                    accept=attachments::accept() aria-describedby="message-files-hint message-files-error"
                    disabled=files_full
                    on:change:target=move |ev| choose(ev.target()) />
                <p class="pw-field__error" id="message-files-error" data-testid="message-files-error" role="alert">
                    {notice_text}
                    {move || check.submitted.get().then(|| attachments_error.get()).flatten()}
                </p>
            </div>
            <ul class="pw-attachments" data-testid="message-pending-files">
                <For each=move || draft.files.get() key=|f: &FileInfo| f.id.clone() let:file>
                    {
                        let id = file.id.clone();
                        let name = file.file_name.clone();
                        let remove_label = move || format!("{} {}", ctx.t(Key::Remove), name);
                        view! {
                            <li class="pw-attachments__item">
                                <span>{file.file_name.clone()}</span>
                                <span class="pw-muted">{move || fmt_size(ctx.locale.get(), file.size.max(0) as u64)}</span>
                                <button type="button" class="pw-btn pw-btn--ghost pw-btn--small" aria-label=remove_label
                                    on:click=move |_| draft.files.update(|f| f.retain(|x| x.id != id))>
                                    {move || ctx.t(Key::Remove)}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="pw-actions">
                <button type="submit" class="pw-btn pw-btn--primary" data-testid="message-send"
                    disabled=move || busy.get() || uploading.get() != 0>
                    {move || if busy.get() {
                        ctx.t(Key::MessageSending)
                    } else if uploading.get() > 0 {
                        ctx.t(Key::Uploading)
                    } else {
                        ctx.t(Key::SendMessage)
                    }}
                </button>
            </div>
        </form>
    }
}
