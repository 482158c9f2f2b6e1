//! Proof of consent (issue 15): the project's consent records (our extension,
//! `GET .../consent-records`), filtered by period, consent type and visitor,
//! paged by the server; their export as CSV or JSON with the session's key
//! (`GET .../consent-records/export`); and the hash chain's check
//! (`GET .../consent-records/verify`). The filters live in the URL, so a
//! filtered view can be bookmarked; records are read-only evidence.
use crate::browser::LatestLoad;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use pw_model::consent_record::{ChainReport, ConsentRecord};
use pw_model::validate::is_uuid;
use pw_model::{ConsentState, ConsentType, Violation};

use crate::admin::components::{loaded_items, ApiErrorAlert, Badge, Loaded, Pager};
use crate::admin::deadline::Tone;
use crate::admin::messages::{
    api_error_text, consent_state_name, fill, fmt_datetime, policy_name, source_name,
};
use crate::admin::query::DEFAULT_SIZE;
use crate::admin::session::use_admin;
use crate::api::consent_record::{ExportFormat, RecordFilter};
use crate::api::{self, ApiError};
use crate::browser;
use crate::components::Field;
use crate::i18n::{violation, Key};

/// The page's route.
pub const PATH: &str = "/consent-records";

/// What the URL holds: the filters and the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordsQuery {
    /// The list's and the export's filters.
    pub filter: RecordFilter,
    /// 1-based page.
    pub page: u32,
    /// Rows per page.
    pub size: u32,
}

impl RecordsQuery {
    /// The query read from URL pairs; unknown keys and bad numbers are ignored.
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let text = |k: &str| {
            get(k)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let number = |k: &str| get(k).and_then(|v| v.trim().parse::<u32>().ok());
        Self {
            filter: RecordFilter {
                subject_id: text("subjectId"),
                consent_type_id: text("consentTypeId"),
                from: text("from"),
                to: text("to"),
            },
            page: number("page").unwrap_or(1).max(1),
            size: number("size")
                .filter(|s| (1..=500).contains(s))
                .unwrap_or(DEFAULT_SIZE),
        }
    }

    /// The page's address for this query (defaults left out).
    pub fn href(&self) -> String {
        let mut pairs = self.filter.to_pairs();
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.size != DEFAULT_SIZE {
            pairs.push(("size", self.size.to_string()));
        }
        if pairs.is_empty() {
            PATH.to_owned()
        } else {
            format!("{PATH}?{}", pw_model::dsr::encode_query(&pairs))
        }
    }
}

fn query_from_params(params: &ParamsMap) -> RecordsQuery {
    let values: Vec<(&str, Option<String>)> =
        ["subjectId", "consentTypeId", "from", "to", "page", "size"]
            .into_iter()
            .map(|k| (k, params.get(k)))
            .collect();
    RecordsQuery::from_pairs(|k| {
        values
            .iter()
            .find(|(key, _)| *key == k)
            .and_then(|(_, v)| v.as_deref())
    })
}

/// Why the filter form cannot be applied, per field (`None`: it can).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FilterErrors {
    subject: Option<Violation>,
    period: bool,
}

impl FilterErrors {
    fn of(subject: &str, from: &str, to: &str) -> Self {
        let subject = subject.trim();
        Self {
            subject: (!subject.is_empty() && !is_uuid(subject)).then_some(Violation::Uuid),
            // `YYYY-MM-DD` strings order as their days do.
            period: !from.is_empty() && !to.is_empty() && from > to,
        }
    }

    fn is_empty(&self) -> bool {
        self.subject.is_none() && !self.period
    }
}

/// A consent type's name for the table: its name, else its label, else its id.
fn type_name(types: &[ConsentType], id: &str) -> String {
    types
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(id))
        .and_then(|c| c.name.clone().or_else(|| c.label.clone()))
        .unwrap_or_else(|| id.to_owned())
}

/// The consent records page.
#[component]
pub fn ConsentRecords() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(query_from_params));
    let navigate = use_navigate();
    let go = Callback::new(move |q: RecordsQuery| navigate(&q.href(), Default::default()));

    let types = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            async move { api::consent_type::list(&client).await }
        }
    });
    let type_list = Signal::derive(move || loaded_items(types));

    let in_flight = LatestLoad::new();
    let total = RwSignal::new(0u64);
    let records = LocalResource::new({
        let client = client.clone();
        move || {
            let q = query.get();
            let client = client.clone();
            let controller = in_flight.start();
            async move {
                let signal = controller.as_ref().map(|c| c.signal());
                let page = api::consent_record::list_page(
                    &client,
                    &q.filter,
                    q.page,
                    q.size,
                    signal.as_ref(),
                )
                .await?;
                total.set(page.total);
                Ok::<_, ApiError>(page.items)
            }
        }
    });

    let export = Action::new_local({
        let client = client.clone();
        move |format: &ExportFormat| {
            let (format, client, filter) = (*format, client.clone(), query.get_untracked().filter);
            async move {
                let file = api::consent_record::export(&client, &filter, format).await?;
                browser::download(&file.name, file.mime, &file.body)
                    .map_err(|e| ApiError::Encode(format!("{e:?}")))
            }
        }
    });
    let export_error = move || {
        export
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| api_error_text(ctx.locale.get(), &e))
    };

    view! {
        <h1>{move || ctx.t(Key::NavConsentRecords)}</h1>
        <p class="pw-muted">{move || ctx.t(Key::RecordsIntro)}</p>
        <RecordFilters query go types=type_list />
        <div class="pw-toolbar">
            <button type="button" class="pw-btn" data-testid="records-export-csv" disabled=move || export.pending().get()
                on:click=move |_| { export.dispatch(ExportFormat::Csv); }>
                {move || ctx.t(Key::ExportCsv)}
            </button>
            <button type="button" class="pw-btn" data-testid="records-export-json" disabled=move || export.pending().get()
                on:click=move |_| { export.dispatch(ExportFormat::Json); }>
                {move || ctx.t(Key::ExportJson)}
            </button>
            <span role="status" class="pw-muted" data-testid="records-export-status">
                {move || export.pending().get().then(|| ctx.t(Key::Exporting))}
                {export_error}
            </span>
        </div>
        <VerifyChain />
        <div class="pw-table-wrap" data-testid="records-list">
            <Loaded list=records empty=Key::NoRecords error_id="records-error">
                <RecordsTable items=Signal::derive(move || loaded_items(records)) types=type_list />
            </Loaded>
        </div>
        <Pager
            page=Signal::derive(move || query.with(|q| q.page))
            size=Signal::derive(move || query.with(|q| q.size))
            total=total
            on_page=Callback::new(move |page| go.run(RecordsQuery { page, ..query.get_untracked() }))
            on_size=Callback::new(move |size| go.run(RecordsQuery { size, page: 1, ..query.get_untracked() }))
            total_key=Key::TotalRecords
        />
    }
}

/// The filter form: period, consent type, visitor. Applied on submit (back
/// to page 1); re-created when the URL's filters change, so it always shows
/// what the list answers.
#[component]
fn RecordFilters(
    query: Memo<RecordsQuery>,
    go: Callback<RecordsQuery>,
    types: Signal<Vec<ConsentType>>,
) -> impl IntoView {
    let ctx = use_admin();
    let filter = Memo::new(move |_| query.with(|q| q.filter.clone()));
    let form = move || {
        let f = filter.get();
        let text = |v: Option<String>| RwSignal::new(v.unwrap_or_default());
        let (subject, type_id) = (text(f.subject_id), text(f.consent_type_id));
        let (from, to) = (text(f.from), text(f.to));
        let errors = Memo::new(move |_| FilterErrors::of(&subject.get(), &from.get(), &to.get()));
        let submitted = RwSignal::new(false);
        let subject_error = Signal::derive(move || {
            errors.with(|e| e.subject.as_ref().map(|v| violation(ctx.locale.get(), v)))
        });
        let period_error =
            move || (submitted.get() && errors.with(|e| e.period)).then(|| ctx.t(Key::PeriodOrder));
        let period_invalid = move || period_error().map(|_| "true");
        let period_described = move || period_error().map(|_| "records-period-error");
        let date = move |id: &'static str, key: Key, value: RwSignal<String>| {
            view! {
                <div class="pw-field">
                    <label class="pw-field__label" for=id>{move || ctx.t(key)}</label>
                    <input type="date" id=id name=id data-testid=id class="pw-field__control"
                        aria-invalid=period_invalid aria-describedby=period_described
                        prop:value=move || value.get()
                        on:input:target=move |ev| value.set(ev.target().value()) />
                </div>
            }
        };
        view! {
            <form class="pw-filters" data-testid="records-filters" aria-labelledby="records-filters-title" novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    submitted.set(true);
                    if errors.with_untracked(FilterErrors::is_empty) {
                        let some = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
                        go.run(RecordsQuery {
                            filter: RecordFilter {
                                subject_id: some(subject).map(|s| s.to_ascii_lowercase()),
                                consent_type_id: some(type_id),
                                from: some(from),
                                to: some(to),
                            },
                            page: 1,
                            ..query.get_untracked()
                        });
                    }
                }>
                <h2 id="records-filters-title" class="pw-filters__title">{move || ctx.t(Key::Filters)}</h2>
                <div class="pw-inline">
                    {date("records-from", Key::PeriodFrom, from)}
                    {date("records-to", Key::PeriodTo, to)}
                    <div class="pw-field">
                        <label class="pw-field__label" for="records-type">{move || ctx.t(Key::RecordsType)}</label>
                        <select id="records-type" data-testid="records-type"
                            on:change:target=move |ev| type_id.set(ev.target().value())>
                            <option value="" selected=move || type_id.with(String::is_empty)>{move || ctx.t(Key::AllTypes)}</option>
                            <For each=move || types.get() key=|c: &ConsentType| c.id.clone() let:c>
                                {
                                    let id = c.id.clone();
                                    let selected = {
                                        let id = id.clone();
                                        move || type_id.with(|t| t.eq_ignore_ascii_case(&id))
                                    };
                                    let name = match (c.name.clone(), c.label.clone()) {
                                        (Some(n), Some(l)) => format!("{n} ({l})"),
                                        (n, l) => n.or(l).unwrap_or_else(|| c.id.clone()),
                                    };
                                    view! { <option value=id selected=selected>{name}</option> }
                                }
                            </For>
                        </select>
                    </div>
                </div>
                <p class="pw-field__error" id="records-period-error" data-testid="records-period-error">{period_error}</p>
                <Field id="records-subject" label=Signal::derive(move || ctx.t(Key::SubjectId).to_owned())
                    value=subject error=subject_error show_errors=submitted
                    hint=Signal::derive(move || Some(ctx.t(Key::SubjectIdHint).to_owned())) />
                <div class="pw-actions">
                    <button type="submit" class="pw-btn pw-btn--primary" data-testid="records-apply">{move || ctx.t(Key::ApplyFilters)}</button>
                    <button type="button" class="pw-btn pw-btn--ghost" data-testid="records-clear"
                        on:click=move |_| go.run(RecordsQuery { size: query.get_untracked().size, ..RecordsQuery::from_pairs(|_| None) })>
                        {move || ctx.t(Key::ClearFilters)}
                    </button>
                </div>
            </form>
        }
    };
    view! { {form} }
}

/// The page's records, one keyed row each.
#[component]
fn RecordsTable(
    items: Signal<Vec<ConsentRecord>>,
    types: Signal<Vec<ConsentType>>,
) -> impl IntoView {
    let ctx = use_admin();
    let col = move |key: Key| view! { <th scope="col">{move || ctx.t(key)}</th> };
    view! {
        <table class="pw-table" data-testid="records-table">
            <caption class="pw-sr-only">{move || ctx.t(Key::NavConsentRecords)}</caption>
            <thead>
                <tr>
                    {col(Key::ColDate)}
                    {col(Key::SubjectId)}
                    {col(Key::RecordsType)}
                    {col(Key::ColVersion)}
                    {col(Key::ColAnswer)}
                    {col(Key::ColSource)}
                    {col(Key::ColPolicyRegion)}
                    {col(Key::ColGpc)}
                </tr>
            </thead>
            <tbody>
                <For each=move || items.get() key=|r: &ConsentRecord| r.id.clone() let:record>
                    <RecordRow record types />
                </For>
            </tbody>
        </table>
    }
}

/// One stored decision.
#[component]
fn RecordRow(record: ConsentRecord, types: Signal<Vec<ConsentType>>) -> impl IntoView {
    let ctx = use_admin();
    let ConsentRecord {
        id,
        subject_id,
        consent_type_id,
        version,
        state,
        source,
        gpc,
        region,
        policy,
        seq,
        date_created,
        ..
    } = record;
    let tone = match state {
        ConsentState::Accepted => Tone::Success,
        ConsentState::Declined | ConsentState::Withdrawn => Tone::Danger,
        _ => Tone::Neutral,
    };
    let answer = Signal::derive(move || consent_state_name(ctx.locale.get(), &state));
    let type_id = consent_type_id.clone();
    let type_label = move || types.with(|t| type_name(t, &type_id));
    let where_ = move || {
        let policy = policy.as_ref().map(|p| policy_name(ctx.locale.get(), p));
        match (policy, region.clone()) {
            (Some(p), Some(r)) => format!("{p} · {r}"),
            (Some(p), None) => p,
            (None, Some(r)) => r,
            (None, None) => ctx.t(Key::NotSet).to_owned(),
        }
    };
    let gpc_text = move || match gpc {
        Some(true) => ctx.t(Key::Yes),
        Some(false) => ctx.t(Key::No),
        None => ctx.t(Key::NotSet),
    };
    view! {
        <tr data-testid="record-row" data-id=id data-seq=seq data-type=consent_type_id>
            <td class="pw-nowrap">{move || fmt_datetime(ctx.locale.get(), Some(date_created.as_str()))}</td>
            <td><code class="pw-break">{subject_id}</code></td>
            <td>{type_label}</td>
            <td>{version}</td>
            <td><Badge tone text=answer testid="record-state" /></td>
            <td>{move || source.as_ref().map(|s| source_name(ctx.locale.get(), s)).unwrap_or_else(|| ctx.t(Key::NotSet).to_owned())}</td>
            <td>{where_}</td>
            <td>{gpc_text}</td>
        </tr>
    }
}

/// The "Verify chain" button and what the check found, in a status region
/// (announced politely; a failed call is an alert).
#[component]
fn VerifyChain() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let verify = Action::new_local(move |_: &()| {
        let client = client.clone();
        async move { api::consent_record::verify(&client).await }
    });
    let report = move || verify.value().get().and_then(Result::ok);
    let error = move || {
        verify
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <ApiErrorAlert error=e test_id="records-verify-error" /> })
    };
    view! {
        <section class="pw-card" aria-labelledby="records-verify-title" data-testid="records-verify">
            <h2 id="records-verify-title">{move || ctx.t(Key::ChainTitle)}</h2>
            <p class="pw-muted">{move || ctx.t(Key::ChainHint)}</p>
            <div class="pw-actions">
                <button type="button" class="pw-btn" data-testid="records-verify-button" disabled=move || verify.pending().get()
                    on:click=move |_| { verify.dispatch(()); }>
                    {move || ctx.t(Key::VerifyChain)}
                </button>
            </div>
            <div role="status" class="pw-status" class:pw-status--error=move || report().is_some_and(|r| !r.valid)
                data-testid="records-verify-status"
                data-valid=move || report().map(|r| r.valid.to_string())>
                {move || verify.pending().get().then(|| ctx.t(Key::Verifying))}
                {move || report().map(|r| view! { <ChainResult report=r /> })}
            </div>
            {error}
        </section>
    }
}

/// A [`ChainReport`] in words: the count and head hash, or the first broken link.
#[component]
fn ChainResult(report: ChainReport) -> impl IntoView {
    let ctx = use_admin();
    let ChainReport {
        valid,
        checked,
        head,
        first_broken,
    } = report;
    let summary = move || {
        if valid {
            fill(ctx.t(Key::ChainValid), checked)
        } else {
            fill(ctx.t(Key::ChainBroken), checked)
        }
    };
    let broken = first_broken.map(|b| {
        let text = move || {
            fill(ctx.t(Key::ChainBrokenAt), b.seq)
                .replace("{id}", &b.id)
                .replace(
                    "{date}",
                    &fmt_datetime(ctx.locale.get(), Some(b.date_created.as_str())),
                )
        };
        view! { <p data-testid="records-verify-broken">{text}</p> }
    });
    let head = valid.then_some(head).flatten().map(|h| {
        view! {
            <p>{move || ctx.t(Key::ChainHead)}" "<code class="pw-break" data-testid="records-verify-head">{h}</code></p>
        }
    });
    view! {
        <p data-testid="records-verify-summary">{summary}</p>
        {broken}
        {head}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::query::SIZES;

    const UUID: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

    #[test]
    fn the_url_round_trips_and_drops_defaults() {
        let q = RecordsQuery {
            filter: RecordFilter {
                subject_id: Some(UUID.into()),
                consent_type_id: None,
                from: Some("2024-05-01".into()),
                to: Some("2024-05-31".into()),
            },
            page: 3,
            size: SIZES[0],
        };
        let href = q.href();
        assert_eq!(
            href,
            format!(
                "/consent-records?subjectId={UUID}&from=2024-05-01&to=2024-05-31&page=3&size=20"
            )
        );
        let pairs = pw_model::dsr::decode_query(href.split_once('?').unwrap().1);
        let back = RecordsQuery::from_pairs(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        });
        assert_eq!(back, q);
        let empty = RecordsQuery::from_pairs(|_| None);
        assert_eq!((empty.page, empty.size), (1, DEFAULT_SIZE));
        assert_eq!(empty.href(), PATH);
        let odd = RecordsQuery::from_pairs(|k| match k {
            "page" => Some("0"),
            "size" => Some("9999"),
            "subjectId" => Some("  "),
            _ => None,
        });
        assert_eq!(odd, empty, "bad numbers and blanks fall back to defaults");
    }

    #[test]
    fn the_form_checks_the_visitor_id_and_the_period() {
        assert!(FilterErrors::of("", "", "").is_empty());
        assert!(FilterErrors::of(UUID, "2024-05-01", "2024-05-01").is_empty());
        let e = FilterErrors::of("visitor-1", "2024-06-01", "2024-05-01");
        assert_eq!(e.subject, Some(Violation::Uuid));
        assert!(e.period);
        assert!(
            !FilterErrors::of("", "2024-06-01", "").period,
            "an open period is fine"
        );
    }
}
