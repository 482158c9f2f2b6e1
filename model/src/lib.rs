//! Seed API types and validation, shared by the widget, the admin page (wasm) and the
//! server (native): one typed contract for the three APIs in `shared/seeds/`.
//!
//! - [`dsr`]: Dastra data subject requests (seed 002).
//! - [`consent_type`]: Concord consent types (seed 001).
//! - [`contact`]: Concord data system contacts (seed 000), URN-service contacts (seed 003).
//! - [`error_body`]: the seeds' error bodies and numbered codes.
//! - [`validate`]: field-keyed validation used by the forms and the server alike.
//! - [`access`]: API keys and allowed origins of a workspace.
//! - [`settings`]: a workspace's widget settings (intake rules, languages, look).
//! - [`duration`]: ISO 8601 durations (`consentDuration`) and consent expiry.
//! - [`csv`]: one CSV cell, formula injection neutralised (both exports).
//! - [`requester`]: the requester's side of a DSR (verification, messages, closing).
//!
//! Dependencies are serde and serde_json only: the crate ships inside the widget's wasm,
//! so formats are checked by small hand-written functions, not regex (STYLE 12).
//! Every enum keeps unknown values as `Other(String)`, so a newer server never fails a
//! whole response.

pub mod access;
pub mod consent_record;
pub mod consent_type;
pub mod contact;
pub mod csv;
pub mod dsr;
pub mod duration;
pub mod error_body;
pub mod requester;
pub mod settings;
pub(crate) mod string_enum;
pub mod validate;

pub use consent_type::{Category, ConsentState, ConsentStatus, ConsentType, NewConsentType};
pub use contact::{
    Collection, ContactStatus, CreateContactRequest, DataSystem, DataSystemContact,
    NewDataSystemContact, OrganisationContact,
};
pub use dsr::{
    DataSubjectRequest, Dsr, DsrIntake, DsrQuery, DsrReceipt, DsrState, NewDsr, Paged, Purpose,
    RequiredFields, WorkflowChange, IDEMPOTENCY_KEY_HEADER,
};
pub use duration::IsoDuration;
pub use error_body::{ErrorBody, UrnError, UrnErrorCode};
pub use settings::{DeadlinePolicy, RegionPolicy, RegionRule, Theme, WidgetSettings};
pub use validate::{FieldError, Validate, Violation};
