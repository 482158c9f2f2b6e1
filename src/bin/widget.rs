//! Widget entry point. The loader (`public/loader.js`) initialises this module and
//! calls the exported `mount`; `main` only installs the panic hook.
pub use privacy_widget::widget::mount;

fn main() {
    console_error_panic_hook::set_once();
}
