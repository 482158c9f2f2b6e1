//! Deadlines of a data subject request as the workspace's law sets them
//! (`WidgetSettings::deadline_policy`), from the time the request was received:
//!
//! - GDPR Art. 12(3): answer within one month; the controller may extend by
//!   two further months, telling the requester (with reasons) within the first
//!   month. A month is a calendar month, clamped to the target month's last day
//!   (31 January + 1 month = 28/29 February: Regulation 1182/71 Art. 3(2)(c)).
//! - CCPA (Cal. Civ. Code 1798.130(a)(2), CCPA regulations 7021): acknowledge
//!   within 10 business days, answer within 45 calendar days, extendable once
//!   by 45 more with notice to the consumer within the first 45.
//!
//! Business days are Monday to Friday; public holidays are not counted out
//! (they differ by state and year), which can only make the date earlier,
//! never late.
use chrono::{DateTime, Datelike, Days, Months, Utc, Weekday};
use pw_model::DeadlinePolicy;

/// When the answer is due without an extension.
pub fn answer_due(policy: &DeadlinePolicy, received: DateTime<Utc>) -> DateTime<Utc> {
    match policy {
        DeadlinePolicy::Ccpa => add_days(received, 45),
        _ => add_months(received, 1),
    }
}

/// When the answer is due with the longest extension the law allows.
pub fn extended_due(policy: &DeadlinePolicy, received: DateTime<Utc>) -> DateTime<Utc> {
    match policy {
        DeadlinePolicy::Ccpa => add_days(received, 90),
        _ => add_months(received, 3),
    }
}

/// When the receipt must be acknowledged, if the law sets a date (CCPA only).
pub fn acknowledge_due(policy: &DeadlinePolicy, received: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match policy {
        DeadlinePolicy::Ccpa => Some(add_business_days(received, 10)),
        _ => None,
    }
}

fn add_months(t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    t.checked_add_months(Months::new(n)).unwrap_or(t)
}

fn add_days(t: DateTime<Utc>, n: u64) -> DateTime<Utc> {
    t.checked_add_days(Days::new(n)).unwrap_or(t)
}

/// `n` weekdays after `t`: a request received on a weekend starts counting on
/// the Monday, so its tenth business day is the second Friday after it.
fn add_business_days(t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    let mut day = t;
    let mut left = n;
    while left > 0 {
        day = add_days(day, 1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{fmt_time, parse_time};

    fn t(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    fn due(
        policy: DeadlinePolicy,
        f: fn(&DeadlinePolicy, DateTime<Utc>) -> DateTime<Utc>,
        from: &str,
    ) -> String {
        fmt_time(f(&policy, t(from)))
    }

    #[test]
    fn gdpr_one_month_clamped_to_month_ends_and_leap_years() {
        use DeadlinePolicy::Gdpr;
        for (from, want) in [
            ("2024-01-31T10:00:00.000Z", "2024-02-29T10:00:00.000Z"), // leap year
            ("2023-01-31T10:00:00.000Z", "2023-02-28T10:00:00.000Z"),
            ("2023-03-31T08:00:00.000Z", "2023-04-30T08:00:00.000Z"),
            ("2023-12-20T23:59:59.000Z", "2024-01-20T23:59:59.000Z"), // year end
            ("2024-02-29T12:00:00.000Z", "2024-03-29T12:00:00.000Z"),
        ] {
            assert_eq!(due(Gdpr, answer_due, from), want, "{from}");
        }
    }

    #[test]
    fn gdpr_extension_is_three_months_from_receipt() {
        use DeadlinePolicy::Gdpr;
        for (from, want) in [
            ("2023-11-30T09:00:00.000Z", "2024-02-29T09:00:00.000Z"), // into a leap February
            ("2024-01-31T09:00:00.000Z", "2024-04-30T09:00:00.000Z"),
            ("2023-10-15T09:00:00.000Z", "2024-01-15T09:00:00.000Z"),
        ] {
            assert_eq!(due(Gdpr, extended_due, from), want, "{from}");
        }
        assert_eq!(acknowledge_due(&Gdpr, t("2024-01-31T09:00:00.000Z")), None);
    }

    #[test]
    fn ccpa_45_days_and_45_more() {
        use DeadlinePolicy::Ccpa;
        for (from, answer, extended) in [
            // Across a leap February: 45 days from 1 Feb 2024 is 17 March.
            (
                "2024-02-01T00:00:00.000Z",
                "2024-03-17T00:00:00.000Z",
                "2024-05-01T00:00:00.000Z",
            ),
            (
                "2023-02-01T00:00:00.000Z",
                "2023-03-18T00:00:00.000Z",
                "2023-05-02T00:00:00.000Z",
            ),
            (
                "2023-12-01T15:30:00.000Z",
                "2024-01-15T15:30:00.000Z",
                "2024-02-29T15:30:00.000Z",
            ),
        ] {
            assert_eq!(due(Ccpa, answer_due, from), answer, "{from}");
            assert_eq!(due(Ccpa, extended_due, from), extended, "{from}");
        }
    }

    #[test]
    fn ccpa_acknowledgement_counts_business_days() {
        let ack = |from: &str| fmt_time(acknowledge_due(&DeadlinePolicy::Ccpa, t(from)).unwrap());
        // Monday 3 June 2024: ten weekdays later is Monday 17 June.
        assert_eq!(ack("2024-06-03T10:00:00.000Z"), "2024-06-17T10:00:00.000Z");
        // Friday 7 June: Friday 21 June.
        assert_eq!(ack("2024-06-07T10:00:00.000Z"), "2024-06-21T10:00:00.000Z");
        // Saturday 8 and Sunday 9 June: counting starts on Monday, Friday 21 June.
        assert_eq!(ack("2024-06-08T10:00:00.000Z"), "2024-06-21T10:00:00.000Z");
        assert_eq!(ack("2024-06-09T10:00:00.000Z"), "2024-06-21T10:00:00.000Z");
        // Across a month and year end: Wednesday 25 December 2024 -> Wednesday 8 January 2025.
        assert_eq!(ack("2024-12-25T10:00:00.000Z"), "2025-01-08T10:00:00.000Z");
    }
}
