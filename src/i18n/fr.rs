//! Chaînes en français.
use super::Key::{self, *};
use pw_model::{Purpose, Violation};

pub(super) fn t(key: Key) -> &'static str {
    match key {
        Language => "Langue",
        Close => "Fermer",
        Optional => "facultatif",
        Required => "obligatoire",
        DsrTitle => "Exercer vos droits",
        DsrIntro => "Ce formulaire vous permet d'exercer vos droits sur vos données personnelles. Nous répondons dans un délai d'un mois.",
        FieldPurposes => "Que souhaitez-vous que nous fassions ?",
        FieldGivenName => "Prénom",
        FieldFamilyName => "Nom",
        FieldEmail => "Adresse e-mail",
        FieldPhone => "Numéro de téléphone",
        FieldCountry => "Pays (deux lettres, p. ex. FR)",
        FieldAddress => "Adresse",
        FieldZip => "Code postal",
        FieldCity => "Ville",
        FieldMessage => "Votre message",
        MessageHint => "Indiquez tout ce qui nous aide à retrouver vos données ou à comprendre votre demande.",
        Submit => "Envoyer la demande",
        Sending => "Envoi de votre demande…",
        ErrorSummary => "Veuillez corriger les champs signalés ci-dessous.",
        NetworkError => "Impossible de joindre le serveur. Tout ce que vous avez saisi est conservé : veuillez réessayer.",
        ServerError => "Le serveur ne peut pas traiter votre demande pour le moment. Tout ce que vous avez saisi est conservé : veuillez réessayer.",
        RateLimited => "Trop de tentatives en peu de temps. Patientez une minute puis réessayez.",
        Retry => "Réessayer",
        DraftRestored => "Nous avons restauré ce que vous aviez saisi.",
        SuccessTitle => "Demande reçue",
        SuccessBody => "Merci. Votre demande est enregistrée ; nous vous répondrons par e-mail.",
        SuccessReference => "Votre référence",
        SuccessDeadline => "Nous devons répondre avant le",
        NewRequest => "Faire une autre demande",
        ConsentTitle => "Vos choix de confidentialité",
        ConsentIntro => "Choisissez les utilisations de vos données que vous autorisez. Vous pouvez changer d'avis à tout moment.",
        AcceptAll => "Tout accepter",
        RejectAll => "Tout refuser",
        Customise => "Personnaliser",
        SaveChoices => "Enregistrer mes choix",
        AlwaysOn => "Toujours actif",
        ReadMore => "En savoir plus",
        CategoryDisclosure => "Informations",
        CategoryCommunication => "Communication",
        CategoryPrivacySetting => "Paramètres de confidentialité",
        CategoryCustom => "Autres utilisations",
        GpcNotice => "Votre navigateur envoie un signal Global Privacy Control : les utilisations facultatives sont donc désactivées au départ.",
        ReaskNotice => "Des changements ont eu lieu depuis votre dernier choix. Veuillez revoir les éléments signalés.",
        ChoicesSaved => "Vos choix sont enregistrés.",
        ConsentLoadError => "Impossible de charger les choix de confidentialité. Réessayez plus tard.",
        PrivacyChoices => "Choix de confidentialité",
        FieldPersonCategory => "Vous êtes",
        PersonProspect => "Un client potentiel",
        PersonCustomer => "Un client",
        PersonEmployee => "Un salarié ou ancien salarié",
        PersonCandidate => "Un candidat à un emploi",
        ChooseOne => "Choisir…",
        ReferenceUnknown => "en attente",
        FormHasErrors => "Le formulaire contient des erreurs",
        MakeRequest => "Demande RGPD",
    }
}

pub(super) fn violation(v: &Violation) -> String {
    match v {
        Violation::Required => "Ce champ est obligatoire.".into(),
        Violation::TooShort { min } => format!("Saisissez au moins {min} caractères."),
        Violation::TooLong { max } => format!("Saisissez au plus {max} caractères."),
        Violation::Pattern => {
            "Utilisez uniquement des lettres minuscules a-z, des chiffres, _ et *.".into()
        }
        Violation::Email => "Saisissez une adresse e-mail comme nom@exemple.fr.".into(),
        Violation::Uri => "Saisissez une adresse complète commençant par https://.".into(),
        Violation::Uuid => {
            "Saisissez un identifiant comme 5ea4d187-63a3-4cc6-988a-cac0b400805a.".into()
        }
        Violation::Duration => "Saisissez une durée comme P1Y (un an) ou P6M (six mois).".into(),
        Violation::Phone => {
            "Saisissez un numéro avec des chiffres, des espaces et éventuellement un +.".into()
        }
        Violation::CountryCode => "Saisissez un code pays à deux lettres, comme FR ou NL.".into(),
        Violation::UnknownValue => "Choisissez l'une des valeurs proposées.".into(),
        Violation::Integer => "Saisissez un nombre entier.".into(),
        Violation::Boolean => "Choisissez oui ou non.".into(),
    }
}

pub(super) fn purpose(p: &Purpose) -> (&'static str, &'static str) {
    match p {
        Purpose::Information => ("Information", "Savoir ce que nous faisons de vos données personnelles."),
        Purpose::Access => ("Accès", "Obtenir une copie des données personnelles que nous détenons sur vous."),
        Purpose::Rectification => ("Rectification", "Faire corriger des données inexactes ou incomplètes vous concernant."),
        Purpose::Erasure => ("Effacement", "Faire supprimer vos données personnelles."),
        Purpose::Restriction => ("Limitation", "Nous faire conserver vos données sans les utiliser pour l'instant."),
        Purpose::Opposition => ("Opposition", "Vous opposer à une utilisation de vos données, par exemple la prospection."),
        Purpose::Portability => ("Portabilité", "Recevoir vos données dans un fichier réutilisable, ou les faire transmettre à une autre entreprise."),
        Purpose::AdvanceDirectives => ("Directives post-mortem", "Indiquer ce que deviennent vos données après votre décès."),
        Purpose::AutomatedDecision => ("Décision automatisée", "Demander qu'une personne réexamine une décision prise à votre sujet par un ordinateur."),
        Purpose::Unknown | Purpose::Other(_) => ("Autre", "Autre chose : décrivez-le dans votre message."),
    }
}
