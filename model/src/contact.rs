//! Contacts from two services:
//!
//! - Concord data system contacts (seed 000): `POST /organizations/{organizationId}/
//!   data-system-contacts`, [`NewDataSystemContact`] and [`DataSystemContact`].
//! - URN-service organisation contacts (seed 003): `GET` / `POST /organisations/id/{id}/
//!   contacts`, [`CreateContactRequest`], [`OrganisationContact`] and [`Collection`].
//!
//! Seed 000 renders untyped members as `{}` or `[null]`; those stay `serde_json::Value`.

use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;
use crate::validate::{
    format, is_email, is_phone, is_uuid, items, known, len, Errors, FieldError, Validate, Violation,
};

/// Most entries in a data system contact's `dataSystems` (ours; the seed gives no bound).
pub const MAX_DATA_SYSTEMS: usize = 100;
/// Longest data system id in `dataSystems` (ours).
pub const DATA_SYSTEM_ID_MAX: usize = 256;

string_enum! {
    /// Data system contact status (seed 000: "active" | "archived" | "test").
    pub enum ContactStatus {
        /// In use.
        Active = "active",
        /// Retired.
        Archived = "archived",
        /// Only for testing.
        Test = "test",
    }
}

/// Request body of "Create data system contact" (seed 000).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDataSystemContact {
    /// Required; <= 256 chars (seed 000).
    pub name: String,
    /// Required; a known [`ContactStatus`].
    pub status: ContactStatus,
    /// Required; e-mail format, <= 256 chars (seed 000).
    pub email: String,
    /// Required; <= 256 chars (seed 000 states no format: its example is "string").
    pub phone_number: String,
    /// <= 1042 chars (seed 000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Required; UUID of the contact type (seed 000: format uuid).
    pub contact_type: String,
    /// Ids of the data systems the contact is for (strings; no format in the seed): at
    /// most [`MAX_DATA_SYSTEMS`], each 1..=[`DATA_SYSTEM_ID_MAX`] chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_systems: Option<Vec<String>>,
}

impl Validate for NewDataSystemContact {
    /// Length first, then format, so a 300-char address reads "at most 256". Note that
    /// [`crate::validate::is_email`] caps addresses at 254 (RFC 5321), inside the seed's 256.
    fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        e.required("name", Some(&self.name), |v| len(v, 0, 256));
        e.check("status", known(self.status.is_known()));
        e.required("email", Some(&self.email), |v| {
            len(v, 0, 256).and_then(|()| format(is_email(v), Violation::Email))
        });
        e.required("phoneNumber", Some(&self.phone_number), |v| len(v, 0, 256));
        e.optional("description", self.description.as_deref(), |v| {
            len(v, 0, 1_042)
        });
        e.required("contactType", Some(&self.contact_type), |v| {
            format(is_uuid(v), Violation::Uuid)
        });
        if let Some(systems) = &self.data_systems {
            e.check(
                "dataSystems",
                items(systems, MAX_DATA_SYSTEMS).and_then(|()| {
                    systems
                        .iter()
                        .try_for_each(|s| len(s, 1, DATA_SYSTEM_ID_MAX))
                }),
            );
        }
        e.0
    }
}

/// Response of "Create data system contact" (seed 000). Dates are numbers there (epoch
/// time), unlike the consent type's ISO strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSystemContact {
    /// UUID.
    pub id: String,
    /// Creation time, a number in the seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<i64>,
    /// Update time, a number in the seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_updated: Option<i64>,
    /// Organization UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ContactStatus>,
    /// The contact type object; `{}` in the seed, so untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_type: Option<serde_json::Value>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The data systems, expanded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_systems: Option<Vec<DataSystem>>,
}

/// A data system nested in [`DataSystemContact`] (seed 000). Relation lists are shown
/// empty or `[null]` in the seed, so their items stay untyped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSystem {
    /// UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Transfers data across borders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_border: Option<bool>,
    /// Retention, an ISO 8601 duration in the seed ("P2Y"); kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_notes: Option<String>,
    /// Untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_contacts: Option<Vec<serde_json::Value>>,
    /// Untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_destinations: Option<Vec<serde_json::Value>>,
    /// Untyped (`{}` in the seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_relationship: Option<serde_json::Value>,
    /// Untyped (`[null]` in the seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_security_measures: Option<Vec<serde_json::Value>>,
    /// Untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_origins: Option<Vec<serde_json::Value>>,
    /// Untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_processing_activities: Option<Vec<serde_json::Value>>,
    /// Untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_processing_purposes: Option<Vec<serde_json::Value>>,
    /// Untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_data_categories: Option<Vec<serde_json::Value>>,
    /// Untyped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_data_subjects: Option<Vec<serde_json::Value>>,
    /// Icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Creation time, a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<i64>,
    /// Update time, a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_updated: Option<i64>,
    /// Organization UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Organization name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Status; the seed shows "string", not the contact status values, so a plain string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Type id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_type_id: Option<String>,
    /// Untyped (`[null]` in the seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_system_type: Option<serde_json::Value>,
    /// Untyped items (`[null]` in the seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_ids: Option<Vec<serde_json::Value>>,
}

/// Request body of `POST /organisations/id/{id}/contacts` (seed 003).
///
/// The seed lists the fields but not which are mandatory, only that a missing one is error
/// 400005 and an invalid one 400007. Our choice: `surname` and `email` are mandatory (the
/// least that identifies and reaches a person); the rest is optional. Every field is an
/// `Option` so a missing mandatory field reaches [`Validate`] (and so 400005) instead of
/// failing JSON decoding. Limits are ours (the seed states none): 256 chars, comment 10000.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateContactRequest {
    /// Mandatory (our choice); <= 256 chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// <= 256 chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    /// Mandatory (our choice); e-mail format, <= 256 chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone format, <= 256 chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Role, e.g. "system administrator"; <= 256 chars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// <= 10000 chars; registering one needs an extra privilege (403001 otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Validate for CreateContactRequest {
    fn validate(&self) -> Vec<FieldError> {
        let mut e = Errors::default();
        let short = |v: &str| len(v, 0, 256);
        e.required("surname", self.surname.as_deref(), short);
        e.optional("forename", self.forename.as_deref(), short);
        e.required("email", self.email.as_deref(), |v| {
            short(v).and_then(|()| format(is_email(v), Violation::Email))
        });
        e.optional("phone", self.phone.as_deref(), |v| {
            short(v).and_then(|()| format(is_phone(v), Violation::Phone))
        });
        e.optional("function", self.function.as_deref(), short);
        e.optional("comment", self.comment.as_deref(), |v| len(v, 0, 10_000));
        e.0
    }
}

/// A URN-service contact (seed 003 "Contact"). All optional: the seed's collection
/// example lists its items as `{ }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationContact {
    /// URI of this contact (JSON `self`, a Rust keyword).
    #[serde(default, rename = "self", skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// ISO 8601 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Surname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// Forename.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// URI of the organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The seed's name for [`OrganisationContact`].
pub type Contact = OrganisationContact;

/// URN-service collection (seed 003): `{self, totalItems, items}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection<T> {
    /// URI of this collection (JSON `self`).
    #[serde(rename = "self")]
    pub self_url: String,
    /// Number of items over all pages.
    pub total_items: u64,
    /// The items.
    pub items: Vec<T>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dsc() -> NewDataSystemContact {
        NewDataSystemContact {
            name: "Jane".into(),
            status: ContactStatus::Active,
            email: "user@example.com".into(),
            phone_number: "string".into(),
            description: None,
            contact_type: "5ea4d187-63a3-4cc6-988a-cac0b400805a".into(),
            data_systems: None,
        }
    }

    /// `email_of(n)`: a syntactically valid address of exactly `n` chars.
    fn email_of(n: usize) -> String {
        format!("{}@example.com", "a".repeat(n - 12))
    }

    type Case = (
        &'static str,
        fn(&mut NewDataSystemContact, String),
        String,
        String,
        Violation,
    );

    #[test]
    fn data_system_contact_just_inside_and_just_outside() {
        let cases: Vec<Case> = vec![
            (
                "name",
                |c, v| c.name = v,
                "a".repeat(256),
                "a".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "name",
                |c, v| c.name = v,
                "a".into(),
                String::new(),
                Violation::Required,
            ),
            (
                "description",
                |c, v| c.description = Some(v),
                "a".repeat(1_042),
                "a".repeat(1_043),
                Violation::TooLong { max: 1_042 },
            ),
            (
                "phoneNumber",
                |c, v| c.phone_number = v,
                "1".repeat(256),
                "1".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "email",
                |c, v| c.email = v,
                email_of(254),
                email_of(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "email",
                |c, v| c.email = v,
                "a@b.co".into(),
                "user@localhost".into(),
                Violation::Email,
            ),
            (
                "contactType",
                |c, v| c.contact_type = v,
                "497F6ECA-6276-4993-BFEB-53CBBBBA6F08".into(),
                "497f6eca-6276-4993-bfeb-53cbbbba6f0".into(),
                Violation::Uuid,
            ),
        ];
        for (field, set, inside, outside, violation) in cases {
            let mut c = dsc();
            set(&mut c, inside.clone());
            assert_eq!(c.validate(), vec![], "{field} = {inside:.20}");
            set(&mut c, outside.clone());
            assert_eq!(
                c.validate(),
                vec![FieldError::new(field, violation)],
                "{field} = {outside:.20}"
            );
        }
    }

    #[test]
    fn email_at_the_seed_limit_passes_length_but_not_smtp() {
        // 256 is inside the seed's maxLength, but no SMTP path carries more than 254.
        let mut c = dsc();
        c.email = email_of(256);
        assert_eq!(
            c.validate(),
            vec![FieldError::new("email", Violation::Email)]
        );
        c.email = email_of(255);
        assert_eq!(
            c.validate(),
            vec![FieldError::new("email", Violation::Email)]
        );
    }

    #[test]
    fn data_systems_are_bounded() {
        let mut c = dsc();
        c.data_systems = Some(vec!["a".repeat(DATA_SYSTEM_ID_MAX); MAX_DATA_SYSTEMS]);
        assert_eq!(c.validate(), vec![]);
        c.data_systems.as_mut().unwrap().push("x".into());
        assert_eq!(
            c.validate(),
            vec![FieldError::new(
                "dataSystems",
                Violation::TooMany {
                    max: MAX_DATA_SYSTEMS
                }
            )]
        );
        c.data_systems = Some(vec!["a".repeat(DATA_SYSTEM_ID_MAX + 1)]);
        assert_eq!(
            c.validate(),
            vec![FieldError::new(
                "dataSystems",
                Violation::TooLong {
                    max: DATA_SYSTEM_ID_MAX
                }
            )]
        );
    }

    #[test]
    fn data_system_contact_status_must_be_known() {
        let mut c = dsc();
        c.status = ContactStatus::parse("deleted");
        assert_eq!(
            c.validate(),
            vec![FieldError::new("status", Violation::UnknownValue)]
        );
    }

    #[test]
    fn urn_contact_mandatory_fields() {
        let empty = CreateContactRequest::default();
        let errors = empty.validate();
        assert_eq!(
            errors,
            vec![
                FieldError::new("surname", Violation::Required),
                FieldError::new("email", Violation::Required),
            ]
        );
        let ok = CreateContactRequest {
            surname: Some("Gödel".into()),
            email: Some("k.goedel@example.org".into()),
            ..Default::default()
        };
        assert_eq!(ok.validate(), vec![]);
    }

    #[test]
    fn urn_contact_limits() {
        type Set = fn(&mut CreateContactRequest, String);
        let cases: [(&str, Set, String, String, Violation); 6] = [
            (
                "surname",
                |c, v| c.surname = Some(v),
                "a".repeat(256),
                "a".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "forename",
                |c, v| c.forename = Some(v),
                "a".repeat(256),
                "a".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "function",
                |c, v| c.function = Some(v),
                "a".repeat(256),
                "a".repeat(257),
                Violation::TooLong { max: 256 },
            ),
            (
                "comment",
                |c, v| c.comment = Some(v),
                "a".repeat(10_000),
                "a".repeat(10_001),
                Violation::TooLong { max: 10_000 },
            ),
            (
                "phone",
                |c, v| c.phone = Some(v),
                "+49 69 1525-0".into(),
                "+49 69 CALL".into(),
                Violation::Phone,
            ),
            (
                "email",
                |c, v| c.email = Some(v),
                email_of(254),
                email_of(255),
                Violation::Email,
            ),
        ];
        for (field, set, inside, outside, violation) in cases {
            let mut c = CreateContactRequest {
                surname: Some("Gödel".into()),
                email: Some("k.goedel@example.org".into()),
                ..Default::default()
            };
            set(&mut c, inside);
            assert_eq!(c.validate(), vec![], "{field} inside");
            set(&mut c, outside);
            assert_eq!(
                c.validate(),
                vec![FieldError::new(field, violation)],
                "{field} outside"
            );
        }
    }
}
