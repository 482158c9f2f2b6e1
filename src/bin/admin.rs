//! Admin page entry point: panic hook and mount, nothing else.
fn main() {
    console_error_panic_hook::set_once();
    privacy_widget::admin::mount_to_body();
}
