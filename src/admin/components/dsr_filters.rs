//! The inbox filter bar: every seed 002 list filter, and whether the e-mail
//! address is confirmed (`mailValidated`, issue 16). Checkboxes (states,
//! purposes, the workspace's tags by name) and selects apply at once; the text
//! filters (search, ids, widget id) apply on submit and are checked live (ids
//! must be whole numbers). Every change goes back to page 1. The bar only
//! reads a [`DsrQuery`] and proposes a new one: the page decides where the
//! query lives (the URL).
use leptos::prelude::*;
use pw_model::dsr::Tag;
use pw_model::{DsrQuery, DsrState, FieldError, Purpose, Violation};

use super::CheckboxGroup;
use crate::admin::messages::{fill, state_name};
use crate::admin::query::{id_list_text, parse_id_list, refiltered, tag_choices};
use crate::admin::session::use_admin;
use crate::components::{Field, FieldKind};
use crate::i18n::{self, violation, Key};

/// Filters for the DSR list.
#[component]
pub fn DsrFilters(
    /// The query currently shown.
    #[prop(into)]
    query: Signal<DsrQuery>,
    /// A new query the user asked for.
    on_change: Callback<DsrQuery>,
    /// The workspace's tags (`GET .../Tags`), offered by name.
    #[prop(into)]
    tags: Signal<Vec<Tag>>,
) -> impl IntoView {
    let ctx = use_admin();
    let change = move |f: &dyn Fn(&mut DsrQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        on_change.run(refiltered(q));
    };

    // The workspace's tags, plus any id the query holds that the workspace
    // does not have (so it can be unchecked).
    let tag_list = Memo::new(move |_| {
        let selected = query.with(|q| q.tags.clone());
        tags.with(|known| tag_choices(known, &selected))
    });
    let tag_label = Callback::new(move |id: i64| {
        tag_list
            .with(|l| {
                l.iter()
                    .find(|(k, _)| *k == id)
                    .and_then(|(_, label)| label.clone())
            })
            .unwrap_or_else(|| fill(ctx.t(Key::TagUnknown), id))
    });
    let no_tags = move || {
        tag_list.with(Vec::is_empty).then(|| view! { <p class="pw-muted" data-testid="filter-no-tags">{move || ctx.t(Key::TagsNone)}</p> })
    };
    let legend = move |key: Key| Signal::derive(move || ctx.t(key).to_owned());

    let bool_select = move |id: &'static str,
                            label: Key,
                            options: &'static [(Key, &'static str)],
                            get: fn(&DsrQuery) -> Option<bool>,
                            set: fn(&mut DsrQuery, Option<bool>)| {
        view! {
            <div class="pw-field">
                <label class="pw-field__label" for=id>{move || ctx.t(label)}</label>
                <select
                    id=id
                    data-testid=id
                    on:change:target=move |ev| {
                        let v = match ev.target().value().as_str() {
                            "true" => Some(true),
                            "false" => Some(false),
                            _ => None,
                        };
                        change(&|q| set(q, v));
                    }
                >
                    {options
                        .iter()
                        .map(|&(key, v)| {
                            let selected = move || query.with(|q| get(q).map(|b| b.to_string()).unwrap_or_default() == v);
                            view! { <option value=v selected=selected>{move || ctx.t(key)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };

    // The text filters are re-created only when their part of the query changes
    // (navigation, "clear"), so typing is never interrupted by a checkbox.
    let text_part = Memo::new(move |_| query.with(|q| (q.q.clone(), q.ids.clone(), q.widget_id)));
    let text_filters = move || {
        let (search0, ids0, widget0) = text_part.get();
        let search = RwSignal::new(search0.unwrap_or_default());
        let ids = RwSignal::new(id_list_text(&ids0));
        let widget = RwSignal::new(widget0.map(|w| w.to_string()).unwrap_or_default());
        let parsed = Memo::new(move |_| parse_text(&ids.get(), &widget.get()));
        let err = move |field: &'static str| {
            Signal::derive(move || {
                parsed.with(|p| {
                    p.as_ref().err().and_then(|e: &Vec<FieldError>| {
                        e.iter()
                            .find(|e| e.field == field)
                            .map(|e| violation(ctx.locale.get(), &e.violation))
                    })
                })
            })
        };
        let submitted = RwSignal::new(false);
        view! {
            <form
                class="pw-filters__text"
                data-testid="filter-text-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submitted.set(true);
                    if let Ok((ids, widget)) = parsed.get_untracked() {
                        let text = search.get_untracked();
                        change(&|q| {
                            q.q = (!text.trim().is_empty()).then(|| text.trim().to_owned());
                            q.ids = ids.clone();
                            q.widget_id = widget;
                        });
                    }
                }
            >
                <Field id="filter-q" kind=FieldKind::Text label=Signal::derive(move || ctx.t(Key::FilterSearch).to_owned()) value=search error=Signal::derive(|| None::<String>) />
                <Field id="filter-ids" label=Signal::derive(move || ctx.t(Key::FilterIds).to_owned()) value=ids error=err("ids") show_errors=submitted hint=Signal::derive(move || Some(ctx.t(Key::IdsHint).to_owned())) />
                <Field id="filter-widget" label=Signal::derive(move || ctx.t(Key::FilterWidget).to_owned()) value=widget error=err("widgetId") show_errors=submitted />
                <div class="pw-actions">
                    <button type="submit" class="pw-btn pw-btn--primary" data-testid="filter-apply">{move || ctx.t(Key::ApplyFilters)}</button>
                </div>
            </form>
        }
    };

    view! {
        <section class="pw-filters" aria-labelledby="pw-filters-title" data-testid="dsr-filters">
            <h2 id="pw-filters-title" class="pw-filters__title">{move || ctx.t(Key::Filters)}</h2>
            <div class="pw-filters__row">
                <CheckboxGroup
                    legend=legend(Key::ColState)
                    options=DsrState::ALL.to_vec()
                    selected=Signal::derive(move || query.with(|q| q.states.clone()))
                    on_change=Callback::new(move |states: Vec<DsrState>| change(&|q| q.states = states.clone()))
                    id_prefix="filter-state"
                    key=|s: &DsrState| s.as_str().to_owned()
                    label=Callback::new(move |s: DsrState| state_name(ctx.locale.get(), &s))
                />
                <CheckboxGroup
                    legend=legend(Key::ColPurposes)
                    options=Purpose::ALL.to_vec()
                    selected=Signal::derive(move || query.with(|q| q.purposes.clone()))
                    on_change=Callback::new(move |purposes: Vec<Purpose>| change(&|q| q.purposes = purposes.clone()))
                    id_prefix="filter-purpose"
                    key=|p: &Purpose| p.as_str().to_owned()
                    label=Callback::new(move |p: Purpose| i18n::purpose(ctx.locale.get(), &p).0.to_owned())
                    wide=true
                />
                <CheckboxGroup
                    legend=legend(Key::FieldTags)
                    options=Signal::derive(move || tag_list.with(|l| l.iter().map(|(id, _)| *id).collect::<Vec<_>>()))
                    selected=Signal::derive(move || query.with(|q| q.tags.clone()))
                    on_change=Callback::new(move |ids: Vec<i64>| change(&|q| q.tags = ids.clone()))
                    id_prefix="filter-tag"
                    key=|id: &i64| id.to_string()
                    label=tag_label
                    wide=true
                    testid="filter-tags"
                >
                    {no_tags}
                </CheckboxGroup>
                <div class="pw-filters__selects">
                    {bool_select(
                        "filter-archived",
                        Key::FilterArchived,
                        &[(Key::ArchivedExclude, ""), (Key::ArchivedOnly, "true")],
                        |q| q.archived,
                        |q, v| q.archived = v,
                    )}
                    {bool_select(
                        "filter-overtaking",
                        Key::FilterOvertaking,
                        &[(Key::OvertakingAny, ""), (Key::OvertakingOnly, "true"), (Key::OvertakingNot, "false")],
                        |q| q.overtaking,
                        |q, v| q.overtaking = v,
                    )}
                    {bool_select(
                        "filter-mail-validated",
                        Key::FilterEmailVerified,
                        &[(Key::EmailAnyState, ""), (Key::EmailVerified, "true"), (Key::EmailNotVerified, "false")],
                        |q| q.mail_validated,
                        |q, v| q.mail_validated = v,
                    )}
                </div>
            </div>
            {text_filters}
            <div class="pw-actions">
                <button
                    type="button"
                    class="pw-btn pw-btn--ghost"
                    data-testid="filter-clear"
                    on:click=move |_| {
                        let q = query.get_untracked();
                        on_change.run(DsrQuery { size: q.size, sort_by: q.sort_by, asc: q.asc, ..Default::default() });
                    }
                >
                    {move || ctx.t(Key::ClearFilters)}
                </button>
            </div>
        </section>
    }
}

type TextFilters = (Vec<i64>, Option<i64>);

/// The two numeric text filters, or every field that is not a number.
fn parse_text(ids: &str, widget: &str) -> Result<TextFilters, Vec<FieldError>> {
    let ids = parse_id_list("ids", ids);
    let widget = match widget.trim() {
        "" => Ok(None),
        w => w
            .parse()
            .map(Some)
            .map_err(|_| FieldError::new("widgetId", Violation::Integer)),
    };
    match (ids, widget) {
        (Ok(i), Ok(w)) => Ok((i, w)),
        (i, w) => Err([i.err(), w.err()].into_iter().flatten().collect()),
    }
}
