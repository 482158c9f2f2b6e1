//! The e-mails the server sent or wrote to its outbox folder (issue 16), one
//! row each: date, recipient, subject, kind, status (and why it failed), the
//! request it is about; the subject opens the plain-text body, shown as text
//! exactly as sent (never as HTML).
use leptos::prelude::*;
use pw_model::requester::OutboxMail;

use super::Badge;
use crate::admin::deadline::Tone;
use crate::admin::messages::{fmt_datetime, mail_kind_name, mail_status_name};
use crate::admin::session::use_admin;
use crate::i18n::Key;

/// The outbox as a table, in the order given (the server's: newest first).
#[component]
pub fn OutboxTable(
    /// One page of e-mails.
    #[prop(into)]
    mails: Signal<Vec<OutboxMail>>,
) -> impl IntoView {
    let ctx = use_admin();
    let col = move |key: Key| view! { <th scope="col">{move || ctx.t(key)}</th> };
    view! {
        <table class="pw-table" data-testid="outbox-table">
            <caption class="pw-sr-only">{move || ctx.t(Key::NavOutbox)}</caption>
            <thead><tr>
                {col(Key::ColDate)}
                {col(Key::ColTo)}
                {col(Key::ColSubject)}
                {col(Key::ColKind)}
                {col(Key::FieldStatus)}
                {col(Key::Request)}
            </tr></thead>
            <tbody>
                <For each=move || mails.get() key=|m: &OutboxMail| m.id let:mail>
                    <OutboxRow mail />
                </For>
            </tbody>
        </table>
    }
}

/// The badge colour of a mail status.
fn status_tone(status: &str) -> Tone {
    match status {
        "sent" => Tone::Success,
        "outbox" => Tone::Info,
        "failed" => Tone::Danger,
        _ => Tone::Neutral,
    }
}

/// One e-mail.
#[component]
fn OutboxRow(mail: OutboxMail) -> impl IntoView {
    let ctx = use_admin();
    let OutboxMail {
        dsr_id,
        kind,
        recipient,
        subject,
        text_body,
        date_creation,
        status,
        error,
        ..
    } = mail;
    let tone = status_tone(&status);
    view! {
        <tr data-testid="outbox-row">
            <td class="pw-nowrap">{move || fmt_datetime(ctx.locale.get(), Some(&date_creation))}</td>
            <td class="pw-break">{recipient}</td>
            <td class="pw-table__title">
                <details class="pw-mail">
                    <summary data-testid="outbox-subject">{subject}</summary>
                    <pre class="pw-mail__body" data-testid="outbox-body">{text_body}</pre>
                </details>
            </td>
            <td>{move || mail_kind_name(ctx.locale.get(), &kind)}</td>
            <td>
                <Badge tone text=Signal::derive(move || mail_status_name(ctx.locale.get(), &status)) testid="outbox-status" />
                {error.map(|e| view! { <span class="pw-mail__error" data-testid="outbox-error">{e}</span> })}
            </td>
            <td>{dsr_id.map(|id| view! { <a href=format!("/requests/{id}")>{format!("#{id}")}</a> })}</td>
        </tr>
    }
}
