//! A request's audit log: who changed what, when. Workflow values are shown
//! as the server keeps them; personal data only as "changed" (the server
//! keeps a hash, never the value). Every value is a text node.
use leptos::prelude::*;
use pw_model::dsr::AuditEntry;
use pw_model::Dsr;

use crate::admin::components::ApiErrorAlert;
use crate::admin::messages::fmt_datetime;
use crate::admin::session::use_admin;
use crate::api;
use crate::i18n::Key;

/// The "History" card of a request; reloads whenever the request changes.
#[component]
pub fn AuditLog(
    /// The request as the server has it (its `dateUpdate` moves on each save).
    #[prop(into)]
    dsr: Signal<Dsr>,
) -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let version = Memo::new(move |_| dsr.with(|d| (d.id, d.date_update.clone())));
    let log = LocalResource::new(move || {
        let (client, (id, _)) = (client.clone(), version.get());
        async move { api::dsr::audit(&client, id.unwrap_or_default()).await }
    });
    view! {
        <section class="pw-card" aria-labelledby="audit-title" data-testid="dsr-audit">
            <h2 id="audit-title">{move || ctx.t(Key::SectionHistory)}</h2>
            <p class="pw-muted">{move || ctx.t(Key::HistoryHint)}</p>
            <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
                {move || log.get().map(|result| match result {
                    Err(error) => view! { <ApiErrorAlert error /> }.into_any(),
                    Ok(entries) => view! { <AuditTable entries /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The entries, oldest first.
#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    let ctx = use_admin();
    let rows: Vec<(usize, AuditEntry)> = entries.into_iter().enumerate().collect();
    view! {
        <table class="pw-table" data-testid="dsr-audit-table">
            <thead><tr>
                <th scope="col">{move || ctx.t(Key::ColDate)}</th>
                <th scope="col">{move || ctx.t(Key::HistoryKey)}</th>
                <th scope="col">{move || ctx.t(Key::HistoryField)}</th>
                <th scope="col">{move || ctx.t(Key::HistoryChange)}</th>
            </tr></thead>
            <tbody>
                <For each=move || rows.clone() key=|(i, _)| *i let:row>
                    {
                        let (_, e) = row;
                        let field = e.field.clone();
                        let key = e.key_name.clone().or(e.key_hint.clone()).unwrap_or_default();
                        let at = e.at.clone();
                        let change = move || change_text(ctx.t(Key::Created), ctx.t(Key::ChangedPersonal), &e);
                        view! {
                            <tr data-testid="dsr-audit-row">
                                <td class="pw-nowrap">{move || fmt_datetime(ctx.locale.get(), Some(&at))}</td>
                                <td class="pw-nowrap">{key}</td>
                                <td><code>{field}</code></td>
                                <td>{change}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}

/// "old → new" for a workflow field, `changed` for personal data, `created`.
fn change_text(created: &str, changed: &str, e: &AuditEntry) -> String {
    if e.field == "created" {
        return created.to_owned();
    }
    if e.hashed() {
        return changed.to_owned();
    }
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    format!("{} → {}", show(&e.old_value), show(&e.new_value))
}
