//! ISO 8601 durations for `consentDuration` (seed 001, `Format duration`), and adding one
//! to a timestamp so the consent panel can expire stored consent. No chrono: the calendar
//! arithmetic is Howard Hinnant's `days_from_civil` / `civil_from_days`, a few lines.
//!
//! Accepted grammar (what JSON Schema validators such as ajv accept for `duration`):
//! `P[nY][nM][nD][T[nH][nM][nS]]` with at least one component and, if `T` is present, at
//! least one time component; or `PnW` alone. Integers only: fractions (`PT0.5S`) are
//! rejected, as RFC 3339 appendix A's grammar does, so a consent lifetime stays exact.

use core::fmt;
use core::str::FromStr;

use crate::validate::Violation;

/// A parsed ISO 8601 duration. Weeks only appear alone (`P2W`), as in the grammar above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IsoDuration {
    /// `nY`: calendar years.
    pub years: u32,
    /// `nM` before `T`: calendar months.
    pub months: u32,
    /// `nW`: weeks of 7 days.
    pub weeks: u32,
    /// `nD`: days (of 24 hours: timestamps are UTC).
    pub days: u32,
    /// `nH` after `T`.
    pub hours: u32,
    /// `nM` after `T`.
    pub minutes: u32,
    /// `nS` after `T`.
    pub seconds: u32,
}

const DAY_MS: i64 = 86_400_000;

impl IsoDuration {
    /// Parses `P1Y2M10DT2H30M`, `P2W`, `PT36H`; rejects `P`, `PT`, `1Y`, `P1H`, `PT0.5S`.
    pub fn parse(s: &str) -> Result<Self, Violation> {
        let body = s.strip_prefix('P').ok_or(Violation::Duration)?;
        let (date, time) = match body.split_once('T') {
            Some((_, "")) => return Err(Violation::Duration), // `PT`, `P1DT`
            Some((d, t)) => (d, Some(t)),
            None => (body, None),
        };
        if date.is_empty() && time.is_none() {
            return Err(Violation::Duration); // `P`
        }
        let mut d = Self::default();
        if let Some(weeks) = date.strip_suffix('W') {
            if time.is_some() {
                return Err(Violation::Duration);
            }
            d.weeks = number(weeks)?;
            return Ok(d);
        }
        parse_fields(
            date,
            &mut [
                ('Y', &mut d.years),
                ('M', &mut d.months),
                ('D', &mut d.days),
            ],
        )?;
        if let Some(time) = time {
            let (h, m, s) = (&mut d.hours, &mut d.minutes, &mut d.seconds);
            parse_fields(time, &mut [('H', h), ('M', m), ('S', s)])?;
        }
        Ok(d)
    }

    /// Length in seconds with the Gregorian averages (year = 365.2425 days, month = 1/12 of
    /// that). For display and sorting only; expiry uses [`Self::add_to_unix_millis`].
    pub fn approx_seconds(&self) -> u64 {
        const YEAR: u64 = 31_556_952;
        let parts = [
            (self.years, YEAR),
            (self.months, YEAR / 12),
            (self.weeks, 7 * 86_400),
            (self.days, 86_400),
            (self.hours, 3_600),
            (self.minutes, 60),
            (self.seconds, 1),
        ];
        parts.iter().fold(0u64, |acc, &(n, unit)| {
            acc.saturating_add(u64::from(n) * unit)
        })
    }

    /// `millis` (Unix epoch, UTC) plus this duration, calendar-aware: years and months move
    /// the civil date and clamp the day to the target month (Jan 31 + P1M = Feb 28 or 29,
    /// Feb 29 + P1Y = Feb 28), then weeks, days and the time part are added as exact
    /// lengths. `None` if the result does not fit an `i64`.
    pub fn add_to_unix_millis(&self, millis: i64) -> Option<i64> {
        let (y, m, d) = civil_from_days(millis.div_euclid(DAY_MS));
        let month_index = y * 12 + (m - 1) + i64::from(self.years) * 12 + i64::from(self.months);
        let (y, m) = (month_index.div_euclid(12), month_index.rem_euclid(12) + 1);
        let day = days_from_civil(y, m, d.min(days_in_month(y, m)))
            + 7 * i64::from(self.weeks)
            + i64::from(self.days);
        let time_ms = (i64::from(self.hours) * 3_600
            + i64::from(self.minutes) * 60
            + i64::from(self.seconds))
            * 1_000;
        day.checked_mul(DAY_MS)?
            .checked_add(millis.rem_euclid(DAY_MS))?
            .checked_add(time_ms)
    }
}

/// Reads `n<designator>` pairs in the order of `fields`; each designator at most once.
fn parse_fields(mut s: &str, fields: &mut [(char, &mut u32)]) -> Result<(), Violation> {
    let mut fields = fields.iter_mut();
    while !s.is_empty() {
        let end = s
            .find(|c: char| !c.is_ascii_digit())
            .ok_or(Violation::Duration)?;
        let designator = s[end..].chars().next().ok_or(Violation::Duration)?;
        // Skipping forward enforces order: `P1D1Y` finds no `Y` after `D`.
        let slot = fields
            .find(|(c, _)| *c == designator)
            .ok_or(Violation::Duration)?;
        *slot.1 = number(&s[..end])?;
        s = &s[end + designator.len_utf8()..];
    }
    Ok(())
}

fn number(digits: &str) -> Result<u32, Violation> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Violation::Duration);
    }
    digits.parse().map_err(|_| Violation::Duration)
}

impl FromStr for IsoDuration {
    type Err = Violation;
    fn from_str(s: &str) -> Result<Self, Violation> {
        Self::parse(s)
    }
}

impl fmt::Display for IsoDuration {
    /// Canonical form without zero components (`P1Y2M10DT2H30M`); all zero is `P0D`. Weeks
    /// mixed with other components (only possible by building the struct by hand) are
    /// written as days, so the output always parses again.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::default() {
            return f.write_str("P0D");
        }
        if *self
            == (Self {
                weeks: self.weeks,
                ..Self::default()
            })
        {
            return write!(f, "P{}W", self.weeks);
        }
        let days = self.days.saturating_add(self.weeks.saturating_mul(7));
        f.write_str("P")?;
        for (n, c) in [(self.years, 'Y'), (self.months, 'M'), (days, 'D')] {
            if n > 0 {
                write!(f, "{n}{c}")?;
            }
        }
        if (self.hours, self.minutes, self.seconds) != (0, 0, 0) {
            f.write_str("T")?;
            for (n, c) in [(self.hours, 'H'), (self.minutes, 'M'), (self.seconds, 'S')] {
                if n > 0 {
                    write!(f, "{n}{c}")?;
                }
            }
        }
        Ok(())
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms").
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: `(year, month 1..=12, day 1..=31)`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(y: i64, m: i64, d: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS
    }

    #[test]
    fn parses_and_displays() {
        let d = IsoDuration::parse("P1Y2M10DT2H30M").unwrap();
        assert_eq!(
            (d.years, d.months, d.days, d.hours, d.minutes),
            (1, 2, 10, 2, 30)
        );
        for s in [
            "P1Y2M10DT2H30M",
            "P2W",
            "PT36H",
            "P1Y",
            "P1M",
            "PT1M",
            "P1DT1S",
            "P0D",
        ] {
            assert_eq!(IsoDuration::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(IsoDuration::parse("PT0S").unwrap().to_string(), "P0D");
        assert_eq!(
            IsoDuration {
                weeks: 1,
                days: 1,
                ..Default::default()
            }
            .to_string(),
            "P8D"
        );
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "P",
            "PT",
            "1Y",
            "P1H",
            "PT1D",
            "P1DT",
            "PT0.5S",
            "P1.5Y",
            "P1D1Y",
            "P1Y1Y",
            "PT1M1H",
            "P2W1D",
            "P2WT1H",
            "P-1D",
            "P1",
            "PY",
            "p1y",
            "P1Y ",
            "P99999999999Y",
            "P1٣D",
        ] {
            assert_eq!(IsoDuration::parse(s), Err(Violation::Duration), "{s:?}");
        }
    }

    #[test]
    fn approx_seconds() {
        assert_eq!(
            IsoDuration::parse("PT36H").unwrap().approx_seconds(),
            129_600
        );
        assert_eq!(
            IsoDuration::parse("P2W").unwrap().approx_seconds(),
            1_209_600
        );
        assert_eq!(
            IsoDuration::parse("P1Y").unwrap().approx_seconds(),
            31_556_952
        );
    }

    #[test]
    fn civil_round_trip() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (1969, 12, 31),
            (2024, 3, 1),
            (1600, 1, 1),
        ] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn adds_calendar_aware() {
        let add = |s: &str, t: i64| {
            IsoDuration::parse(s)
                .unwrap()
                .add_to_unix_millis(t)
                .unwrap()
        };
        assert_eq!(add("PT36H", 0), 129_600_000);
        assert_eq!(add("P1M", ms(2024, 1, 31)), ms(2024, 2, 29));
        assert_eq!(add("P1M", ms(2023, 1, 31)), ms(2023, 2, 28));
        assert_eq!(add("P1Y", ms(2024, 2, 29)), ms(2025, 2, 28));
        assert_eq!(add("P13M", ms(2023, 12, 15)), ms(2025, 1, 15));
        assert_eq!(add("P2W", ms(2023, 12, 25)), ms(2024, 1, 8));
        // Time of day is kept; the time part is exact.
        let noon = ms(2024, 1, 31) + DAY_MS / 2;
        assert_eq!(
            add("P1MT1H", noon),
            ms(2024, 2, 29) + DAY_MS / 2 + 3_600_000
        );
        // Before the epoch too.
        assert_eq!(add("P1D", ms(1969, 12, 31)), 0);
        assert_eq!(
            IsoDuration::parse("P1D")
                .unwrap()
                .add_to_unix_millis(i64::MAX),
            None
        );
    }
}
