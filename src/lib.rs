//! Privacy Widget front end: the widget's two view bundles, the admin page,
//! and the loader's first screen rendered at build time. Each entry point is
//! compiled with only its own feature, so the widget's wasm never contains
//! admin code, and the build-time shell (`ssr`) never meets `csr`.

#[cfg(feature = "admin")]
pub mod admin;
/// The requester's status page (`privacy-request`); its feature adds its own
/// strings to the widget's, whose form parts it shares.
#[cfg(feature = "request")]
pub mod request;
#[cfg(feature = "shell")]
pub mod shell;
#[cfg(feature = "widget")]
pub mod widget;

pub mod api;
#[cfg(any(feature = "admin", feature = "widget"))]
pub mod browser;
pub mod components;
pub mod i18n;
pub mod json;
pub mod person;
