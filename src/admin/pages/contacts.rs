//! Contacts from two services: Concord data system contacts (seed 000: create
//! and list) and URN-service organisation contacts (seed 003: list and
//! create, numbered error codes shown in plain words).
use std::future::Future;

use leptos::prelude::*;
use pw_model::{
    ContactStatus, CreateContactRequest, DataSystemContact, NewDataSystemContact,
    OrganisationContact,
};

use crate::admin::components::{loaded_items, Loaded};
use crate::admin::form::{successes, CreateKey, FormCheck};
use crate::admin::messages::{api_error_text, contact_status_name};
use crate::admin::session::use_admin;
use crate::api::{self, ApiClient, ApiError};
use crate::components::{Field, FieldKind};
use crate::i18n::Key;
use crate::person::display_name;

/// The contacts page.
#[component]
pub fn Contacts() -> impl IntoView {
    let ctx = use_admin();
    view! {
        <h1>{move || ctx.t(Key::NavContacts)}</h1>
        <div class="pw-split">
            <DataSystemContacts />
            <OrganisationContacts />
        </div>
    }
}

/// A contact form's create action: one idempotency key per contact; once
/// the server confirmed it, the next contact starts from empty `fields`
/// (which [`CreateForm`] re-creates untouched).
fn create_action<B, R, F>(
    client: ApiClient,
    check: FormCheck,
    fields: Vec<RwSignal<String>>,
    send: fn(ApiClient, B, String) -> F,
) -> Action<B, Result<(), ApiError>>
where
    B: Clone + Send + Sync + 'static,
    F: Future<Output = Result<R, ApiError>> + 'static,
{
    let key = CreateKey::new();
    let fields = StoredValue::new(fields);
    Action::new_local(move |b: &B| {
        let sent = send(client.clone(), b.clone(), key.get());
        async move {
            let result = sent.await;
            if result.is_ok() {
                key.renew();
                fields.with_value(|fs| fs.iter().for_each(|f| f.set(String::new())));
                check.submitted.set(false);
            }
            result.map(|_| ())
        }
    })
}

/// A contact list, reloaded after every create (the action's version).
fn reloaded_list<B, T, F>(
    client: ApiClient,
    create: Action<B, Result<(), ApiError>>,
    load: fn(ApiClient) -> F,
) -> LocalResource<Result<Vec<T>, ApiError>>
where
    B: Send + Sync + 'static,
    T: 'static,
    F: Future<Output = Result<Vec<T>, ApiError>> + 'static,
{
    LocalResource::new(move || {
        create.version().get();
        load(client.clone())
    })
}

fn opt(s: RwSignal<String>) -> Option<String> {
    Some(s.get()).filter(|v| !v.trim().is_empty())
}

/// A contact's create form: its fields (`children`, re-created empty and
/// untouched after each save), the last create's outcome and the submit
/// button. Test ids start with `prefix`.
#[component]
fn CreateForm<B>(
    prefix: &'static str,
    check: FormCheck,
    /// The body to send.
    body: Memo<B>,
    /// Creates the contact; its value is the last outcome.
    create: Action<B, Result<(), ApiError>>,
    children: ChildrenFn,
) -> impl IntoView
where
    B: Clone + PartialEq + Send + Sync + 'static,
{
    let ctx = use_admin();
    let saves = successes(create);
    let result = move || {
        create.value().get().map(|r| match r {
            Ok(()) => (false, ctx.t(Key::Created).to_owned()),
            Err(e) => (true, api_error_text(ctx.locale.get(), &e)),
        })
    };
    view! {
        <form class="pw-form" data-testid=format!("{prefix}-form") novalidate on:submit=move |ev| {
            ev.prevent_default();
            if check.try_submit() {
                create.dispatch(body.get_untracked());
            }
        }>
            {move || { saves.get(); view! {
                <h3>{move || ctx.t(Key::NewContact)}</h3>
                {children()}
            } }}
            <p role="status" class="pw-status" class:pw-status--error=move || result().is_some_and(|r| r.0) data-testid=format!("{prefix}-result")>
                {move || result().map(|r| r.1)}
            </p>
            <div class="pw-actions">
                <button type="submit" class="pw-btn pw-btn--primary" data-testid=format!("{prefix}-submit") disabled=move || create.pending().get()>
                    {move || ctx.t(Key::Create)}
                </button>
            </div>
        </form>
    }
}

/// Concord data system contacts (seed 000).
#[component]
fn DataSystemContacts() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let name = RwSignal::new(String::new());
    let status = RwSignal::new(ContactStatus::Active.to_string());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let contact_type = RwSignal::new(String::new());
    let data_systems = RwSignal::new(String::new());
    let body = Memo::new(move |_| NewDataSystemContact {
        name: name.get(),
        status: ContactStatus::parse(&status.get()),
        email: email.get(),
        phone_number: phone.get(),
        description: opt(description),
        contact_type: contact_type.get().trim().to_owned(),
        data_systems: {
            let ids: Vec<String> = data_systems
                .get()
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            (!ids.is_empty()).then_some(ids)
        },
    });
    let check = FormCheck::validating(ctx, body);
    let (err, lbl, submitted) = (
        move |f| check.error(f),
        move |k| check.label(k),
        check.submitted,
    );
    let fields = vec![name, email, phone, description, contact_type, data_systems];
    let create = create_action(client.clone(), check, fields, |c, b, key| async move {
        api::contact::create_data_system_contact(&c, &b, &key).await
    });
    let list = reloaded_list(client, create, |c| async move {
        api::contact::list_data_system_contacts(&c).await
    });
    view! {
        <section class="pw-card" aria-labelledby="dsc-title">
            <h2 id="dsc-title">{move || ctx.t(Key::DataSystemContacts)}</h2>
            <CreateForm prefix="dsc" check body create>
                <Field id="dsc-name" label=lbl(Key::FieldContactName) value=name error=err("name") show_errors=submitted required=true />
                <div class="pw-field">
                    <label class="pw-field__label" for="dsc-status">{move || ctx.t(Key::FieldStatus)}</label>
                    <select id="dsc-status" data-testid="dsc-status" on:change:target=move |ev| status.set(ev.target().value())>
                        <For each=|| ContactStatus::ALL.to_vec() key=|s: &ContactStatus| s.to_string() let:s>
                            {
                                let (v, v2) = (s.to_string(), s.to_string());
                                view! { <option value=v selected=move || status.get() == v2>{move || contact_status_name(ctx.locale.get(), &s)}</option> }
                            }
                        </For>
                    </select>
                </div>
                <Field id="dsc-email" kind=FieldKind::Email label=lbl(Key::FieldEmail) value=email error=err("email") show_errors=submitted required=true />
                <Field id="dsc-phone" kind=FieldKind::Tel label=lbl(Key::FieldPhone) value=phone error=err("phoneNumber") show_errors=submitted required=true />
                <Field id="dsc-type" label=lbl(Key::FieldContactType) value=contact_type error=err("contactType") show_errors=submitted required=true
                    hint=Signal::derive(move || Some(ctx.t(Key::ContactTypeHint).to_owned())) />
                <Field id="dsc-description" kind=FieldKind::TextArea label=lbl(Key::FieldDescription) value=description error=err("description") show_errors=submitted />
                <Field id="dsc-systems" label=lbl(Key::FieldDataSystems) value=data_systems error=Signal::derive(|| None::<String>)
                    hint=Signal::derive(move || Some(ctx.t(Key::DataSystemsHint).to_owned())) />
            </CreateForm>
            <Loaded list empty=Key::NoContacts error_id="dsc-list-error">
                <ul class="pw-list" data-testid="dsc-list">
                    <For each=move || loaded_items(list) key=|c: &DataSystemContact| c.id.clone() let:c>
                        <li data-testid="dsc-item">
                            <strong>{c.name.unwrap_or_default()}</strong>" "
                            <span class="pw-muted">{c.email.unwrap_or_default()}</span>" "
                            <span class="pw-muted">{c.phone_number.unwrap_or_default()}</span>
                        </li>
                    </For>
                </ul>
            </Loaded>
        </section>
    }
}

/// URN-service organisation contacts (seed 003).
#[component]
fn OrganisationContacts() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let surname = RwSignal::new(String::new());
    let forename = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let function = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let body = Memo::new(move |_| CreateContactRequest {
        surname: opt(surname),
        forename: opt(forename),
        email: opt(email),
        phone: opt(phone),
        function: opt(function),
        comment: opt(comment),
    });
    let check = FormCheck::validating(ctx, body);
    let (err, lbl, submitted) = (
        move |f| check.error(f),
        move |k| check.label(k),
        check.submitted,
    );
    let fields = vec![surname, forename, email, phone, function, comment];
    let create = create_action(client.clone(), check, fields, |c, b, key| async move {
        api::contact::create_organisation_contact(&c, &b, &key).await
    });
    let list = reloaded_list(client, create, |c| async move {
        let page = api::contact::list_organisation_contacts(&c).await;
        page.map(|p| p.items)
    });
    view! {
        <section class="pw-card" aria-labelledby="oc-title">
            <h2 id="oc-title">{move || ctx.t(Key::OrganisationContacts)}</h2>
            <CreateForm prefix="oc" check body create>
                <div class="pw-grid">
                    <Field id="oc-surname" label=lbl(Key::FieldFamilyName) value=surname error=err("surname") show_errors=submitted required=true />
                    <Field id="oc-forename" label=lbl(Key::FieldGivenName) value=forename error=err("forename") show_errors=submitted />
                </div>
                <Field id="oc-email" kind=FieldKind::Email label=lbl(Key::FieldEmail) value=email error=err("email") show_errors=submitted required=true />
                <Field id="oc-phone" kind=FieldKind::Tel label=lbl(Key::FieldPhone) value=phone error=err("phone") show_errors=submitted />
                <Field id="oc-function" label=lbl(Key::FieldFunction) value=function error=err("function") show_errors=submitted />
                <Field id="oc-comment" kind=FieldKind::TextArea label=lbl(Key::FieldComment) value=comment error=err("comment") show_errors=submitted />
            </CreateForm>
            <Loaded list empty=Key::NoContacts error_id="oc-list-error">
                <ul class="pw-list" data-testid="oc-list">
                    <For each=move || loaded_items(list) key=|c: &OrganisationContact| (c.self_url.clone(), c.email.clone()) let:c>
                        <li data-testid="oc-item">
                            <strong>{display_name(c.forename.as_deref(), c.surname.as_deref())}</strong>" "
                            <span class="pw-muted">{c.email.unwrap_or_default()}</span>" "
                            <span class="pw-muted">{c.function.unwrap_or_default()}</span>
                        </li>
                    </For>
                </ul>
            </Loaded>
        </section>
    }
}
