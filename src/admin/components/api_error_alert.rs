//! The one way the admin page shows a failed API call.
use leptos::prelude::*;

use crate::admin::messages::api_error_text;
use crate::admin::session::use_admin;
use crate::api::ApiError;

/// An error alert with the localized text of `error` (re-translated when the
/// language changes); `test_id` names it for tests.
#[component]
pub fn ApiErrorAlert(
    error: ApiError,
    #[prop(optional)] test_id: Option<&'static str>,
) -> impl IntoView {
    let ctx = use_admin();
    view! {
        <p class="pw-alert pw-alert--error" role="alert" data-testid=test_id>
            {move || api_error_text(ctx.locale.get(), &error)}
        </p>
    }
}
