//! What can be done to a request besides editing it (seed 002): move it to
//! another workflow step, archive or restore it, delete it. The step's
//! `descriptionHtml` is shown as text, never as HTML.
use leptos::prelude::*;
use pw_model::dsr::WorkFlowStep;
use pw_model::{Dsr, WorkflowChange};

use crate::admin::session::use_admin;
use crate::api::{self, ApiClient, ApiError};
use crate::i18n::Key;

/// A server-side change of a request's workflow (the server sets the
/// server-owned fields; nothing typed is sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Take it out of the inbox.
    Archive,
    /// Put it back into the inbox.
    Restore,
    /// Move it to the workflow step with this id.
    Step(i64),
    /// Extend its deadline as far as the workspace's law allows, for this
    /// reason (told to the requester).
    Extend(String),
}

impl Command {
    /// Sends the command for request `id`.
    pub async fn send(&self, client: &ApiClient, id: i64) -> Result<(), ApiError> {
        match self {
            Command::Archive => api::dsr::archive(client, id).await,
            Command::Restore => api::dsr::restore(client, id).await,
            Command::Step(step_id) => {
                let step_id = *step_id;
                api::dsr::change_step(client, &WorkflowChange { id, step_id }).await
            }
            Command::Extend(reason) => api::dsr::extend(client, id, reason).await,
        }
    }

    /// What the status line says once the server did it.
    pub fn done(&self) -> Key {
        match self {
            Command::Archive => Key::ArchivedDone,
            Command::Restore => Key::RestoredDone,
            Command::Step(_) => Key::StepChanged,
            Command::Extend(_) => Key::DeadlineExtended,
        }
    }
}

/// The workflow card: step picker, the step's description, archive or
/// restore, delete.
#[component]
pub fn WorkflowCommands(
    /// The request as the server has it.
    #[prop(into)]
    dsr: Signal<Dsr>,
    /// The workspace's workflow steps.
    steps: Vec<WorkFlowStep>,
    /// An action is under way: every button waits.
    #[prop(into)]
    busy: Signal<bool>,
    /// A command the user gave.
    on_command: Callback<Command>,
    /// The user asked to delete the request (the page confirms first).
    on_delete: Callback<()>,
) -> impl IntoView {
    let ctx = use_admin();
    let current_step = move || dsr.with(|s| s.work_flow_step_id);
    let chosen_step = RwSignal::new(
        dsr.with_untracked(|s| s.work_flow_step_id)
            .unwrap_or_default(),
    );
    let archived = move || dsr.with(|s| s.archived.unwrap_or(false));
    let reason = RwSignal::new(String::new());
    let command_button = move |testid: &'static str, label: Key, command: Command| {
        view! {
            <button type="button" class="pw-btn" data-testid=testid disabled=busy
                on:click=move |_| on_command.run(command.clone())>
                {move || ctx.t(label)}
            </button>
        }
    };
    view! {
        <section class="pw-card" aria-labelledby="wf-title">
            <h2 id="wf-title">{move || ctx.t(Key::SectionWorkflow)}</h2>
            <div class="pw-inline">
                <div class="pw-field">
                    <label class="pw-field__label" for="dsr-step">{move || ctx.t(Key::WorkflowStep)}</label>
                    <select id="dsr-step" data-testid="dsr-step" on:change:target=move |ev| {
                        if let Ok(v) = ev.target().value().parse() { chosen_step.set(v); }
                    }>
                        <For each=move || steps.clone() key=|s: &WorkFlowStep| s.id let:step>
                            {
                                let sid = step.id.unwrap_or_default();
                                view! { <option value=sid selected=move || chosen_step.get() == sid>{step.label.clone().unwrap_or_default()}</option> }
                            }
                        </For>
                    </select>
                </div>
                <button type="button" class="pw-btn" data-testid="dsr-step-apply"
                    disabled=move || busy.get() || current_step() == Some(chosen_step.get())
                    on:click=move |_| on_command.run(Command::Step(chosen_step.get_untracked()))>
                    {move || ctx.t(Key::ChangeStep)}
                </button>
            </div>
            <p class="pw-muted">{move || ctx.t(Key::StepDescription)}": "</p>
            // descriptionHtml is shown as text on purpose: it comes from the
            // server and may contain markup that must never run here.
            <p class="pw-step-description" data-testid="dsr-step-description">
                {move || dsr.with(|s| s.work_flow_step.as_ref().and_then(|w| w.description_html.clone()).unwrap_or_default())}
            </p>
            <div class="pw-field">
                <label class="pw-field__label" for="dsr-extend-reason">{move || ctx.t(Key::ExtendReason)}</label>
                <p class="pw-field__hint" id="dsr-extend-hint">{move || ctx.t(Key::ExtendHint)}</p>
                <textarea id="dsr-extend-reason" class="pw-field__control" data-testid="dsr-extend-reason" rows="2"
                    maxlength=pw_model::dsr::EXTENSION_REASON_MAX aria-describedby="dsr-extend-hint"
                    prop:value=move || reason.get() on:input:target=move |ev| reason.set(ev.target().value())></textarea>
            </div>
            <div class="pw-actions">
                <button type="button" class="pw-btn" data-testid="dsr-extend"
                    disabled=move || busy.get() || reason.with(|r| r.trim().is_empty())
                    on:click=move |_| on_command.run(Command::Extend(reason.get_untracked().trim().to_owned()))>
                    {move || ctx.t(Key::ExtendDeadline)}
                </button>
                {move || if archived() {
                    command_button("dsr-restore", Key::Restore, Command::Restore)
                } else {
                    command_button("dsr-archive", Key::Archive, Command::Archive)
                }}
                <button type="button" class="pw-btn pw-btn--danger" data-testid="dsr-delete" disabled=busy
                    on:click=move |_| on_delete.run(())>
                    {move || ctx.t(Key::Delete)}
                </button>
            </div>
        </section>
    }
}
