//! A request's read-only facts (seed 002's server-owned and informative
//! fields) as a definition list; every value is a text node.
use leptos::prelude::*;
use pw_model::Dsr;

use crate::admin::messages::{closed_reason_name, fmt_datetime, state_name};
use crate::admin::session::{use_admin, AdminCtx};
use crate::i18n::Key;

/// The "Details" card of a request.
#[component]
pub fn DsrFacts(
    /// The request as the server has it.
    #[prop(into)]
    dsr: Signal<Dsr>,
) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <section class="pw-card" aria-labelledby="facts-title">
            <h2 id="facts-title">{move || ctx.t(Key::SectionDetails)}</h2>
            <dl class="pw-facts" data-testid="dsr-facts">{move || dsr.with(|d| facts(ctx, d))}</dl>
        </section>
    }
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
            d.closed_reason.as_ref().map(|c| closed_reason_name(l, c)),
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
        (
            Key::FieldMessagesNotViewed,
            d.nb_messages_not_viewed.map(|n| n.to_string()),
        ),
        (Key::FilterWidget, d.widget_id.map(|n| n.to_string())),
        (Key::FieldReferrer, d.referrer_url.clone()),
        (Key::FieldEmailValidated, yes_no(d.mail_validated)),
        (
            Key::FieldEmailValidationDate,
            date(&d.email_validation_date),
        ),
        (Key::FieldIdentityValidated, yes_no(d.identity_validated)),
        (Key::FieldUserNotified, yes_no(d.user_notified)),
        (Key::FieldDateUserNotified, date(&d.date_user_notified)),
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
