//! The requester's status page (`privacy-request`, request.html -> dist/request/):
//! panic hook and mount, nothing else.
fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    privacy_widget::request::mount();
}
