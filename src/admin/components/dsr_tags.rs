//! The tags of one request, inside its edit form: each tag with a remove
//! button, a select of the workspace's other tags to add, and a new tag that
//! is created at once (`POST .../Tags`) and added. Nothing here saves the
//! request: the tags travel with the form's PUT, like every other field.
use leptos::prelude::*;
use pw_model::dsr::Tag;
use pw_model::Validate;

use crate::admin::form::CreateKey;
use crate::admin::messages::api_error_text;
use crate::admin::session::use_admin;
use crate::api;
use crate::components::Field;
use crate::i18n::{violation, Key};

/// The request's tags (`chosen`) and the workspace's (`known`, which grows by
/// the tags created here).
#[component]
pub fn DsrTags(
    /// The tags the request will be saved with.
    chosen: RwSignal<Vec<Tag>>,
    /// Every tag of the workspace, by label.
    known: RwSignal<Vec<Tag>>,
) -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let pick = RwSignal::new(String::new());
    let new_label = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let create_error = RwSignal::new(None::<String>);
    let key = CreateKey::new();

    let add = move |tag: Tag| {
        chosen.update(|c| {
            if !c.iter().any(|t| t.id == tag.id) {
                c.push(tag);
            }
        });
    };
    let addable = Memo::new(move |_| {
        let chosen = chosen.with(|c| c.iter().filter_map(|t| t.id).collect::<Vec<_>>());
        known.with(|k| {
            k.iter()
                .filter(|t| t.id.is_some_and(|id| !chosen.contains(&id)))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let add_picked = move || {
        let wanted = pick.get_untracked().parse::<i64>().ok();
        if let Some(tag) = wanted
            .and_then(|id| known.with_untracked(|k| k.iter().find(|t| t.id == Some(id)).cloned()))
        {
            add(tag);
        }
        pick.set(String::new());
    };

    let new_tag = Memo::new(move |_| Tag {
        label: Some(new_label.get().trim().to_owned()),
        ..Default::default()
    });
    let label_error = Signal::derive(move || {
        new_tag.with(|t| {
            t.validate()
                .first()
                .map(|e| violation(ctx.locale.get(), &e.violation))
        })
    });
    let create = Action::new_local(move |tag: &Tag| {
        let (client, tag) = (client.clone(), tag.clone());
        async move {
            match api::tag::create(&client, &tag, &key.get()).await {
                Ok(made) => {
                    key.renew();
                    known.update(|k| {
                        k.push(made.clone());
                        k.sort_by_key(|t| t.label.clone().unwrap_or_default().to_lowercase());
                    });
                    add(made);
                    new_label.set(String::new());
                    tried.set(false);
                    create_error.set(None);
                }
                Err(e) => create_error.set(Some(api_error_text(ctx.locale.get_untracked(), &e))),
            }
        }
    });
    // A label the workspace already has is that tag: no request, no 409.
    let create_and_add = move || {
        tried.set(true);
        if label_error.get_untracked().is_some() || create.pending().get_untracked() {
            return;
        }
        let tag = new_tag.get_untracked();
        let existing = known.with_untracked(|k| {
            k.iter()
                .find(|t| t.label.as_deref() == tag.label.as_deref())
                .cloned()
        });
        match existing {
            Some(t) => {
                add(t);
                new_label.set(String::new());
                tried.set(false);
            }
            None => {
                create.dispatch(tag);
            }
        }
    };

    view! {
        <fieldset class="pw-fieldset pw-fieldset--wide" data-testid="dsr-tags">
            <legend>{move || ctx.t(Key::FieldTags)}</legend>
            <ul class="pw-badges" data-testid="dsr-tag-list">
                <For
                    each=move || chosen.get()
                    key=|t: &Tag| (t.id, t.label.clone())
                    children=move |t: Tag| {
                        let label = t.label.clone().unwrap_or_default();
                        let id = t.id;
                        let remove_label = label.clone();
                        view! {
                            <li class="pw-badge pw-badge--neutral" data-testid=format!("dsr-tag-{}", id.unwrap_or_default())>
                                {label}
                                " "
                                <button type="button" class="pw-btn pw-btn--ghost"
                                    data-testid=format!("dsr-tag-remove-{}", id.unwrap_or_default())
                                    aria-label=move || ctx.t(Key::TagRemove).replace("{name}", &remove_label)
                                    on:click=move |_| chosen.update(|c| c.retain(|x| x.id != id))>
                                    "×"
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            {move || chosen.with(Vec::is_empty).then(|| view! { <p class="pw-muted" data-testid="dsr-no-tags">{move || ctx.t(Key::TagsNone)}</p> })}
            <div class="pw-inline">
                <div class="pw-field">
                    <label class="pw-field__label" for="dsr-tag-pick">{move || ctx.t(Key::TagAdd)}</label>
                    <select id="dsr-tag-pick" data-testid="dsr-tag-pick"
                        prop:value=move || pick.get()
                        on:change:target=move |ev| pick.set(ev.target().value())>
                        <option value="">{move || ctx.t(Key::TagChoose)}</option>
                        <For
                            each=move || addable.get()
                            key=|t: &Tag| (t.id, t.label.clone())
                            children=move |t: Tag| {
                                view! { <option value=t.id.unwrap_or_default().to_string()>{t.label.unwrap_or_default()}</option> }
                            }
                        />
                    </select>
                </div>
                <button type="button" class="pw-btn" data-testid="dsr-tag-add"
                    disabled=move || pick.with(String::is_empty)
                    on:click=move |_| add_picked()>
                    {move || ctx.t(Key::TagAddButton)}
                </button>
            </div>
            // Enter in the new tag's input creates it instead of submitting the
            // request's form.
            <div class="pw-inline" on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    create_and_add();
                }
            }>
                <Field id="dsr-tag-new" label=Signal::derive(move || ctx.t(Key::TagNew).to_owned())
                    value=new_label error=label_error show_errors=tried />
                <button type="button" class="pw-btn" data-testid="dsr-tag-create"
                    disabled=move || create.pending().get()
                    on:click=move |_| create_and_add()>
                    {move || ctx.t(Key::TagCreate)}
                </button>
            </div>
            <p class="pw-muted" role="status" class:pw-status--error=move || create_error.with(Option::is_some) data-testid="dsr-tag-status">
                {move || create_error.get().unwrap_or_else(|| ctx.t(Key::TagsSaveHint).to_owned())}
            </p>
        </fieldset>
    }
}
