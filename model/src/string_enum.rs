//! Forward-compatible string enums: the seeds' enum fields (DSR state, purposes, consent
//! category, ...) as Rust enums that still accept a value this build does not know.
//!
//! A server that adds a new state must not make the widget or the admin page fail a whole
//! response, so an unknown string becomes `Other(s)` and serializes back to exactly `s`.
//! Validation of request bodies rejects `Other` (see `validate.rs`).

use core::fmt;
use serde::de::{self, Deserializer, Visitor};

/// Defines `pub enum $name { Known..., Other(String) }` with `as_str`, `parse`, `ALL`,
/// `is_known`, `Display`, `FromStr` and serde as a plain JSON string.
///
/// Each variant is written `Variant = "wire string"` so the JSON spelling is explicit.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this build does not know; kept verbatim so it round-trips.
            Other(String),
        }

        impl $name {
            /// The known values, in the seed's order (never `Other`).
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The JSON string of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(s) => s,
                }
            }

            /// Exact (case-sensitive) match on the wire string; anything else is `Other`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }

            /// `false` for `Other`: request bodies must only carry known values.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(s))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::string_enum::deserialize_with(d, Self::parse)
            }
        }
    };
}
pub(crate) use string_enum;

/// Shared by every string enum so the visitor is written once; borrows the string when the
/// deserializer can, so known values never allocate.
pub(crate) fn deserialize_with<'de, D, T>(d: D, parse: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<T>(fn(&str) -> T);

    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            Ok((self.0)(s))
        }
    }

    d.deserialize_str(StrVisitor(parse))
}

#[cfg(test)]
mod tests {
    string_enum! {
        /// Test enum.
        pub enum Color {
            /// Red.
            Red = "red",
            /// Dark blue, to check the wire string is not the variant name.
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn known_values_round_trip() {
        for c in Color::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(&serde_json::from_str::<Color>(&json).unwrap(), c);
        }
        assert_eq!(Color::parse("dark_blue"), Color::DarkBlue);
        assert_eq!("red".parse::<Color>(), Ok(Color::Red));
        assert_eq!(Color::ALL.len(), 2);
    }

    #[test]
    fn unknown_value_is_kept_verbatim() {
        let c: Color = serde_json::from_str("\"Red\"").unwrap();
        assert_eq!(c, Color::Other("Red".into()));
        assert!(!c.is_known());
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"Red\"");
        assert_eq!(c.to_string(), "Red");
    }

    #[test]
    fn non_string_is_an_error_not_a_panic() {
        let err = serde_json::from_str::<Color>("3").unwrap_err();
        assert!(err.to_string().contains("a string"), "{err}");
    }
}
