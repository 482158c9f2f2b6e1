//! Privacy Widget front end: the embeddable widget and the admin page, two entry
//! points over shared modules. Each entry point is compiled with only its own
//! feature, so the widget's wasm never contains admin code.

#[cfg(feature = "admin")]
pub mod admin;
#[cfg(feature = "widget")]
pub mod widget;

pub mod api;
pub mod components;
pub mod i18n;
