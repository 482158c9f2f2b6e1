//! The message composer's file rules (issue 16) as data: a file joins a
//! message only within the model's limits (type, size, files per message),
//! checked before any upload, so a refused file costs no upload and the admin
//! is told in words which file and why.
use pw_model::requester::{check_file, ALLOWED_FILE_TYPES, FILES_PER_MESSAGE, FILE_MAX_BYTES};

use crate::admin::messages::{fill, fmt_size};
use crate::i18n::{t, Key, Locale};

pub use pw_model::requester::FileProblem;

/// Why a file of `content_type`, `name` and `size` bytes may not join a
/// message that already carries `attached` files (`None`: it may).
pub fn problem(content_type: &str, name: &str, size: u64, attached: usize) -> Option<FileProblem> {
    check_file(content_type, name, size, attached).err()
}

/// The sentence shown next to the file input, naming the refused file `name`.
pub fn problem_text(problem: FileProblem, locale: Locale, name: &str) -> String {
    match problem {
        FileProblem::TooMany => fill(t(locale, Key::FileTooMany), FILES_PER_MESSAGE),
        FileProblem::TypeNotAllowed => t(locale, Key::FileTypeRefused).replace("{name}", name),
        FileProblem::TooBig => t(locale, Key::FileTooBig)
            .replace("{name}", name)
            .replace("{size}", &fmt_size(locale, FILE_MAX_BYTES)),
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
        assert_eq!(problem("application/pdf", "a.pdf", 1_000, 0), None);
        assert_eq!(problem("image/jpeg", "a.jpg", FILE_MAX_BYTES, 2), None);
        assert_eq!(
            problem("image/jpeg", "a.jpg", FILE_MAX_BYTES + 1, 0),
            Some(FileProblem::TooBig)
        );
        assert_eq!(
            problem("text/html", "a.html", 10, 0),
            Some(FileProblem::TypeNotAllowed)
        );
        assert_eq!(
            problem("", "a.html", 10, 0),
            Some(FileProblem::TypeNotAllowed)
        );
        assert_eq!(
            problem("application/pdf", "a.pdf", 10, FILES_PER_MESSAGE),
            Some(FileProblem::TooMany)
        );
        assert_eq!(accept(), "application/pdf,image/png,image/jpeg,text/plain");
    }

    #[test]
    fn problems_name_the_file_and_the_limit() {
        for l in Locale::ALL {
            assert!(problem_text(FileProblem::TooBig, l, "scan.pdf").contains("scan.pdf"));
            assert!(problem_text(FileProblem::TooBig, l, "scan.pdf").contains('5'));
            assert!(problem_text(FileProblem::TypeNotAllowed, l, "a.exe").contains("a.exe"));
            assert!(problem_text(FileProblem::TooMany, l, "x").contains('3'));
            assert!(hint(l).contains('3') && hint(l).contains('5'));
        }
    }
}
