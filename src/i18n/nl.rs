//! Nederlandse teksten.
use super::Key::{self, *};
use pw_model::{Purpose, Violation};

pub(super) fn t(key: Key) -> &'static str {
    match key {
        Language => "Taal",
        Close => "Sluiten",
        Optional => "optioneel",
        Required => "verplicht",
        DsrTitle => "Een privacyverzoek indienen",
        DsrIntro => "Met dit formulier oefent u uw rechten op uw persoonsgegevens uit. Wij antwoorden binnen een maand.",
        FieldPurposes => "Wat wilt u dat wij doen?",
        FieldGivenName => "Voornaam",
        FieldFamilyName => "Achternaam",
        FieldEmail => "E-mailadres",
        FieldPhone => "Telefoonnummer",
        FieldCountry => "Land (twee letters, bijv. NL)",
        FieldAddress => "Adres",
        FieldZip => "Postcode",
        FieldCity => "Woonplaats",
        FieldMessage => "Uw bericht",
        MessageHint => "Vertel ons alles wat helpt om uw gegevens te vinden of uw verzoek te begrijpen.",
        Submit => "Verzoek versturen",
        Sending => "Uw verzoek wordt verstuurd…",
        ErrorSummary => "Verbeter de hieronder gemarkeerde velden.",
        NetworkError => "De server is niet bereikbaar. Alles wat u hebt ingevuld blijft bewaard: probeer het opnieuw.",
        ServerError => "De server kan uw verzoek nu niet verwerken. Alles wat u hebt ingevuld blijft bewaard: probeer het opnieuw.",
        RateLimited => "Te veel pogingen in korte tijd. Wacht een minuut en probeer het opnieuw.",
        Retry => "Opnieuw proberen",
        DraftRestored => "We hebben hersteld wat u eerder had ingevuld.",
        SuccessTitle => "Verzoek ontvangen",
        SuccessBody => "Bedankt. Uw verzoek is geregistreerd; wij antwoorden per e-mail.",
        SuccessReference => "Uw referentie",
        SuccessDeadline => "Wij moeten antwoorden vóór",
        NewRequest => "Nog een verzoek indienen",
        ConsentTitle => "Uw privacykeuzes",
        ConsentIntro => "Kies welk gebruik van uw gegevens u toestaat. U kunt uw keuze altijd wijzigen.",
        AcceptAll => "Alles accepteren",
        RejectAll => "Alles weigeren",
        Customise => "Aanpassen",
        SaveChoices => "Mijn keuzes opslaan",
        AlwaysOn => "Altijd aan",
        ReadMore => "Meer lezen",
        CategoryDisclosure => "Mededelingen",
        CategoryCommunication => "Communicatie",
        CategoryPrivacySetting => "Privacy-instellingen",
        CategoryCustom => "Overig gebruik",
        GpcNotice => "Uw browser stuurt een Global Privacy Control-signaal, daarom staat optioneel gebruik eerst uit.",
        ReaskNotice => "Er is iets veranderd sinds uw laatste keuze. Bekijk de gemarkeerde onderdelen opnieuw.",
        ChoicesSaved => "Uw keuzes zijn opgeslagen.",
        ConsentLoadError => "De privacykeuzes konden niet worden geladen. Probeer het later opnieuw.",
        PrivacyChoices => "Privacykeuzes",
        FieldPersonCategory => "U bent",
        PersonProspect => "Een potentiële klant",
        PersonCustomer => "Een klant",
        PersonEmployee => "Een (voormalig) werknemer",
        PersonCandidate => "Een sollicitant",
        ChooseOne => "Kies…",
        ReferenceUnknown => "in behandeling",
        FormHasErrors => "Het formulier bevat fouten",
        MakeRequest => "Privacyverzoek",
    }
}

pub(super) fn violation(v: &Violation) -> String {
    match v {
        Violation::Required => "Dit veld is verplicht.".into(),
        Violation::TooShort { min } => format!("Vul minstens {min} tekens in."),
        Violation::TooLong { max } => format!("Vul hoogstens {max} tekens in."),
        Violation::Pattern => "Gebruik alleen kleine letters a-z, cijfers, _ en *.".into(),
        Violation::Email => "Vul een e-mailadres in zoals naam@voorbeeld.nl.".into(),
        Violation::Uri => "Vul een volledig adres in dat begint met https://.".into(),
        Violation::Uuid => "Vul een id in zoals 5ea4d187-63a3-4cc6-988a-cac0b400805a.".into(),
        Violation::Duration => "Vul een duur in zoals P1Y (een jaar) of P6M (zes maanden).".into(),
        Violation::Phone => {
            "Vul een telefoonnummer in met cijfers, spaties en eventueel een +.".into()
        }
        Violation::CountryCode => "Vul een landcode van twee letters in, zoals NL of BE.".into(),
        Violation::UnknownValue => "Kies een van de aangeboden waarden.".into(),
        Violation::Integer => "Vul een geheel getal in.".into(),
        Violation::Boolean => "Kies ja of nee.".into(),
    }
}

pub(super) fn purpose(p: &Purpose) -> (&'static str, &'static str) {
    match p {
        Purpose::Information => ("Informatie", "Vragen wat wij met uw persoonsgegevens doen."),
        Purpose::Access => ("Inzage", "Een kopie krijgen van de persoonsgegevens die wij over u hebben."),
        Purpose::Rectification => ("Rectificatie", "Onjuiste of onvolledige gegevens over u laten verbeteren."),
        Purpose::Erasure => ("Verwijdering", "Uw persoonsgegevens laten wissen."),
        Purpose::Restriction => ("Beperking", "Ons uw gegevens laten bewaren maar voorlopig niet laten gebruiken."),
        Purpose::Opposition => ("Bezwaar", "Bezwaar maken tegen een gebruik van uw gegevens, bijvoorbeeld marketing."),
        Purpose::Portability => ("Overdraagbaarheid", "Uw gegevens in een herbruikbaar bestand ontvangen of laten doorsturen naar een ander bedrijf."),
        Purpose::AdvanceDirectives => ("Instructies na overlijden", "Aangeven wat er na uw overlijden met uw gegevens moet gebeuren."),
        Purpose::AutomatedDecision => ("Geautomatiseerd besluit", "Vragen dat een mens een besluit herziet dat een computer over u nam."),
        Purpose::Unknown | Purpose::Other(_) => ("Anders", "Iets anders: beschrijf het in uw bericht."),
    }
}
