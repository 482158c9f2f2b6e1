//! Dashboard: requests by state, overdue count, requests per month and by
//! purpose, as plain `<svg>` charts with their numbers in text for screen
//! readers. Counts come from the list endpoint's `total` with `size=1`, so
//! they are exact however many requests there are; the monthly chart reads
//! the most recent requests (up to [`RECENT`]).
//!
//! Consent (issue 15, `GET .../consent-stats`): over the last 7, 30 or 90
//! days, each consent type's acceptance rate per day and the banner's
//! answers, counted by the server from the records (no personal data).
use leptos::prelude::*;
use pw_model::consent_record::{BannerStats, ConsentStats, TypeStats};
use pw_model::{DsrQuery, DsrState, Purpose};

use crate::admin::charts::{month_buckets, rate_columns, rate_summary, rate_text, totals};
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
        <ConsentSection />
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

/// The periods the consent section offers, in days.
const CONSENT_PERIODS: [u32; 3] = [7, 30, 90];

/// The last `days` UTC days up to today, as the stats' `from` and `to`
/// (`YYYY-MM-DD`; the server counts UTC days).
fn last_days(days: u32) -> (String, String) {
    const DAY_MS: f64 = 86_400_000.0;
    let now = js_sys::Date::now();
    let day = |ms: f64| {
        let iso =
            String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).to_iso_string());
        iso.get(..10).unwrap_or_default().to_owned()
    };
    (
        day(now - f64::from(days.saturating_sub(1)) * DAY_MS),
        day(now),
    )
}

/// Consent statistics over a chosen period.
#[component]
fn ConsentSection() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let days = RwSignal::new(30u32);
    let stats = LocalResource::new(move || {
        let (client, (from, to)) = (client.clone(), last_days(days.get()));
        async move { api::consent_record::stats(&client, Some(&from), Some(&to)).await }
    });
    view! {
        <section class="pw-card" aria-labelledby="consent-stats-title" data-testid="consent-stats">
            <h2 id="consent-stats-title">{move || ctx.t(Key::ConsentStatsTitle)}</h2>
            <div class="pw-field">
                <label class="pw-field__label" for="consent-period">{move || ctx.t(Key::Period)}</label>
                <select id="consent-period" data-testid="consent-period"
                    on:change:target=move |ev| {
                        if let Ok(d) = ev.target().value().parse() {
                            days.set(d);
                        }
                    }>
                    {CONSENT_PERIODS
                        .into_iter()
                        .map(|d| view! {
                            <option value=d selected=move || days.get() == d>{move || fill(ctx.t(Key::LastDays), d)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(s) => view! { <ConsentCharts stats=s /> }.into_any(),
                        Err(e) => view! { <ApiErrorAlert error=e test_id="consent-stats-error" /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The banner's answers and one acceptance-rate chart per consent type.
#[component]
fn ConsentCharts(stats: ConsentStats) -> impl IntoView {
    let ctx = use_admin();
    let ConsentStats {
        from,
        to,
        types,
        banner,
    } = stats;
    let BannerStats {
        accept_all,
        reject_all,
        customised,
    } = banner;
    let banner_rows = Signal::derive(move || {
        vec![
            (ctx.t(Key::BannerAcceptAll).to_owned(), accept_all),
            (ctx.t(Key::BannerRejectAll).to_owned(), reject_all),
            (ctx.t(Key::BannerCustomised).to_owned(), customised),
        ]
    });
    let period = move || {
        ctx.t(Key::PeriodRange)
            .replace("{from}", &from)
            .replace("{to}", &to)
    };
    let no_types = types.is_empty();
    view! {
        <p class="pw-muted" data-testid="consent-stats-period">{period}</p>
        <h3 id="chart-banner-title">{move || ctx.t(Key::BannerAnswers)}</h3>
        <BarChart title=Signal::derive(move || ctx.t(Key::BannerAnswers).to_owned()) rows=banner_rows testid="chart-banner" />
        <h3>{move || ctx.t(Key::AcceptanceRates)}</h3>
        {no_types.then(|| view! { <p class="pw-empty">{move || ctx.t(Key::NoConsentTypes)}</p> })}
        <For each=move || types.clone() key=|t: &TypeStats| t.consent_type_id.clone() let:stats>
            <TypeRateChart stats />
        </For>
    }
}

/// One consent type's acceptance rate per day, with its text alternative and
/// the numbers as a table.
#[component]
fn TypeRateChart(stats: TypeStats) -> impl IntoView {
    let ctx = use_admin();
    let TypeStats {
        consent_type_id,
        label,
        days,
    } = stats;
    let days = StoredValue::new(days);
    let (accepted, declined) = days.with_value(|d| totals(d));
    let title_label = label.clone();
    let title = Signal::derive(move || fill(ctx.t(Key::AcceptanceRateOf), &title_label));
    let columns = Signal::derive(move || days.with_value(|d| rate_columns(d)));
    let description = Signal::derive(move || {
        let (template, none) = (ctx.t(Key::RateOfDecisions), ctx.t(Key::NoDecisions));
        format!(
            "{}: {}. {}",
            title.get(),
            rate_text(template, none, accepted, declined),
            days.with_value(|d| rate_summary(d, template, none))
        )
    });
    let overall = move || {
        rate_text(
            ctx.t(Key::RateOfDecisions),
            ctx.t(Key::NoDecisions),
            accepted,
            declined,
        )
    };
    let heading_id = format!("chart-rate-{consent_type_id}");
    let labelled_by = heading_id.clone();
    view! {
        <section data-testid="consent-type-chart" data-type=consent_type_id aria-labelledby=labelled_by>
            <h4 id=heading_id>{label}</h4>
            <p class="pw-muted" data-testid="consent-type-overall">{overall}</p>
            <ColumnChart title columns testid="chart-consent-rate" description unit="%" />
            <details class="pw-details">
                <summary>{move || ctx.t(Key::ShowNumbers)}</summary>
                <table class="pw-table">
                    <caption class="pw-sr-only">{move || title.get()}</caption>
                    <thead><tr>
                        <th scope="col">{move || ctx.t(Key::ColDate)}</th>
                        <th scope="col">{move || ctx.t(Key::ConsentAccepted)}</th>
                        <th scope="col">{move || ctx.t(Key::ConsentDeclined)}</th>
                        <th scope="col">{move || ctx.t(Key::ColRate)}</th>
                    </tr></thead>
                    <tbody>
                        {days.with_value(|d| d.iter().map(|d| {
                            let (a, n) = (d.accepted, d.declined);
                            view! {
                                <tr>
                                    <th scope="row">{d.date.clone()}</th>
                                    <td>{a}</td>
                                    <td>{n}</td>
                                    <td>{move || rate_text("{rate}%", ctx.t(Key::NotSet), a, n)}</td>
                                </tr>
                            }
                        }).collect_view())}
                    </tbody>
                </table>
            </details>
        </section>
    }
}
