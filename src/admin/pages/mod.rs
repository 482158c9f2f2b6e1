//! One file per route of the admin page.
pub mod consent_types;
pub mod contacts;
pub mod dashboard;
pub mod dsr_detail;
pub mod dsr_list;
pub mod sign_in;

pub use consent_types::ConsentTypes;
pub use contacts::Contacts;
pub use dashboard::Dashboard;
pub use dsr_detail::DsrDetail;
pub use dsr_list::DsrList;
pub use sign_in::SignIn;
