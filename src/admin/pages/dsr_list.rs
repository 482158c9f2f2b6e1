//! The DSR inbox (seed 002 list): filters, sortable columns, server paging,
//! badges and CSV / JSON export. The query lives in the URL, so a filtered
//! view can be bookmarked; `<Transition>` keeps the old rows on screen while
//! the next page loads.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use pw_model::{Dsr, DsrQuery, Paged};
use web_sys::AbortController;

use crate::admin::components::{Badge, DsrFilters, Pager};
use crate::admin::deadline::{state_tone, Deadline, Tone};
use crate::admin::export;
use crate::admin::messages::{api_error_text, fill, fmt_datetime, state_name};
use crate::admin::query::{
    self, inbox_href, page_of, query_from_params, request_query, size_of, sort_state, toggle_sort,
    with_page, with_size,
};
use crate::admin::session::use_admin;
use crate::api::{self, ApiClient, ApiError};
use crate::i18n::{self, Key, Locale};

/// Sortable columns: `(sortBy value, header)`.
const SORTABLE: [(&str, Key); 5] = [
    ("id", Key::ColId),
    ("title", Key::ColTitle),
    ("familyName", Key::ColRequester),
    ("state", Key::ColState),
    ("remainingDays", Key::ColDeadline),
];

/// The inbox page.
#[component]
pub fn DsrList() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(query_from_params));
    let navigate = use_navigate();
    let go = Callback::new(move |q: DsrQuery| navigate(&inbox_href(&q), Default::default()));

    // Aborts the previous list load when the filters change again before it answered.
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let page = LocalResource::new({
        let client = client.clone();
        move || {
            let q = request_query(&query.get());
            let client = client.clone();
            let controller = AbortController::new().ok();
            if let Some(old) = in_flight
                .try_update_value(|v| std::mem::replace(v, controller.clone()))
                .flatten()
            {
                old.abort();
            }
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
    let (pending, set_pending) = signal(false);
    let total = RwSignal::new(0u64);

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
                    let (shown, result) = page.await;
                    match result {
                        Ok(p) => {
                            total.set(p.total);
                            table(ctx.locale.get(), query, go, shown, p).into_any()
                        }
                        Err(e) => view! {
                            <p class="pw-alert pw-alert--error" role="alert" data-testid="dsr-list-error">
                                {api_error_text(ctx.locale.get(), &e)}
                            </p>
                        }.into_any(),
                    }
                })}
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

fn table(
    locale: Locale,
    query: Memo<DsrQuery>,
    go: Callback<DsrQuery>,
    shown: String,
    page: Paged<Dsr>,
) -> impl IntoView {
    let t = move |k| i18n::t(locale, k);
    let header = move |column: &'static str, key: Key| {
        let state = move || query.with(|q| sort_state(q, column));
        view! {
            <th scope="col" aria-sort=move || state().as_str()>
                <button type="button" class="pw-sort" data-testid=format!("sort-{column}")
                    on:click=move |_| go.run(toggle_sort(&query.get_untracked(), column))>
                    {t(key)}
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
    };
    if page.items.is_empty() {
        return view! {
            <p class="pw-empty" data-testid="dsr-empty" data-query=shown>{t(Key::NoRequests)}</p>
        }
        .into_any();
    }
    let rows = page
        .items
        .into_iter()
        .map(|d| row(locale, d))
        .collect_view();
    view! {
        <table class="pw-table" data-testid="dsr-table" data-query=shown data-total=page.total>
            <caption class="pw-sr-only">{t(Key::NavRequests)}</caption>
            <thead>
                <tr>
                    {header("id", SORTABLE[0].1)}
                    {header("title", SORTABLE[1].1)}
                    {header("familyName", SORTABLE[2].1)}
                    {header("state", SORTABLE[3].1)}
                    <th scope="col">{t(Key::ColPurposes)}</th>
                    {header("remainingDays", SORTABLE[4].1)}
                    {header("dateCreation", Key::ColCreated)}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn row(locale: Locale, d: Dsr) -> impl IntoView {
    let t = move |k| i18n::t(locale, k);
    let id = d.id.unwrap_or_default();
    let name = [d.given_name.as_deref(), d.family_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let deadline = Deadline::of(d.remaining_days, d.state.as_ref());
    let deadline_text = match deadline {
        Deadline::Closed => t(Key::StateClosed).to_owned(),
        Deadline::Unknown => t(Key::NotSet).to_owned(),
        Deadline::Left(0) => t(Key::DueToday).to_owned(),
        Deadline::Left(n) => fill(t(Key::DaysLeft), n),
        Deadline::Overdue(n) => fill(t(Key::OverdueBy), n),
    };
    let state = d.state.clone();
    let purposes = d
        .purposes
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|p| view! { <Badge tone=Tone::Neutral text=i18n::purpose(locale, &p).0.to_owned() /> })
        .collect_view();
    view! {
        <tr data-testid="dsr-row" data-id=id>
            <td><A href=format!("/requests/{id}")>{format!("#{id}")}</A></td>
            <td class="pw-table__title">
                <A href=format!("/requests/{id}")>{d.title.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| t(Key::Untitled).to_owned())}</A>
                {d.archived.unwrap_or(false).then(|| view! { <Badge tone=Tone::Neutral text=t(Key::Archived).to_owned() /> })}
            </td>
            <td>
                <span class="pw-table__name">{name}</span>
                <span class="pw-muted pw-table__email">{d.email.clone().unwrap_or_default()}</span>
            </td>
            <td>{state.map(|s| view! { <Badge tone=state_tone(&s) text=state_name(locale, &s) testid="state-badge" /> })}</td>
            <td class="pw-table__badges">{purposes}</td>
            <td><Badge tone=deadline.tone() text=deadline_text testid="deadline-badge" /></td>
            <td class="pw-nowrap">{fmt_datetime(locale, d.date_creation.as_deref())}</td>
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
        export::download(
            "requests.json",
            "application/json",
            &export::to_json(&items),
        )
    } else {
        export::download(
            "requests.csv",
            "text/csv;charset=utf-8",
            &export::to_csv(&items),
        )
    };
    result.map_err(|e| ApiError::Encode(format!("{e:?}")))
}
