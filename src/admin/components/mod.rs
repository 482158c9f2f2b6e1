//! Small presentational components of the admin page, one public component per file.
pub mod api_error_alert;
pub mod badge;
pub mod bar_chart;
pub mod checkbox_group;
pub mod column_chart;
pub mod confirm_dialog;
pub mod consent_type_form;
pub mod deadline_badge;
pub mod dsr_filters;
pub mod dsr_tags;
pub mod locale_switcher;
pub mod pager;
pub mod state_badge;

pub use api_error_alert::ApiErrorAlert;
pub use badge::Badge;
pub use bar_chart::BarChart;
pub use checkbox_group::CheckboxGroup;
pub use column_chart::ColumnChart;
pub use confirm_dialog::ConfirmDialog;
pub use consent_type_form::ConsentTypeForm;
pub use deadline_badge::DeadlineBadge;
pub use dsr_filters::DsrFilters;
pub use dsr_tags::DsrTags;
pub use locale_switcher::LocaleSwitcher;
pub use pager::Pager;
pub use state_badge::StateBadge;
