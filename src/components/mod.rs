//! Small presentational components shared by the widget and the admin page.
mod field;

pub use field::{Field, FieldKind, FieldValue};
