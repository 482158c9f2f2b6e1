//! The privacy team's admin page.
use leptos::prelude::*;

/// Root of the admin page.
#[component]
pub fn AdminApp() -> impl IntoView {
    view! {
        <main class="pw-admin">
            <h1>"Privacy Widget admin"</h1>
        </main>
    }
}

/// Mounts [`AdminApp`] on `<body>` for the lifetime of the page.
pub fn mount_to_body() {
    leptos::mount::mount_to_body(AdminApp);
}
