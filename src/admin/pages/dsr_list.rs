//! The DSR inbox (seed 002 list): filters, sortable columns, server paging,
//! badges (state, e-mail not confirmed, unread messages, deadline with its
//! explanation under the workspace's law) and CSV / JSON export. The query
//! lives in the URL, so a filtered view can be bookmarked; `<Transition>`
//! keeps the old rows on screen while the next page loads.
use crate::browser::LatestLoad;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use pw_model::{Dsr, DsrQuery, Purpose, WidgetSettings};

use crate::admin::components::{
    ApiErrorAlert, Badge, DeadlineBadge, DsrFilters, Pager, StateBadge,
};
use crate::admin::deadline::{Deadline, DeadlineNote, Tone};
use crate::admin::export;
use crate::admin::messages::{api_error_text, fill, fmt_datetime};
use crate::admin::query::{
    self, inbox_href, page_of, query_from_params, request_query, size_of, sort_state, toggle_sort,
    with_page, with_size,
};
use crate::admin::session::use_admin;
use crate::api::{self, ApiClient, ApiError};
use crate::browser;
use crate::i18n::{self, Key};
use crate::person::display_name;

/// The inbox page.
#[component]
pub fn DsrList() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(query_from_params));
    let navigate = use_navigate();
    let go = Callback::new(move |q: DsrQuery| navigate(&inbox_href(&q), Default::default()));

    let in_flight = LatestLoad::new();
    let page = LocalResource::new({
        let client = client.clone();
        move || {
            let q = request_query(&query.get());
            let client = client.clone();
            let controller = in_flight.start();
            async move {
                let result = api::dsr::list(
                    &client,
                    &q,
                    controller.as_ref().map(|c| c.signal()).as_ref(),
                )
                .await;
                (q.to_query_string(), result)
            }
        }
    });
    // The workspace's tags, for the filter's tag names (loaded once; no tags
    // on failure: the list itself still shows its own error).
    let tags = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            async move { api::tag::list(&client).await.unwrap_or_default() }
        }
    });
    let tags = Signal::derive(move || tags.get().unwrap_or_default());
    // The workspace's law and clock, to explain each row's deadline (only
    // the received day when they cannot be read).
    let settings = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            async move { api::workspace::settings(&client).await.ok() }
        }
    });
    let settings = Signal::derive(move || settings.get().flatten());
    // The last page the server sent, kept while the next one loads; the
    // table and the pager read it, the rows are keyed by request.
    let loaded = Memo::new(move |_| page.get());
    let shown = Signal::derive(move || loaded.with(|l| l.as_ref().map(|(q, _)| q.clone())));
    let items = Memo::new(move |_| {
        loaded.with(|l| match l {
            Some((_, Ok(p))) => p.items.clone(),
            _ => Vec::new(),
        })
    });
    let total = Signal::derive(move || {
        loaded.with(|l| match l {
            Some((_, Ok(p))) => p.total,
            _ => 0,
        })
    });
    let empty = move || loaded.with(|l| matches!(l, Some((_, Ok(p))) if p.items.is_empty()));
    let (pending, set_pending) = signal(false);

    let export = Action::new_local(move |format: &&'static str| {
        let (format, client, q) = (*format, client.clone(), query.get_untracked());
        async move { export_all(&client, &q, format).await }
    });
    let export_error = move || {
        export
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| api_error_text(ctx.locale.get(), &e))
    };

    view! {
        <h1>{move || ctx.t(Key::NavRequests)}</h1>
        <DsrFilters query=query on_change=go tags=tags />
        <div class="pw-toolbar">
            <button type="button" class="pw-btn" data-testid="export-csv" disabled=move || export.pending().get()
                on:click=move |_| { export.dispatch("csv"); }>
                {move || ctx.t(Key::ExportCsv)}
            </button>
            <button type="button" class="pw-btn" data-testid="export-json" disabled=move || export.pending().get()
                on:click=move |_| { export.dispatch("json"); }>
                {move || ctx.t(Key::ExportJson)}
            </button>
            <span role="status" class="pw-muted">
                {move || export.pending().get().then(|| ctx.t(Key::Exporting))}
                {export_error}
            </span>
        </div>
        <div class="pw-table-wrap" aria-busy=move || pending.get().to_string() data-testid="dsr-list" data-loading=move || pending.get().to_string()>
            <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> } set_pending>
                {move || Suspend::new(async move {
                    page.await.1.err().map(|e| view! { <ApiErrorAlert error=e test_id="dsr-list-error" /> })
                })}
                <Show when=empty>
                    <p class="pw-empty" data-testid="dsr-empty" data-query=shown>{move || ctx.t(Key::NoRequests)}</p>
                </Show>
                <Show when=move || !items.with(Vec::is_empty)>
                    <InboxTable query go shown total items settings />
                </Show>
            </Transition>
        </div>
        <Pager
            page=Signal::derive(move || query.with(page_of))
            size=Signal::derive(move || query.with(size_of))
            total=total
            on_page=Callback::new(move |p| go.run(with_page(&query.get_untracked(), p)))
            on_size=Callback::new(move |s| go.run(with_size(&query.get_untracked(), s)))
        />
    }
}

/// The requests of one page, with sortable column headers.
#[component]
fn InboxTable(
    query: Memo<DsrQuery>,
    go: Callback<DsrQuery>,
    /// The query string the rows answer (for tests: `data-query`).
    shown: Signal<Option<String>>,
    total: Signal<u64>,
    items: Memo<Vec<Dsr>>,
    /// The workspace's settings (deadline law and clock), once loaded.
    settings: Signal<Option<WidgetSettings>>,
) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <table class="pw-table" data-testid="dsr-table" data-query=shown data-total=total>
            <caption class="pw-sr-only">{move || ctx.t(Key::NavRequests)}</caption>
            <thead>
                <tr>
                    <SortHeader query go column="id" title=Key::ColId />
                    <SortHeader query go column="title" title=Key::ColTitle />
                    <SortHeader query go column="familyName" title=Key::ColRequester />
                    <SortHeader query go column="state" title=Key::ColState />
                    <th scope="col">{move || ctx.t(Key::ColPurposes)}</th>
                    <SortHeader query go column="remainingDays" title=Key::ColDeadline />
                    <SortHeader query go column="dateCreation" title=Key::ColCreated />
                </tr>
            </thead>
            <tbody>
                // A row is kept while its request is unchanged (same id, same
                // last update), whatever page or order it turns up in.
                <For each=move || items.get() key=|d: &Dsr| (d.id, d.date_update.clone()) let:dsr>
                    <InboxRow dsr settings />
                </For>
            </tbody>
        </table>
    }
}

/// A column header that sorts by `column` (`sortBy`), with `aria-sort`.
#[component]
fn SortHeader(
    query: Memo<DsrQuery>,
    go: Callback<DsrQuery>,
    column: &'static str,
    title: Key,
) -> impl IntoView {
    let ctx = use_admin();
    let state = move || query.with(|q| sort_state(q, column));
    view! {
        <th scope="col" aria-sort=move || state().as_str()>
            <button type="button" class="pw-sort" data-testid=format!("sort-{column}")
                on:click=move |_| go.run(toggle_sort(&query.get_untracked(), column))>
                {move || ctx.t(title)}
                <span class="pw-sort__icon" aria-hidden="true">
                    {move || match state() {
                        query::SortState::Ascending => "▲",
                        query::SortState::Descending => "▼",
                        query::SortState::None => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// One request of the inbox.
#[component]
fn InboxRow(dsr: Dsr, settings: Signal<Option<WidgetSettings>>) -> impl IntoView {
    let ctx = use_admin();
    let id = dsr.id.unwrap_or_default();
    let note = {
        let dsr = dsr.clone();
        Memo::new(move |_| settings.with(|s| DeadlineNote::of(&dsr, s.as_ref())))
    };
    let note_text = move || note.with(|n| n.text(ctx.locale.get()));
    let unverified = dsr.mail_validated == Some(false)
        && dsr.email.as_deref().is_some_and(|e| !e.trim().is_empty());
    let unread = dsr.nb_messages_not_viewed.filter(|n| *n > 0);
    let href = format!("/requests/{id}");
    let title = dsr.title.clone().filter(|s| !s.is_empty());
    let name = display_name(dsr.given_name.as_deref(), dsr.family_name.as_deref());
    let deadline = Deadline::of(dsr.remaining_days, dsr.state.as_ref());
    let archived = dsr.archived.unwrap_or(false);
    let purposes = dsr.purposes.clone().unwrap_or_default();
    view! {
        <tr data-testid="dsr-row" data-id=id>
            <td><A href=href.clone()>{format!("#{id}")}</A></td>
            <td class="pw-table__title">
                <A href=href>{move || title.clone().unwrap_or_else(|| ctx.t(Key::Untitled).to_owned())}</A>
                {archived.then(|| view! { <Badge tone=Tone::Neutral text=Signal::derive(move || ctx.t(Key::Archived).to_owned()) /> })}
                {unread.map(|n| view! {
                    <Badge tone=Tone::Warning text=Signal::derive(move || fill(ctx.t(Key::UnreadMessages), n)) testid="unread-badge" />
                })}
            </td>
            <td>
                <span class="pw-table__name">{name}</span>
                <span class="pw-muted pw-table__email">{dsr.email.clone().unwrap_or_default()}</span>
                {unverified.then(|| view! {
                    <Badge tone=Tone::Warning text=Signal::derive(move || ctx.t(Key::EmailNotVerifiedBadge).to_owned()) testid="unverified-badge" />
                })}
            </td>
            <td>{dsr.state.clone().map(|s| view! { <StateBadge state=s testid="state-badge" /> })}</td>
            <td class="pw-table__badges">
                <For each=move || purposes.clone() key=|p: &Purpose| p.as_str().to_owned() let:p>
                    <Badge tone=Tone::Neutral text=Signal::derive(move || i18n::purpose(ctx.locale.get(), &p).0.to_owned()) />
                </For>
            </td>
            // The explanation matters while the deadline runs.
            <td title=move || deadline.is_running().then(note_text) aria-description=move || deadline.is_running().then(note_text)
                data-testid="deadline-cell">
                <DeadlineBadge deadline=deadline />
                {deadline.is_running().then(|| view! {
                    <span class="pw-table__note" data-testid="deadline-note">{move || note.with(|n| n.short(ctx.locale.get()))}</span>
                })}
            </td>
            <td class="pw-nowrap">{move || fmt_datetime(ctx.locale.get(), dsr.date_creation.as_deref())}</td>
        </tr>
    }
}

/// Every request matching `q` (all pages), saved as CSV or JSON.
async fn export_all(client: &ApiClient, q: &DsrQuery, format: &str) -> Result<(), ApiError> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let query = DsrQuery {
            page: Some(page),
            size: Some(query::EXPORT_PAGE),
            skip: None,
            ..q.clone()
        };
        let p = api::dsr::list(client, &query, None).await?;
        let done = p.items.is_empty() || items.len() + p.items.len() >= p.total as usize;
        items.extend(p.items);
        if done {
            break;
        }
        page += 1;
    }
    let result = if format == "json" {
        browser::download(
            "requests.json",
            "application/json",
            &export::to_json(&items),
        )
    } else {
        browser::download(
            "requests.csv",
            "text/csv;charset=utf-8",
            &export::to_csv(&items),
        )
    };
    result.map_err(|e| ApiError::Encode(format!("{e:?}")))
}
