//! Server pagination controls: first / previous / next / last, "page x of y",
//! and the page size. Page numbers are 1-based like the reference server's.
use leptos::prelude::*;

use crate::admin::messages::fill;
use crate::admin::query::{page_count, SIZES};
use crate::admin::session::use_admin;
use crate::i18n::Key;

/// Pager for a list of `total` rows shown `size` per page.
#[component]
pub fn Pager(
    /// Current page (1-based).
    #[prop(into)]
    page: Signal<u32>,
    /// Rows per page.
    #[prop(into)]
    size: Signal<u32>,
    /// Rows matching the filters.
    #[prop(into)]
    total: Signal<u64>,
    /// Asked to show another page.
    on_page: Callback<u32>,
    /// Asked to change the page size.
    on_size: Callback<u32>,
    /// How the total is worded (a `{n}` template): "{n} requests" unless set.
    #[prop(optional)]
    total_key: Option<Key>,
) -> impl IntoView {
    let total_key = total_key.unwrap_or(Key::TotalRequests);
    let ctx = use_admin();
    let pages = move || page_count(total.get(), size.get());
    let at_start = move || page.get() <= 1;
    let at_end = move || page.get() >= pages();
    let button = move |testid: &'static str,
                       key: Key,
                       text: &'static str,
                       disabled: Signal<bool>,
                       target: Signal<u32>| {
        view! {
            <button
                type="button"
                class="pw-btn pw-btn--ghost"
                data-testid=testid
                aria-label=move || ctx.t(key)
                title=move || ctx.t(key)
                disabled=move || disabled.get()
                on:click=move |_| on_page.run(target.get())
            >
                <span aria-hidden="true">{text}</span>
            </button>
        }
    };
    view! {
        <nav class="pw-pager" aria-label=move || ctx.t(Key::Pagination) data-testid="pager">
            {button("pager-first", Key::FirstPage, "«", Signal::derive(at_start), Signal::derive(|| 1))}
            {button("pager-prev", Key::PrevPage, "‹", Signal::derive(at_start), Signal::derive(move || page.get().saturating_sub(1).max(1)))}
            <span class="pw-pager__status" data-testid="pager-status" aria-live="polite">
                {move || {
                    fill(ctx.t(Key::PageOf), page.get()).replace("{pages}", &pages().to_string())
                }}
                " · "
                {move || fill(ctx.t(total_key), total.get())}
            </span>
            {button("pager-next", Key::NextPage, "›", Signal::derive(at_end), Signal::derive(move || (page.get() + 1).min(pages())))}
            {button("pager-last", Key::LastPage, "»", Signal::derive(at_end), Signal::derive(pages))}
            <label class="pw-pager__size">
                {move || ctx.t(Key::PageSize)}
                <select
                    data-testid="pager-size"
                    on:change:target=move |ev| {
                        if let Ok(s) = ev.target().value().parse() {
                            on_size.run(s);
                        }
                    }
                >
                    {SIZES
                        .into_iter()
                        .map(|s| view! { <option value=s selected=move || size.get() == s>{s}</option> })
                        .collect_view()}
                </select>
            </label>
        </nav>
    }
}
