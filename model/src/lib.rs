//! Seed API types and validation, shared by the widget, the admin page and the server.
//! Filled in by the models issue; the build chain only needs the crate to exist.
