//! One data subject request (seed 002): every field readable, the editable
//! ones editable, tags included (Save = PUT of the full object, as the seed
//! says; a new tag is created on the spot), workflow
//! step change, archive / restore, and delete behind a confirmation that names
//! the request. User content and the step's `descriptionHtml` are rendered as
//! text, never as HTML.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use pw_model::dsr::{Tag, WorkFlowStep};
use pw_model::{Dsr, Purpose, RequiredFields, WorkflowChange};

use crate::admin::components::{Badge, ConfirmDialog, DsrTags};
use crate::admin::deadline::{state_tone, Deadline, Tone};
use crate::admin::form::FormCheck;
use crate::admin::messages::{api_error_text, fill, fmt_datetime, state_name};
use crate::admin::session::{use_admin, AdminCtx};
use crate::api::{self, ApiClient, ApiError};
use crate::components::{Field, FieldKind};
use crate::i18n::{self, Key};

/// The detail page of `/requests/:id`.
#[component]
pub fn DsrDetail() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let dsr = LocalResource::new({
        let client = client.clone();
        move || {
            let (client, id) = (client.clone(), id.get());
            async move {
                match id {
                    Some(id) => api::dsr::get(&client, id).await,
                    None => Err(ApiError::Status {
                        status: 404,
                        body: None,
                    }),
                }
            }
        }
    });
    let steps = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            async move { api::dsr::workflow_steps(&client).await.unwrap_or_default() }
        }
    });
    // The workspace's tags, to add to the request (none on failure: the
    // request's own tags still show and save).
    let tags = LocalResource::new(move || {
        let client = client.clone();
        async move { api::tag::list(&client).await.unwrap_or_default() }
    });
    view! {
        <p><A href="/requests">{move || format!("← {}", ctx.t(Key::BackToList))}</A></p>
        <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let steps = steps.await;
                let tags = tags.await;
                match dsr.await {
                    Ok(d) => view! { <Editor dsr=d steps=steps tags=tags /> }.into_any(),
                    Err(e) => view! {
                        <h1>{move || ctx.t(Key::NavRequests)}</h1>
                        <p class="pw-alert pw-alert--error" role="alert" data-testid="dsr-error">{api_error_text(ctx.locale.get(), &e)}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The editable fields, as typed.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    given_name: RwSignal<String>,
    family_name: RwSignal<String>,
    email: RwSignal<String>,
    phone_number: RwSignal<String>,
    address: RwSignal<String>,
    zip_code: RwSignal<String>,
    city: RwSignal<String>,
    country_code: RwSignal<String>,
    message: RwSignal<String>,
    description: RwSignal<String>,
    resolution_message: RwSignal<String>,
    purposes: RwSignal<Vec<Purpose>>,
    tags: RwSignal<Vec<Tag>>,
    complex: RwSignal<bool>,
}

impl Draft {
    fn from(d: &Dsr) -> Self {
        let s = |v: &Option<String>| RwSignal::new(v.clone().unwrap_or_default());
        Self {
            title: s(&d.title),
            given_name: s(&d.given_name),
            family_name: s(&d.family_name),
            email: s(&d.email),
            phone_number: s(&d.phone_number),
            address: s(&d.address),
            zip_code: s(&d.zip_code),
            city: s(&d.city),
            country_code: s(&d.country_code),
            message: s(&d.message),
            description: s(&d.description),
            resolution_message: s(&d.resolution_message),
            purposes: RwSignal::new(d.purposes.clone().unwrap_or_default()),
            tags: RwSignal::new(d.tags.clone().unwrap_or_default()),
            complex: RwSignal::new(d.complex.unwrap_or(false)),
        }
    }

    /// `server` with the edited fields applied: the full object for PUT.
    fn apply(&self, server: &Dsr) -> Dsr {
        let opt = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.trim().is_empty());
        Dsr {
            title: opt(self.title),
            given_name: opt(self.given_name),
            family_name: opt(self.family_name),
            email: opt(self.email),
            phone_number: opt(self.phone_number),
            address: opt(self.address),
            zip_code: opt(self.zip_code),
            city: opt(self.city),
            country_code: opt(self.country_code),
            message: opt(self.message),
            description: opt(self.description),
            resolution_message: opt(self.resolution_message),
            purposes: Some(self.purposes.get()),
            tags: Some(self.tags.get()),
            complex: Some(self.complex.get()),
            ..server.clone()
        }
    }
}

/// What the last action did, for the status line.
#[derive(Clone)]
enum Outcome {
    Done(Key),
    Failed(ApiError),
}

#[component]
fn Editor(dsr: Dsr, steps: Vec<WorkFlowStep>, tags: Vec<Tag>) -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let id = dsr.id.unwrap_or_default();
    let draft = Draft::from(&dsr);
    let known_tags = RwSignal::new(tags);
    let server = RwSignal::new(dsr);
    let body = Memo::new(move |_| server.with(|s| draft.apply(s)));
    let check = FormCheck::new(
        ctx,
        // The server's rule for a PUT (the same as a create: seed 002's
        // e-mail and purposes), so the form never calls complete what the
        // server refuses.
        Memo::new(move |_| body.with(|b| b.validate_new(&RequiredFields::default()))),
    );
    let submitted = check.submitted;
    let outcome = RwSignal::new(None::<Outcome>);
    let (err, lbl) = (move |f| check.error(f), move |k| check.label(k));
    let navigate = use_navigate();

    let save = Action::new_local({
        let client = client.clone();
        move |body: &Dsr| {
            let (client, body) = (client.clone(), body.clone());
            async move {
                match api::dsr::update(&client, &body).await {
                    Ok(saved) => {
                        server.set(saved);
                        outcome.set(Some(Outcome::Done(Key::Saved)));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e))),
                }
            }
        }
    });
    // Step, archive, restore: the server changes only server-owned fields, so
    // those are refreshed and anything typed but not saved stays.
    let act = Action::new_local({
        let client = client.clone();
        move |(what, step): &(Key, i64)| {
            let (client, what, step) = (client.clone(), *what, *step);
            async move {
                let result = match what {
                    Key::Archive => api::dsr::archive(&client, id).await,
                    Key::Restore => api::dsr::restore(&client, id).await,
                    _ => {
                        api::dsr::change_step(&client, &WorkflowChange { id, step_id: step }).await
                    }
                };
                match refresh(&client, id, result).await {
                    Ok(fresh) => {
                        server.update(|s| merge_server_owned(s, fresh));
                        outcome.set(Some(Outcome::Done(what)));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e))),
                }
            }
        }
    });
    let confirm_open = RwSignal::new(false);
    let delete = Action::new_local({
        let client = client.clone();
        move |_: &()| {
            let (client, navigate) = (client.clone(), navigate.clone());
            async move {
                match api::dsr::delete(&client, id).await {
                    Ok(()) => {
                        confirm_open.set(false);
                        navigate("/requests", Default::default());
                    }
                    Err(e) => {
                        confirm_open.set(false);
                        outcome.set(Some(Outcome::Failed(e)));
                    }
                }
            }
        }
    });
    let busy = move || save.pending().get() || act.pending().get() || delete.pending().get();
    let name = move || server.with(|s| request_name(ctx, s));
    let current_step = move || server.with(|s| s.work_flow_step_id);
    let chosen_step = RwSignal::new(current_step().unwrap_or_default());

    let step_options = steps
        .iter()
        .map(|s| {
            let sid = s.id.unwrap_or_default();
            view! { <option value=sid selected=move || chosen_step.get() == sid>{s.label.clone().unwrap_or_default()}</option> }
        })
        .collect_view();
    let purposes = Purpose::ALL
        .iter()
        .map(|p| {
            let (p1, p2, p3) = (p.clone(), p.clone(), p.clone());
            let fid = format!("dsr-purpose-{}", p.as_str());
            let (fid1, fid2) = (fid.clone(), fid.clone());
            view! {
                <label class="pw-check" for=fid1>
                    <input type="checkbox" id=fid2 data-testid=fid
                        prop:checked=move || draft.purposes.with(|v| v.contains(&p1))
                        on:change=move |_| draft.purposes.update(|v| {
                            if let Some(i) = v.iter().position(|x| *x == p2) { v.remove(i); } else { v.push(p2.clone()); }
                        }) />
                    {move || i18n::purpose(ctx.locale.get(), &p3).0}
                </label>
            }
        })
        .collect_view();
    let status_text = move || {
        outcome.get().map(|o| match o {
            Outcome::Done(k) => ctx
                .t(match k {
                    Key::Archive => Key::ArchivedDone,
                    Key::Restore => Key::RestoredDone,
                    Key::ChangeStep => Key::StepChanged,
                    k => k,
                })
                .to_owned(),
            Outcome::Failed(e) => api_error_text(ctx.locale.get(), &e),
        })
    };
    let failed = move || matches!(outcome.get(), Some(Outcome::Failed(_)));

    view! {
        <header class="pw-detail__head">
            <h1 data-testid="dsr-heading">{name}</h1>
            <div class="pw-badges">
                {move || server.with(|s| s.state.clone()).map(|st| view! { <Badge tone=state_tone(&st) text=state_name(ctx.locale.get(), &st) testid="detail-state" /> })}
                {move || server.with(|s| s.archived.unwrap_or(false)).then(|| view! { <Badge tone=Tone::Neutral text=ctx.t(Key::Archived).to_owned() testid="detail-archived" /> })}
                {move || {
                    let dl = server.with(|s| Deadline::of(s.remaining_days, s.state.as_ref()));
                    let text = match dl {
                        Deadline::Left(0) => ctx.t(Key::DueToday).to_owned(),
                        Deadline::Left(n) => fill(ctx.t(Key::DaysLeft), n),
                        Deadline::Overdue(n) => fill(ctx.t(Key::OverdueBy), n),
                        _ => String::new(),
                    };
                    (!text.is_empty()).then(|| view! { <Badge tone=dl.tone() text=text /> })
                }}
            </div>
        </header>
        <p role="status" class="pw-status" class:pw-status--error=failed data-testid="dsr-status">{status_text}</p>

        <section class="pw-card" aria-labelledby="wf-title">
            <h2 id="wf-title">{move || ctx.t(Key::SectionWorkflow)}</h2>
            <div class="pw-inline">
                <div class="pw-field">
                    <label class="pw-field__label" for="dsr-step">{move || ctx.t(Key::WorkflowStep)}</label>
                    <select id="dsr-step" data-testid="dsr-step" on:change:target=move |ev| {
                        if let Ok(v) = ev.target().value().parse() { chosen_step.set(v); }
                    }>
                        {step_options}
                    </select>
                </div>
                <button type="button" class="pw-btn" data-testid="dsr-step-apply"
                    disabled=move || busy() || current_step() == Some(chosen_step.get())
                    on:click=move |_| { act.dispatch((Key::ChangeStep, chosen_step.get_untracked())); }>
                    {move || ctx.t(Key::ChangeStep)}
                </button>
            </div>
            <p class="pw-muted">{move || ctx.t(Key::StepDescription)}": "</p>
            // descriptionHtml is shown as text on purpose: it comes from the
            // server and may contain markup that must never run here.
            <p class="pw-step-description" data-testid="dsr-step-description">
                {move || server.with(|s| s.work_flow_step.as_ref().and_then(|w| w.description_html.clone()).unwrap_or_default())}
            </p>
            <div class="pw-actions">
                {move || if server.with(|s| s.archived.unwrap_or(false)) {
                    view! { <button type="button" class="pw-btn" data-testid="dsr-restore" disabled=busy
                        on:click=move |_| { act.dispatch((Key::Restore, 0)); }>{move || ctx.t(Key::Restore)}</button> }.into_any()
                } else {
                    view! { <button type="button" class="pw-btn" data-testid="dsr-archive" disabled=busy
                        on:click=move |_| { act.dispatch((Key::Archive, 0)); }>{move || ctx.t(Key::Archive)}</button> }.into_any()
                }}
                <button type="button" class="pw-btn pw-btn--danger" data-testid="dsr-delete" disabled=busy
                    on:click=move |_| confirm_open.set(true)>
                    {move || ctx.t(Key::Delete)}
                </button>
            </div>
        </section>

        <form class="pw-card pw-form" data-testid="dsr-form" novalidate aria-labelledby="edit-title"
            on:submit=move |ev| {
                ev.prevent_default();
                if check.try_submit() {
                    save.dispatch(body.get_untracked());
                }
            }>
            <h2 id="edit-title">{move || ctx.t(Key::SectionRequest)}</h2>
            <Field id="dsr-title" label=lbl(Key::ColTitle) value=draft.title error=err("title") show_errors=submitted />
            <fieldset class="pw-fieldset pw-fieldset--wide">
                <legend>{move || ctx.t(Key::ColPurposes)}</legend>
                {purposes}
            </fieldset>
            <DsrTags chosen=draft.tags known=known_tags />
            <Field id="dsr-message" kind=FieldKind::TextArea label=lbl(Key::RequesterMessage) value=draft.message error=err("message") show_errors=submitted />
            <Field id="dsr-description" kind=FieldKind::TextArea label=lbl(Key::FieldInternalNote) value=draft.description error=err("description") show_errors=submitted />
            <Field id="dsr-resolution" kind=FieldKind::TextArea label=lbl(Key::FieldResolution) value=draft.resolution_message error=err("resolutionMessage") show_errors=submitted />
            <label class="pw-check" for="dsr-complex">
                <input type="checkbox" id="dsr-complex" data-testid="dsr-complex" prop:checked=move || draft.complex.get()
                    on:change:target=move |ev| draft.complex.set(ev.target().checked()) />
                {move || ctx.t(Key::FieldComplex)}
            </label>
            <h2>{move || ctx.t(Key::SectionRequester)}</h2>
            <div class="pw-grid">
                <Field id="dsr-given-name" label=lbl(Key::FieldGivenName) value=draft.given_name error=err("givenName") show_errors=submitted />
                <Field id="dsr-family-name" label=lbl(Key::FieldFamilyName) value=draft.family_name error=err("familyName") show_errors=submitted />
                <Field id="dsr-email" kind=FieldKind::Email label=lbl(Key::FieldEmail) value=draft.email error=err("email") show_errors=submitted />
                <Field id="dsr-phone" kind=FieldKind::Tel label=lbl(Key::FieldPhone) value=draft.phone_number error=err("phoneNumber") show_errors=submitted />
                <Field id="dsr-address" label=lbl(Key::FieldAddress) value=draft.address error=err("address") show_errors=submitted />
                <Field id="dsr-zip" label=lbl(Key::FieldZip) value=draft.zip_code error=err("zipCode") show_errors=submitted />
                <Field id="dsr-city" label=lbl(Key::FieldCity) value=draft.city error=err("city") show_errors=submitted />
                <Field id="dsr-country" label=lbl(Key::FieldCountry) value=draft.country_code error=err("countryCode") show_errors=submitted />
            </div>
            <p class="pw-form__summary" role="status">
                {move || (submitted.get() && check.has_errors()).then(|| ctx.t(Key::ErrorSummary))}
            </p>
            <div class="pw-actions">
                <button type="submit" class="pw-btn pw-btn--primary" data-testid="dsr-save" disabled=busy>
                    {move || if save.pending().get() { ctx.t(Key::Saving) } else { ctx.t(Key::Save) }}
                </button>
            </div>
        </form>

        <section class="pw-card" aria-labelledby="facts-title">
            <h2 id="facts-title">{move || ctx.t(Key::SectionDetails)}</h2>
            <dl class="pw-facts" data-testid="dsr-facts">{move || server.with(|s| facts(ctx, s))}</dl>
        </section>

        <ConfirmDialog
            open=confirm_open
            title=Signal::derive(move || ctx.t(Key::DeleteConfirmTitle).to_owned())
            message=Signal::derive(move || ctx.t(Key::DeleteConfirmBody).replace("{name}", &name()))
            confirm_label=Signal::derive(move || ctx.t(Key::ConfirmDelete).to_owned())
            cancel_label=Signal::derive(move || ctx.t(Key::Cancel).to_owned())
            on_confirm=Callback::new(move |()| { delete.dispatch(()); })
            on_cancel=Callback::new(move |()| confirm_open.set(false))
        />
    }
}

/// "Request #12 — Access to my data" (id plus title, or the person's name).
fn request_name(ctx: AdminCtx, d: &Dsr) -> String {
    let label = d
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            let n = [d.given_name.as_deref(), d.family_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (!n.is_empty()).then_some(n)
        })
        .unwrap_or_else(|| ctx.t(Key::Untitled).to_owned());
    format!(
        "{} #{} — {label}",
        ctx.t(Key::Request),
        d.id.unwrap_or_default()
    )
}

/// After a successful action, the request as the server now has it.
async fn refresh(
    client: &ApiClient,
    id: i64,
    result: Result<(), ApiError>,
) -> Result<Dsr, ApiError> {
    result?;
    api::dsr::get(client, id).await
}

fn merge_server_owned(s: &mut Dsr, fresh: Dsr) {
    s.state = fresh.state;
    s.work_flow_step = fresh.work_flow_step;
    s.work_flow_step_id = fresh.work_flow_step_id;
    s.archived = fresh.archived;
    s.archived_date = fresh.archived_date;
    s.date_update = fresh.date_update;
    s.date_closed = fresh.date_closed;
    s.remaining_days = fresh.remaining_days;
    s.expiry_time = fresh.expiry_time;
}

/// Read-only facts as `<dt>/<dd>` pairs; every value is a text node.
fn facts(ctx: AdminCtx, d: &Dsr) -> impl IntoView {
    let l = ctx.locale.get();
    let yes_no = |b: Option<bool>| b.map(|b| ctx.t(if b { Key::Yes } else { Key::No }).to_owned());
    let date = |s: &Option<String>| Some(fmt_datetime(l, s.as_deref())).filter(|s| !s.is_empty());
    let rows: Vec<(Key, Option<String>)> = vec![
        (Key::ColId, d.id.map(|i| i.to_string())),
        (Key::FieldRefId, d.ref_id.clone()),
        (Key::ColState, d.state.as_ref().map(|s| state_name(l, s))),
        (
            Key::WorkflowStep,
            d.work_flow_step.as_ref().and_then(|w| w.label.clone()),
        ),
        (Key::FieldChannel, d.channel.as_ref().map(|c| c.to_string())),
        (
            Key::PersonCategory,
            d.person_category.as_ref().map(|c| c.to_string()),
        ),
        (Key::FieldLocale, d.locale.clone()),
        (Key::ColCreated, date(&d.date_creation)),
        (Key::FieldUpdated, date(&d.date_update)),
        (Key::FieldExpiry, date(&d.expiry_time)),
        (Key::ColDeadline, d.remaining_days.map(|n| n.to_string())),
        (Key::FieldClosed, date(&d.date_closed)),
        (
            Key::FieldClosedReason,
            d.closed_reason.as_ref().map(|c| c.to_string()),
        ),
        (Key::Archived, yes_no(d.archived)),
        (Key::FieldArchivedDate, date(&d.archived_date)),
        (
            Key::FieldArea,
            d.area.as_ref().and_then(|a| a.label.clone()),
        ),
        (
            Key::FieldCreator,
            d.creator.as_ref().and_then(|u| u.display_name.clone()),
        ),
        (
            Key::FieldOperator,
            d.operator.as_ref().and_then(|u| u.display_name.clone()),
        ),
        (
            Key::FieldTags,
            d.tags.as_ref().map(|t| {
                t.iter()
                    .filter_map(|t| t.label.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        (
            Key::FieldAttachments,
            d.attachments.as_ref().map(|a| a.len().to_string()),
        ),
        (Key::FieldMessages, d.nb_messages.map(|n| n.to_string())),
        (Key::FilterWidget, d.widget_id.map(|n| n.to_string())),
        (Key::FieldReferrer, d.referrer_url.clone()),
        (Key::FieldEmailValidated, yes_no(d.mail_validated)),
        (Key::FieldIdentityValidated, yes_no(d.identity_validated)),
        (Key::FieldUserNotified, yes_no(d.user_notified)),
        (Key::FieldDemandId, d.demand_id.clone()),
    ];
    rows.into_iter()
        .map(|(k, v)| {
            view! {
                <div class="pw-facts__row">
                    <dt>{ctx.t(k)}</dt>
                    <dd>{v.filter(|v| !v.is_empty()).unwrap_or_else(|| ctx.t(Key::NotSet).to_owned())}</dd>
                </div>
            }
        })
        .collect_view()
}
