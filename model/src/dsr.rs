//! Dastra data subject requests (seed 002, "API integration"): the DSR object with every
//! nested object, the paged list, the workflow body, the list query and the intake rules.
//!
//! One type, [`DataSubjectRequest`], serves the widget's partial create body, the create
//! response, the full admin PUT body and the list items: every field is optional and absent
//! fields are not serialized, so each of the seed's examples round-trips exactly.
//! Timestamps stay ISO 8601 strings (no chrono in the widget); the browser formats them.
//! Unknown JSON fields are ignored rather than rejected, so a newer server cannot break us.
//!
//! Enums: the seed shows ONE example value for most of them (personCategory "Prospect",
//! channel "Internal", ...). Only values the seed states are listed as variants; anything
//! else arrives as `Other(String)` and round-trips. State and purpose lists are complete:
//! the seed's list-query section enumerates them.

use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;
use crate::validate::{
    check_len, distinct, format, is_country_code, is_email, is_http_url, is_phone, items, known,
    len, Errors, FieldError, Validate, Violation,
};

/// Header carrying a client-chosen key on create POSTs, so a retried submit can never
/// create two requests (issue 3); the server replays the first response for a repeated key.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

string_enum! {
    /// Processing state of a request (seed 002: `states` filter).
    pub enum DsrState {
        /// Received, not yet handled.
        Open = "Open",
        /// Waiting for the data subject to prove their identity.
        IdentityValidation = "IdentityValidation",
        /// Being processed.
        Processing = "Processing",
        /// Active.
        Active = "Active",
        /// Closed (see `closedReason`).
        Closed = "Closed",
    }
}

string_enum! {
    /// The right exercised (seed 002: `purposes` filter; GDPR articles 15 to 22).
    pub enum Purpose {
        /// Not stated.
        Unknown = "Unknown",
        /// Information.
        Information = "Information",
        /// Right of access (art. 15).
        Access = "Access",
        /// Rectification (art. 16).
        Rectification = "Rectification",
        /// Erasure (art. 17).
        Erasure = "Erasure",
        /// Restriction of processing (art. 18).
        Restriction = "Restriction",
        /// Objection (art. 21).
        Opposition = "Opposition",
        /// Data portability (art. 20).
        Portability = "Portability",
        /// Directives on data after death (French law).
        AdvanceDirectives = "AdvanceDirectives",
        /// Automated individual decision-making (art. 22).
        AutomatedDecision = "AutomatedDecision",
    }
}

string_enum! {
    /// Who the data subject is to the organisation. The seed shows only
    /// "Prospect"; the others are ours, offered by the intake form.
    pub enum PersonCategory {
        /// A prospect.
        Prospect = "Prospect",
        /// A customer.
        Customer = "Customer",
        /// An employee or former employee.
        Employee = "Employee",
        /// A job applicant.
        Candidate = "Candidate",
    }
}

string_enum! {
    /// How the request arrived. The seed shows only "Internal"; "Widget" is
    /// what our intake widget sends.
    pub enum Channel {
        /// Entered by the organisation itself.
        Internal = "Internal",
        /// Filed by the data subject through the embedded widget.
        Widget = "Widget",
    }
}

string_enum! {
    /// Why a request was closed (seed shows only "None"; the others are our
    /// extension, set by `POST .../close`).
    pub enum ClosedReason {
        /// Not closed, or no reason given.
        None = "None",
        /// Done as asked.
        Completed = "Completed",
        /// Refused (e.g. manifestly unfounded or excessive, Art. 12(5)).
        Rejected = "Rejected",
        /// The requester withdrew it.
        Withdrawn = "Withdrawn",
        /// The same request was already filed.
        Duplicate = "Duplicate",
        /// The requester's identity could not be verified.
        IdentityNotVerified = "IdentityNotVerified",
    }
}

string_enum! {
    /// Kind of actor (DPO, referent, representative; seed shows only "Physical").
    pub enum ActorType {
        /// A natural person.
        Physical = "Physical",
    }
}

string_enum! {
    /// Vendor relationship of an actor (seed shows only "B2B").
    pub enum VendorType {
        /// Business to business.
        B2B = "B2B",
    }
}

string_enum! {
    /// Access level of an actor (seed shows only "None").
    pub enum AccessLevel {
        /// No access.
        None = "None",
    }
}

string_enum! {
    /// What a tag applies to (seed shows only "DataProcessing").
    pub enum TagType {
        /// Processing activities.
        DataProcessing = "DataProcessing",
    }
}

string_enum! {
    /// Kind of organisational area (seed shows only "Entity").
    pub enum AreaType {
        /// A legal entity.
        Entity = "Entity",
    }
}

string_enum! {
    /// Which workflow a step belongs to (seed shows only "DataSubject").
    pub enum WorkFlowStepType {
        /// The data subject request workflow.
        DataSubject = "DataSubject",
    }
}

/// A data subject request (seed 002, "The object of the data subject right request").
///
/// Lengths are not bounded by the seed; the intake limits are ours, see [`Self::validate_new`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSubjectRequest {
    /// User who closed the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by_user: Option<DsrUser>,
    /// Organisational area handling the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// User who created the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<DsrUser>,
    /// User assigned to the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<DsrUser>,
    /// Id of `operator` (GET / PUT / list examples only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_id: Option<i64>,
    /// Files exchanged with the data subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// Server id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Title; intake limit 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Locale of the data subject, e.g. "fr".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Archived flag (see the archive / restore endpoints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_date: Option<String>,
    /// Category of the data subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_category: Option<PersonCategory>,
    /// Flagged as complex (extends the legal deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complex: Option<bool>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_closed: Option<String>,
    /// Id of `area`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<i64>,
    /// Processing state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DsrState>,
    /// Internal description; intake limit 10000 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The data subject's message; intake limit 10000 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Answer sent on closing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_message: Option<String>,
    /// Data subject's e-mail; e-mail format, <= 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Data subject's phone; phone format, <= 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Given name; <= 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name; <= 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_creation: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_update: Option<String>,
    /// Current workflow step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_flow_step: Option<WorkFlowStep>,
    /// Id of `workFlowStep` (change it with [`WorkflowChange`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_flow_step_id: Option<i64>,
    /// How the request arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// External reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// Id of the data subject in the host's system (a string in the seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Rights exercised; at least one known value at intake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purposes: Option<Vec<Purpose>>,
    /// Why it was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_reason: Option<ClosedReason>,
    /// Free text for `closedReason`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_reason_description: Option<String>,
    /// Legal deadline, ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<String>,
    /// Postal address; <= 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Postal code; <= 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// City; <= 256 chars (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 at intake (ours; the seed's placeholder is "st").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Number of messages exchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nb_messages: Option<i64>,
    /// Messages the operator has not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nb_messages_not_viewed: Option<i64>,
    /// Days left before `expiryTime` (negative once overdue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_days: Option<i64>,
    /// Time it took to close (an integer in the seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing_time: Option<i64>,
    /// Custom fields, serialized by Dastra as a JSON string (sic, "Datas").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_datas: Option<String>,
    /// Whether the data subject was notified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_notified: Option<bool>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_user_notified: Option<String>,
    /// Send e-mail notifications to the data subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_notification: Option<bool>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_validation_date: Option<String>,
    /// Whether the e-mail address was confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_validated: Option<bool>,
    /// Page the widget was on; absolute URI, <= 2048 chars at intake (ours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer_url: Option<String>,
    /// Public reference of the request (a string in the seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_id: Option<String>,
    /// Whether the identity was validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_validated: Option<bool>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_identity_validated: Option<String>,
    /// Widget the request came from (`widgetId` filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widget_id: Option<i64>,
}

/// Short name used by the api module and the admin pages.
pub type Dsr = DataSubjectRequest;
/// A create body is a [`DataSubjectRequest`] with only the intake fields set.
pub type NewDsr = DataSubjectRequest;

/// Defines [`DsrIntake`] from one list of [`DataSubjectRequest`] fields (same
/// names, types and JSON names) with the conversions both ways: a type that
/// differs from the request's does not compile.
macro_rules! intake {
    ($($field:ident: $ty:ty,)*) => {
        /// The fields a public client (the widget's form) may set on a create:
        /// the server keeps only these from a public POST (`From` both ways),
        /// and the widget sends exactly these, so its bundle carries the
        /// encoder of this short struct, not that of the whole request.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct DsrIntake {
            $(
                #[allow(missing_docs)]
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: $ty,
            )*
        }

        impl From<DsrIntake> for DataSubjectRequest {
            fn from(i: DsrIntake) -> Self {
                Self { $($field: i.$field,)* ..Default::default() }
            }
        }

        impl From<DataSubjectRequest> for DsrIntake {
            fn from(d: DataSubjectRequest) -> Self {
                Self { $($field: d.$field,)* }
            }
        }
    };
}

intake! {
    title: Option<String>,
    locale: Option<String>,
    person_category: Option<PersonCategory>,
    message: Option<String>,
    email: Option<String>,
    phone_number: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    channel: Option<Channel>,
    user_id: Option<String>,
    purposes: Option<Vec<Purpose>>,
    address: Option<String>,
    zip_code: Option<String>,
    city: Option<String>,
    country_code: Option<String>,
    additional_datas: Option<String>,
    referrer_url: Option<String>,
    widget_id: Option<i64>,
}

/// A Dastra user (closedByUser, creator, operator, attachment creator).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DsrUser {
    /// User id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Avatar image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Tenant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<i64>,
}

/// Organisational area (entity) handling requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    /// Sort order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Child areas. The seed shows `["string"]`; Dastra may nest objects here, so the
    /// items stay untyped JSON rather than guess.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<serde_json::Value>>,
    /// Teams of the area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<Team>>,
    /// Area id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Kind of area (JSON `type`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<AreaType>,
    /// Parent area id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<i64>,
    /// Reference (JSON `ref`).
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Logo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Country code (the seed's placeholder has 3 letters here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Company registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immatriculation_number: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_address: Option<String>,
    /// Data protection officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Actor>,
    /// Internal referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referent: Option<Actor>,
    /// EU representative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Actor>,
    /// Lead supervisory authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_protection_authority: Option<DataProtectionAuthority>,
}

/// A team of an area.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    /// Team id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Reference (JSON `ref`).
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Area ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<i64>>,
    /// User ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<i64>>,
}

/// A DPO, referent or representative of an area.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// Actor id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_creation: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_update: Option<String>,
    /// Logo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Natural or legal person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_type: Option<ActorType>,
    /// Vendor relationship.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_type: Option<VendorType>,
    /// Access level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_level: Option<AccessLevel>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Read-only actor (JSON `readonly`, all lower case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readonly: Option<bool>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Contact person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    /// Contact person's position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_position: Option<String>,
    /// Company registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immatriculation_number: Option<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website_url: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
}

/// A supervisory authority (CNIL, AP, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataProtectionAuthority {
    /// Authority id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Website (JSON `siteURL`, upper-case URL unlike every other field).
    #[serde(default, rename = "siteURL", skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
}

/// A file attached to a request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// File extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// Download count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nb_download: Option<i64>,
    /// Sent to the data subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transmitted: Option<bool>,
    /// File name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// UUID of the message carrying it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_request_message_id: Option<String>,
    /// Id of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_request_id: Option<i64>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_creation: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_update: Option<String>,
    /// Uploader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<DsrUser>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_last_download: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_file_removed: Option<String>,
    /// Deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// Past `expiration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<bool>,
    /// Colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// A tag on a request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// Tag id (the `tags` filter takes these).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What it applies to (JSON `type`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<TagType>,
    /// Colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

impl Validate for Tag {
    /// A new tag (`POST /v1/ws/{ws}/Tags`, our extension): `label` required, not blank,
    /// at most [`SHORT_TEXT`] characters (the server stores it trimmed); `color` at most
    /// [`SHORT_TEXT`]; `type` a known value. `id` is the server's and is ignored.
    fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        let short = |v: &str| len(v, 0, SHORT_TEXT);
        e.required("label", self.label.as_deref(), |v| short(v.trim()));
        e.optional("color", self.color.as_deref(), short);
        e.check(
            "type",
            known(self.kind.as_ref().is_none_or(TagType::is_known)),
        );
        e.0
    }
}

/// A step of the request workflow.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkFlowStep {
    /// Step id (the `stepId` of [`WorkflowChange`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Position in the workflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Work-in-progress limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_limit: Option<i64>,
    /// Workflow kind (JSON `type`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<WorkFlowStepType>,
    /// Last step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_step: Option<bool>,
    /// First step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_step: Option<bool>,
    /// Description, HTML (render as text, never as markup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_html: Option<String>,
    /// State a request takes in this step (the seed's placeholder "string" is `Other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapped_state: Option<DsrState>,
}

/// What the intake widget reads back from `POST .../DataSubjectRequests`: the
/// few fields of the seed 002 object it shows (reference, legal deadline).
/// Decoding the whole object would ship the decoders of every nested type
/// (area, actors, attachments...) to every visitor; unknown fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DsrReceipt {
    /// Server id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The organisation's own reference, when it sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// When the request was registered (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_creation: Option<String>,
    /// The legal deadline for the answer (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<String>,
    /// The address the answer goes to, when the requester gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A page of results: `{items, total, size, page}` (seed 002, paginated list).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    /// This page's items.
    pub items: Vec<T>,
    /// Number of items over all pages.
    pub total: u64,
    /// Page size.
    pub size: u32,
    /// Page number.
    pub page: u32,
}

/// Body of `POST .../DataSubjectRequests/workflow`: move request `id` to step `stepId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowChange {
    /// Request id.
    pub id: i64,
    /// Target workflow step id.
    pub step_id: i64,
}

/// Longest reason for extending a request's deadline.
pub const EXTENSION_REASON_MAX: usize = 2_000;

/// Body of `POST .../DataSubjectRequests/{id}/extension` (our extension): why
/// the deadline is extended (GDPR Art. 12(3): the requester must be told the
/// reasons), 1..=2000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeadlineExtension {
    /// The reason, as the requester will read it.
    pub reason: String,
}

impl crate::validate::Validate for DeadlineExtension {
    fn validate(&self) -> Vec<FieldError> {
        crate::validate::check_len("reason", self.reason.trim(), 1, EXTENSION_REASON_MAX)
            .into_iter()
            .collect()
    }
}

/// Which intake fields a workspace requires of the widget's form (the seed has no rule;
/// the workspace decides). Default: an e-mail address and at least one purpose, the least
/// that lets the organisation answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RequiredFields {
    /// `email`.
    pub email: bool,
    /// `givenName`.
    pub given_name: bool,
    /// `familyName`.
    pub family_name: bool,
    /// `phoneNumber`.
    pub phone_number: bool,
    /// `address`.
    pub address: bool,
    /// `zipCode`.
    pub zip_code: bool,
    /// `city`.
    pub city: bool,
    /// `countryCode`.
    pub country_code: bool,
    /// `message`.
    pub message: bool,
    /// `purposes`: at least one.
    pub purposes: bool,
}

impl RequiredFields {
    /// The fields a workspace may require besides `purposes`, by JSON name, in
    /// the form's order.
    pub const FIELDS: [&'static str; 9] = [
        "email",
        "givenName",
        "familyName",
        "phoneNumber",
        "address",
        "zipCode",
        "city",
        "countryCode",
        "message",
    ];

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "email" => &mut self.email,
            "givenName" => &mut self.given_name,
            "familyName" => &mut self.family_name,
            "phoneNumber" => &mut self.phone_number,
            "address" => &mut self.address,
            "zipCode" => &mut self.zip_code,
            "city" => &mut self.city,
            "countryCode" => &mut self.country_code,
            "message" => &mut self.message,
            "purposes" => &mut self.purposes,
            _ => return None,
        })
    }

    /// Whether field `name` (JSON name) is required; unknown names are not.
    pub fn get(&self, name: &str) -> bool {
        self.clone().flag(name).is_some_and(|f| *f)
    }

    /// Requires (or not) field `name`; unknown names are ignored.
    pub fn set(&mut self, name: &str, on: bool) {
        if let Some(f) = self.flag(name) {
            *f = on;
        }
    }

    /// The JSON names of [`Self::FIELDS`] that are required.
    pub fn names(&self) -> Vec<&'static str> {
        Self::FIELDS.into_iter().filter(|n| self.get(n)).collect()
    }
}

impl Default for RequiredFields {
    fn default() -> Self {
        Self {
            email: true,
            given_name: false,
            family_name: false,
            phone_number: false,
            address: false,
            zip_code: false,
            city: false,
            country_code: false,
            message: false,
            purposes: true,
        }
    }
}

/// Limits the seed does not state; ours, generous but bounded so one submit cannot store
/// megabytes. The server checks the same constants (it calls [`DataSubjectRequest::validate_new`]),
/// and `server/README.md` and `/openapi.json` list them.
///
/// Short texts: e-mail, given / family name, phone, title, address, zip code, city, userId,
/// refId, demandId, a tag's label and colour.
pub const SHORT_TEXT: usize = 256;
/// Long texts: message, description, resolutionMessage, closedReasonDescription,
/// additionalDatas, and any string inside an operator-owned nested object.
pub const LONG_TEXT: usize = 10_000;
/// `referrerUrl`.
pub const URL_TEXT: usize = 2_048;
/// `locale`: a BCP 47 tag; 35 is the buffer RFC 5646 (4.4.1) tells implementations to allow.
pub const LOCALE_TEXT: usize = 35;
/// Tags on one request.
pub const MAX_TAGS: usize = 50;
/// Tags one workspace holds (`POST .../Tags` and labels created by a DSR write refuse more):
/// the admin page lists them all in its pickers.
pub const MAX_WORKSPACE_TAGS: usize = 500;
/// Items of any list inside an operator-owned nested object (attachments, area teams, ...).
pub const MAX_NESTED_ITEMS: usize = 100;
/// `q` of the list query.
pub const MAX_Q: usize = 256;
/// `ids` of the list query (a page holds at most 500 requests).
pub const MAX_QUERY_IDS: usize = 500;
/// `tags` of the list query.
pub const MAX_QUERY_TAGS: usize = MAX_TAGS;

/// One intake rule, applied to a present value.
type Rule<'a> = &'a dyn Fn(&str) -> Result<(), Violation>;

impl DataSubjectRequest {
    /// Checks a create body (widget intake or admin "new request"), and a PUT body.
    ///
    /// Fields in `required` must be present and not blank; an optional field sent blank
    /// counts as absent. Limits (ours, the seed states none): e-mail, names, phone, title,
    /// address, zip code, city, userId, refId, demandId <= [`SHORT_TEXT`] (256) chars;
    /// message, description, resolutionMessage, closedReasonDescription, additionalDatas
    /// <= [`LONG_TEXT`] (10000); locale <= [`LOCALE_TEXT`] (35); countryCode exactly two
    /// letters (ISO 3166-1 alpha-2); referrerUrl an http(s) URL <= [`URL_TEXT`] (2048).
    /// Purposes must be known and distinct (so at most [`Purpose::ALL`]'s 10); at most
    /// [`MAX_TAGS`] tags, each label and colour <= 256. Enum fields the body sets (state,
    /// channel, personCategory, closedReason) must be known too: `Other` is for reading,
    /// not for writing. Operator-owned nested objects are checked by
    /// [`Self::validate_nested`].
    pub fn validate_new(&self, required: &RequiredFields) -> Vec<FieldError> {
        let mut e = Errors::default();
        let short = |v: &str| len(v, 0, SHORT_TEXT);
        let long = |v: &str| len(v, 0, LONG_TEXT);
        let rules: [(&str, &Option<String>, bool, Rule<'_>); 19] = [
            ("email", &self.email, required.email, &|v: &str| {
                short(v).and_then(|()| format(is_email(v), Violation::Email))
            }),
            ("givenName", &self.given_name, required.given_name, &short),
            (
                "familyName",
                &self.family_name,
                required.family_name,
                &short,
            ),
            (
                "phoneNumber",
                &self.phone_number,
                required.phone_number,
                &|v: &str| short(v).and_then(|()| format(is_phone(v), Violation::Phone)),
            ),
            ("title", &self.title, false, &short),
            ("address", &self.address, required.address, &short),
            ("zipCode", &self.zip_code, required.zip_code, &short),
            ("city", &self.city, required.city, &short),
            (
                "countryCode",
                &self.country_code,
                required.country_code,
                &|v: &str| format(is_country_code(v), Violation::CountryCode),
            ),
            ("message", &self.message, required.message, &long),
            ("description", &self.description, false, &long),
            ("locale", &self.locale, false, &|v: &str| {
                len(v, 0, LOCALE_TEXT)
            }),
            ("userId", &self.user_id, false, &short),
            ("refId", &self.ref_id, false, &short),
            ("demandId", &self.demand_id, false, &short),
            ("additionalDatas", &self.additional_datas, false, &long),
            ("resolutionMessage", &self.resolution_message, false, &long),
            (
                "closedReasonDescription",
                &self.closed_reason_description,
                false,
                &long,
            ),
            ("referrerUrl", &self.referrer_url, false, &|v: &str| {
                len(v, 0, URL_TEXT).and_then(|()| format(is_http_url(v), Violation::Uri))
            }),
        ];
        for (field, value, is_required, rule) in rules {
            let value = value.as_deref();
            if is_required {
                e.required(field, value, rule);
            } else {
                e.optional(field, value.filter(|v| !v.trim().is_empty()), rule);
            }
        }

        let purposes = self.purposes.as_deref().unwrap_or_default();
        if required.purposes && purposes.is_empty() {
            e.check("purposes", Err(Violation::Required));
        }
        e.check(
            "purposes",
            known(purposes.iter().all(Purpose::is_known)).and_then(|()| distinct(purposes)),
        );
        let tags = self.tags.as_deref().unwrap_or_default();
        e.check("tags", items(tags, MAX_TAGS));
        for (i, tag) in tags.iter().enumerate().take(MAX_TAGS) {
            let short = |v: &str| len(v, 0, SHORT_TEXT);
            e.optional(&format!("tags[{i}].label"), tag.label.as_deref(), short);
            e.optional(&format!("tags[{i}].color"), tag.color.as_deref(), short);
        }
        let enums = [
            ("state", self.state.as_ref().is_none_or(DsrState::is_known)),
            (
                "channel",
                self.channel.as_ref().is_none_or(Channel::is_known),
            ),
            (
                "personCategory",
                self.person_category
                    .as_ref()
                    .is_none_or(PersonCategory::is_known),
            ),
            (
                "closedReason",
                self.closed_reason
                    .as_ref()
                    .is_none_or(ClosedReason::is_known),
            ),
        ];
        for (field, ok) in enums {
            e.check(field, known(ok));
        }
        e.0
    }

    /// Bounds of the operator-owned nested objects a body may carry (`closedByUser`,
    /// `area`, `creator`, `operator`, `attachments`): every string in them at most
    /// [`LONG_TEXT`] characters, every list at most [`MAX_NESTED_ITEMS`] items. The field
    /// is named by its path (`area.dpo.address`, `attachments`); one error per object.
    ///
    /// Separate from [`Self::validate_new`] because it walks the objects as JSON: the
    /// intake widget never sends them and does not need the code.
    pub fn validate_nested(&self) -> Vec<FieldError> {
        fn walk(path: &str, v: &serde_json::Value) -> Option<FieldError> {
            match v {
                serde_json::Value::String(s) => check_len(path, s, 0, LONG_TEXT),
                serde_json::Value::Array(a) => {
                    if a.len() > MAX_NESTED_ITEMS {
                        return Some(FieldError::new(
                            path,
                            Violation::TooMany {
                                max: MAX_NESTED_ITEMS,
                            },
                        ));
                    }
                    a.iter()
                        .enumerate()
                        .find_map(|(i, v)| walk(&format!("{path}[{i}]"), v))
                }
                serde_json::Value::Object(o) => {
                    o.iter().find_map(|(k, v)| walk(&format!("{path}.{k}"), v))
                }
                _ => None,
            }
        }
        let nested = [
            ("closedByUser", serde_json::to_value(&self.closed_by_user)),
            ("area", serde_json::to_value(&self.area)),
            ("creator", serde_json::to_value(&self.creator)),
            ("operator", serde_json::to_value(&self.operator)),
            ("attachments", serde_json::to_value(&self.attachments)),
        ];
        nested
            .into_iter()
            .filter_map(|(field, v)| walk(field, &v.ok()?))
            .collect()
    }

    /// The object as the seed's GET example shows it: EVERY field of the seed object,
    /// unset ones as `null` or the seed's neutral value (lists `[]`, counters `0`,
    /// flags `false`), so a client generated from the seed finds each key. The server
    /// answers with this; [`Serialize`] alone leaves unset fields out (what a create
    /// body wants). A list writes [`SeedObject`] straight into its response instead.
    pub fn seed_object(&self) -> serde_json::Value {
        serde_json::to_value(SeedObject(self)).unwrap_or_default()
    }
}

/// Every key of the seed's GET example with its neutral value when unset: `n`
/// null, `l` [], `z` 0, `f` false.
const SEED_FIELDS: &[(&str, char)] = &[
    ("closedByUser", 'n'),
    ("area", 'n'),
    ("creator", 'n'),
    ("operator", 'n'),
    ("operatorId", 'n'),
    ("attachments", 'l'),
    ("tags", 'l'),
    ("id", 'n'),
    ("title", 'n'),
    ("locale", 'n'),
    ("archived", 'f'),
    ("archivedDate", 'n'),
    ("personCategory", 'n'),
    ("complex", 'f'),
    ("dateClosed", 'n'),
    ("areaId", 'n'),
    ("state", 'n'),
    ("description", 'n'),
    ("message", 'n'),
    ("resolutionMessage", 'n'),
    ("email", 'n'),
    ("phoneNumber", 'n'),
    ("givenName", 'n'),
    ("familyName", 'n'),
    ("dateCreation", 'n'),
    ("dateUpdate", 'n'),
    ("workFlowStep", 'n'),
    ("workFlowStepId", 'n'),
    ("channel", 'n'),
    ("refId", 'n'),
    ("userId", 'n'),
    ("purposes", 'l'),
    ("closedReason", 'n'),
    ("closedReasonDescription", 'n'),
    ("expiryTime", 'n'),
    ("address", 'n'),
    ("zipCode", 'n'),
    ("city", 'n'),
    ("countryCode", 'n'),
    ("nbMessages", 'z'),
    ("nbMessagesNotViewed", 'z'),
    ("remainingDays", 'n'),
    ("closingTime", 'n'),
    ("additionalDatas", 'n'),
    ("userNotified", 'f'),
    ("dateUserNotified", 'n'),
    ("sendNotification", 'f'),
    ("emailValidationDate", 'n'),
    ("mailValidated", 'f'),
    ("referrerUrl", 'n'),
    ("demandId", 'n'),
    ("identityValidated", 'f'),
    ("dateIdentityValidated", 'n'),
    ("widgetId", 'n'),
];

// `SeedObject` marks the keys it wrote in one u64.
const _: () = assert!(SEED_FIELDS.len() <= 64);

/// [`DataSubjectRequest::seed_object`] written straight to a serializer: the
/// request's set fields, then each seed key it left unset with its neutral
/// value. A list page writes one per row without building a map of ~55 keys
/// (that map was a third of a 50-row page's cost).
pub struct SeedObject<'a>(pub &'a DataSubjectRequest);

impl Serialize for SeedObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        let mut set = 0u64;
        self.0.serialize(SetFields {
            map: &mut map,
            set: &mut set,
        })?;
        for (i, &(key, neutral)) in SEED_FIELDS.iter().enumerate() {
            if set & (1 << i) != 0 {
                continue;
            }
            match neutral {
                'l' => map.serialize_entry(key, &[(); 0])?,
                'z' => map.serialize_entry(key, &0)?,
                'f' => map.serialize_entry(key, &false)?,
                _ => map.serialize_entry(key, &())?,
            }
        }
        map.end()
    }
}

/// Receives the derived `Serialize` of a [`DataSubjectRequest`] (a struct) and
/// writes each field it serializes into `map`, marking the seed keys it saw.
struct SetFields<'a, M> {
    map: &'a mut M,
    set: &'a mut u64,
}

impl<M: serde::ser::SerializeMap> serde::ser::SerializeStruct for SetFields<'_, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        if let Some(i) = SEED_FIELDS.iter().position(|(k, _)| *k == key) {
            *self.set |= 1 << i;
        }
        self.map.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// Anything but a struct is not a request.
fn not_a_struct<E: serde::ser::Error>() -> E {
    E::custom("a request serializes as a struct")
}

macro_rules! not_a_struct {
    ($($name:ident($($arg:ty),*) -> $ret:ty;)*) => {$(
        fn $name(self, $(_: $arg),*) -> Result<$ret, M::Error> {
            Err(not_a_struct())
        }
    )*};
}

impl<'a, M: serde::ser::SerializeMap> serde::Serializer for SetFields<'a, M> {
    type Ok = ();
    type Error = M::Error;
    type SerializeSeq = serde::ser::Impossible<(), M::Error>;
    type SerializeTuple = serde::ser::Impossible<(), M::Error>;
    type SerializeTupleStruct = serde::ser::Impossible<(), M::Error>;
    type SerializeTupleVariant = serde::ser::Impossible<(), M::Error>;
    type SerializeMap = serde::ser::Impossible<(), M::Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = serde::ser::Impossible<(), M::Error>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, M::Error> {
        Ok(self)
    }

    not_a_struct! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), M::Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), M::Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), M::Error> {
        Err(not_a_struct())
    }
}

/// Query of `GET .../DataSubjectRequests` (seed 002, "Query Parameters"). Empty vectors and
/// `None` are left out of the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DsrQuery {
    /// Only requests past their legal deadline.
    pub overtaking: Option<bool>,
    /// Archived requests.
    pub archived: Option<bool>,
    /// Text search in the title.
    pub q: Option<String>,
    /// Requests from this widget (`widgetId`).
    pub widget_id: Option<i64>,
    /// Only requests whose e-mail address is (`true`) or is not yet (`false`)
    /// confirmed (`mailValidated`, our extension).
    pub mail_validated: Option<bool>,
    /// Any of these states (repeated `states`).
    pub states: Vec<DsrState>,
    /// Any of these purposes (repeated `purposes`).
    pub purposes: Vec<Purpose>,
    /// Only these request ids (repeated `ids`).
    pub ids: Vec<i64>,
    /// Requests with these tag ids (repeated `tags`).
    pub tags: Vec<i64>,
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub size: Option<u32>,
    /// Items to skip.
    pub skip: Option<u32>,
    /// Field to sort on (`sortBy`).
    pub sort_by: Option<String>,
    /// Ascending order.
    pub asc: Option<bool>,
}

impl DsrQuery {
    /// `(key, value)` pairs in the seed's order, JSON names as keys, arrays as REPEATED keys
    /// (`states=Open&states=Closed`), values not yet percent-encoded.
    pub fn to_query_pairs(&self) -> Vec<(&'static str, String)> {
        fn text<T: ToString>(v: Option<T>) -> Option<String> {
            v.map(|v| v.to_string())
        }
        fn set((key, value): (&'static str, Option<String>)) -> Option<(&'static str, String)> {
            Some((key, value?))
        }
        let filters = [
            ("overtaking", text(self.overtaking)),
            ("archived", text(self.archived)),
            ("q", self.q.clone()),
            ("widgetId", text(self.widget_id)),
            ("mailValidated", text(self.mail_validated)),
        ];
        let arrays = (self.states.iter().map(|s| ("states", s.to_string())))
            .chain(self.purposes.iter().map(|p| ("purposes", p.to_string())))
            .chain(self.ids.iter().map(|i| ("ids", i.to_string())))
            .chain(self.tags.iter().map(|t| ("tags", t.to_string())));
        let paging = [
            ("page", text(self.page)),
            ("size", text(self.size)),
            ("skip", text(self.skip)),
            ("sortBy", self.sort_by.clone()),
            ("asc", text(self.asc)),
        ];
        (filters.into_iter().filter_map(set))
            .chain(arrays)
            .chain(paging.into_iter().filter_map(set))
            .collect()
    }

    /// The query string without `?`, values percent-encoded: `states=Open&q=caf%C3%A9`.
    pub fn to_query_string(&self) -> String {
        encode_query(&self.to_query_pairs())
    }

    /// Decoded `(key, value)` pairs back into a query (what the server does). Arrays may be
    /// repeated keys or bracketed (`states[]=Open`, `states[0]=Open`); a scalar given twice
    /// keeps the last value; unknown keys are ignored (cache busters, future filters).
    /// Unknown states or purposes are kept as `Other` (see [`Validate`] to reject them).
    pub fn from_query_pairs<K, V>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, FieldError>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut q = Self::default();
        for (key, value) in pairs {
            let (key, v) = (key.as_ref(), value.as_ref());
            let key = match key.find('[') {
                Some(i) if key.ends_with(']') => &key[..i],
                _ => key,
            };
            match key {
                "overtaking" => q.overtaking = Some(boolean(key, v)?),
                "archived" => q.archived = Some(boolean(key, v)?),
                "q" => q.q = Some(v.to_owned()),
                "widgetId" => q.widget_id = Some(integer(key, v)?),
                "mailValidated" => q.mail_validated = Some(boolean(key, v)?),
                "states" => q.states.push(DsrState::parse(v)),
                "purposes" => q.purposes.push(Purpose::parse(v)),
                "ids" => q.ids.push(integer(key, v)?),
                "tags" => q.tags.push(integer(key, v)?),
                "page" => q.page = Some(integer(key, v)?),
                "size" => q.size = Some(integer(key, v)?),
                "skip" => q.skip = Some(integer(key, v)?),
                "sortBy" => q.sort_by = Some(v.to_owned()),
                "asc" => q.asc = Some(boolean(key, v)?),
                _ => {}
            }
        }
        Ok(q)
    }

    /// [`Self::from_query_pairs`] of a raw query string (leading `?` optional).
    pub fn from_query_string(s: &str) -> Result<Self, FieldError> {
        Self::from_query_pairs(decode_query(s))
    }
}

impl Validate for DsrQuery {
    /// Filters must use known states and purposes (a typo would silently match nothing),
    /// at most as many as there are values; `q` at most [`MAX_Q`] characters, `ids` at
    /// most [`MAX_QUERY_IDS`], `tags` at most [`MAX_QUERY_TAGS`].
    fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        e.optional("q", self.q.as_deref(), |v| len(v, 0, MAX_Q));
        e.check(
            "states",
            items(&self.states, DsrState::ALL.len())
                .and_then(|()| known(self.states.iter().all(DsrState::is_known))),
        );
        e.check(
            "purposes",
            items(&self.purposes, Purpose::ALL.len())
                .and_then(|()| known(self.purposes.iter().all(Purpose::is_known))),
        );
        e.check("ids", items(&self.ids, MAX_QUERY_IDS));
        e.check("tags", items(&self.tags, MAX_QUERY_TAGS));
        e.0
    }
}

fn boolean(field: &str, v: &str) -> Result<bool, FieldError> {
    // .NET binds "True"/"False" too, so accept any case.
    match v.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(FieldError::new(field, Violation::Boolean)),
    }
}

fn integer<T: core::str::FromStr>(field: &str, v: &str) -> Result<T, FieldError> {
    v.parse()
        .map_err(|_| FieldError::new(field, Violation::Integer))
}

/// `k=v&k=v` with keys and values percent-encoded (RFC 3986: everything but unreserved).
pub fn encode_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k.as_ref()));
        out.push('=');
        out.push_str(&percent_encode(v.as_ref()));
    }
    out
}

/// Splits a query string (leading `?` optional) into decoded pairs; a key without `=` has
/// an empty value.
pub fn decode_query(s: &str) -> Vec<(String, String)> {
    s.strip_prefix('?')
        .unwrap_or(s)
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Percent-encodes every byte except the RFC 3986 unreserved set `A-Za-z0-9-._~`.
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` as a space (HTML forms and `URLSearchParams` send `+`).
/// A malformed escape is kept literally and invalid UTF-8 becomes U+FFFD: a query is never
/// rejected for its encoding alone.
pub fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i + 1..i + 3) {
            Some(&[h, l]) if bytes[i] == b'%' => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 2;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intake_keeps_the_form_fields_and_drops_the_operators() {
        let d = DataSubjectRequest {
            email: Some("a@example.org".into()),
            purposes: Some(vec![Purpose::Access]),
            widget_id: Some(3),
            ref_id: Some("OPS-1".into()),
            state: Some(DsrState::Closed),
            ..Default::default()
        };
        let intake = DsrIntake::from(d.clone());
        // The same JSON names as the request's own.
        let json = serde_json::to_value(&intake).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"email": "a@example.org", "purposes": ["Access"], "widgetId": 3})
        );
        let back = DataSubjectRequest::from(intake);
        assert_eq!(back.email, d.email);
        assert_eq!(back.widget_id, Some(3));
        assert_eq!((back.ref_id, back.state), (None, None));
    }

    fn intake() -> DataSubjectRequest {
        DataSubjectRequest {
            email: Some("jane@example.com".into()),
            purposes: Some(vec![Purpose::Access]),
            ..Default::default()
        }
    }

    fn violations(d: &DataSubjectRequest, r: &RequiredFields) -> Vec<(String, Violation)> {
        d.validate_new(r)
            .into_iter()
            .map(|e| (e.field, e.violation))
            .collect()
    }

    #[test]
    fn minimal_intake_is_valid_and_serializes_only_what_is_set() {
        let d = intake();
        assert_eq!(d.validate_new(&RequiredFields::default()), vec![]);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"email":"jane@example.com","purposes":["Access"]}"#
        );
    }

    #[test]
    fn default_requires_email_and_a_purpose() {
        let empty = DataSubjectRequest::default();
        assert_eq!(
            violations(&empty, &RequiredFields::default()),
            vec![
                ("email".into(), Violation::Required),
                ("purposes".into(), Violation::Required)
            ]
        );
        let blank = DataSubjectRequest {
            email: Some("  ".into()),
            purposes: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(violations(&blank, &RequiredFields::default()).len(), 2);
        let none = RequiredFields {
            email: false,
            purposes: false,
            ..RequiredFields::default()
        };
        assert_eq!(violations(&empty, &none), vec![]);
    }

    #[test]
    fn intake_limits_just_inside_and_outside() {
        type Set = fn(&mut DataSubjectRequest, String);
        let cases: [(&str, Set, String, String, Violation); 8] = [
            (
                "givenName",
                |d, v| d.given_name = Some(v),
                "a".repeat(256),
                "a".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "familyName",
                |d, v| d.family_name = Some(v),
                "é".repeat(256),
                "é".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "title",
                |d, v| d.title = Some(v),
                "a".repeat(256),
                "a".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "city",
                |d, v| d.city = Some(v),
                "a".repeat(256),
                "a".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "message",
                |d, v| d.message = Some(v),
                "a".repeat(10_000),
                "a".repeat(10_001),
                Violation::TooLong { max: 10_000 },
            ),
            (
                "description",
                |d, v| d.description = Some(v),
                "a".repeat(10_000),
                "a".repeat(10_001),
                Violation::TooLong { max: 10_000 },
            ),
            (
                "countryCode",
                |d, v| d.country_code = Some(v),
                "FR".into(),
                "FRA".into(),
                Violation::CountryCode,
            ),
            (
                "phoneNumber",
                |d, v| d.phone_number = Some(v),
                "+33 1 23 45 67 89".into(),
                "call me".into(),
                Violation::Phone,
            ),
        ];
        for (field, set, inside, outside, violation) in cases {
            let mut d = intake();
            set(&mut d, inside);
            assert_eq!(
                d.validate_new(&RequiredFields::default()),
                vec![],
                "{field} inside"
            );
            set(&mut d, outside);
            assert_eq!(
                d.validate_new(&RequiredFields::default()),
                vec![FieldError::new(field, violation)],
                "{field} outside"
            );
        }
    }

    #[test]
    fn intake_formats() {
        let mut d = intake();
        d.email = Some("jane.example.com".into());
        d.referrer_url = Some("example.com/page".into());
        d.country_code = Some("F1".into());
        assert_eq!(
            violations(&d, &RequiredFields::default()),
            vec![
                ("email".into(), Violation::Email),
                ("countryCode".into(), Violation::CountryCode),
                ("referrerUrl".into(), Violation::Uri),
            ]
        );
        d = intake();
        d.referrer_url = Some("https://shop.example/contact?x=1".into());
        d.phone_number = Some(String::new()); // blank optional = absent
        assert_eq!(violations(&d, &RequiredFields::default()), vec![]);
    }

    #[test]
    fn intake_rejects_unknown_enum_values() {
        let mut d = intake();
        d.purposes = Some(vec![Purpose::Access, Purpose::parse("Teleport")]);
        d.state = Some(DsrState::parse("Frozen"));
        d.channel = Some(Channel::Internal);
        assert_eq!(
            violations(&d, &RequiredFields::default()),
            vec![
                ("purposes".into(), Violation::UnknownValue),
                ("state".into(), Violation::UnknownValue),
            ]
        );
    }

    #[test]
    fn every_free_text_field_is_bounded() {
        type Set = fn(&mut DataSubjectRequest, String);
        let cases: [(&str, Set, usize); 8] = [
            ("locale", |d, v| d.locale = Some(v), LOCALE_TEXT),
            ("userId", |d, v| d.user_id = Some(v), SHORT_TEXT),
            ("refId", |d, v| d.ref_id = Some(v), SHORT_TEXT),
            ("demandId", |d, v| d.demand_id = Some(v), SHORT_TEXT),
            (
                "additionalDatas",
                |d, v| d.additional_datas = Some(v),
                LONG_TEXT,
            ),
            (
                "resolutionMessage",
                |d, v| d.resolution_message = Some(v),
                LONG_TEXT,
            ),
            (
                "closedReasonDescription",
                |d, v| d.closed_reason_description = Some(v),
                LONG_TEXT,
            ),
            ("title", |d, v| d.title = Some(v), SHORT_TEXT),
        ];
        for (field, set, max) in cases {
            let mut d = intake();
            set(&mut d, "é".repeat(max));
            assert_eq!(
                d.validate_new(&RequiredFields::default()),
                vec![],
                "{field}"
            );
            set(&mut d, "é".repeat(max + 1));
            assert_eq!(
                d.validate_new(&RequiredFields::default()),
                vec![FieldError::new(field, Violation::TooLong { max })],
                "{field}"
            );
        }
        let mut d = intake();
        d.referrer_url = Some(format!("https://x.example/{}", "a".repeat(URL_TEXT)));
        assert_eq!(
            violations(&d, &RequiredFields::default()),
            vec![("referrerUrl".into(), Violation::TooLong { max: URL_TEXT })]
        );
        d.referrer_url = Some("javascript:alert(1)".into());
        assert_eq!(
            violations(&d, &RequiredFields::default()),
            vec![("referrerUrl".into(), Violation::Uri)]
        );
    }

    #[test]
    fn purposes_are_distinct_and_tags_bounded() {
        let mut d = intake();
        d.purposes = Some(Purpose::ALL.to_vec());
        assert_eq!(violations(&d, &RequiredFields::default()), vec![]);
        d.purposes = Some(vec![Purpose::Access, Purpose::Erasure, Purpose::Access]);
        assert_eq!(
            violations(&d, &RequiredFields::default()),
            vec![("purposes".into(), Violation::Duplicate)]
        );
        let tag = |label: String| Tag {
            label: Some(label),
            ..Default::default()
        };
        d = intake();
        d.tags = Some((0..MAX_TAGS).map(|i| tag(i.to_string())).collect());
        assert_eq!(violations(&d, &RequiredFields::default()), vec![]);
        d.tags.as_mut().unwrap().push(tag("one more".into()));
        assert_eq!(
            violations(&d, &RequiredFields::default()),
            vec![("tags".into(), Violation::TooMany { max: MAX_TAGS })]
        );
        d.tags = Some(vec![tag("a".repeat(SHORT_TEXT + 1))]);
        assert_eq!(
            violations(&d, &RequiredFields::default()),
            vec![(
                "tags[0].label".into(),
                Violation::TooLong { max: SHORT_TEXT }
            )]
        );
    }

    #[test]
    fn a_new_tag_needs_a_label_within_bounds() {
        let tag = |label: &str| Tag {
            label: Some(label.into()),
            ..Default::default()
        };
        assert_eq!(tag("vip").validate(), vec![]);
        assert_eq!(tag(&"é".repeat(SHORT_TEXT)).validate(), vec![]);
        let codes = |t: Tag| -> Vec<(String, Violation)> {
            t.validate()
                .into_iter()
                .map(|e| (e.field, e.violation))
                .collect()
        };
        assert_eq!(
            codes(tag("  ")),
            vec![("label".into(), Violation::Required)]
        );
        assert_eq!(
            codes(Tag::default()),
            vec![("label".into(), Violation::Required)]
        );
        assert_eq!(
            codes(tag(&"a".repeat(SHORT_TEXT + 1))),
            vec![("label".into(), Violation::TooLong { max: SHORT_TEXT })]
        );
        let t = Tag {
            color: Some("c".repeat(SHORT_TEXT + 1)),
            kind: Some(TagType::Other("Nope".into())),
            ..tag("ok")
        };
        assert_eq!(
            codes(t),
            vec![
                ("color".into(), Violation::TooLong { max: SHORT_TEXT }),
                ("type".into(), Violation::UnknownValue)
            ]
        );
    }

    #[test]
    fn nested_objects_are_bounded() {
        let mut d = intake();
        assert_eq!(d.validate_nested(), vec![]);
        d.attachments = Some(vec![Attachment::default(); MAX_NESTED_ITEMS]);
        d.area = Some(Area {
            dpo: Some(Actor {
                address: Some("a".repeat(LONG_TEXT)),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert_eq!(d.validate_nested(), vec![]);
        d.attachments.as_mut().unwrap().push(Attachment::default());
        d.area.as_mut().unwrap().dpo.as_mut().unwrap().address = Some("a".repeat(LONG_TEXT + 1));
        d.creator = Some(DsrUser {
            display_name: Some("b".repeat(LONG_TEXT + 1)),
            ..Default::default()
        });
        assert_eq!(
            d.validate_nested(),
            vec![
                FieldError::new("area.dpo.address", Violation::TooLong { max: LONG_TEXT }),
                FieldError::new("creator.displayName", Violation::TooLong { max: LONG_TEXT }),
                FieldError::new(
                    "attachments",
                    Violation::TooMany {
                        max: MAX_NESTED_ITEMS
                    }
                ),
            ]
        );
    }

    #[test]
    fn seed_object_has_every_field_of_the_seed() {
        let v = intake().seed_object();
        let o = v.as_object().unwrap();
        assert_eq!(o.len(), 54, "{:?}", o.keys());
        assert_eq!(o["email"], "jane@example.com");
        assert_eq!(o["purposes"], serde_json::json!(["Access"]));
        assert_eq!(o["attachments"], serde_json::json!([]));
        assert_eq!(o["nbMessages"], 0);
        assert_eq!(o["mailValidated"], false);
        assert_eq!(o["area"], serde_json::Value::Null);
        // Reading it back gives the same request.
        let back: DataSubjectRequest = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(back.seed_object(), v);
    }

    #[test]
    fn seed_object_text_has_each_key_once_and_keeps_set_values() {
        let d = DataSubjectRequest {
            archived: Some(true),
            nb_messages: Some(3),
            ..intake()
        };
        let text = serde_json::to_string(&SeedObject(&d)).unwrap();
        for key in ["archived", "nbMessages", "email", "area", "tags"] {
            assert_eq!(
                text.matches(&format!("\"{key}\":")).count(),
                1,
                "{key} in {text}"
            );
        }
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v, d.seed_object());
        assert_eq!(
            (v["archived"].clone(), v["nbMessages"].clone()),
            (true.into(), 3.into())
        );
        assert_eq!(v.as_object().unwrap().len(), 54);
    }

    #[test]
    fn query_bounds() {
        let long = format!("q={}", "a".repeat(MAX_Q + 1));
        let q = DsrQuery::from_query_string(&long).unwrap();
        assert_eq!(
            q.validate(),
            vec![FieldError::new("q", Violation::TooLong { max: MAX_Q })]
        );
        let ids: Vec<String> = (0..=MAX_QUERY_IDS).map(|i| format!("ids={i}")).collect();
        let q = DsrQuery::from_query_string(&ids.join("&")).unwrap();
        assert_eq!(
            q.validate(),
            vec![FieldError::new(
                "ids",
                Violation::TooMany { max: MAX_QUERY_IDS }
            )]
        );
        let q = DsrQuery::from_query_string(&"states=Open&".repeat(6)).unwrap();
        assert_eq!(
            q.validate(),
            vec![FieldError::new("states", Violation::TooMany { max: 5 })]
        );
    }

    #[test]
    fn required_fields_from_config_json() {
        let mut by_name = RequiredFields::default();
        by_name.set("city", true);
        by_name.set("email", false);
        by_name.set("bogus", true);
        assert_eq!(by_name.names(), ["city"]);
        assert!(by_name.get("purposes") && !by_name.get("bogus"));
        let r: RequiredFields = serde_json::from_str(r#"{"phoneNumber":true}"#).unwrap();
        assert!(r.email && r.purposes && r.phone_number && !r.city);
        let d = intake();
        assert_eq!(
            violations(&d, &r),
            vec![("phoneNumber".into(), Violation::Required)]
        );
    }

    #[test]
    fn workflow_change_json() {
        let w = WorkflowChange { id: 7, step_id: 3 };
        assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"id":7,"stepId":3}"#);
    }

    #[test]
    fn query_repeats_array_keys() {
        let q = DsrQuery {
            archived: Some(false),
            q: Some("café & co".into()),
            widget_id: Some(12),
            states: vec![DsrState::Open, DsrState::Closed],
            purposes: vec![Purpose::Access],
            ids: vec![1, 2],
            tags: vec![9],
            page: Some(2),
            size: Some(50),
            sort_by: Some("dateCreation".into()),
            asc: Some(true),
            ..Default::default()
        };
        let s = q.to_query_string();
        assert_eq!(
            s,
            "archived=false&q=caf%C3%A9%20%26%20co&widgetId=12&states=Open&states=Closed\
             &purposes=Access&ids=1&ids=2&tags=9&page=2&size=50&sortBy=dateCreation&asc=true"
        );
        assert_eq!(DsrQuery::from_query_pairs(decode_query(&s)).unwrap(), q);
        assert_eq!(DsrQuery::from_query_string(&format!("?{s}")).unwrap(), q);
        assert_eq!(DsrQuery::default().to_query_string(), "");
    }

    #[test]
    fn query_accepts_bracketed_arrays_and_form_encoding() {
        let q = DsrQuery::from_query_string(
            "states[]=Open&states%5B%5D=Active&purposes[0]=Erasure&q=a+b&asc=True&cb=123",
        )
        .unwrap();
        assert_eq!(q.states, vec![DsrState::Open, DsrState::Active]);
        assert_eq!(q.purposes, vec![Purpose::Erasure]);
        assert_eq!(q.q.as_deref(), Some("a b"));
        assert_eq!(q.asc, Some(true));
    }

    #[test]
    fn query_rejects_bad_scalars_by_field() {
        let err = DsrQuery::from_query_string("page=two").unwrap_err();
        assert_eq!(err, FieldError::new("page", Violation::Integer));
        let err = DsrQuery::from_query_string("archived=yes").unwrap_err();
        assert_eq!(err, FieldError::new("archived", Violation::Boolean));
        let err = DsrQuery::from_query_string("size=-1").unwrap_err();
        assert_eq!(err.field, "size");
    }

    #[test]
    fn query_keeps_unknown_states_but_validation_rejects_them() {
        let q = DsrQuery::from_query_string("states=Frozen").unwrap();
        assert_eq!(q.states, vec![DsrState::Other("Frozen".into())]);
        assert_eq!(q.to_query_string(), "states=Frozen");
        assert_eq!(
            q.validate(),
            vec![FieldError::new("states", Violation::UnknownValue)]
        );
    }

    #[test]
    fn percent_coding() {
        assert_eq!(percent_encode("a-b_c.d~e f/ü"), "a-b_c.d~e%20f%2F%C3%BC");
        assert_eq!(percent_decode("a%20b+c%2f%C3%BC"), "a b c/ü");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }
}

/// One entry of a request's audit log (`GET .../DataSubjectRequests/{id}/audit`,
/// our extension): a field that changed, or `created`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// When (server time, ISO 8601).
    pub at: String,
    /// The name of the key that made the change, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    /// That key's hint (its start and last characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_hint: Option<String>,
    /// A seed field's JSON name, or `created`.
    pub field: String,
    /// The value before: JSON text, or `sha256:<hex>` for a field that may hold
    /// personal data; absent for null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_value: Option<String>,
    /// The value after, in the same form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_value: Option<String>,
}

impl AuditEntry {
    /// Whether the values are kept as hashes (personal data).
    pub fn hashed(&self) -> bool {
        [&self.old_value, &self.new_value]
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| v.starts_with("sha256:")))
    }
}
