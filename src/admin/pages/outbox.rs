//! The mail outbox (issue 16, `GET /v1/ws/{ws}/outbox`): every e-mail the
//! server sent to requesters and the team, or wrote to its outbox folder when
//! no SMTP server is configured, newest first, paged by the server. The page
//! and its size live in the URL like the other lists.
use crate::browser::LatestLoad;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

use crate::admin::components::{loaded_items, Loaded, OutboxTable, Pager};
use crate::admin::query::DEFAULT_SIZE;
use crate::admin::session::use_admin;
use crate::api::{self, ApiError};
use crate::i18n::Key;

/// The page's route.
pub const PATH: &str = "/outbox";

/// The page and its size, from the URL (defaults for anything else).
fn paging(params: &ParamsMap) -> (u32, u32) {
    let number = |k: &str| params.get(k).and_then(|v| v.trim().parse::<u32>().ok());
    (
        number("page").unwrap_or(1).max(1),
        number("size")
            .filter(|s| (1..=500).contains(s))
            .unwrap_or(DEFAULT_SIZE),
    )
}

/// The page's address for `page` and `size` (defaults left out).
fn href(page: u32, size: u32) -> String {
    let mut pairs = Vec::new();
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    if size != DEFAULT_SIZE {
        pairs.push(("size", size.to_string()));
    }
    if pairs.is_empty() {
        PATH.to_owned()
    } else {
        format!("{PATH}?{}", pw_model::dsr::encode_query(&pairs))
    }
}

/// The outbox page.
#[component]
pub fn Outbox() -> impl IntoView {
    let ctx = use_admin();
    let client = ctx.client();
    let params = use_query_map();
    let at = Memo::new(move |_| params.with(paging));
    let navigate = use_navigate();
    let go = Callback::new(move |(page, size): (u32, u32)| {
        navigate(&href(page, size), Default::default())
    });
    let in_flight = LatestLoad::new();
    let total = RwSignal::new(0u64);
    let mails = LocalResource::new(move || {
        let ((page, size), client) = (at.get(), client.clone());
        let controller = in_flight.start();
        async move {
            let signal = controller.as_ref().map(|c| c.signal());
            let p = api::workspace::outbox(&client, page, size, signal.as_ref()).await?;
            total.set(p.total);
            Ok::<_, ApiError>(p.items)
        }
    });
    view! {
        <h1>{move || ctx.t(Key::NavOutbox)}</h1>
        <p class="pw-muted">{move || ctx.t(Key::OutboxIntro)}</p>
        <div class="pw-table-wrap" data-testid="outbox-list">
            <Loaded list=mails empty=Key::NoMails error_id="outbox-error">
                <OutboxTable mails=Signal::derive(move || loaded_items(mails)) />
            </Loaded>
        </div>
        <Pager
            page=Signal::derive(move || at.get().0)
            size=Signal::derive(move || at.get().1)
            total=total
            on_page=Callback::new(move |page| go.run((page, at.get_untracked().1)))
            on_size=Callback::new(move |size| go.run((1, size)))
            total_key=Key::TotalMails
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_leave_defaults_out() {
        assert_eq!(href(1, DEFAULT_SIZE), "/outbox");
        assert_eq!(href(3, 20), "/outbox?page=3&size=20");
    }
}
