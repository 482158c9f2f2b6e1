//! Deutsche Texte.
use super::Key::{self, *};
use pw_model::{Purpose, Violation};

pub(super) fn t(key: Key) -> &'static str {
    match key {
        Language => "Sprache",
        Close => "Schließen",
        Optional => "optional",
        Required => "Pflichtfeld",
        DsrTitle => "Datenschutzanfrage stellen",
        DsrIntro => "Mit diesem Formular machen Sie Ihre Rechte an Ihren personenbezogenen Daten geltend. Wir antworten innerhalb eines Monats.",
        FieldPurposes => "Was sollen wir für Sie tun?",
        FieldGivenName => "Vorname",
        FieldFamilyName => "Nachname",
        FieldEmail => "E-Mail-Adresse",
        FieldPhone => "Telefonnummer",
        FieldCountry => "Land (zwei Buchstaben, z. B. DE)",
        FieldAddress => "Straße und Hausnummer",
        FieldZip => "Postleitzahl",
        FieldCity => "Ort",
        FieldMessage => "Ihre Nachricht",
        MessageHint => "Alles, was uns hilft, Ihre Daten zu finden oder Ihr Anliegen zu verstehen.",
        Submit => "Anfrage senden",
        Sending => "Ihre Anfrage wird gesendet…",
        ErrorSummary => "Bitte korrigieren Sie die unten markierten Felder.",
        NetworkError => "Der Server ist nicht erreichbar. Ihre Eingaben bleiben erhalten: Bitte versuchen Sie es erneut.",
        ServerError => "Der Server kann Ihre Anfrage gerade nicht annehmen. Ihre Eingaben bleiben erhalten: Bitte versuchen Sie es erneut.",
        RateLimited => "Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Minute und versuchen Sie es erneut.",
        Retry => "Erneut versuchen",
        DraftRestored => "Wir haben Ihre früheren Eingaben wiederhergestellt.",
        SuccessTitle => "Anfrage erhalten",
        SuccessBody => "Vielen Dank. Ihre Anfrage ist registriert; wir antworten per E-Mail.",
        SuccessReference => "Ihr Aktenzeichen",
        SuccessDeadline => "Wir müssen antworten bis",
        NewRequest => "Weitere Anfrage stellen",
        ConsentTitle => "Ihre Datenschutzeinstellungen",
        ConsentIntro => "Wählen Sie, welche Nutzungen Ihrer Daten Sie erlauben. Sie können Ihre Wahl jederzeit ändern.",
        AcceptAll => "Alle akzeptieren",
        RejectAll => "Alle ablehnen",
        Customise => "Anpassen",
        SaveChoices => "Auswahl speichern",
        AlwaysOn => "Immer aktiv",
        ReadMore => "Mehr erfahren",
        CategoryDisclosure => "Hinweise",
        CategoryCommunication => "Kommunikation",
        CategoryPrivacySetting => "Datenschutzeinstellungen",
        CategoryCustom => "Weitere Nutzungen",
        GpcNotice => "Ihr Browser sendet ein Global-Privacy-Control-Signal, daher sind optionale Nutzungen zunächst ausgeschaltet.",
        ReaskNotice => "Seit Ihrer letzten Wahl hat sich etwas geändert. Bitte prüfen Sie die markierten Punkte.",
        ChoicesSaved => "Ihre Auswahl ist gespeichert.",
        ConsentLoadError => "Die Datenschutzeinstellungen konnten nicht geladen werden. Bitte versuchen Sie es später erneut.",
        PrivacyChoices => "Datenschutz",
        FieldPersonCategory => "Sie sind",
        PersonProspect => "Interessent",
        PersonCustomer => "Kunde",
        PersonEmployee => "Beschäftigter oder ehemaliger Beschäftigter",
        PersonCandidate => "Bewerber",
        ChooseOne => "Bitte wählen…",
        ReferenceUnknown => "ausstehend",
        FormHasErrors => "Das Formular enthält Fehler",
        MakeRequest => "Datenschutzanfrage",
    }
}

pub(super) fn violation(v: &Violation) -> String {
    match v {
        Violation::Required => "Dieses Feld ist erforderlich.".into(),
        Violation::TooShort { min } => format!("Geben Sie mindestens {min} Zeichen ein."),
        Violation::TooLong { max } => format!("Geben Sie höchstens {max} Zeichen ein."),
        Violation::Pattern => "Nur Kleinbuchstaben a-z, Ziffern, _ und * verwenden.".into(),
        Violation::Email => "Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.".into(),
        Violation::Uri => {
            "Geben Sie eine vollständige Adresse ein, die mit https:// beginnt.".into()
        }
        Violation::Uuid => {
            "Geben Sie eine Kennung wie 5ea4d187-63a3-4cc6-988a-cac0b400805a ein.".into()
        }
        Violation::Duration => {
            "Geben Sie eine Dauer wie P1Y (ein Jahr) oder P6M (sechs Monate) ein.".into()
        }
        Violation::Phone => {
            "Geben Sie eine Telefonnummer aus Ziffern, Leerzeichen und optional + ein.".into()
        }
        Violation::CountryCode => {
            "Geben Sie einen Ländercode aus zwei Buchstaben ein, z. B. DE oder AT.".into()
        }
        Violation::UnknownValue => "Wählen Sie einen der angebotenen Werte.".into(),
        Violation::Integer => "Geben Sie eine ganze Zahl ein.".into(),
        Violation::Boolean => "Wählen Sie Ja oder Nein.".into(),
    }
}

pub(super) fn purpose(p: &Purpose) -> (&'static str, &'static str) {
    match p {
        Purpose::Information => ("Information", "Erfahren, was wir mit Ihren personenbezogenen Daten tun."),
        Purpose::Access => ("Auskunft", "Eine Kopie der Daten erhalten, die wir über Sie gespeichert haben."),
        Purpose::Rectification => ("Berichtigung", "Falsche oder unvollständige Daten über Sie korrigieren lassen."),
        Purpose::Erasure => ("Löschung", "Ihre personenbezogenen Daten löschen lassen."),
        Purpose::Restriction => ("Einschränkung", "Ihre Daten aufbewahren, aber vorerst nicht mehr nutzen lassen."),
        Purpose::Opposition => ("Widerspruch", "Einer Nutzung Ihrer Daten widersprechen, zum Beispiel für Werbung."),
        Purpose::Portability => ("Datenübertragbarkeit", "Ihre Daten in einer wiederverwendbaren Datei erhalten oder an ein anderes Unternehmen senden lassen."),
        Purpose::AdvanceDirectives => ("Verfügungen für den Todesfall", "Festlegen, was nach Ihrem Tod mit Ihren Daten geschehen soll."),
        Purpose::AutomatedDecision => ("Automatisierte Entscheidung", "Verlangen, dass ein Mensch eine automatisch getroffene Entscheidung über Sie prüft."),
        Purpose::Unknown | Purpose::Other(_) => ("Sonstiges", "Etwas anderes: beschreiben Sie es in Ihrer Nachricht."),
    }
}
