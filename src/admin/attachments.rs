//! The message composer's file rules (issue 16) as data: a file joins a
//! message only within the model's limits (type, size, files per message),
//! checked before any upload, so a refused file costs no upload and the admin
//! is told in words which file and why.
use pw_model::requester::{file_extension, ALLOWED_FILE_TYPES, FILES_PER_MESSAGE, FILE_MAX_BYTES};

use crate::admin::messages::{fill, fmt_size};
use crate::i18n::{t, Key, Locale};

/// Why a chosen file is not uploaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// The message already carries [`FILES_PER_MESSAGE`] files.
    TooMany,
    /// Not one of [`ALLOWED_FILE_TYPES`].
    TypeNotAllowed,
    /// Larger than [`FILE_MAX_BYTES`].
    TooBig,
}

impl FileProblem {
    /// Why a file of `content_type` and `size` bytes may not join a message
    /// that already carries `attached` files (`None`: it may).
    pub fn of(content_type: &str, size: u64, attached: usize) -> Option<Self> {
        if attached >= FILES_PER_MESSAGE {
            Some(Self::TooMany)
        } else if file_extension(content_type).is_none() {
            Some(Self::TypeNotAllowed)
        } else if size > FILE_MAX_BYTES {
            Some(Self::TooBig)
        } else {
            None
        }
    }

    /// The sentence shown next to the file input, naming the file `name`.
    pub fn text(self, locale: Locale, name: &str) -> String {
        match self {
            Self::TooMany => fill(t(locale, Key::FileTooMany), FILES_PER_MESSAGE),
            Self::TypeNotAllowed => t(locale, Key::FileTypeRefused).replace("{name}", name),
            Self::TooBig => t(locale, Key::FileTooBig)
                .replace("{name}", name)
                .replace("{size}", &fmt_size(locale, FILE_MAX_BYTES)),
        }
    }
}

/// The file input's `accept`: the allowed types.
pub fn accept() -> String {
    ALLOWED_FILE_TYPES
        .iter()
        .map(|(mime, _)| *mime)
        .collect::<Vec<_>>()
        .join(",")
}

/// The hint under the file input: types, size and count allowed.
pub fn hint(locale: Locale) -> String {
    fill(t(locale, Key::AttachHint), FILES_PER_MESSAGE)
        .replace("{size}", &fmt_size(locale, FILE_MAX_BYTES))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_against_the_model_limits() {
        assert_eq!(FileProblem::of("application/pdf", 1_000, 0), None);
        assert_eq!(FileProblem::of("image/jpeg", FILE_MAX_BYTES, 2), None);
        assert_eq!(
            FileProblem::of("image/jpeg", FILE_MAX_BYTES + 1, 0),
            Some(FileProblem::TooBig)
        );
        assert_eq!(
            FileProblem::of("text/html", 10, 0),
            Some(FileProblem::TypeNotAllowed)
        );
        assert_eq!(
            FileProblem::of("", 10, 0),
            Some(FileProblem::TypeNotAllowed)
        );
        assert_eq!(
            FileProblem::of("application/pdf", 10, FILES_PER_MESSAGE),
            Some(FileProblem::TooMany)
        );
        assert_eq!(accept(), "application/pdf,image/png,image/jpeg,text/plain");
    }

    #[test]
    fn problems_name_the_file_and_the_limit() {
        for l in Locale::ALL {
            assert!(FileProblem::TooBig.text(l, "scan.pdf").contains("scan.pdf"));
            assert!(FileProblem::TooBig.text(l, "scan.pdf").contains('5'));
            assert!(FileProblem::TypeNotAllowed
                .text(l, "a.exe")
                .contains("a.exe"));
            assert!(FileProblem::TooMany.text(l, "x").contains('3'));
            assert!(hint(l).contains('3') && hint(l).contains('5'));
        }
    }
}
