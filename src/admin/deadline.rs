//! The inbox's badges as data: the legal deadline (GDPR art. 12(3): one month,
//! the server computes `remainingDays`), the tone of a state badge, and the
//! words that explain a request's deadline (received when, which law, counted
//! from receipt or from the e-mail confirmation, extended or not).
use pw_model::{DeadlinePolicy, Dsr, DsrState, WidgetSettings};

use crate::admin::messages::{fill, fmt_date};
use crate::i18n::{t, Key, Locale};

/// Colour family of a badge (`pw-badge--{as_str}` in admin.css).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Grey: nothing to do.
    Neutral,
    /// Blue: in progress.
    Info,
    /// Green: done.
    Success,
    /// Amber: needs attention soon.
    Warning,
    /// Red: late.
    Danger,
}

impl Tone {
    /// The class suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Neutral => "neutral",
            Tone::Info => "info",
            Tone::Success => "success",
            Tone::Warning => "warning",
            Tone::Danger => "danger",
        }
    }
}

/// Where a request stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// Closed: the deadline no longer matters.
    Closed,
    /// The server sent no `remainingDays`.
    Unknown,
    /// Due in this many days (0 = today).
    Left(i64),
    /// Past due by this many days.
    Overdue(i64),
}

/// Seven days or fewer left is shown as a warning.
pub const SOON_DAYS: i64 = 7;

impl Deadline {
    /// From a request's `remainingDays` and `state`.
    pub fn of(remaining_days: Option<i64>, state: Option<&DsrState>) -> Self {
        match (state, remaining_days) {
            (Some(DsrState::Closed), _) => Deadline::Closed,
            (_, None) => Deadline::Unknown,
            (_, Some(d)) if d < 0 => Deadline::Overdue(-d),
            (_, Some(d)) => Deadline::Left(d),
        }
    }

    /// The badge colour.
    pub fn tone(self) -> Tone {
        match self {
            Deadline::Closed | Deadline::Unknown => Tone::Neutral,
            Deadline::Left(d) if d <= SOON_DAYS => Tone::Warning,
            Deadline::Left(_) => Tone::Info,
            Deadline::Overdue(_) => Tone::Danger,
        }
    }

    /// The badge's words: "Due today", "3 days left", "Overdue by 2 days",
    /// "Closed", or "Not set" when the server sent no `remainingDays`.
    pub fn text(self, locale: Locale) -> String {
        match self {
            Deadline::Closed => t(locale, Key::StateClosed).to_owned(),
            Deadline::Unknown => t(locale, Key::NotSet).to_owned(),
            Deadline::Left(0) => t(locale, Key::DueToday).to_owned(),
            Deadline::Left(n) => fill(t(locale, Key::DaysLeft), n),
            Deadline::Overdue(n) => fill(t(locale, Key::OverdueBy), n),
        }
    }

    /// Whether the deadline still runs (a closed or unknown one says nothing
    /// about what to do next).
    pub fn is_running(self) -> bool {
        matches!(self, Deadline::Left(_) | Deadline::Overdue(_))
    }
}

/// The badge colour of a state.
pub fn state_tone(state: &DsrState) -> Tone {
    match state {
        DsrState::Open => Tone::Info,
        DsrState::IdentityValidation => Tone::Warning,
        DsrState::Processing | DsrState::Active => Tone::Info,
        DsrState::Closed => Tone::Success,
        DsrState::Other(_) => Tone::Neutral,
    }
}

/// A calendar day (UTC), enough to tell an extended deadline from a first
/// one without a date crate (the server does the real arithmetic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    /// The day of an ISO 8601 timestamp (`2025-05-03T10:00:00Z`): its first
    /// ten characters, which are the UTC day in what the server sends.
    pub fn parse(iso: &str) -> Option<Self> {
        let date = iso.get(..10)?;
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let day = Self {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        ((1..=12).contains(&day.month) && (1..=days_in(day.year, day.month)).contains(&day.day))
            .then_some(day)
    }

    /// `n` calendar months later, clamped to the month's last day (31 January
    /// + 1 month = 28/29 February), as the server counts GDPR months.
    pub fn add_months(self, n: u32) -> Self {
        let months = self.month - 1 + n;
        let year = self.year + (months / 12) as i32;
        let month = months % 12 + 1;
        Self {
            year,
            month,
            day: self.day.min(days_in(year, month)),
        }
    }

    /// `n` days later.
    pub fn add_days(self, n: u32) -> Self {
        let mut d = self;
        for _ in 0..n {
            d = if d.day < days_in(d.year, d.month) {
                Self {
                    day: d.day + 1,
                    ..d
                }
            } else if d.month < 12 {
                Self {
                    month: d.month + 1,
                    day: 1,
                    ..d
                }
            } else {
                Self {
                    year: d.year + 1,
                    month: 1,
                    day: 1,
                }
            };
        }
        d
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The day the answer is due without an extension, counted from `start`
/// (GDPR: one calendar month; CCPA: 45 days).
pub fn first_due(policy: &DeadlinePolicy, start: Day) -> Day {
    match policy {
        DeadlinePolicy::Ccpa => start.add_days(45),
        _ => start.add_months(1),
    }
}

/// What the inbox explains about one request's deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineNote {
    /// Received (ISO 8601).
    pub received: Option<String>,
    /// The workspace's law (`None`: its settings could not be read).
    pub policy: Option<DeadlinePolicy>,
    /// Counted from the e-mail confirmation (ISO 8601) instead of receipt.
    pub confirmed: Option<String>,
    /// `expiryTime` is later than the first period allows.
    pub extended: bool,
}

impl DeadlineNote {
    /// The note for `d` under the workspace's `settings`. A workspace that does
    /// not count unconfirmed requests counts from the confirmation, once there
    /// is one.
    pub fn of(d: &Dsr, settings: Option<&WidgetSettings>) -> Self {
        let confirmed = settings
            .filter(|s| !s.unverified_counts_toward_deadline)
            .and(d.email_validation_date.clone())
            .filter(|_| d.mail_validated == Some(true));
        let policy = settings.map(|s| s.deadline_policy.clone());
        let start = confirmed.as_deref().or(d.date_creation.as_deref());
        let extended = match (
            &policy,
            start.and_then(Day::parse),
            d.expiry_time.as_deref(),
        ) {
            (Some(p), Some(start), Some(expiry)) => {
                Day::parse(expiry).is_some_and(|e| e > first_due(p, start))
            }
            _ => false,
        };
        Self {
            received: d.date_creation.clone(),
            policy,
            confirmed,
            extended,
        }
    }

    /// "GDPR · extended": what the row shows under its badge.
    pub fn short(&self, locale: Locale) -> String {
        let law = self.policy.as_ref().map(|p| match p {
            DeadlinePolicy::Ccpa => t(locale, Key::DeadlineCcpa).to_owned(),
            DeadlinePolicy::Gdpr => t(locale, Key::DeadlineGdpr).to_owned(),
            DeadlinePolicy::Other(s) => s.clone(),
        });
        let extended = self
            .extended
            .then(|| t(locale, Key::DeadlineExtendedNote).to_owned());
        [law, extended]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// "Received 3 May 2025 · GDPR: one month from receipt · extended".
    pub fn text(&self, locale: Locale) -> String {
        let received = self.received.as_deref().map(|r| {
            t(locale, Key::DeadlineReceived).replace("{date}", &fmt_date(locale, Some(r)))
        });
        let confirmed = self.confirmed.as_deref().map(|c| {
            t(locale, Key::DeadlineConfirmedOn).replace("{date}", &fmt_date(locale, Some(c)))
        });
        let rule = self.policy.as_ref().map(|p| {
            let key = match (p, self.confirmed.is_some()) {
                (DeadlinePolicy::Ccpa, false) => Key::DeadlineRuleCcpa,
                (DeadlinePolicy::Ccpa, true) => Key::DeadlineRuleCcpaConfirmed,
                (_, false) => Key::DeadlineRuleGdpr,
                (_, true) => Key::DeadlineRuleGdprConfirmed,
            };
            t(locale, key).to_owned()
        });
        let extended = self
            .extended
            .then(|| t(locale, Key::DeadlineExtendedNote).to_owned());
        [received, confirmed, rule, extended]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines() {
        let open = Some(&DsrState::Open);
        assert_eq!(Deadline::of(Some(30), open), Deadline::Left(30));
        assert_eq!(Deadline::of(Some(30), open).tone(), Tone::Info);
        assert_eq!(Deadline::of(Some(7), open).tone(), Tone::Warning);
        assert_eq!(Deadline::of(Some(0), open), Deadline::Left(0));
        assert_eq!(Deadline::of(Some(-2), open), Deadline::Overdue(2));
        assert_eq!(Deadline::of(Some(-2), open).tone(), Tone::Danger);
        assert_eq!(
            Deadline::of(Some(-2), Some(&DsrState::Closed)),
            Deadline::Closed
        );
        assert_eq!(Deadline::of(None, None), Deadline::Unknown);
        assert_eq!(state_tone(&DsrState::Closed).as_str(), "success");
        assert!(Deadline::Overdue(1).is_running() && !Deadline::Closed.is_running());
    }

    #[test]
    fn deadline_words() {
        let en = Locale::En;
        assert_eq!(Deadline::Left(0).text(en), t(en, Key::DueToday));
        assert_eq!(Deadline::Left(3).text(en), fill(t(en, Key::DaysLeft), 3));
        assert_eq!(
            Deadline::Overdue(2).text(en),
            fill(t(en, Key::OverdueBy), 2)
        );
        assert_eq!(Deadline::Closed.text(en), t(en, Key::StateClosed));
        assert_eq!(Deadline::Unknown.text(en), t(en, Key::NotSet));
    }

    #[test]
    fn calendar_months_clamp_and_days_roll_over() {
        let day = |s| Day::parse(s).unwrap();
        assert_eq!(day("2025-01-31T10:00:00Z").add_months(1), day("2025-02-28"));
        assert_eq!(day("2024-01-31").add_months(1), day("2024-02-29"));
        assert_eq!(day("2025-11-15").add_months(3), day("2026-02-15"));
        assert_eq!(day("2025-12-20").add_days(45), day("2026-02-03"));
        assert_eq!(day("2025-02-27").add_days(2), day("2025-03-01"));
        assert_eq!(Day::parse("2025-02-30"), None);
        assert_eq!(Day::parse("soon"), None);
    }

    #[test]
    fn deadline_notes() {
        let dsr = |created: &str, expiry: &str| Dsr {
            date_creation: Some(created.into()),
            expiry_time: Some(expiry.into()),
            ..Default::default()
        };
        let gdpr = WidgetSettings::default();
        let ccpa = WidgetSettings {
            deadline_policy: DeadlinePolicy::Ccpa,
            ..Default::default()
        };
        let first = DeadlineNote::of(
            &dsr("2025-01-31T09:00:00Z", "2025-02-28T09:00:00Z"),
            Some(&gdpr),
        );
        assert!(!first.extended);
        assert_eq!(first.short(Locale::En), t(Locale::En, Key::DeadlineGdpr));
        let longer = DeadlineNote::of(
            &dsr("2025-01-31T09:00:00Z", "2025-04-30T09:00:00Z"),
            Some(&gdpr),
        );
        assert!(longer.extended);
        let text = longer.text(Locale::En);
        assert!(text.contains("2025-01-31") && text.contains(t(Locale::En, Key::DeadlineRuleGdpr)));
        assert!(text.ends_with(t(Locale::En, Key::DeadlineExtendedNote)));
        assert!(
            !DeadlineNote::of(
                &dsr("2025-01-01T09:00:00Z", "2025-02-15T09:00:00Z"),
                Some(&ccpa)
            )
            .extended
        );
        assert!(
            DeadlineNote::of(
                &dsr("2025-01-01T09:00:00Z", "2025-02-16T09:00:00Z"),
                Some(&ccpa)
            )
            .extended
        );

        // Counted from the confirmation: a later expiry is not an extension.
        let late = WidgetSettings {
            unverified_counts_toward_deadline: false,
            ..Default::default()
        };
        let confirmed = Dsr {
            mail_validated: Some(true),
            email_validation_date: Some("2025-01-10T09:00:00Z".into()),
            ..dsr("2025-01-01T09:00:00Z", "2025-02-10T09:00:00Z")
        };
        let note = DeadlineNote::of(&confirmed, Some(&late));
        assert!(!note.extended && note.confirmed.is_some());
        assert!(note
            .text(Locale::En)
            .contains(t(Locale::En, Key::DeadlineRuleGdprConfirmed)));
        assert!(
            DeadlineNote::of(&confirmed, Some(&gdpr)).extended,
            "the law's reading counts from receipt"
        );

        // Without settings: the received day only.
        let bare = DeadlineNote::of(&dsr("2025-01-01T09:00:00Z", "2025-09-01T09:00:00Z"), None);
        assert!(!bare.extended && bare.short(Locale::En).is_empty());
    }
}
