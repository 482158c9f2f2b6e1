//! Sign-in: API base URL, admin key, workspace / organisation / project ids
//! and language. The key is checked with one small list call before the
//! session starts; a refusal keeps everything typed.
use leptos::prelude::*;
use pw_model::validate::is_uri;
use pw_model::{DsrQuery, FieldError, Violation};

use crate::admin::components::LocaleSwitcher;
use crate::admin::form::FormCheck;
use crate::admin::messages::api_error_text;
use crate::admin::session::{use_admin, Session, DEMO_ORGANIZATION, DEMO_PROJECT, DEMO_WORKSPACE};
use crate::api;
use crate::browser::page_origin;
use crate::components::{Field, FieldKind};
use crate::i18n::Key;

fn check(s: &Session) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !is_uri(&s.base) {
        errors.push(FieldError::new("base", Violation::Uri));
    }
    for (field, value) in [
        ("key", &s.key),
        ("workspace", &s.workspace),
        ("organization", &s.organization),
        ("project", &s.project),
    ] {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, Violation::Required));
        }
    }
    errors
}

/// The sign-in form.
#[component]
pub fn SignIn() -> impl IntoView {
    let ctx = use_admin();
    let base = RwSignal::new(page_origin());
    let key = RwSignal::new(String::new());
    let workspace = RwSignal::new(DEMO_WORKSPACE.to_owned());
    let organization = RwSignal::new(DEMO_ORGANIZATION.to_owned());
    let project = RwSignal::new(DEMO_PROJECT.to_owned());
    let session = Memo::new(move |_| Session {
        base: base.get().trim().to_owned(),
        workspace: workspace.get().trim().to_owned(),
        organization: organization.get().trim().to_owned(),
        project: project.get().trim().to_owned(),
        key: key.get().trim().to_owned(),
    });
    let check = FormCheck::new(ctx, Memo::new(move |_| session.with(check)));
    let submitted = check.submitted;
    let (err, lbl) = (move |f| check.error(f), move |k| check.label(k));

    let sign_in = Action::new_local(move |s: &Session| {
        let s = s.clone();
        async move {
            let probe = DsrQuery {
                size: Some(1),
                ..Default::default()
            };
            match api::dsr::list(&s.client(), &probe, None).await {
                Ok(_) => {
                    ctx.sign_in(s);
                    None
                }
                Err(e) => Some(e),
            }
        }
    });
    let server_error = move || {
        sign_in
            .value()
            .get()
            .flatten()
            .map(|e| api_error_text(ctx.locale.get(), &e))
    };

    view! {
        <main id="pw-main" class="pw-signin">
            <form
                class="pw-card pw-form"
                data-testid="sign-in-form"
                novalidate
                aria-labelledby="sign-in-title"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if check.try_submit() {
                        sign_in.dispatch(session.get_untracked());
                    }
                }
            >
                <h1 id="sign-in-title">{move || ctx.t(Key::SignInTitle)}</h1>
                <p>{move || ctx.t(Key::SignInIntro)}</p>
                <LocaleSwitcher id="locale-sign-in" />
                <Field id="sign-in-key" kind=FieldKind::Password label=lbl(Key::FieldApiKey) value=key error=err("key")
                    show_errors=submitted required=true autocomplete="off" hint=Signal::derive(move || Some(ctx.t(Key::KeyHint).to_owned())) />
                <Field id="sign-in-base" kind=FieldKind::Url label=lbl(Key::FieldBaseUrl) value=base error=err("base") show_errors=submitted required=true />
                <details class="pw-details">
                    <summary>{move || ctx.t(Key::AdvancedSettings)}</summary>
                    <Field id="sign-in-workspace" label=lbl(Key::FieldWorkspace) value=workspace error=err("workspace") show_errors=submitted required=true />
                    <Field id="sign-in-organization" label=lbl(Key::FieldOrganization) value=organization error=err("organization") show_errors=submitted required=true />
                    <Field id="sign-in-project" label=lbl(Key::FieldProject) value=project error=err("project") show_errors=submitted required=true />
                </details>
                <p class="pw-alert pw-alert--error" role="alert" data-testid="sign-in-error" hidden=move || server_error().is_none()>
                    {server_error}
                </p>
                <div class="pw-actions">
                    <button type="submit" class="pw-btn pw-btn--primary" data-testid="sign-in-submit" disabled=move || sign_in.pending().get()>
                        {move || if sign_in.pending().get() { ctx.t(Key::SigningIn) } else { ctx.t(Key::SignInButton) }}
                    </button>
                </div>
            </form>
        </main>
    }
}
