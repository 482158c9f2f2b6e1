//! The e-mails of a request, in the request's language (en, fr, nl, de;
//! English for any other): a subject, a plain-text part and an HTML part.
//!
//! The HTML part is the text part escaped, paragraph by paragraph, with the one
//! link of the message as an `<a>`: nothing a requester or operator typed
//! (a message, a reason, a resolution) can become markup.
use pw_model::dsr::ClosedReason;

/// What an e-mail tells.
#[derive(Debug, Clone)]
pub enum Notice {
    /// After a submit: confirm the address by link or by code.
    Verify {
        /// The 6-digit code.
        code: String,
        /// The status page with the single-use verification token.
        link: String,
    },
    /// The address is confirmed: the request's status page.
    Confirmed { link: String },
    /// The team wrote in the thread.
    TeamMessage { link: String },
    /// The deadline was extended, and why (Art. 12(3)).
    Extended {
        /// The new deadline, already formatted (`2027-03-31`).
        due: String,
        reason: String,
        link: String,
    },
    /// The request is closed with this answer.
    Closed {
        reason: ClosedReason,
        resolution: String,
        link: String,
    },
    /// To the team: the requester wrote (the link opens the admin page).
    RequesterMessage { link: String },
}

impl Notice {
    /// The `mail_log.kind` of this notice.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Verify { .. } => "verify",
            Notice::Confirmed { .. } => "confirmed",
            Notice::TeamMessage { .. } => "message",
            Notice::Extended { .. } => "extended",
            Notice::Closed { .. } => "closed",
            Notice::RequesterMessage { .. } => "team",
        }
    }
}

/// A rendered e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// What `text` holds that only its recipient may read (each link's
    /// token, the code), with what [`Rendered::redacted`] shows instead.
    secrets: Vec<(String, &'static str)>,
}

impl Rendered {
    /// `text` without its secrets, for the log when the mail itself leaves
    /// by SMTP ([`crate::mail::Mailer::log`]).
    pub fn redacted(&self) -> String {
        self.secrets
            .iter()
            .fold(self.text.clone(), |text, (secret, shown)| {
                text.replace(secret.as_str(), shown)
            })
    }
}

/// One language's wording. `{ref}`, `{org}`, `{code}`, `{due}` are replaced.
struct Words {
    lang: &'static str,
    /// Who answers when the workspace has no organisation name.
    org: &'static str,
    verify_subject: &'static str,
    verify_body: &'static str,
    verify_code: &'static str,
    verify_link: &'static str,
    verify_ignore: &'static str,
    confirmed_subject: &'static str,
    confirmed_body: &'static str,
    message_subject: &'static str,
    message_body: &'static str,
    extended_subject: &'static str,
    extended_body: &'static str,
    extended_reason: &'static str,
    closed_subject: &'static str,
    closed_body: &'static str,
    closed_reason: &'static str,
    status_link: &'static str,
    team_subject: &'static str,
    team_body: &'static str,
    reasons: [&'static str; 5],
}

const EN: Words = Words {
    lang: "en",
    org: "the organisation",
    verify_subject: "Confirm your e-mail address for your privacy request {ref}",
    verify_body: "We received your privacy request {ref} to {org}. Please confirm that this e-mail address is yours.",
    verify_code: "Your code: {code}",
    verify_link: "Or open this link:",
    verify_ignore: "The code and the link work once and expire in 24 hours. If you did not make this request, ignore this e-mail.",
    confirmed_subject: "Your privacy request {ref} is confirmed",
    confirmed_body: "Thank you: your e-mail address is confirmed. You can follow your request and write to us on its page.",
    message_subject: "New message about your privacy request {ref}",
    message_body: "{org} wrote to you about your request. Read the message and answer on your request's page.",
    extended_subject: "The deadline of your privacy request {ref} is extended",
    extended_body: "We need more time to answer your request. The new deadline is {due}.",
    extended_reason: "Why:",
    closed_subject: "Your privacy request {ref} is closed",
    closed_body: "{org} closed your request.",
    closed_reason: "Outcome:",
    status_link: "Your request's page (the link is personal; do not share it):",
    team_subject: "The requester of {ref} wrote a message",
    team_body: "A requester wrote in the thread of request {ref}. Open it in the admin page:",
    reasons: ["Completed", "Refused", "Withdrawn by you", "Duplicate of another request", "Identity could not be verified"],
};

const FR: Words = Words {
    lang: "fr",
    org: "l'organisme",
    verify_subject: "Confirmez votre adresse e-mail pour votre demande {ref}",
    verify_body: "Nous avons reçu votre demande {ref} adressée à {org}. Merci de confirmer que cette adresse e-mail est la vôtre.",
    verify_code: "Votre code : {code}",
    verify_link: "Ou ouvrez ce lien :",
    verify_ignore: "Le code et le lien ne servent qu'une fois et expirent dans 24 heures. Si vous n'avez pas fait cette demande, ignorez cet e-mail.",
    confirmed_subject: "Votre demande {ref} est confirmée",
    confirmed_body: "Merci : votre adresse e-mail est confirmée. Vous pouvez suivre votre demande et nous écrire sur sa page.",
    message_subject: "Nouveau message concernant votre demande {ref}",
    message_body: "{org} vous a écrit au sujet de votre demande. Lisez le message et répondez sur la page de votre demande.",
    extended_subject: "Le délai de votre demande {ref} est prolongé",
    extended_body: "Nous avons besoin de plus de temps pour répondre à votre demande. La nouvelle échéance est le {due}.",
    extended_reason: "Motif :",
    closed_subject: "Votre demande {ref} est clôturée",
    closed_body: "{org} a clôturé votre demande.",
    closed_reason: "Résultat :",
    status_link: "La page de votre demande (lien personnel, ne le partagez pas) :",
    team_subject: "Le demandeur de {ref} a écrit un message",
    team_body: "Un demandeur a écrit dans le fil de la demande {ref}. Ouvrez-la dans l'administration :",
    reasons: ["Traitée", "Refusée", "Retirée par vous", "Doublon d'une autre demande", "Identité non vérifiée"],
};

const NL: Words = Words {
    lang: "nl",
    org: "de organisatie",
    verify_subject: "Bevestig uw e-mailadres voor uw privacyverzoek {ref}",
    verify_body: "We hebben uw privacyverzoek {ref} aan {org} ontvangen. Bevestig dat dit e-mailadres van u is.",
    verify_code: "Uw code: {code}",
    verify_link: "Of open deze link:",
    verify_ignore: "De code en de link werken één keer en verlopen na 24 uur. Hebt u dit verzoek niet gedaan, negeer dan deze e-mail.",
    confirmed_subject: "Uw privacyverzoek {ref} is bevestigd",
    confirmed_body: "Dank u: uw e-mailadres is bevestigd. Op de pagina van uw verzoek kunt u het volgen en ons schrijven.",
    message_subject: "Nieuw bericht over uw privacyverzoek {ref}",
    message_body: "{org} heeft u geschreven over uw verzoek. Lees het bericht en antwoord op de pagina van uw verzoek.",
    extended_subject: "De termijn van uw privacyverzoek {ref} is verlengd",
    extended_body: "We hebben meer tijd nodig om uw verzoek te beantwoorden. De nieuwe termijn is {due}.",
    extended_reason: "Reden:",
    closed_subject: "Uw privacyverzoek {ref} is afgesloten",
    closed_body: "{org} heeft uw verzoek afgesloten.",
    closed_reason: "Uitkomst:",
    status_link: "De pagina van uw verzoek (persoonlijke link, deel hem niet):",
    team_subject: "De aanvrager van {ref} heeft een bericht geschreven",
    team_body: "Een aanvrager schreef in de berichten van verzoek {ref}. Open het in de beheerpagina:",
    reasons: ["Uitgevoerd", "Geweigerd", "Door u ingetrokken", "Dubbel verzoek", "Identiteit niet geverifieerd"],
};

const DE: Words = Words {
    lang: "de",
    org: "die Organisation",
    verify_subject: "Bestätigen Sie Ihre E-Mail-Adresse für Ihre Datenschutzanfrage {ref}",
    verify_body: "Wir haben Ihre Datenschutzanfrage {ref} an {org} erhalten. Bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört.",
    verify_code: "Ihr Code: {code}",
    verify_link: "Oder öffnen Sie diesen Link:",
    verify_ignore: "Code und Link gelten einmal und laufen nach 24 Stunden ab. Wenn Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese E-Mail.",
    confirmed_subject: "Ihre Datenschutzanfrage {ref} ist bestätigt",
    confirmed_body: "Danke: Ihre E-Mail-Adresse ist bestätigt. Auf der Seite Ihrer Anfrage können Sie sie verfolgen und uns schreiben.",
    message_subject: "Neue Nachricht zu Ihrer Datenschutzanfrage {ref}",
    message_body: "{org} hat Ihnen zu Ihrer Anfrage geschrieben. Lesen Sie die Nachricht und antworten Sie auf der Seite Ihrer Anfrage.",
    extended_subject: "Die Frist Ihrer Datenschutzanfrage {ref} wurde verlängert",
    extended_body: "Wir brauchen mehr Zeit, um Ihre Anfrage zu beantworten. Die neue Frist ist der {due}.",
    extended_reason: "Grund:",
    closed_subject: "Ihre Datenschutzanfrage {ref} ist abgeschlossen",
    closed_body: "{org} hat Ihre Anfrage abgeschlossen.",
    closed_reason: "Ergebnis:",
    status_link: "Die Seite Ihrer Anfrage (persönlicher Link, bitte nicht weitergeben):",
    team_subject: "Der Antragsteller von {ref} hat eine Nachricht geschrieben",
    team_body: "Ein Antragsteller hat im Verlauf der Anfrage {ref} geschrieben. Öffnen Sie sie in der Verwaltung:",
    reasons: ["Erledigt", "Abgelehnt", "Von Ihnen zurückgezogen", "Doppelte Anfrage", "Identität nicht bestätigt"],
};

fn words(locale: Option<&str>) -> &'static Words {
    let primary = locale
        .and_then(|l| l.split(['-', '_']).next())
        .map(str::to_ascii_lowercase);
    match primary.as_deref() {
        Some("fr") => &FR,
        Some("nl") => &NL,
        Some("de") => &DE,
        _ => &EN,
    }
}

/// A paragraph of the message: text, or a link shown as its URL.
enum Part {
    Text(String),
    Link(String),
}

/// Renders `notice` about request `reference` of `org` (the workspace's
/// organisation name, if it has one) in `locale`.
pub fn render(
    notice: &Notice,
    locale: Option<&str>,
    org: Option<&str>,
    reference: &str,
) -> Rendered {
    let w = words(locale);
    let org = org.unwrap_or(w.org);
    let fill = |s: &str| capitalised(&s.replace("{ref}", reference).replace("{org}", org));
    let text = |s: &str| Part::Text(fill(s));
    let (subject, parts) = match notice {
        Notice::Verify { code, link } => (
            w.verify_subject,
            vec![
                text(w.verify_body),
                Part::Text(w.verify_code.replace("{code}", code)),
                text(w.verify_link),
                Part::Link(link.clone()),
                text(w.verify_ignore),
            ],
        ),
        Notice::Confirmed { link } => (
            w.confirmed_subject,
            vec![
                text(w.confirmed_body),
                text(w.status_link),
                Part::Link(link.clone()),
            ],
        ),
        Notice::TeamMessage { link } => (
            w.message_subject,
            vec![
                text(w.message_body),
                text(w.status_link),
                Part::Link(link.clone()),
            ],
        ),
        Notice::Extended { due, reason, link } => (
            w.extended_subject,
            vec![
                Part::Text(fill(w.extended_body).replace("{due}", due)),
                Part::Text(format!("{} {reason}", w.extended_reason)),
                text(w.status_link),
                Part::Link(link.clone()),
            ],
        ),
        Notice::Closed {
            reason,
            resolution,
            link,
        } => {
            let named = match reason {
                ClosedReason::Completed => Some(w.reasons[0]),
                ClosedReason::Rejected => Some(w.reasons[1]),
                ClosedReason::Withdrawn => Some(w.reasons[2]),
                ClosedReason::Duplicate => Some(w.reasons[3]),
                ClosedReason::IdentityNotVerified => Some(w.reasons[4]),
                _ => None,
            };
            let mut parts = vec![text(w.closed_body)];
            if let Some(named) = named {
                parts.push(Part::Text(format!("{} {named}", w.closed_reason)));
            }
            parts.push(Part::Text(resolution.clone()));
            parts.push(text(w.status_link));
            parts.push(Part::Link(link.clone()));
            (w.closed_subject, parts)
        }
        Notice::RequesterMessage { link } => (
            EN.team_subject,
            vec![Part::Text(fill(EN.team_body)), Part::Link(link.clone())],
        ),
    };
    let text = parts
        .iter()
        .map(|p| match p {
            Part::Text(t) | Part::Link(t) => t.as_str(),
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    // A link's token is its fragment (`/request/#v=…`, `#t=…`); only the
    // code is a secret in the text.
    let mut secrets: Vec<(String, &'static str)> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Link(url) => url.split_once('#').map(|(_, token)| token),
            Part::Text(_) => None,
        })
        .filter(|token| !token.is_empty())
        .map(|token| (token.to_owned(), "…"))
        .collect();
    if let Notice::Verify { code, .. } = notice {
        secrets.push((code.clone(), "······"));
    }
    let body = parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => format!("<p>{}</p>", escape(t).replace('\n', "<br>")),
            Part::Link(url) => {
                let url = escape(url);
                format!("<p><a href=\"{url}\">{url}</a></p>")
            }
        })
        .collect::<String>();
    Rendered {
        subject: fill(subject),
        text: text + "\n",
        secrets,
        html: format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"></head><body>{body}</body></html>",
            w.lang
        ),
    }
}

/// `s` with its first letter upper case (a sentence may start with `{org}`).
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// HTML text escaping (text nodes and double-quoted attributes).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_never_markup() {
        let r = render(
            &Notice::Closed {
                reason: ClosedReason::Completed,
                resolution: "<script>alert(1)</script> & done".into(),
                link: "https://x.example/request/#t=abc".into(),
            },
            Some("fr"),
            Some("Shop <b>"),
            "#7",
        );
        assert_eq!(r.subject, "Votre demande #7 est clôturée");
        assert!(r.text.contains("<script>alert(1)</script> & done"));
        assert!(!r.html.contains("<script>"));
        assert!(r
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; done"));
        assert!(r.html.contains("Shop &lt;b&gt;"));
        assert!(r
            .html
            .contains("<a href=\"https://x.example/request/#t=abc\">"));
        assert!(r.html.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
        assert!(r.text.contains("Résultat : Traitée"));
    }

    #[test]
    fn the_logged_copy_keeps_no_token_and_no_code() {
        let verify = render(
            &Notice::Verify {
                code: "042137".into(),
                link: "https://x.example/request/#v=tok3n".into(),
            },
            Some("de"),
            None,
            "#9",
        );
        assert!(verify.text.contains("042137") && verify.text.contains("#v=tok3n"));
        assert!(!verify.redacted().contains("042137"));
        assert!(!verify.redacted().contains("tok3n"));
        assert!(verify.redacted().contains("https://x.example/request/#…"));
        let closed = render(
            &Notice::Closed {
                reason: ClosedReason::Completed,
                resolution: "done".into(),
                link: "https://x.example/request/#t=abc".into(),
            },
            None,
            None,
            "#9",
        );
        assert!(!closed.redacted().contains("#t=abc"));
        // Nothing else differs from what was sent.
        assert_eq!(closed.redacted(), closed.text.replace("#t=abc", "#…"));
        let team = render(
            &Notice::RequesterMessage {
                link: "https://x.example/requests/9".into(),
            },
            None,
            None,
            "#9",
        );
        assert_eq!(team.redacted(), team.text);
    }

    #[test]
    fn every_language_and_a_fallback() {
        let n = Notice::Verify {
            code: "123456".into(),
            link: "https://x.example/request/#v=t".into(),
        };
        for (locale, word) in [
            (Some("en"), "Your code: 123456"),
            (Some("fr-BE"), "Votre code : 123456"),
            (Some("nl"), "Uw code: 123456"),
            (Some("DE"), "Ihr Code: 123456"),
            (Some("es"), "Your code: 123456"),
            (None, "Your code: 123456"),
        ] {
            let r = render(&n, locale, Some("Shop"), "#1");
            assert!(r.text.contains(word), "{locale:?}: {}", r.text);
            assert!(r.text.contains("https://x.example/request/#v=t"));
        }
    }

    #[test]
    fn without_an_organisation_name() {
        let n = Notice::Closed {
            reason: ClosedReason::Completed,
            resolution: "Done.".into(),
            link: "https://x.example/request/#t=a".into(),
        };
        let r = render(&n, Some("fr"), None, "#2");
        assert!(
            r.text.starts_with("L'organisme a clôturé votre demande."),
            "{}",
            r.text
        );
    }
}
