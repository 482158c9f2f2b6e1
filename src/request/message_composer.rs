//! Writing to the privacy team: a message (the model's 1..=5000 characters)
//! and up to three files (the model's types and size, checked here before
//! anything is uploaded). Files are uploaded on send, one after the other;
//! a file already uploaded is not sent again when a later step fails and
//! the requester retries. Messages show next to their field.
use leptos::html;
use leptos::prelude::*;
use leptos::task::{spawn_local, tick};
use pw_model::requester::{DsrMessage, NewMessage, FILE_MAX_BYTES, MESSAGE_MAX};
use pw_model::{Validate, Violation};

use super::{words, PageLocale};
use crate::api::requester::{self as api, RequesterError, MAX_FILES};
use crate::api::ApiClient;
use crate::browser;
use crate::components::{Field, FieldKind};
use crate::i18n::{self, t, tr, Key, Locale};

/// A file the requester picked (what the view shows; the `File` itself
/// stays in a local store, since DOM objects cannot live in signals).
#[derive(Clone, Debug, PartialEq)]
struct Chosen {
    key: u32,
    name: String,
    size: i64,
    /// Its id once uploaded.
    uploaded: Option<String>,
}

/// Why a picked file was not taken.
#[derive(Clone, Debug, PartialEq)]
enum FileProblem {
    /// Refused by the checks or the server.
    Refused(String, RequesterError),
    /// More than [`MAX_FILES`].
    TooMany,
}

impl FileProblem {
    fn message(&self, locale: Locale) -> String {
        match self {
            FileProblem::Refused(name, e) => format!("{name}: {}", e.message(locale)),
            FileProblem::TooMany => {
                t(locale, Key::ReqTooManyFiles).replace("{n}", &MAX_FILES.to_string())
            }
        }
    }
}

/// What the send is doing, for the live status line.
#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Uploading(String),
    Sending,
    Sent,
}

impl Progress {
    fn message(&self, locale: Locale) -> String {
        match self {
            Progress::Idle => String::new(),
            Progress::Uploading(name) => t(locale, Key::ReqUploading).replace("{name}", name),
            Progress::Sending => t(locale, Key::ReqSending).into(),
            Progress::Sent => t(locale, Key::ReqSent).into(),
        }
    }

    fn busy(&self) -> bool {
        matches!(self, Progress::Uploading(_) | Progress::Sending)
    }
}

/// The message form. Calls `on_sent` with the message the server stored.
#[component]
pub fn MessageComposer(
    /// Called once the server took the message (201).
    on_sent: Callback<DsrMessage>,
) -> impl IntoView {
    let PageLocale(locale) = expect_context::<PageLocale>();
    let client = expect_context::<ApiClient>();
    let body = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<Chosen>::new());
    let files = StoredValue::new_local(Vec::<(u32, web_sys::File)>::new());
    let next_key = StoredValue::new(0u32);
    let problems = RwSignal::new(Vec::<FileProblem>::new());
    let progress = RwSignal::new(Progress::Idle);
    let failed = RwSignal::new(None::<RequesterError>);
    let form_ref = NodeRef::<html::Form>::new();

    let body_error = Signal::derive(move || {
        let message = NewMessage {
            body: body.get(),
            attachment_ids: Vec::new(),
        };
        let errors = message.validate();
        let violation = &errors.iter().find(|e| e.field == "body")?.violation;
        // The model's "at least 1 character" is, to a person, "required".
        let violation = match violation {
            Violation::TooShort { min: 1 } => &Violation::Required,
            v => v,
        };
        Some(i18n::violation(locale.get(), violation))
    });
    let hint = Signal::derive(move || {
        let used = body.with(|b| b.trim().chars().count());
        Some(
            t(locale.get(), Key::ReqCharsLeft)
                .replace("{n}", &MESSAGE_MAX.saturating_sub(used).to_string())
                .replace("{max}", &MESSAGE_MAX.to_string()),
        )
    });
    let files_hint = move || {
        t(locale.get(), Key::ReqFilesHint)
            .replace("{n}", &MAX_FILES.to_string())
            .replace("{mb}", &(FILE_MAX_BYTES / (1024 * 1024)).to_string())
    };
    let files_message = move || {
        let l = locale.get();
        problems.with(|ps| {
            (!ps.is_empty()).then(|| {
                ps.iter()
                    .map(|p| p.message(l))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
    };
    let files_invalid = move || problems.with(|p| !p.is_empty());

    let pick = move |input: web_sys::HtmlInputElement| {
        let mut found = Vec::new();
        if let Some(list) = input.files() {
            for file in (0..list.length()).filter_map(|i| list.get(i)) {
                if chosen.with_untracked(Vec::len) >= MAX_FILES {
                    found.push(FileProblem::TooMany);
                    break;
                }
                if let Err(e) = api::check_file(&file) {
                    found.push(FileProblem::Refused(file.name(), e));
                    continue;
                }
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                chosen.update(|c| {
                    c.push(Chosen {
                        key,
                        name: file.name(),
                        size: file.size() as i64,
                        uploaded: None,
                    })
                });
                files.update_value(|f| f.push((key, file)));
            }
        }
        problems.set(found);
        // Emptied so that picking the same file again is seen.
        input.set_value("");
    };
    let remove = move |key: u32| {
        chosen.update(|c| c.retain(|f| f.key != key));
        files.update_value(|f| f.retain(|(k, _)| *k != key));
        problems.set(Vec::new());
    };

    let focus = move |selector: &'static str| {
        spawn_local(async move {
            tick().await;
            if let Some(form) = form_ref.get_untracked() {
                browser::focus_first(&form, selector);
            }
        });
    };
    let send = move || {
        tried.set(true);
        failed.set(None);
        if body_error.get_untracked().is_some() {
            focus("#pw-reply");
            return;
        }
        let client = client.clone();
        spawn_local(async move {
            let mut ids = Vec::new();
            for item in chosen.get_untracked() {
                if let Some(id) = item.uploaded {
                    ids.push(id);
                    continue;
                }
                let file = files.with_value(|f| {
                    f.iter()
                        .find(|(k, _)| *k == item.key)
                        .map(|(_, file)| file.clone())
                });
                let Some(file) = file else { continue };
                progress.set(Progress::Uploading(item.name.clone()));
                match api::upload(&client, &file).await {
                    Ok(info) => {
                        chosen.update(|c| {
                            if let Some(c) = c.iter_mut().find(|c| c.key == item.key) {
                                c.uploaded = Some(info.id.clone());
                            }
                        });
                        ids.push(info.id);
                    }
                    Err(e) => {
                        progress.set(Progress::Idle);
                        if matches!(
                            e,
                            RequesterError::TooBig
                                | RequesterError::TypeNotAllowed
                                | RequesterError::RequestFull
                        ) {
                            problems.set(vec![FileProblem::Refused(item.name, e)]);
                            focus("#pw-files");
                        } else {
                            failed.set(Some(e));
                        }
                        return;
                    }
                }
            }
            progress.set(Progress::Sending);
            let message = NewMessage {
                body: body.get_untracked().trim().to_owned(),
                attachment_ids: ids,
            };
            match api::send_message(&client, &message).await {
                Ok(stored) => {
                    body.set(String::new());
                    chosen.set(Vec::new());
                    files.set_value(Vec::new());
                    problems.set(Vec::new());
                    tried.set(false);
                    progress.set(Progress::Sent);
                    on_sent.run(stored);
                }
                Err(e) => {
                    progress.set(Progress::Idle);
                    failed.set(Some(e));
                }
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !progress.with_untracked(Progress::busy) {
            send();
        }
    };
    let busy = move || progress.with(Progress::busy).then_some("true");
    let alert = move || {
        failed.get().map(|e| {
            let detail = match &e {
                RequesterError::Rejected(Some(m)) => Some(m.clone()),
                _ => None,
            };
            view! {
                <div class="pw-alert" role="alert" data-testid="pw-compose-error">
                    <p>{move || e.message(locale.get())}</p>
                    {detail.map(|d| view! { <p class="pw-hint">{d}</p> })}
                </div>
            }
        })
    };

    view! {
        <section class="pw-card" aria-labelledby="pw-compose-title" data-testid="pw-composer">
            <h2 id="pw-compose-title">{tr(locale, Key::ReqWrite)}</h2>
            <form class="pw-form" novalidate node_ref=form_ref on:submit=on_submit>
                <Field id="pw-reply" label=Signal::derive(move || t(locale.get(), Key::FieldMessage).to_string())
                    value=body error=body_error show_errors=tried kind=FieldKind::TextArea rows=6 hint required=true />
                <div class="pw-field" class:pw-field--invalid=files_invalid>
                    <label class="pw-field__label" for="pw-files">{tr(locale, Key::ReqFiles)}</label>
                    <p class="pw-field__hint" id="pw-files-hint">{files_hint}</p>
                    <input
                        id="pw-files"
                        name="pw-files"
                        data-testid="pw-files"
                        class="pw-field__control pw-field__control--file"
                        type="file"
                        multiple
                        accept=api::accept_attribute()
                        aria-invalid=move || files_invalid().then_some("true")
                        aria-describedby=move || if files_invalid() { "pw-files-hint pw-files-error" } else { "pw-files-hint" }
                        on:change:target=move |ev| pick(ev.target())
                    />
                    <p class="pw-field__error" id="pw-files-error" data-testid="pw-files-error">{files_message}</p>
                    <ul class="pw-chosen" data-testid="pw-chosen">
                        <For each=move || chosen.get() key=|c| c.key let:item>
                            <li>
                                <span class="pw-file__name">{item.name.clone()}</span>
                                <span class="pw-file__size">", "{move || words::file_size(locale.get(), item.size)}</span>
                                " "
                                <button class="pw-button pw-button--small pw-button--secondary" type="button"
                                    data-testid="pw-remove-file"
                                    aria-label=move || format!("{} {}", t(locale.get(), Key::ReqRemoveFile), item.name)
                                    on:click=move |_| remove(item.key)>
                                    {tr(locale, Key::ReqRemoveFile)}
                                </button>
                            </li>
                        </For>
                    </ul>
                </div>
                <p class="pw-status" role="status" aria-live="polite" data-testid="pw-compose-status">
                    {move || progress.with(|p| p.message(locale.get()))}
                </p>
                {alert}
                <div class="pw-actions">
                    <button class="pw-button" type="submit" data-testid="pw-send-message" aria-disabled=busy>
                        {tr(locale, Key::ReqSend)}
                    </button>
                </div>
            </form>
        </section>
    }
}
