//! Every user-visible string, in English, French, Dutch and German.
//!
//! `t(locale, Key::X)` looks a string up; each locale file is one exhaustive
//! `match`, so a key missing in any language is a compile error. Validation
//! messages are worded here from the model's `Violation` data, so the form and
//! the server agree on the rule while each speaks its own language.
/// A language file's `t`: one exhaustive `match` over [`Key`]. Arms of the
/// loader's shell exist only where the shell is rendered (`shell`, the build
/// step) and in the admin build (which previews some, and whose default
/// build keeps the `match` exhaustive: a key missing in one language does
/// not compile); those of the preferences view unless the DSR form bundle is
/// built alone (feature `dsr` without `prefs`), those of the DSR form (and
/// the requester's pages) unless the preferences bundle is built alone
/// (`prefs` without `dsr`), the status page's only with the `request`
/// feature and the admin page's only with `admin`: each bundle ships its own
/// strings, and falls back to `""` for keys it never uses.
macro_rules! strings {
    (
        widget { $($w:ident => $ws:expr,)* }
        shell { $($s:ident => $ss:expr,)* }
        prefs { $($p:ident => $ps:expr,)* }
        dsr { $($d:ident => $ds:expr,)* }
        request { $($r:ident => $rs:expr,)* }
        admin { $($a:ident => $as:expr,)* }
    ) => {
        pub(super) fn t(key: Key) -> &'static str {
            match key {
                $($w => $ws,)*
                $(#[cfg(any(feature = "shell", feature = "admin"))] $s => $ss,)*
                $(#[cfg(any(feature = "prefs", not(feature = "dsr")))] $p => $ps,)*
                $(#[cfg(any(feature = "dsr", not(feature = "prefs")))] $d => $ds,)*
                $(#[cfg(feature = "request")] $r => $rs,)*
                $(#[cfg(feature = "admin")] $a => $as,)*
                #[cfg(not(all(
                    feature = "admin",
                    feature = "request",
                    any(feature = "prefs", not(feature = "dsr")),
                    any(feature = "dsr", not(feature = "prefs")),
                )))]
                _ => "",
            }
        }
    };
}
use strings;

mod de;
mod en;
mod fr;
mod nl;

use pw_model::{FieldError, Purpose, Violation};

/// A language the product speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English (the fallback).
    #[default]
    En,
    /// French.
    Fr,
    /// Dutch.
    Nl,
    /// German.
    De,
}

impl Locale {
    /// Every locale, in the order a language switcher shows them.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Nl, Locale::De];

    /// BCP 47 primary tag (`"en"`), also the value of `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Nl => "nl",
            Locale::De => "de",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Nl => "Nederlands",
            Locale::De => "Deutsch",
        }
    }

    /// Parses a language tag such as `"fr"`, `"nl-BE"` or `"DE_de"`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The host's explicit choice (`data-locale`) first, then the browser's
    /// preferred languages in order, then English.
    pub fn negotiate<'a>(explicit: &str, browser: impl IntoIterator<Item = &'a str>) -> Locale {
        Locale::from_tag(explicit)
            .or_else(|| browser.into_iter().find_map(Locale::from_tag))
            .unwrap_or_default()
    }

    /// `Intl`-style tag for date formatting in this language.
    pub fn intl_tag(self) -> &'static str {
        match self {
            Locale::En => "en-GB",
            Locale::Fr => "fr-FR",
            Locale::Nl => "nl-NL",
            Locale::De => "de-DE",
        }
    }
}

/// A user-visible string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    // Shared
    Language,
    Close,
    Optional,
    Required,
    // DSR form
    DsrTitle,
    DsrIntro,
    FieldPurposes,
    FieldGivenName,
    FieldFamilyName,
    FieldEmail,
    FieldPhone,
    FieldCountry,
    FieldAddress,
    FieldZip,
    FieldCity,
    FieldMessage,
    MessageHint,
    Submit,
    Sending,
    ErrorSummary,
    NetworkError,
    ServerError,
    RateLimited,
    Retry,
    DraftRestored,
    SuccessTitle,
    SuccessBody,
    SuccessBodyNoEmail,
    SuccessReference,
    SuccessDeadline,
    NewRequest,
    // Consent panel
    ConsentTitle,
    ConsentIntro,
    AcceptAll,
    RejectAll,
    Customise,
    SaveChoices,
    AlwaysOn,
    ReadMore,
    CategoryDisclosure,
    CategoryCommunication,
    CategoryPrivacySetting,
    CategoryCustom,
    GpcNotice,
    ReaskNotice,
    ReaskBanner,
    ChoicesSaved,
    ConsentLoadError,
    EmbedBlocked,
    LoadEmbed,
    NoticeIntro,
    Acknowledge,
    DoNotSell,
    OptOutIntro,
    OptedOut,
    ConsentId,
    ConsentIdHint,
    PrivacyChoices,
    MakeRequest,
    FieldPersonCategory,
    PersonProspect,
    PersonCustomer,
    PersonEmployee,
    PersonCandidate,
    ChooseOne,
    ReferenceUnknown,
    FormHasErrors,
    FormUnavailable,
    ReadDocument,
    Loading,
    PrivacyPolicy,
    // Requester status page and e-mail code (issue 16)
    CodeTitle,
    CodeSent,
    CodeField,
    CodeFormat,
    CodeConfirm,
    CodeChecking,
    CodeResend,
    CodeSending,
    CodeResent,
    CodeConfirmed,
    CodeFollow,
    CodeNewTab,
    CodeWrong,
    CodeExpired,
    CodeUsed,
    CodeTooManyAttempts,
    ReqLinkUnknown,
    ReqLinkExpired,
    ReqLinkUsed,
    ReqLinkRevoked,
    ReqNoLink,
    ReqLinkProblem,
    ReqLinkHelp,
    ReqClosed,
    ReqFull,
    ReqFileTooBig,
    ReqFileType,
    ReqTooManyFiles,
    ReqFileGone,
    ReqTitle,
    ReqHandledBy,
    ReqSummary,
    ReqTypes,
    ReqState,
    ReqReceived,
    ReqPolicy,
    ReqEmail,
    ReqDaysLeft,
    ReqDueToday,
    ReqOverdue,
    ReqExtended,
    ReqPolicyGdpr,
    ReqPolicyCcpa,
    ReqEmailConfirmed,
    ReqEmailUnconfirmed,
    ReqStateOpen,
    ReqStateIdentity,
    ReqStateProcessing,
    ReqStateClosed,
    ReqClosedOn,
    ReqOutcome,
    ReqReasonCompleted,
    ReqReasonRejected,
    ReqReasonWithdrawn,
    ReqReasonDuplicate,
    ReqReasonIdentity,
    ReqAnswer,
    ReqMessages,
    ReqNoMessages,
    ReqAuthorYou,
    ReqAuthorTeam,
    ReqDownload,
    ReqDownloading,
    ReqWrite,
    ReqCharsLeft,
    ReqFiles,
    ReqFilesHint,
    ReqRemoveFile,
    ReqSend,
    ReqSending,
    ReqUploading,
    ReqSent,
    // Admin page (keys below this line belong to src/admin)
    AdminTitle,
    SkipToContent,
    MainNav,
    NavDashboard,
    NavRequests,
    NavConsentTypes,
    NavContacts,
    SignOut,
    SignInTitle,
    SignInIntro,
    FieldApiKey,
    KeyHint,
    FieldBaseUrl,
    AdvancedSettings,
    FieldWorkspace,
    FieldOrganization,
    FieldProject,
    SignInButton,
    SigningIn,
    ErrUnauthorized,
    ErrForbidden,
    ErrNotFound,
    ErrConflict,
    ErrInvalid,
    ErrTimeout,
    ErrUnexpected,
    UrnMissingField,
    UrnInvalidField,
    UrnUnauthenticated,
    UrnForbidden,
    UrnOrganisationNotFound,
    Filters,
    ColId,
    ColTitle,
    ColRequester,
    ColState,
    ColPurposes,
    ColDeadline,
    ColCreated,
    FilterArchived,
    ArchivedExclude,
    ArchivedOnly,
    FilterOvertaking,
    OvertakingAny,
    OvertakingOnly,
    OvertakingNot,
    FilterSearch,
    FilterIds,
    IdsHint,
    FilterWidget,
    ApplyFilters,
    ClearFilters,
    NoRequests,
    Untitled,
    Archived,
    DaysLeft,
    DueToday,
    OverdueBy,
    NotSet,
    Pagination,
    FirstPage,
    PrevPage,
    NextPage,
    LastPage,
    PageOf,
    TotalRequests,
    PageSize,
    ExportCsv,
    ExportJson,
    Exporting,
    StateOpen,
    StateIdentityValidation,
    StateProcessing,
    StateActive,
    StateClosed,
    BackToList,
    Request,
    SectionWorkflow,
    SectionRequest,
    SectionRequester,
    SectionDetails,
    WorkflowStep,
    ChangeStep,
    StepChanged,
    StepDescription,
    Archive,
    Restore,
    ArchivedDone,
    RestoredDone,
    Delete,
    DeleteConfirmTitle,
    DeleteConfirmBody,
    ConfirmDelete,
    Cancel,
    Save,
    Saving,
    Saved,
    Create,
    Created,
    Edit,
    Yes,
    No,
    FieldInternalNote,
    FieldResolution,
    FieldComplex,
    FieldRefId,
    FieldChannel,
    FieldLocale,
    FieldUpdated,
    FieldExpiry,
    FieldClosed,
    FieldClosedReason,
    FieldArchivedDate,
    FieldArea,
    FieldCreator,
    FieldOperator,
    FieldTags,
    TagsNone,
    TagUnknown,
    TagAdd,
    TagChoose,
    TagAddButton,
    TagNew,
    TagCreate,
    TagRemove,
    TagsSaveHint,
    FieldAttachments,
    FieldMessages,
    FieldReferrer,
    FieldEmailValidated,
    FieldIdentityValidated,
    FieldUserNotified,
    FieldDemandId,
    ConsentTypeList,
    NoConsentTypes,
    NewConsentType,
    EditConsentType,
    FieldCategory,
    FieldLabel,
    LabelHint,
    FieldName,
    FieldDescription,
    FieldDocument,
    FieldUrl,
    FieldDuration,
    DurationHint,
    FieldStatus,
    StatusActive,
    StatusTest,
    StatusArchived,
    FieldValidStates,
    ConsentAccepted,
    ConsentDeclined,
    ConsentImplied,
    ConsentWithdrawn,
    FieldRequiredConsent,
    FieldRequireReaccept,
    ColVersion,
    DataSystemContacts,
    OrganisationContacts,
    NewContact,
    NoContacts,
    FieldContactName,
    FieldContactType,
    ContactTypeHint,
    FieldDataSystems,
    DataSystemsHint,
    FieldFunction,
    FieldComment,
    Total,
    OverdueRequests,
    ByState,
    ByPurpose,
    OverTime,
    OverTimeSample,
    RequesterMessage,
    PersonCategory,
    FieldConsentMode,
    ConsentModeHint,
    NavSettings,
    SettingsIntro,
    SettingsIntake,
    SettingsRequired,
    SettingsRequiredHint,
    SettingsPurposes,
    SettingsPurposesHint,
    SettingsLanguages,
    SettingsLanguagesHint,
    SettingsLook,
    SettingsOrganisation,
    SettingsPolicyHint,
    SettingsTheme,
    ThemeAuto,
    ThemeLight,
    ThemeDark,
    SettingsAccentLight,
    SettingsAccentDark,
    SettingsSaved,
    MoveUp,
    MoveDown,
    ContrastWith,
    PickColor,
    NavAccess,
    ScopeAdmin,
    ScopePublic,
    ApiKeys,
    ApiKeysHint,
    NoKeys,
    KeyScopeCol,
    KeyValue,
    KeyCreated,
    Revoke,
    Revoked,
    CurrentKey,
    Active,
    RevokeKeyTitle,
    RevokeKeyMessage,
    NewKey,
    KeyShownOnce,
    Copy,
    Copied,
    AllowedOrigins,
    AllowedOriginsHint,
    NoOrigins,
    DemoPage,
    Remove,
    NewOrigin,
    OriginHint,
    Add,
    NavInstall,
    InstallIntro,
    NoPublicKey,
    InstallOptions,
    WidgetKey,
    InstallViews,
    VisitorLanguage,
    Snippet,
    SnippetHint,
    Preview,
    PreviewTitle,
    ExtendReason,
    ExtendHint,
    ExtendDeadline,
    DeadlineExtended,
    SectionHistory,
    HistoryHint,
    HistoryKey,
    HistoryField,
    HistoryChange,
    ChangedPersonal,
    DeadlinePolicy,
    DeadlineGdpr,
    DeadlineGdprHint,
    DeadlineCcpa,
    DeadlineCcpaHint,
    DeadlinePolicyNote,
    // Consent records, consent statistics, region settings (issue 15)
    NavConsentRecords,
    RecordsIntro,
    RecordsType,
    AllTypes,
    PeriodFrom,
    PeriodTo,
    PeriodOrder,
    SubjectId,
    SubjectIdHint,
    NoRecords,
    TotalRecords,
    ColDate,
    ColAnswer,
    ColSource,
    ColPolicyRegion,
    ColGpc,
    SourceBanner,
    SourcePanel,
    SourcePlaceholder,
    SourceOptOut,
    SourceApi,
    PolicyOptIn,
    PolicyOptOut,
    PolicyNotice,
    ChainTitle,
    ChainHint,
    VerifyChain,
    Verifying,
    ChainValid,
    ChainBroken,
    ChainBrokenAt,
    ChainHead,
    ConsentStatsTitle,
    Period,
    LastDays,
    PeriodRange,
    BannerAnswers,
    BannerAcceptAll,
    BannerRejectAll,
    BannerCustomised,
    AcceptanceRates,
    AcceptanceRateOf,
    RateOfDecisions,
    NoDecisions,
    ShowNumbers,
    ColRate,
    SettingsRegions,
    DefaultPolicy,
    DefaultPolicyHint,
    PolicyOptInHint,
    PolicyOptOutHint,
    PolicyNoticeHint,
    UnknownRegionNote,
    RegionRules,
    RegionRulesHint,
    NoRegionRules,
    RegionCode,
    RegionPolicyLabel,
    RegionCodeInvalid,
    AddRegionRule,
    RemoveRegionRule,
    DeclinedDuration,
    DeclinedDurationHint,
    DeclinedPresets,
    Months3,
    Months6Cnil,
    Months12,
    SameAsAcceptance,
    // Messages, closing, outbox (issue 16)
    SectionMessages,
    MessagesHint,
    NoMessages,
    AuthorRequester,
    AuthorTeam,
    MessageNew,
    DownloadFile,
    MessageBody,
    MessageLength,
    AttachFiles,
    AttachHint,
    FileTooMany,
    FileTypeRefused,
    FileTooBig,
    Uploading,
    SendMessage,
    MessageSending,
    MessageSent,
    StatusLinks,
    RevokeLinks,
    RevokeLinksHint,
    RevokeLinksTitle,
    RevokeLinksBody,
    LinksRevoked,
    SectionClose,
    ChooseReason,
    ReasonCompleted,
    ReasonRejected,
    ReasonWithdrawn,
    ReasonDuplicate,
    ReasonIdentityNotVerified,
    ResolutionHint,
    ClosedReasonNote,
    NotifyRequester,
    CloseRequestButton,
    RequestClosed,
    NotifiedOn,
    FieldMessagesNotViewed,
    FieldEmailValidationDate,
    FieldDateUserNotified,
    FilterEmailVerified,
    EmailAnyState,
    EmailVerified,
    EmailNotVerified,
    EmailNotVerifiedBadge,
    UnreadMessages,
    DeadlineReceived,
    DeadlineConfirmedOn,
    DeadlineRuleGdpr,
    DeadlineRuleGdprConfirmed,
    DeadlineRuleCcpa,
    DeadlineRuleCcpaConfirmed,
    DeadlineExtendedNote,
    NavOutbox,
    OutboxIntro,
    NoMails,
    TotalMails,
    ColTo,
    ColSubject,
    ColKind,
    MailSent,
    MailInOutbox,
    MailFailed,
    MailQueued,
    MailKindVerify,
    MailKindConfirmed,
    MailKindMessage,
    MailKindExtended,
    MailKindClosed,
    MailKindTeam,
    UnverifiedCounts,
    UnverifiedCountsHint,
    NotifyEmail,
    NotifyEmailHint,
}

/// The string for `key` in `locale`.
pub fn t(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::En => en::t(key),
        Locale::Fr => fr::t(key),
        Locale::Nl => nl::t(key),
        Locale::De => de::t(key),
    }
}

/// `t` as a signal that follows `locale`. Views render it directly; using this
/// one function instead of a fresh `move || t(..)` closure per string keeps one
/// instantiation of the rendering code instead of one per string (wasm size).
pub fn tr(
    locale: leptos::prelude::RwSignal<Locale>,
    key: Key,
) -> leptos::prelude::Signal<&'static str> {
    use leptos::prelude::Get;
    leptos::prelude::Signal::derive(move || t(locale.get(), key))
}

/// A validation message for `violation`, worded in `locale`.
pub fn violation(locale: Locale, violation: &Violation) -> String {
    match locale {
        Locale::En => en::violation(violation),
        Locale::Fr => fr::violation(violation),
        Locale::Nl => nl::violation(violation),
        Locale::De => de::violation(violation),
    }
}

/// The message for the first rule `field` (its JSON name) breaks in
/// `errors`, worded in `locale`; what every form shows next to a field.
pub fn field_message(locale: Locale, errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| violation(locale, &e.violation))
}

/// A request type's name and a plain-language explanation of it.
pub fn purpose(locale: Locale, purpose: &Purpose) -> (&'static str, &'static str) {
    match locale {
        Locale::En => en::purpose(purpose),
        Locale::Fr => fr::purpose(purpose),
        Locale::Nl => nl::purpose(purpose),
        Locale::De => de::purpose(purpose),
    }
}

/// An ISO 8601 timestamp as a long date in `locale` ("24 December 2026"),
/// formatted by the browser's Intl so no date crate ships in the widget.
/// Returns the input unchanged if the browser cannot read it.
pub fn format_date(locale: Locale, iso: &str) -> String {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    date.to_locale_date_string(locale.intl_tag(), &options)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of one group (`prefs`, `dsr`) of a language file's `strings!`.
    fn group<'a>(file: &'a str, name: &str) -> Vec<&'a str> {
        let start = file
            .find(&format!("\n    {name} {{\n"))
            .expect("the group exists");
        let body = &file[start..];
        let body = &body[..body.find("\n    }\n").expect("the group ends")];
        body.lines()
            .filter_map(|l| l.trim_start().split_once(" =>").map(|(k, _)| k))
            .filter(|k| k.chars().all(char::is_alphanumeric))
            .collect()
    }

    fn names(source: &str, key: &str) -> bool {
        let needle = format!("Key::{key}");
        source.match_indices(&needle).any(|(i, _)| {
            !source[i + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    }

    /// Each view bundle is built with only its own strings (`strings!`): a key
    /// the preferences name must not be compiled out of their bundle, nor one
    /// the DSR form names out of its bundle, nor one code both share names;
    /// and neither bundle names one of the shell's own (compiled out of both).
    #[test]
    fn each_bundle_ships_the_strings_its_views_name() {
        let prefs = [
            include_str!("../widget/consent_panel.rs"),
            include_str!("../widget/consent_store.rs"),
        ];
        let dsr = [
            include_str!("../widget/dsr_form.rs"),
            include_str!("../widget/dsr_form/feedback.rs"),
            include_str!("../widget/dsr_form/request_types.rs"),
            include_str!("../widget/dsr_form/requester.rs"),
            include_str!("../widget/dsr_success.rs"),
            include_str!("../widget/dsr_success/email_code.rs"),
            include_str!("../widget/dsr_draft.rs"),
            include_str!("../widget/dsr_view.rs"),
        ];
        let shared = [
            include_str!("../widget/mod.rs"),
            include_str!("../widget/config.rs"),
            include_str!("../widget/storage.rs"),
            include_str!("../components/field.rs"),
            include_str!("../api/mod.rs"),
        ];
        for file in [
            include_str!("en.rs"),
            include_str!("fr.rs"),
            include_str!("nl.rs"),
            include_str!("de.rs"),
        ] {
            let (p, d) = (group(file, "prefs"), group(file, "dsr"));
            assert!(p.len() > 5 && d.len() > 20, "groups found: {p:?} {d:?}");
            // Neither bundle has the shell's own strings (the loader draws them).
            for key in group(file, "shell") {
                for src in prefs.iter().chain(&dsr).chain(&shared) {
                    assert!(!names(src, key), "{key} is used by a view bundle");
                }
            }
            for key in &d {
                for src in prefs.iter().chain(&shared) {
                    assert!(!names(src, key), "{key} is used outside the DSR form");
                }
            }
            for key in &p {
                for src in dsr.iter().chain(&shared) {
                    assert!(!names(src, key), "{key} is used outside the preferences");
                }
            }
        }
    }

    #[test]
    fn negotiation_prefers_explicit_then_browser_then_english() {
        assert_eq!(Locale::negotiate("nl", ["fr-FR"]), Locale::Nl);
        assert_eq!(Locale::negotiate("", ["es-ES", "de-AT", "fr"]), Locale::De);
        assert_eq!(Locale::negotiate("xx", ["es"]), Locale::En);
        assert_eq!(Locale::from_tag("FR_be"), Some(Locale::Fr));
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn messages_carry_their_numbers_in_every_language() {
        for l in Locale::ALL {
            assert!(
                violation(l, &Violation::TooLong { max: 256 }).contains("256"),
                "{l:?}"
            );
            assert!(
                violation(l, &Violation::TooShort { min: 5 }).contains('5'),
                "{l:?}"
            );
        }
    }

    #[test]
    fn every_known_purpose_is_explained_differently_per_language() {
        for p in Purpose::ALL {
            let en = purpose(Locale::En, p);
            assert!(!en.0.is_empty() && !en.1.is_empty());
            for l in [Locale::Fr, Locale::Nl, Locale::De] {
                assert_ne!(purpose(l, p).1, en.1, "{l:?} {p:?} untranslated");
            }
        }
    }
}
