//! Concord consent types (seed 001): the project's list, a create form with
//! live validation, and edit (PUT) of an existing type.
use leptos::prelude::*;
use pw_model::{ConsentType, NewConsentType};

use crate::admin::components::{loaded_items, Badge, ConsentTypeForm, Loaded};
use crate::admin::deadline::Tone;
use crate::admin::form::{successes, CreateKey};
use crate::admin::messages::{category_name, consent_status_name};
use crate::admin::session::use_admin;
use crate::api;
use crate::i18n::Key;

/// The consent types page.
#[component]
pub fn ConsentTypes() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let editing = RwSignal::new(None::<ConsentType>);
    let idempotency_key = CreateKey::new();
    let submit = Action::new_local({
        let client = client.clone();
        move |body: &NewConsentType| {
            let (client, body, editing_id) = (
                client.clone(),
                body.clone(),
                editing.get_untracked().map(|c| c.id),
            );
            async move {
                let result = match editing_id {
                    Some(id) => api::consent_type::update(&client, &id, &body).await,
                    None => api::consent_type::create(&client, &body, &idempotency_key.get()).await,
                };
                if result.is_ok() {
                    idempotency_key.renew();
                    editing.set(None);
                }
                result.map(|_| ())
            }
        }
    });
    // Reloaded after every submit (the action's version).
    let list = LocalResource::new(move || {
        submit.version().get();
        let client = client.clone();
        async move { api::consent_type::list(&client).await }
    });
    let saves = successes(submit);
    let server_error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let pending = Signal::derive(move || submit.pending().get());

    view! {
        <h1>{move || ctx.t(Key::NavConsentTypes)}</h1>
        <div class="pw-split">
            <section aria-labelledby="ct-list-title" class="pw-card">
                <h2 id="ct-list-title">{move || ctx.t(Key::ConsentTypeList)}</h2>
                <Loaded list empty=Key::NoConsentTypes error_id="ct-list-error">
                    <ConsentTypeTable items=Signal::derive(move || loaded_items(list)) editing />
                </Loaded>
            </section>
            // Re-created when the edited type changes or after a save, so the form
            // starts from that type (or empty); a refused submit keeps its input.
            {move || {
                saves.get();
                let current = editing.get();
                let cancel = current.is_some().then(|| Callback::new(move |()| editing.set(None)));
                view! {
                    <ConsentTypeForm
                        editing=current
                        on_submit=Callback::new(move |b| { submit.dispatch(b); })
                        pending=pending
                        server_error=server_error
                        on_cancel=cancel
                    />
                }
            }}
        </div>
    }
}

/// The project's consent types, one row each (keyed by id and version, so
/// an edited type is redrawn).
#[component]
fn ConsentTypeTable(
    items: Signal<Vec<ConsentType>>,
    editing: RwSignal<Option<ConsentType>>,
) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <table class="pw-table" data-testid="ct-table">
            <thead><tr>
                <th scope="col">{move || ctx.t(Key::FieldLabel)}</th>
                <th scope="col">{move || ctx.t(Key::FieldName)}</th>
                <th scope="col">{move || ctx.t(Key::FieldCategory)}</th>
                <th scope="col">{move || ctx.t(Key::FieldStatus)}</th>
                <th scope="col">{move || ctx.t(Key::ColVersion)}</th>
                <th scope="col"><span class="pw-sr-only">{move || ctx.t(Key::Edit)}</span></th>
            </tr></thead>
            <tbody>
                <For
                    each=move || items.get()
                    key=|c: &ConsentType| (c.id.clone(), c.version, c.date_updated.clone())
                    let:c
                >
                    <ConsentTypeRow consent_type=c editing />
                </For>
            </tbody>
        </table>
    }
}

#[component]
fn ConsentTypeRow(
    consent_type: ConsentType,
    editing: RwSignal<Option<ConsentType>>,
) -> impl IntoView {
    let ctx = use_admin();
    let c = consent_type.clone();
    let label = c.label.clone().unwrap_or_default();
    let (label1, label2) = (label.clone(), label.clone());
    view! {
        <tr data-testid="ct-row" data-label=label1>
            <td><code>{label2}</code></td>
            <td>{c.name.clone().unwrap_or_default()}</td>
            <td>{move || c.category.as_ref().map(|k| category_name(ctx.locale.get(), k))}</td>
            <td>{c.status.clone().map(|s| view! { <Badge tone=Tone::Neutral text=Signal::derive(move || consent_status_name(ctx.locale.get(), &s)) /> })}</td>
            <td>{c.version.map(|v| v.to_string())}</td>
            <td>
                <button type="button" class="pw-btn pw-btn--ghost" data-testid="ct-edit"
                    aria-label=move || format!("{} {}", ctx.t(Key::Edit), label)
                    on:click=move |_| editing.set(Some(consent_type.clone()))>
                    {move || ctx.t(Key::Edit)}
                </button>
            </td>
        </tr>
    }
}
