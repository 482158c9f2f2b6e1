//! Who may call the workspace: its API keys (created with a name, the secret
//! shown once, revoked after a confirmation) and the origins whose pages may
//! use the widget (CORS).
use leptos::prelude::*;
use pw_model::access::{ApiKey, KeyScope, NewApiKey, NewOrigin};

use crate::admin::components::{loaded_items, ApiErrorAlert, Badge, ConfirmDialog, Loaded};
use crate::admin::deadline::Tone;
use crate::admin::form::{successes, FormCheck};
use crate::admin::session::use_admin;
use crate::api;
use crate::browser;
use crate::components::Field;
use crate::i18n::{format_date, Key};

/// The keys and origins page.
#[component]
pub fn Access() -> impl IntoView {
    let ctx = use_admin();
    view! {
        <h1>{move || ctx.t(Key::NavAccess)}</h1>
        <div class="pw-split">
            <KeyList />
            <OriginList />
        </div>
    }
}

/// The scope's name.
fn scope_name(s: &KeyScope) -> Key {
    match s {
        KeyScope::Admin => Key::ScopeAdmin,
        _ => Key::ScopePublic,
    }
}

/// The keys, a form for a new one, and the new key's secret, shown once.
#[component]
fn KeyList() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let create = Action::new_local({
        let client = client.clone();
        move |k: &NewApiKey| {
            let (client, k) = (client.clone(), k.clone());
            async move { api::workspace::create_key(&client, &k).await }
        }
    });
    let revoke = Action::new_local({
        let client = client.clone();
        move |id: &i64| {
            let (client, id) = (client.clone(), *id);
            async move { api::workspace::revoke_key(&client, id).await }
        }
    });
    let list = LocalResource::new(move || {
        create.version().get();
        revoke.version().get();
        let client = client.clone();
        async move { api::workspace::keys(&client).await }
    });
    let asked = RwSignal::new(None::<ApiKey>);
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(KeyScope::Public);
    let body = Memo::new(move |_| NewApiKey {
        name: name.get(),
        scope: scope.get(),
        project_id: None,
    });
    let check = FormCheck::validating(ctx, body);
    let created = successes(create);
    // A created key starts an empty, untouched form.
    Effect::new(move |_| {
        if created.get() > 0 {
            name.set(String::new());
            check.submitted.set(false);
        }
    });
    let secret = move || create.value().get().and_then(Result::ok).map(|k| k.secret);
    let failure = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err))
    };
    let copied = RwSignal::new(false);
    view! {
        <section class="pw-card" aria-labelledby="keys-title">
            <h2 id="keys-title">{move || ctx.t(Key::ApiKeys)}</h2>
            <p class="pw-muted">{move || ctx.t(Key::ApiKeysHint)}</p>
            <Loaded list empty=Key::NoKeys error_id="keys-error">
                <table class="pw-table" data-testid="keys-table">
                    <thead><tr>
                        <th scope="col">{move || ctx.t(Key::FieldName)}</th>
                        <th scope="col">{move || ctx.t(Key::KeyScopeCol)}</th>
                        <th scope="col">{move || ctx.t(Key::KeyValue)}</th>
                        <th scope="col">{move || ctx.t(Key::KeyCreated)}</th>
                        <th scope="col">{move || ctx.t(Key::FieldStatus)}</th>
                        <th scope="col"><span class="pw-sr-only">{move || ctx.t(Key::Revoke)}</span></th>
                    </tr></thead>
                    <tbody>
                        <For
                            each=move || loaded_items(list)
                            key=|k: &ApiKey| (k.id, k.revoked_at.is_some())
                            children=move |k: ApiKey| {
                                // The hint for every key: a widget key's full value is in the snippet view.
                                let shown = k.hint.clone().unwrap_or_default();
                                let name = k.name.clone().unwrap_or_default();
                                let (revoked, current) = (k.revoked_at.is_some(), k.current);
                                let scope = k.scope.clone();
                                let created = k.date_created.clone();
                                let row_name = name.clone();
                                let ask = k.clone();
                                view! {
                                    <tr data-testid="key-row" data-name=row_name data-revoked=revoked.to_string()>
                                        <td>{name.clone()}</td>
                                        <td>{move || ctx.t(scope_name(&scope))}</td>
                                        <td><code class="pw-break">{shown}</code></td>
                                        <td>{move || format_date(ctx.locale.get(), &created)}</td>
                                        <td>
                                            {if revoked {
                                                view! { <Badge tone=Tone::Neutral text=Signal::derive(move || ctx.t(Key::Revoked).to_owned()) /> }.into_any()
                                            } else if current {
                                                view! { <Badge tone=Tone::Info text=Signal::derive(move || ctx.t(Key::CurrentKey).to_owned()) /> }.into_any()
                                            } else {
                                                view! { <Badge tone=Tone::Success text=Signal::derive(move || ctx.t(Key::Active).to_owned()) /> }.into_any()
                                            }}
                                        </td>
                                        <td>
                                            <Show when=move || !revoked && !current>
                                                <button type="button" class="pw-btn pw-btn--danger" data-testid="key-revoke"
                                                    aria-label={
                                                        let name = name.clone();
                                                        move || format!("{} {}", ctx.t(Key::Revoke), name)
                                                    }
                                                    on:click={
                                                        let ask = ask.clone();
                                                        move |_| asked.set(Some(ask.clone()))
                                                    }>
                                                    {move || ctx.t(Key::Revoke)}
                                                </button>
                                            </Show>
                                        </td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </Loaded>
            {move || failure().map(|e| view! { <ApiErrorAlert error=e test_id="key-action-error" /> })}
            <ConfirmDialog
                open=Signal::derive(move || asked.with(Option::is_some))
                title=Signal::derive(move || ctx.t(Key::RevokeKeyTitle).to_owned())
                message=Signal::derive(move || {
                    let name = asked.with(|k| k.as_ref().and_then(|k| k.name.clone()).unwrap_or_default());
                    ctx.t(Key::RevokeKeyMessage).replace("{name}", &name)
                })
                confirm_label=Signal::derive(move || ctx.t(Key::Revoke).to_owned())
                cancel_label=Signal::derive(move || ctx.t(Key::Cancel).to_owned())
                on_confirm=Callback::new(move |()| {
                    if let Some(k) = asked.get_untracked() {
                        revoke.dispatch(k.id);
                    }
                    asked.set(None);
                })
                on_cancel=Callback::new(move |()| asked.set(None))
            />

            <form class="pw-form" novalidate data-testid="key-form" aria-labelledby="key-form-title"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if check.try_submit() {
                        copied.set(false);
                        create.dispatch(body.get_untracked());
                    }
                }>
                <h3 id="key-form-title">{move || ctx.t(Key::NewKey)}</h3>
                {move || { created.get(); view! {
                    <Field id="key-name" label=check.label(Key::FieldName) value=name error=check.error("name") show_errors=check.submitted required=true />
                } }}
                <div class="pw-field">
                    <label class="pw-field__label" for="key-scope">{move || ctx.t(Key::KeyScopeCol)}</label>
                    <select id="key-scope" data-testid="key-scope"
                        on:change:target=move |ev| scope.set(KeyScope::parse(&ev.target().value()))>
                        <option value="public" selected=move || scope.get() == KeyScope::Public>{move || ctx.t(Key::ScopePublic)}</option>
                        <option value="admin" selected=move || scope.get() == KeyScope::Admin>{move || ctx.t(Key::ScopeAdmin)}</option>
                    </select>
                </div>
                <div class="pw-actions">
                    <button type="submit" class="pw-btn pw-btn--primary" data-testid="key-create" disabled=move || create.pending().get()>
                        {move || ctx.t(Key::Create)}
                    </button>
                </div>
            </form>
            {move || secret().map(|s| {
                let copy = s.clone();
                view! {
                    <div class="pw-alert pw-alert--success" role="status" data-testid="key-secret">
                        <p>{move || ctx.t(Key::KeyShownOnce)}</p>
                        <p><code class="pw-break" data-testid="key-secret-value">{s}</code></p>
                        <button type="button" class="pw-btn" data-testid="key-copy"
                            on:click=move |_| {
                                let copy = copy.clone();
                                leptos::task::spawn_local(async move {
                                    copied.set(browser::copy_text(&copy).await.is_ok());
                                });
                            }>
                            {move || if copied.get() { ctx.t(Key::Copied) } else { ctx.t(Key::Copy) }}
                        </button>
                    </div>
                }
            })}
        </section>
    }
}

/// The allowed origins, each removable, and a form to add one.
#[component]
fn OriginList() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let add = Action::new_local({
        let client = client.clone();
        move |o: &String| {
            let (client, o) = (client.clone(), o.clone());
            async move { api::workspace::add_origin(&client, &o).await }
        }
    });
    let remove = Action::new_local({
        let client = client.clone();
        move |o: &String| {
            let (client, o) = (client.clone(), o.clone());
            async move { api::workspace::remove_origin(&client, &o).await }
        }
    });
    let list = LocalResource::new(move || {
        add.version().get();
        remove.version().get();
        let client = client.clone();
        async move { api::workspace::origins(&client).await }
    });
    let origin = RwSignal::new(String::new());
    let body = Memo::new(move |_| NewOrigin {
        origin: origin.get(),
    });
    let check = FormCheck::validating(ctx, body);
    let added = successes(add);
    Effect::new(move |_| {
        if added.get() > 0 {
            origin.set(String::new());
            check.submitted.set(false);
        }
    });
    let failure = move || {
        add.value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    };
    view! {
        <section class="pw-card" aria-labelledby="origins-title">
            <h2 id="origins-title">{move || ctx.t(Key::AllowedOrigins)}</h2>
            <p class="pw-muted">{move || ctx.t(Key::AllowedOriginsHint)}</p>
            <Loaded list empty=Key::NoOrigins error_id="origins-error">
                <ul class="pw-list" data-testid="origins-list">
                    <For
                        each=move || loaded_items(list)
                        key=|o| o.origin.clone()
                        children=move |o| {
                            let (text, gone) = (o.origin.clone(), o.origin.clone());
                            let label = o.origin.clone();
                            view! {
                                <li class="pw-list__row" data-testid="origin-row" data-origin=o.origin.clone()>
                                    <code>{text}</code>
                                    {o.demo.then(|| view! { <Badge tone=Tone::Neutral text=Signal::derive(move || ctx.t(Key::DemoPage).to_owned()) /> })}
                                    <button type="button" class="pw-btn pw-btn--ghost" data-testid="origin-remove"
                                        aria-label=move || format!("{} {}", ctx.t(Key::Remove), label)
                                        on:click=move |_| { remove.dispatch(gone.clone()); }>
                                        {move || ctx.t(Key::Remove)}
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
            </Loaded>
            {move || failure().map(|e| view! { <ApiErrorAlert error=e test_id="origin-action-error" /> })}
            <form class="pw-form" novalidate data-testid="origin-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if check.try_submit() {
                        add.dispatch(origin.get_untracked());
                    }
                }>
                {move || { added.get(); view! {
                    <Field id="origin-new" label=check.label(Key::NewOrigin) value=origin error=check.error("origin") show_errors=check.submitted
                        hint=Signal::derive(move || Some(ctx.t(Key::OriginHint).to_owned())) />
                } }}
                <div class="pw-actions">
                    <button type="submit" class="pw-btn pw-btn--primary" data-testid="origin-add" disabled=move || add.pending().get()>
                        {move || ctx.t(Key::Add)}
                    </button>
                </div>
            </form>
        </section>
    }
}
