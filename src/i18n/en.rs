//! English strings.
use super::Key::{self, *};
use pw_model::{Purpose, Violation};

pub(super) fn t(key: Key) -> &'static str {
    match key {
        Language => "Language",
        Close => "Close",
        Optional => "optional",
        Required => "required",
        DsrTitle => "Make a privacy request",
        DsrIntro => "Use this form to exercise your rights over your personal data. We answer within one month.",
        FieldPurposes => "What would you like us to do?",
        FieldGivenName => "First name",
        FieldFamilyName => "Last name",
        FieldEmail => "E-mail address",
        FieldPhone => "Phone number",
        FieldCountry => "Country (two letters, e.g. FR)",
        FieldAddress => "Street address",
        FieldZip => "Postal code",
        FieldCity => "City",
        FieldMessage => "Your message",
        MessageHint => "Tell us anything that helps us find your data or understand your request.",
        Submit => "Send request",
        Sending => "Sending your request…",
        ErrorSummary => "Please correct the fields marked below.",
        NetworkError => "We could not reach the server. Everything you typed is kept: please try again.",
        ServerError => "The server could not take your request just now. Everything you typed is kept: please try again.",
        RateLimited => "Too many attempts in a short time. Please wait a minute and try again.",
        Retry => "Try again",
        DraftRestored => "We restored what you typed earlier.",
        SuccessTitle => "Request received",
        SuccessBody => "Thank you. We have registered your request and will answer by e-mail.",
        SuccessReference => "Your reference",
        SuccessDeadline => "We must answer by",
        NewRequest => "Make another request",
        ConsentTitle => "Your privacy choices",
        ConsentIntro => "Choose which uses of your data you allow. You can change your mind at any time.",
        AcceptAll => "Accept all",
        RejectAll => "Reject all",
        Customise => "Customise",
        SaveChoices => "Save my choices",
        AlwaysOn => "Always on",
        ReadMore => "Read more",
        CategoryDisclosure => "Disclosures",
        CategoryCommunication => "Communication",
        CategoryPrivacySetting => "Privacy settings",
        CategoryCustom => "Other uses",
        GpcNotice => "Your browser sends a Global Privacy Control signal, so optional uses start switched off.",
        ReaskNotice => "Something changed since you last chose. Please review the items marked below.",
        ChoicesSaved => "Your choices are saved.",
        ConsentLoadError => "We could not load the privacy choices. Please try again later.",
        PrivacyChoices => "Privacy choices",
        FieldPersonCategory => "You are",
        PersonProspect => "A prospective customer",
        PersonCustomer => "A customer",
        PersonEmployee => "An employee or former employee",
        PersonCandidate => "A job applicant",
        ChooseOne => "Choose…",
        ReferenceUnknown => "pending",
        FormHasErrors => "The form has errors",
        MakeRequest => "Privacy request",
    }
}

pub(super) fn violation(v: &Violation) -> String {
    match v {
        Violation::Required => "This field is required.".into(),
        Violation::TooShort { min } => format!("Enter at least {min} characters."),
        Violation::TooLong { max } => format!("Enter at most {max} characters."),
        Violation::Pattern => "Use only lowercase letters a-z, digits, _ and *.".into(),
        Violation::Email => "Enter an e-mail address like name@example.com.".into(),
        Violation::Uri => "Enter a full address starting with https://.".into(),
        Violation::Uuid => "Enter an identifier like 5ea4d187-63a3-4cc6-988a-cac0b400805a.".into(),
        Violation::Duration => "Enter a duration like P1Y (one year) or P6M (six months).".into(),
        Violation::Phone => "Enter a phone number using digits, spaces and an optional +.".into(),
        Violation::CountryCode => "Enter a two-letter country code such as FR or NL.".into(),
        Violation::UnknownValue => "Choose one of the offered values.".into(),
        Violation::Integer => "Enter a whole number.".into(),
        Violation::Boolean => "Choose yes or no.".into(),
    }
}

pub(super) fn purpose(p: &Purpose) -> (&'static str, &'static str) {
    match p {
        Purpose::Information => ("Information", "Ask what we do with your personal data."),
        Purpose::Access => (
            "Access",
            "Get a copy of the personal data we hold about you.",
        ),
        Purpose::Rectification => (
            "Correction",
            "Have wrong or incomplete data about you corrected.",
        ),
        Purpose::Erasure => ("Erasure", "Have your personal data deleted."),
        Purpose::Restriction => (
            "Restriction",
            "Have us keep your data but stop using it for now.",
        ),
        Purpose::Opposition => (
            "Objection",
            "Object to a use of your data, for example marketing.",
        ),
        Purpose::Portability => (
            "Portability",
            "Receive your data in a reusable file, or have it sent to another company.",
        ),
        Purpose::AdvanceDirectives => (
            "Instructions after death",
            "Tell us what should happen to your data after your death.",
        ),
        Purpose::AutomatedDecision => (
            "Automated decision",
            "Ask for a person to review a decision made about you by a computer.",
        ),
        Purpose::Unknown | Purpose::Other(_) => {
            ("Other", "Something else: describe it in your message.")
        }
    }
}
