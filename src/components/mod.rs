//! Small presentational components shared by the widget and the admin page.
mod text_field;

pub use text_field::TextField;
