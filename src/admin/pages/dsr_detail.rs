//! One data subject request (seed 002): every field readable, the editable
//! ones editable, tags included (Save = PUT of the full object, as the seed
//! says; a new tag is created on the spot), workflow step change, archive /
//! restore ([`WorkflowCommands`]), the thread with the requester
//! ([`DsrMessages`]), closing with a resolution ([`CloseForm`]), and delete or
//! revoking the requester's status links behind a confirmation that names the
//! request. User content and the step's `descriptionHtml` are rendered as
//! text, never as HTML.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use pw_model::dsr::{Tag, WorkFlowStep};
use pw_model::requester::CloseRequest;
use pw_model::{Dsr, Purpose, RequiredFields};

use crate::admin::components::{
    ApiErrorAlert, AuditLog, Badge, Checkbox, CheckboxGroup, CloseForm, Command, ConfirmDialog,
    DeadlineBadge, DsrFacts, DsrMessages, DsrTags, StateBadge, WorkflowCommands,
};
use crate::admin::deadline::{Deadline, Tone};
use crate::admin::form::FormCheck;
use crate::admin::messages::api_error_text;
use crate::admin::session::{use_admin, AdminCtx};
use crate::api::{self, ApiClient, ApiError};
use crate::components::{Field, FieldKind};
use crate::i18n::{self, Key};
use crate::person::display_name;

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
    let tags = LocalResource::new({
        let client = client.clone();
        move || {
            let client = client.clone();
            async move { api::tag::list(&client).await.unwrap_or_default() }
        }
    });
    // The server checks a PUT with the workspace's required fields (defaults
    // if the settings cannot be read: the server's answer then decides).
    let required = LocalResource::new(move || {
        let client = client.clone();
        async move {
            api::workspace::settings(&client)
                .await
                .map(|s| s.required)
                .unwrap_or_default()
        }
    });
    view! {
        <p><A href="/requests">{move || format!("← {}", ctx.t(Key::BackToList))}</A></p>
        <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let steps = steps.await;
                let tags = tags.await;
                let required = required.await;
                match dsr.await {
                    Ok(d) => view! { <Editor dsr=d steps=steps tags=tags required /> }.into_any(),
                    Err(e) => view! {
                        <h1>{move || ctx.t(Key::NavRequests)}</h1>
                        <ApiErrorAlert error=e test_id="dsr-error" />
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

/// An irreversible action waiting for the user's confirmation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirm {
    /// Delete the request.
    Delete,
    /// Cut every status-page link the requester was sent.
    RevokeLinks,
}

impl Confirm {
    /// The dialog's title, message template (`{name}`) and confirming button.
    fn words(self) -> (Key, Key, Key) {
        match self {
            Confirm::Delete => (
                Key::DeleteConfirmTitle,
                Key::DeleteConfirmBody,
                Key::ConfirmDelete,
            ),
            Confirm::RevokeLinks => (
                Key::RevokeLinksTitle,
                Key::RevokeLinksBody,
                Key::RevokeLinks,
            ),
        }
    }
}

/// The loaded request: its header, status line, workflow card, edit form,
/// facts and the delete confirmation. Holds the request as the server has
/// it and the three actions (save, command, delete).
#[component]
fn Editor(
    dsr: Dsr,
    steps: Vec<WorkFlowStep>,
    tags: Vec<Tag>,
    /// The workspace's required fields (its settings), the server's PUT rule.
    required: RequiredFields,
) -> impl IntoView {
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
        Memo::new(move |_| body.with(|b| b.validate_new(&required))),
    );
    let outcome = RwSignal::new(None::<Outcome>);
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
    let command = Action::new_local({
        let client = client.clone();
        move |command: &Command| {
            let (client, command) = (client.clone(), command.clone());
            async move {
                match refresh(&client, id, command.send(&client, id).await).await {
                    Ok(fresh) => {
                        server.update(|s| merge_server_owned(s, fresh));
                        outcome.set(Some(Outcome::Done(command.done())));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e))),
                }
            }
        }
    });
    let confirm = RwSignal::new(None::<Confirm>);
    let delete = Action::new_local({
        let client = client.clone();
        move |_: &()| {
            let (client, navigate) = (client.clone(), navigate.clone());
            async move {
                let result = api::dsr::delete(&client, id).await;
                confirm.set(None);
                match result {
                    Ok(()) => navigate("/requests", Default::default()),
                    Err(e) => outcome.set(Some(Outcome::Failed(e))),
                }
            }
        }
    });
    let revoke = Action::new_local({
        let client = client.clone();
        move |_: &()| {
            let client = client.clone();
            async move {
                let result = api::dsr::revoke_status_links(&client, id).await;
                confirm.set(None);
                outcome.set(Some(match result {
                    Ok(()) => Outcome::Done(Key::LinksRevoked),
                    Err(e) => Outcome::Failed(e),
                }));
            }
        }
    });
    // The server answers with the closed request; what is typed elsewhere on
    // the page stays, the resolution field shows what the requester was told.
    let close = Action::new_local({
        let client = client.clone();
        move |body: &CloseRequest| {
            let (client, body) = (client.clone(), body.clone());
            async move {
                match api::dsr::close(&client, id, &body).await {
                    Ok(closed) => {
                        draft
                            .resolution_message
                            .set(closed.resolution_message.clone().unwrap_or_default());
                        server.update(|s| merge_closed(s, closed));
                        outcome.set(Some(Outcome::Done(Key::RequestClosed)));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e))),
                }
            }
        }
    });
    let busy = Signal::derive(move || {
        save.pending().get()
            || command.pending().get()
            || delete.pending().get()
            || revoke.pending().get()
            || close.pending().get()
    });
    let name = move || server.with(|s| request_name(ctx, s));
    let words = move || confirm.get().unwrap_or(Confirm::Delete).words();

    view! {
        <RequestHeader dsr=server />
        <OutcomeLine outcome />
        <WorkflowCommands
            dsr=server
            steps
            busy
            on_command=Callback::new(move |c| { command.dispatch(c); })
            on_delete=Callback::new(move |()| confirm.set(Some(Confirm::Delete)))
        />
        <form class="pw-card pw-form" data-testid="dsr-form" novalidate aria-labelledby="edit-title"
            on:submit=move |ev| {
                ev.prevent_default();
                if check.try_submit() {
                    save.dispatch(body.get_untracked());
                }
            }>
            <h2 id="edit-title">{move || ctx.t(Key::SectionRequest)}</h2>
            <RequestFields draft check known_tags />
            <h2>{move || ctx.t(Key::SectionRequester)}</h2>
            <RequesterFields draft check />
            <p class="pw-form__summary" role="status">
                {move || (check.submitted.get() && check.has_errors()).then(|| ctx.t(Key::ErrorSummary))}
            </p>
            <div class="pw-actions">
                <button type="submit" class="pw-btn pw-btn--primary" data-testid="dsr-save" disabled=busy>
                    {move || if save.pending().get() { ctx.t(Key::Saving) } else { ctx.t(Key::Save) }}
                </button>
            </div>
        </form>
        <DsrMessages
            dsr_id=id
            unread=server.with_untracked(|s| s.nb_messages_not_viewed.unwrap_or(0).max(0) as usize)
            busy
            on_read=Callback::new(move |n: usize| server.update(|s| {
                s.nb_messages = Some(n as i64);
                s.nb_messages_not_viewed = Some(0);
            }))
            on_revoke=Callback::new(move |()| confirm.set(Some(Confirm::RevokeLinks)))
        />
        <CloseForm dsr=server busy on_close=Callback::new(move |body| { close.dispatch(body); }) />
        <DsrFacts dsr=server />
        <AuditLog dsr=server />
        <ConfirmDialog
            open=Signal::derive(move || confirm.with(Option::is_some))
            title=Signal::derive(move || ctx.t(words().0).to_owned())
            message=Signal::derive(move || ctx.t(words().1).replace("{name}", &name()))
            confirm_label=Signal::derive(move || ctx.t(words().2).to_owned())
            cancel_label=Signal::derive(move || ctx.t(Key::Cancel).to_owned())
            on_confirm=Callback::new(move |()| match confirm.get_untracked() {
                Some(Confirm::Delete) => { delete.dispatch(()); }
                Some(Confirm::RevokeLinks) => { revoke.dispatch(()); }
                None => {}
            })
            on_cancel=Callback::new(move |()| confirm.set(None))
        />
    }
}

/// The request's name as the heading, its state, whether it is archived and
/// its running deadline.
#[component]
fn RequestHeader(dsr: RwSignal<Dsr>) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <header class="pw-detail__head">
            <h1 data-testid="dsr-heading">{move || dsr.with(|s| request_name(ctx, s))}</h1>
            <div class="pw-badges">
                {move || dsr.with(|s| s.state.clone()).map(|state| view! { <StateBadge state testid="detail-state" /> })}
                {move || dsr.with(|s| s.archived.unwrap_or(false)).then(|| view! {
                    <Badge tone=Tone::Neutral text=Signal::derive(move || ctx.t(Key::Archived).to_owned()) testid="detail-archived" />
                })}
                <DeadlineBadge
                    deadline=Signal::derive(move || dsr.with(|s| Deadline::of(s.remaining_days, s.state.as_ref())))
                    running_only=true
                />
            </div>
        </header>
    }
}

/// The status line: what the last save or command did, or why it failed.
#[component]
fn OutcomeLine(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let ctx = use_admin();
    let text = move || {
        outcome.get().map(|o| match o {
            Outcome::Done(k) => ctx.t(k).to_owned(),
            Outcome::Failed(e) => api_error_text(ctx.locale.get(), &e),
        })
    };
    let failed = move || matches!(outcome.get(), Some(Outcome::Failed(_)));
    view! {
        <p role="status" class="pw-status" class:pw-status--error=failed data-testid="dsr-status">{text}</p>
    }
}

/// What was asked: title, request types, tags, the requester's message, the
/// team's note and resolution, and whether the request is complex.
#[component]
fn RequestFields(draft: Draft, check: FormCheck, known_tags: RwSignal<Vec<Tag>>) -> impl IntoView {
    let ctx = use_admin();
    let (err, lbl, submitted) = (
        move |f| check.error(f),
        move |k| check.label(k),
        check.submitted,
    );
    view! {
        <Field id="dsr-title" label=lbl(Key::ColTitle) value=draft.title error=err("title") show_errors=submitted />
        <RequestTypes purposes=draft.purposes />
        <DsrTags chosen=draft.tags known=known_tags />
        <Field id="dsr-message" kind=FieldKind::TextArea label=lbl(Key::RequesterMessage) value=draft.message error=err("message") show_errors=submitted />
        <Field id="dsr-description" kind=FieldKind::TextArea label=lbl(Key::FieldInternalNote) value=draft.description error=err("description") show_errors=submitted />
        <Field id="dsr-resolution" kind=FieldKind::TextArea label=lbl(Key::FieldResolution) value=draft.resolution_message error=err("resolutionMessage") show_errors=submitted />
        <Checkbox id="dsr-complex" label=Signal::derive(move || ctx.t(Key::FieldComplex).to_owned()) value=draft.complex />
    }
}

/// The request's types (seed 002 `purposes`), one checkbox each.
#[component]
fn RequestTypes(purposes: RwSignal<Vec<Purpose>>) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <CheckboxGroup
            legend=Signal::derive(move || ctx.t(Key::ColPurposes).to_owned())
            options=Purpose::ALL.to_vec()
            selected=purposes
            on_change=Callback::new(move |v| purposes.set(v))
            id_prefix="dsr-purpose"
            key=|p: &Purpose| p.as_str().to_owned()
            label=Callback::new(move |p: Purpose| i18n::purpose(ctx.locale.get(), &p).0.to_owned())
            wide=true
        />
    }
}

/// Who asked: name, e-mail, phone and postal address.
#[component]
fn RequesterFields(draft: Draft, check: FormCheck) -> impl IntoView {
    let (err, lbl, submitted) = (
        move |f| check.error(f),
        move |k| check.label(k),
        check.submitted,
    );
    view! {
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
    }
}

/// "Request #12 — Access to my data" (id plus title, or the person's name).
fn request_name(ctx: AdminCtx, d: &Dsr) -> String {
    let label = d
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| display_name(d.given_name.as_deref(), d.family_name.as_deref()))
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

/// After closing: the server-owned fields and what closing set.
fn merge_closed(s: &mut Dsr, fresh: Dsr) {
    s.closed_reason = fresh.closed_reason.clone();
    s.closed_reason_description = fresh.closed_reason_description.clone();
    s.resolution_message = fresh.resolution_message.clone();
    s.user_notified = fresh.user_notified;
    s.date_user_notified = fresh.date_user_notified.clone();
    s.send_notification = fresh.send_notification;
    merge_server_owned(s, fresh);
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
