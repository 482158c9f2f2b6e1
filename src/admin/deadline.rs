//! The inbox's badges as data: the legal deadline (GDPR art. 12(3): one month,
//! the server computes `remainingDays`) and the tone of a state badge.
use pw_model::DsrState;

use crate::admin::messages::fill;
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
}
