//! Dashboard: requests by state, overdue count, requests per month and by
//! purpose, as plain `<svg>` charts with their numbers in text for screen
//! readers. Counts come from the list endpoint's `total` with `size=1`, so
//! they are exact however many requests there are; the monthly chart reads
//! the most recent requests (up to [`RECENT`]).
use leptos::prelude::*;
use pw_model::{DsrQuery, DsrState, Purpose};

use crate::admin::charts::month_buckets;
use crate::admin::components::{ApiErrorAlert, BarChart, ColumnChart};
use crate::admin::messages::{fill, state_name};
use crate::admin::session::use_admin;
use crate::api::{self, ApiClient, ApiError};
use crate::i18n::{self, Key};

/// How many recent requests the monthly chart reads.
const RECENT: u32 = 500;
/// Months shown.
const MONTHS: u32 = 12;

#[derive(Clone, Debug, PartialEq)]
struct Stats {
    total: u64,
    overdue: u64,
    by_state: Vec<(DsrState, u64)>,
    by_purpose: Vec<(Purpose, u64)>,
    months: Vec<(String, u64)>,
    sampled: usize,
}

async fn count(c: &ApiClient, q: DsrQuery) -> Result<u64, ApiError> {
    Ok(api::dsr::list(c, &DsrQuery { size: Some(1), ..q }, None)
        .await?
        .total)
}

/// One count per value, each with its own filter.
async fn counts<T: Clone>(
    c: &ApiClient,
    values: &[T],
    filter: fn(T) -> DsrQuery,
) -> Result<Vec<(T, u64)>, ApiError> {
    let mut out = Vec::with_capacity(values.len());
    for v in values {
        out.push((v.clone(), count(c, filter(v.clone())).await?));
    }
    Ok(out)
}

async fn load(c: ApiClient) -> Result<Stats, ApiError> {
    let total = count(&c, DsrQuery::default()).await?;
    let overdue = count(
        &c,
        DsrQuery {
            overtaking: Some(true),
            ..Default::default()
        },
    )
    .await?;
    let by_state = counts(&c, DsrState::ALL, |s| DsrQuery {
        states: vec![s],
        ..Default::default()
    })
    .await?;
    let by_purpose = counts(&c, Purpose::ALL, |p| DsrQuery {
        purposes: vec![p],
        ..Default::default()
    })
    .await?;
    let recent = api::dsr::list(
        &c,
        &DsrQuery {
            size: Some(RECENT),
            sort_by: Some("dateCreation".into()),
            asc: Some(false),
            ..Default::default()
        },
        None,
    )
    .await?;
    let (year, month) = crate::admin::messages::this_month();
    let months = month_buckets(
        recent
            .items
            .iter()
            .filter_map(|d| d.date_creation.as_deref()),
        year,
        month,
        MONTHS,
    );
    Ok(Stats {
        total,
        overdue,
        by_state,
        by_purpose,
        months,
        sampled: recent.items.len(),
    })
}

/// The dashboard page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let stats = LocalResource::new(move || load(client.clone()));
    view! {
        <h1>{move || ctx.t(Key::NavDashboard)}</h1>
        <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) => view! { <Charts stats=s /> }.into_any(),
                    Err(e) => view! { <ApiErrorAlert error=e test_id="dashboard-error" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Charts(stats: Stats) -> impl IntoView {
    let ctx = use_admin();
    let Stats {
        total,
        overdue,
        by_state,
        by_purpose,
        months,
        sampled,
    } = stats;
    let state_rows = Signal::derive(move || {
        by_state
            .iter()
            .map(|(s, n)| (state_name(ctx.locale.get(), s), *n))
            .collect::<Vec<_>>()
    });
    let purpose_rows = Signal::derive(move || {
        by_purpose
            .iter()
            .map(|(p, n)| (i18n::purpose(ctx.locale.get(), p).0.to_owned(), *n))
            .collect::<Vec<_>>()
    });
    let month_rows = Signal::derive(move || months.clone());
    view! {
        <div class="pw-kpis">
            <a class="pw-kpi" href="/requests" data-testid="kpi-total">
                <span class="pw-kpi__value">{total}</span>
                <span class="pw-kpi__label">{move || ctx.t(Key::Total)}</span>
            </a>
            <a class="pw-kpi" class:pw-kpi--danger={overdue > 0} href="/requests?overtaking=true" data-testid="kpi-overdue">
                <span class="pw-kpi__value">{overdue}</span>
                <span class="pw-kpi__label">{move || ctx.t(Key::OverdueRequests)}</span>
            </a>
        </div>
        <div class="pw-split">
            <section class="pw-card" aria-labelledby="chart-state-title">
                <h2 id="chart-state-title">{move || ctx.t(Key::ByState)}</h2>
                <BarChart title=Signal::derive(move || ctx.t(Key::ByState).to_owned()) rows=state_rows testid="chart-state" />
            </section>
            <section class="pw-card" aria-labelledby="chart-purpose-title">
                <h2 id="chart-purpose-title">{move || ctx.t(Key::ByPurpose)}</h2>
                <BarChart title=Signal::derive(move || ctx.t(Key::ByPurpose).to_owned()) rows=purpose_rows testid="chart-purpose" />
            </section>
        </div>
        <section class="pw-card" aria-labelledby="chart-month-title">
            <h2 id="chart-month-title">{move || ctx.t(Key::OverTime)}</h2>
            <ColumnChart title=Signal::derive(move || ctx.t(Key::OverTime).to_owned()) columns=month_rows testid="chart-months" />
            {(total > sampled as u64).then(|| view! { <p class="pw-muted">{move || fill(ctx.t(Key::OverTimeSample), sampled)}</p> })}
        </section>
    }
}
