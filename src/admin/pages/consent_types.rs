//! Concord consent types (seed 001): the project's list, a create form with
//! live validation, and edit (PUT) of an existing type.
use leptos::prelude::*;
use pw_model::{ConsentType, NewConsentType};

use crate::admin::components::{Badge, ConsentTypeForm};
use crate::admin::deadline::Tone;
use crate::admin::form::CreateKey;
use crate::admin::messages::{api_error_text, category_name, consent_status_name};
use crate::admin::session::use_admin;
use crate::api::{self, ApiError};
use crate::i18n::Key;

/// The consent types page.
#[component]
pub fn ConsentTypes() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let editing = RwSignal::new(None::<ConsentType>);
    // Bumped after each successful save: reloads the list and empties the form.
    let saved = RwSignal::new(0u32);
    let list = LocalResource::new({
        let client = client.clone();
        move || {
            saved.get();
            let client = client.clone();
            async move { api::consent_type::list(&client).await }
        }
    });
    let idempotency_key = CreateKey::new();
    let submit = Action::new_local(move |body: &NewConsentType| {
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
                saved.update(|n| *n += 1);
            }
            result.err()
        }
    });
    let server_error = Signal::derive(move || {
        submit
            .value()
            .get()
            .flatten()
            .map(|e: ApiError| api_error_text(ctx.locale.get(), &e))
    });
    let pending = Signal::derive(move || submit.pending().get());

    view! {
        <h1>{move || ctx.t(Key::NavConsentTypes)}</h1>
        <div class="pw-split">
            <section aria-labelledby="ct-list-title" class="pw-card">
                <h2 id="ct-list-title">{move || ctx.t(Key::ConsentTypeList)}</h2>
                <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(items) if items.is_empty() => view! { <p class="pw-empty">{ctx.t(Key::NoConsentTypes)}</p> }.into_any(),
                            Ok(items) => view! {
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
                                        {items.into_iter().map(|c| {
                                            let c2 = c.clone();
                                            let label = c.label.clone().unwrap_or_default();
                                            let (label1, label2) = (label.clone(), label.clone());
                                            view! {
                                                <tr data-testid="ct-row" data-label=label1>
                                                    <td><code>{label2}</code></td>
                                                    <td>{c.name.clone().unwrap_or_default()}</td>
                                                    <td>{move || c.category.as_ref().map(|k| category_name(ctx.locale.get(), k))}</td>
                                                    <td>{c.status.as_ref().map(|s| view! { <Badge tone=Tone::Neutral text=Signal::derive({ let s = s.clone(); move || consent_status_name(ctx.locale.get(), &s) }) /> })}</td>
                                                    <td>{c.version.map(|v| v.to_string())}</td>
                                                    <td>
                                                        <button type="button" class="pw-btn pw-btn--ghost" data-testid="ct-edit"
                                                            aria-label=move || format!("{} {}", ctx.t(Key::Edit), label)
                                                            on:click=move |_| editing.set(Some(c2.clone()))>
                                                            {move || ctx.t(Key::Edit)}
                                                        </button>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Err(e) => view! { <p class="pw-alert pw-alert--error" role="alert">{api_error_text(ctx.locale.get(), &e)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            // Re-created when the edited type changes or after a save, so the form
            // starts from that type (or empty); a refused submit keeps its input.
            {move || {
                saved.get();
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
