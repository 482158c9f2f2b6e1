//! Putting the widget on a site: the script tag for one of the workspace's
//! public keys and the chosen options, a copy button, and a live preview of
//! the widget on a sample page served by this server with the same options.
use leptos::prelude::*;
use pw_model::access::{ApiKey, KeyScope};

use crate::admin::components::{ApiErrorAlert, CheckboxGroup};
use crate::admin::session::use_admin;
use crate::admin::snippet::SnippetOptions;
use crate::api;
use crate::browser;
use crate::i18n::{Key, Locale};

/// The snippet generator page.
#[component]
pub fn Install() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let keys = LocalResource::new(move || {
        let client = client.clone();
        async move { api::workspace::keys(&client).await }
    });
    view! {
        <h1>{move || ctx.t(Key::NavInstall)}</h1>
        <p class="pw-muted">{move || ctx.t(Key::InstallIntro)}</p>
        <Transition fallback=move || view! { <p class="pw-muted">{move || ctx.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match keys.await {
                    Ok(all) => {
                        let public: Vec<ApiKey> = all
                            .into_iter()
                            .filter(|k| k.scope == KeyScope::Public && k.revoked_at.is_none() && k.key.is_some())
                            .collect();
                        if public.is_empty() {
                            view! { <p class="pw-empty" data-testid="install-no-key">{ctx.t(Key::NoPublicKey)}</p> }.into_any()
                        } else {
                            view! { <SnippetBuilder keys=public /> }.into_any()
                        }
                    }
                    Err(e) => view! { <ApiErrorAlert error=e test_id="install-error" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The options, the snippet and the preview for `keys` (active public keys).
#[component]
fn SnippetBuilder(keys: Vec<ApiKey>) -> impl IntoView {
    let ctx = use_admin();
    let first = keys[0].id;
    let chosen = RwSignal::new(first);
    let views = RwSignal::new(vec!["consent", "dsr"]);
    let locale = RwSignal::new(None::<&'static str>);
    let copied = RwSignal::new(false);
    let keys = StoredValue::new(keys);
    let options = Memo::new(move |_| {
        let session = ctx.session.get().unwrap_or_default();
        // `keys` is never empty (the page shows this builder only then).
        let key = keys.with_value(|ks| {
            let id = chosen.get();
            ks.iter().find(|k| k.id == id).unwrap_or(&ks[0]).clone()
        });
        SnippetOptions {
            base: session.base.trim_end_matches('/').to_owned(),
            workspace: session.workspace.clone(),
            organization: session.organization.clone(),
            project: key.project_id.unwrap_or(session.project),
            key: key.key.unwrap_or_default(),
            views: views.get(),
            locale: locale.get(),
        }
    });
    // A new option is a new snippet: "Copied" no longer holds.
    Effect::new(move |_| {
        options.track();
        copied.set(false);
    });
    view! {
        <div class="pw-split">
            <section class="pw-card pw-form" aria-labelledby="install-options-title">
                <h2 id="install-options-title">{move || ctx.t(Key::InstallOptions)}</h2>
                <div class="pw-field">
                    <label class="pw-field__label" for="install-key">{move || ctx.t(Key::WidgetKey)}</label>
                    <select id="install-key" data-testid="install-key"
                        on:change:target=move |ev| chosen.set(ev.target().value().parse().unwrap_or(first))>
                        {keys.get_value().into_iter().map(|k| {
                            let id = k.id;
                            let name = format!("{} ({})", k.name.unwrap_or_default(), k.hint.unwrap_or_default());
                            view! { <option value=id.to_string() selected=move || chosen.get() == id>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <CheckboxGroup
                    legend=Signal::derive(move || ctx.t(Key::InstallViews).to_owned())
                    options=vec!["consent", "dsr"]
                    selected=views
                    on_change=Callback::new(move |v: Vec<&'static str>| {
                        // At least one view: the last box cannot be unticked.
                        if !v.is_empty() {
                            views.set(["consent", "dsr"].into_iter().filter(|x| v.contains(x)).collect());
                        }
                    })
                    id_prefix="install-view"
                    key=|v: &&'static str| (*v).to_owned()
                    label=Callback::new(move |v: &'static str| ctx.t(if v == "consent" { Key::PrivacyChoices } else { Key::MakeRequest }).to_owned())
                />
                <div class="pw-field">
                    <label class="pw-field__label" for="install-locale">{move || ctx.t(Key::FieldLocale)}</label>
                    <select id="install-locale" data-testid="install-locale"
                        on:change:target=move |ev| locale.set(Locale::from_tag(&ev.target().value()).map(Locale::tag))>
                        <option value="" selected=move || locale.get().is_none()>{move || ctx.t(Key::VisitorLanguage)}</option>
                        {Locale::ALL.into_iter().map(|l| view! {
                            <option value=l.tag() selected=move || locale.get() == Some(l.tag())>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <h2 id="install-snippet-title">{move || ctx.t(Key::Snippet)}</h2>
                <p class="pw-muted">{move || ctx.t(Key::SnippetHint)}</p>
                <pre class="pw-snippet" aria-labelledby="install-snippet-title" tabindex="0"><code data-testid="snippet">{move || options.with(SnippetOptions::snippet)}</code></pre>
                <div class="pw-actions">
                    <button type="button" class="pw-btn pw-btn--primary" data-testid="snippet-copy"
                        on:click=move |_| {
                            let text = options.with_untracked(SnippetOptions::snippet);
                            leptos::task::spawn_local(async move {
                                copied.set(browser::copy_text(&text).await.is_ok());
                            });
                        }>
                        {move || ctx.t(Key::Copy)}
                    </button>
                    <span role="status" data-testid="snippet-copied">{move || copied.get().then(|| ctx.t(Key::Copied))}</span>
                </div>
            </section>
            <section class="pw-card" aria-labelledby="install-preview-title">
                <h2 id="install-preview-title">{move || ctx.t(Key::Preview)}</h2>
                <iframe class="pw-preview" data-testid="preview"
                    title=move || ctx.t(Key::PreviewTitle)
                    src=move || {
                        let base = ctx.session.with(|s| s.as_ref().map(|s| s.base.trim_end_matches('/').to_owned()).unwrap_or_default());
                        format!("{base}{}", options.with(SnippetOptions::preview_path))
                    }></iframe>
            </section>
        </div>
    }
}
