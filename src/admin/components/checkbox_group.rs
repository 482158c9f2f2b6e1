//! A group of checkboxes under a legend, one per choice: the inbox filters
//! (states, request types, tags), a request's types and a consent type's
//! valid states. The group only reads a selection and proposes the next one;
//! the caller decides where it lives (a draft, the URL query).
use leptos::prelude::*;

use crate::admin::query::toggled;

/// A `<fieldset>` of checkboxes. Each box's `id` and `data-testid` are
/// `{id_prefix}-{key(choice)}`; (un)checking one calls `on_change` with the
/// selection plus or minus that choice (added at the end).
#[component]
pub fn CheckboxGroup<T>(
    /// The group's name (the `<legend>`).
    #[prop(into)]
    legend: Signal<String>,
    /// The choices, in the order shown.
    #[prop(into)]
    options: Signal<Vec<T>>,
    /// The checked choices.
    #[prop(into)]
    selected: Signal<Vec<T>>,
    /// The selection the user asked for.
    on_change: Callback<Vec<T>>,
    /// Prefix of each checkbox's id and test id.
    id_prefix: &'static str,
    /// A choice's stable key: the end of its id, and the key of its row.
    key: fn(&T) -> String,
    /// A choice's label (read reactively: it may follow the language).
    label: Callback<T, String>,
    /// Takes the whole row (long labels).
    #[prop(optional)]
    wide: bool,
    /// Optional `data-testid` of the fieldset.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Shown after the boxes (e.g. "none yet").
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    view! {
        <fieldset class="pw-fieldset" class:pw-fieldset--wide=wide data-testid=testid>
            <legend>{legend}</legend>
            <For
                each=move || options.get()
                key=move |choice: &T| key(choice)
                children=move |choice: T| {
                    let id = format!("{id_prefix}-{}", key(&choice));
                    let (for_id, input_id) = (id.clone(), id.clone());
                    let (checked, toggle, text) = (choice.clone(), choice.clone(), choice);
                    view! {
                        <label class="pw-check" for=for_id>
                            <input
                                type="checkbox"
                                id=input_id
                                data-testid=id
                                prop:checked=move || selected.with(|s| s.contains(&checked))
                                on:change=move |_| {
                                    on_change.run(selected.with_untracked(|s| toggled(s, &toggle)))
                                }
                            />
                            {move || label.run(text.clone())}
                        </label>
                    }
                }
            />
            {children.map(|c| c())}
        </fieldset>
    }
}
