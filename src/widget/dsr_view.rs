//! The DSR bundle's one view: the form until the server confirmed, then the
//! confirmation.
use leptos::prelude::*;
use pw_model::DsrReceipt;

use super::{emit, DsrForm, DsrSuccess};

/// `privacywidget:dsr-submitted`'s detail.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Submitted {
    id: Option<i64>,
    expiry_time: Option<String>,
}

/// The form, then its confirmation; tells the host page once a request is in.
#[component]
pub fn DsrView() -> impl IntoView {
    let sent = RwSignal::new(None::<DsrReceipt>);
    let on_sent = Callback::new(move |dsr: DsrReceipt| {
        emit(
            "privacywidget:dsr-submitted",
            &Submitted {
                id: dsr.id,
                expiry_time: dsr.expiry_time.clone(),
            },
        );
        sent.set(Some(dsr));
    });
    let on_new = Callback::new(move |()| sent.set(None));
    move || match sent.get() {
        Some(dsr) => view! { <DsrSuccess dsr on_new /> }.into_any(),
        None => view! { <DsrForm on_sent /> }.into_any(),
    }
}
