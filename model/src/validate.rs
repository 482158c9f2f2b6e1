//! Field-keyed validation shared by the forms (widget, admin) and the server: one
//! implementation, two callers.
//!
//! The rules per body live beside each type (`impl Validate` in `dsr.rs`,
//! `consent_type.rs`, `contact.rs`); this file holds the result types and the small pure
//! checks they are built from. Everything is hand-written: `regex` alone would add about
//! 500 KB to the widget (STYLE 12).

use core::fmt;

pub use crate::dsr::RequiredFields;

/// One rejected field. `field` is the JSON field name (`"name"`, `"phoneNumber"`), so the
/// server can name it and a form can put the message under the right input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// JSON name of the field, as in the seed (camelCase for Dastra and Concord).
    pub field: String,
    /// What is wrong, as data: forms localize by matching on it.
    pub violation: Violation,
}

impl FieldError {
    /// A violation of `field` (JSON name).
    pub fn new(field: impl Into<String>, violation: Violation) -> Self {
        Self {
            field: field.into(),
            violation,
        }
    }
}

impl fmt::Display for FieldError {
    /// English, for server messages: `name must be at least 5 characters`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.violation)
    }
}

impl std::error::Error for FieldError {}

/// Why a field was rejected. Kept as data (no text) so each locale words it itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Violation {
    /// Missing or blank where the body (or the workspace) requires it.
    Required,
    /// Fewer than `min` Unicode characters (JSON Schema `minLength` counts code points).
    TooShort {
        /// Smallest allowed length in characters.
        min: usize,
    },
    /// More than `max` Unicode characters.
    TooLong {
        /// Largest allowed length in characters.
        max: usize,
    },
    /// Does not match the consent type label pattern `[a-z0-9_*]{1,128}` (seed 001).
    Pattern,
    /// Not an e-mail address (see [`is_email`]).
    Email,
    /// Not an http(s) URL (see [`is_http_url`]), or not an absolute URI (see [`is_uri`]).
    Uri,
    /// Not a UUID `8-4-4-4-12` hex (see [`is_uuid`]).
    Uuid,
    /// Not an ISO 8601 duration (see [`crate::duration::IsoDuration`]).
    Duration,
    /// Not a phone number (see [`is_phone`]).
    Phone,
    /// Not an ISO 3166-1 alpha-2 country code (two letters).
    CountryCode,
    /// An enum value this build does not know (`Other`), or a value the field does not accept.
    UnknownValue,
    /// A query parameter that should be an integer.
    Integer,
    /// A query parameter that should be `true` or `false`.
    Boolean,
    /// A list with more than `max` items.
    TooMany {
        /// Largest allowed number of items.
        max: usize,
    },
    /// A list that names the same value twice where each value may appear once.
    Duplicate,
    /// Not a `#rrggbb` colour.
    Color,
    /// A colour with less than the WCAG AA contrast (4.5:1) against the ground it is used on.
    Contrast,
    /// Not a web origin (`https://host[:port]`, no path).
    Origin,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => f.write_str("is required"),
            Self::TooShort { min } => write!(f, "must be at least {min} characters"),
            Self::TooLong { max } => write!(f, "must be at most {max} characters"),
            Self::Pattern => f.write_str("may only contain a-z, 0-9, _ and *"),
            Self::Email => f.write_str("must be a valid e-mail address"),
            Self::Uri => f.write_str("must be an http or https URL such as https://example.com"),
            Self::Uuid => f.write_str("must be a UUID"),
            Self::Duration => f.write_str("must be an ISO 8601 duration such as P1Y or PT12H"),
            Self::Phone => f.write_str("must be a phone number"),
            Self::CountryCode => f.write_str("must be a two-letter country code"),
            Self::UnknownValue => f.write_str("has an unknown value"),
            Self::Integer => f.write_str("must be an integer"),
            Self::Boolean => f.write_str("must be true or false"),
            Self::TooMany { max } => write!(f, "must have at most {max} items"),
            Self::Duplicate => f.write_str("must not repeat a value"),
            Self::Color => f.write_str("must be a colour such as #0b5cad"),
            Self::Origin => f.write_str("must be an origin such as https://shop.example (no path)"),
            Self::Contrast => {
                f.write_str("must contrast at least 4.5:1 with the widget's background")
            }
        }
    }
}

/// A request body that can check itself before it is sent (forms) or stored (server).
pub trait Validate {
    /// Every violated constraint, at most one per field; empty when the body is valid.
    fn validate(&self) -> Vec<FieldError>;

    /// `validate()` as a `Result`, for `?` in the server's extractor.
    fn check(&self) -> Result<(), Vec<FieldError>> {
        let errors = self.validate();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Length in Unicode scalar values, which is what JSON Schema `maxLength` counts.
pub fn char_len(value: &str) -> usize {
    value.chars().count()
}

/// `min..=max` characters, else `TooShort` / `TooLong` for `field`.
pub fn check_len(field: &str, value: &str, min: usize, max: usize) -> Option<FieldError> {
    len(value, min, max)
        .err()
        .map(|v| FieldError::new(field, v))
}

/// Pragmatic e-mail check, not RFC 5322: one `@`, a non-empty local part, a domain with a
/// dot and no empty labels, no whitespace or control characters, at most 254 characters
/// (the longest address SMTP can carry, RFC 5321).
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    char_len(value) <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Absolute URI per RFC 3986: a scheme (`ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")`), `:`,
/// and a non-empty rest of printable ASCII without the characters RFC 3986 never allows
/// (space, `<>"{}|\^` and backtick); `%` must start a two-digit hex escape.
/// `http:`, `https:`, `mailto:` and `urn:` URIs all pass; `example.com` does not.
pub fn is_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let bytes = rest.as_bytes();
    let rest_ok = !rest.is_empty()
        && bytes.iter().enumerate().all(|(i, &b)| match b {
            b'%' => bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
            b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`' => false,
            _ => b.is_ascii_graphic(),
        });
    scheme_ok && rest_ok
}

/// A web address a browser may open: [`is_uri`] with the scheme `http` or `https` (either
/// case) and a non-empty host after `//`. `javascript:`, `data:`, `mailto:` and relative
/// references are refused.
pub fn is_http_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let host = rest
        .strip_prefix("//")
        .map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && host.is_some_and(|h| !h.is_empty() && !h.starts_with(':') && !h.starts_with('@'))
        && is_uri(value)
}

/// `8-4-4-4-12` hexadecimal digits, either case (any version, as JSON Schema `uuid`).
pub fn is_uuid(value: &str) -> bool {
    value.len() == 36
        && value.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Consent type label, seed 001: `[a-z0-9_*]{1,128}` over the WHOLE value.
///
/// The seed writes the pattern without a leading `^`; read literally as an unanchored
/// JSON Schema pattern, `"A-b"` would match through its last character. We anchor both ends
/// because a label is an identifier and the `{1,128}` bound only makes sense that way.
pub fn is_label(value: &str) -> bool {
    (1..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'*'))
}

/// Pragmatic phone check (no seed gives a format): an optional leading `+`, then digits,
/// spaces and `-().\/`, with 3..=20 digits in all (E.164 allows 15, plus room for an
/// extension). `+49 69 1525-0` (seed 003) passes.
pub fn is_phone(value: &str) -> bool {
    let body = value.strip_prefix('+').unwrap_or(value);
    let digits = body.bytes().filter(u8::is_ascii_digit).count();
    (3..=20).contains(&digits)
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'.' | b'/'))
}

/// ISO 3166-1 alpha-2 shape: exactly two ASCII letters (either case; the list itself is
/// not embedded, to keep the widget small).
pub fn is_country_code(value: &str) -> bool {
    value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic())
}

// ---- building blocks for the per-type rules -------------------------------------------
// Each returns the violation so rules chain with `and_then` and stop at the first one.

pub(crate) fn len(value: &str, min: usize, max: usize) -> Result<(), Violation> {
    let n = char_len(value);
    if n < min {
        Err(Violation::TooShort { min })
    } else if n > max {
        Err(Violation::TooLong { max })
    } else {
        Ok(())
    }
}

/// A blank value counts as missing: forms send `""` for an untouched input.
pub(crate) fn present(value: Option<&str>) -> Result<&str, Violation> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or(Violation::Required)
}

/// At most `max` items, else `TooMany`.
pub(crate) fn items<T>(list: &[T], max: usize) -> Result<(), Violation> {
    format(list.len() <= max, Violation::TooMany { max })
}

/// No value twice (quadratic, for the short lists it is used on: bound them first).
pub(crate) fn distinct<T: PartialEq>(list: &[T]) -> Result<(), Violation> {
    let repeated = list.iter().enumerate().any(|(i, a)| list[..i].contains(a));
    format(!repeated, Violation::Duplicate)
}

pub(crate) fn format(ok: bool, violation: Violation) -> Result<(), Violation> {
    if ok {
        Ok(())
    } else {
        Err(violation)
    }
}

pub(crate) fn known(is_known: bool) -> Result<(), Violation> {
    format(is_known, Violation::UnknownValue)
}

/// Small accumulator so the per-type rules read as one line per field.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Vec<FieldError>);

impl Errors {
    pub(crate) fn check(&mut self, field: &str, result: Result<(), Violation>) {
        if let Err(v) = result {
            self.0.push(FieldError::new(field, v));
        }
    }

    /// Checks an optional field only when it is present.
    pub(crate) fn optional(
        &mut self,
        field: &str,
        value: Option<&str>,
        rule: impl FnOnce(&str) -> Result<(), Violation>,
    ) {
        if let Some(v) = value {
            self.check(field, rule(v));
        }
    }

    /// A required field: missing or blank is `Required`, otherwise `rule` decides.
    pub(crate) fn required(
        &mut self,
        field: &str,
        value: Option<&str>,
        rule: impl FnOnce(&str) -> Result<(), Violation>,
    ) {
        self.check(field, present(value).and_then(rule));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let local = "a".repeat(64);
        let at_254 = format!("{local}@{}.com", "b".repeat(254 - 64 - 5));
        assert_eq!(at_254.len(), 254);
        for ok in [
            "user@example.com",
            "k.goedel@example.org",
            "a+b@x.co",
            &at_254,
        ] {
            assert!(is_email(ok), "{ok}");
        }
        let at_255 = format!("x{at_254}");
        for bad in [
            "",
            "user",
            "@example.com",
            "user@",
            "user@localhost",
            "a@b@c.com",
            "us er@x.com",
            "user@x..com",
            "user@.x.com",
            "user@x.com.",
            "user@-x.com",
            "string",
            &at_255,
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn uris() {
        for ok in [
            "http://example.com",
            "https://example.com/a?b=c#d",
            "mailto:a@b.c",
            "urn:isbn:0451450523",
            "http://example.com/%20",
            "tel:+49-69",
        ] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "",
            "example.com",
            "http:",
            ":x",
            "1http://x",
            "ht tp://x",
            "http://exa mple.com",
            "http://x/<y>",
            "http://x/%2",
            "http://x/%zz",
            "/relative/path",
            "http://é.fr",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
    }

    #[test]
    fn http_urls() {
        for ok in [
            "http://example.com",
            "HTTPS://shop.example/privacy?x=1#top",
            "https://example.com:8443",
            "http://127.0.0.1:8080/path",
        ] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,x",
            "mailto:a@b.c",
            "urn:isbn:1",
            "https:example.com",
            "https://",
            "https:///path",
            "http://:80",
            "//example.com",
            "ftp://example.com",
            "https://exa mple.com",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn list_bounds() {
        assert_eq!(items(&[1, 2], 2), Ok(()));
        assert_eq!(items(&[1, 2, 3], 2), Err(Violation::TooMany { max: 2 }));
        assert_eq!(distinct(&[1, 2, 3]), Ok(()));
        assert_eq!(distinct(&[1, 2, 1]), Err(Violation::Duplicate));
        assert_eq!(
            Violation::TooMany { max: 10 }.to_string(),
            "must have at most 10 items"
        );
    }

    #[test]
    fn uuids() {
        for ok in [
            "497f6eca-6276-4993-bfeb-53cbbbba6f08",
            "5EA4D187-63A3-4CC6-988A-CAC0B400805A",
        ] {
            assert!(is_uuid(ok), "{ok}");
        }
        for bad in [
            "",
            "497f6eca62764993bfeb53cbbbba6f08",
            "497f6eca-6276-4993-bfeb-53cbbbba6f0",
            "497f6eca-6276-4993-bfeb-53cbbbba6f088",
            "497f6eca-6276-4993-bfeb_53cbbbba6f08",
            "g97f6eca-6276-4993-bfeb-53cbbbba6f08",
            "string",
        ] {
            assert!(!is_uuid(bad), "{bad}");
        }
    }

    #[test]
    fn labels() {
        assert!(is_label("a_b*1"));
        assert!(is_label("string"));
        assert!(is_label(&"a".repeat(128)));
        for bad in ["", "A", "a-b", "a b", "é", &"a".repeat(129)] {
            assert!(!is_label(bad), "{bad}");
        }
    }

    #[test]
    fn phones_and_countries() {
        for ok in ["+49 69 1525-0", "(030) 123.45/67", "112"] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in [
            "",
            "12",
            "string",
            "+",
            "++49 123",
            "12345678901234567890123",
            "49+123",
        ] {
            assert!(!is_phone(bad), "{bad}");
        }
        assert!(is_country_code("FR") && is_country_code("nl"));
        for bad in ["", "F", "FRA", "F1", "é"] {
            assert!(!is_country_code(bad), "{bad}");
        }
    }

    #[test]
    fn len_counts_chars_not_bytes() {
        assert_eq!(char_len("Gödel"), 5);
        assert_eq!(check_len("name", "Gödel", 5, 5), None);
        assert_eq!(
            check_len("name", "Göd", 5, 100),
            Some(FieldError::new("name", Violation::TooShort { min: 5 }))
        );
        assert_eq!(
            check_len("name", "abc", 0, 2).unwrap().to_string(),
            "name must be at most 2 characters"
        );
    }

    #[test]
    fn blank_counts_as_missing() {
        assert_eq!(present(Some("  ")), Err(Violation::Required));
        assert_eq!(present(None), Err(Violation::Required));
        assert_eq!(present(Some(" a ")), Ok(" a "));
    }
}
