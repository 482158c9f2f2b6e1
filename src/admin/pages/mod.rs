//! One file per route of the admin page.
pub mod access;
pub mod consent_records;
pub mod consent_types;
pub mod contacts;
pub mod dashboard;
pub mod dsr_detail;
pub mod dsr_list;
pub mod install;
pub mod outbox;
pub mod settings;
pub mod sign_in;

pub use access::Access;
pub use consent_records::ConsentRecords;
pub use consent_types::ConsentTypes;
pub use contacts::Contacts;
pub use dashboard::Dashboard;
pub use dsr_detail::DsrDetail;
pub use dsr_list::DsrList;
pub use install::Install;
pub use outbox::Outbox;
pub use settings::Settings;
pub use sign_in::SignIn;
