//! Chart geometry for the dashboard's plain `<svg>` charts (no chart library):
//! scales, bar rectangles, the month buckets of "requests over time" and the
//! daily acceptance rates of the consent section.
//! Pure functions, tested natively; the components only draw what they return.
use pw_model::consent_record::DayCount;

/// One bar of a chart, in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The smallest "nice" axis maximum (1, 2 or 5 times a power of ten) that is
/// at least `max`; 1 for an empty chart so nothing divides by zero.
pub fn nice_max(max: u64) -> u64 {
    if max <= 1 {
        return 1;
    }
    let mut power = 1u64;
    loop {
        for step in [1, 2, 5] {
            let candidate = step * power;
            if candidate >= max {
                return candidate;
            }
        }
        power = power.saturating_mul(10);
    }
}

/// Vertical bars filling `width` x `height`, bottoms on the baseline, with
/// `gap` between neighbours; the scale runs from 0 to [`nice_max`].
pub fn column_bars(values: &[u64], width: f64, height: f64, gap: f64) -> Vec<Bar> {
    if values.is_empty() {
        return Vec::new();
    }
    let top = nice_max(values.iter().copied().max().unwrap_or(0)) as f64;
    let n = values.len() as f64;
    let bar_width = ((width - gap * (n - 1.0)) / n).max(1.0);
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let h = height * v as f64 / top;
            Bar {
                x: i as f64 * (bar_width + gap),
                y: height - h,
                width: bar_width,
                height: h,
            }
        })
        .collect()
}

/// Horizontal bars, one row of `row_height` per value (plus `gap`), lengths
/// scaled so the largest value's [`nice_max`] spans `width`.
pub fn row_bars(values: &[u64], width: f64, row_height: f64, gap: f64) -> Vec<Bar> {
    let top = nice_max(values.iter().copied().max().unwrap_or(0)) as f64;
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| Bar {
            x: 0.0,
            y: i as f64 * (row_height + gap),
            width: width * v as f64 / top,
            height: row_height,
        })
        .collect()
}

/// `(year, month)` stepped back by `back` months.
fn month_back(year: i32, month: u32, back: u32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 - back as i32;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// Counts per calendar month for the `months` months ending with
/// `(end_year, end_month)`, oldest first, labelled `YYYY-MM`. Dates are the
/// API's ISO 8601 strings; only their `YYYY-MM` prefix is read, so no date
/// library is needed. Dates outside the window are ignored.
pub fn month_buckets<'a>(
    dates: impl IntoIterator<Item = &'a str>,
    end_year: i32,
    end_month: u32,
    months: u32,
) -> Vec<(String, u64)> {
    let mut buckets: Vec<(String, u64)> = (0..months)
        .rev()
        .map(|back| {
            let (y, m) = month_back(end_year, end_month, back);
            (format!("{y:04}-{m:02}"), 0)
        })
        .collect();
    for date in dates {
        let Some(prefix) = date.get(..7) else {
            continue;
        };
        if let Some(bucket) = buckets.iter_mut().find(|(label, _)| label == prefix) {
            bucket.1 += 1;
        }
    }
    buckets
}

/// The text alternative of a chart: `"Open: 3, Closed: 1"`.
pub fn summary(rows: &[(String, u64)]) -> String {
    rows.iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every how many columns an axis label is written, so that at most
/// `max_labels` labels share the axis (1: every column).
pub fn label_step(columns: usize, max_labels: usize) -> usize {
    columns.div_ceil(max_labels.max(1)).max(1)
}

/// The share of decisions that accepted, in whole percent (rounded to the
/// nearest); `None` for a day without decisions, which has no rate.
pub fn acceptance_rate(accepted: u64, declined: u64) -> Option<u64> {
    let all = accepted.saturating_add(declined);
    (all > 0).then(|| (accepted.saturating_mul(200) + all) / (all * 2))
}

/// One column per day, oldest first: its `YYYY-MM-DD` and acceptance rate
/// (drawn as 0 on a day without decisions; the text alternative says so).
pub fn rate_columns(days: &[DayCount]) -> Vec<(String, u64)> {
    days.iter()
        .map(|d| {
            let rate = acceptance_rate(d.accepted, d.declined).unwrap_or(0);
            (d.date.clone(), rate)
        })
        .collect()
}

/// Accepted and declined decisions over all `days`.
pub fn totals(days: &[DayCount]) -> (u64, u64) {
    days.iter().fold((0, 0), |(a, d), day| {
        (
            a.saturating_add(day.accepted),
            d.saturating_add(day.declined),
        )
    })
}

/// `template` with `{rate}`, `{n}` (accepted) and `{total}` (all decisions)
/// filled in; `none` when there were no decisions.
pub fn rate_text(template: &str, none: &str, accepted: u64, declined: u64) -> String {
    match acceptance_rate(accepted, declined) {
        Some(rate) => template
            .replace("{rate}", &rate.to_string())
            .replace("{n}", &accepted.to_string())
            .replace("{total}", &(accepted + declined).to_string()),
        None => none.to_owned(),
    }
}

/// The text alternative of a rate chart: each day and its [`rate_text`],
/// `"2024-05-01: 67% (2 of 3), 2024-05-02: no decisions"`.
pub fn rate_summary(days: &[DayCount], template: &str, none: &str) -> String {
    days.iter()
        .map(|d| {
            format!(
                "{}: {}",
                d.date,
                rate_text(template, none, d.accepted, d.declined)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_maxima() {
        let cases = [
            (0, 1),
            (1, 1),
            (2, 2),
            (3, 5),
            (5, 5),
            (6, 10),
            (11, 20),
            (99, 100),
            (101, 200),
            (10_000, 10_000),
            (10_001, 20_000),
        ];
        for (max, nice) in cases {
            assert_eq!(nice_max(max), nice, "{max}");
        }
    }

    #[test]
    fn columns_fill_the_width_and_stand_on_the_baseline() {
        let bars = column_bars(&[0, 5, 10], 320.0, 100.0, 10.0);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].width, 100.0);
        assert_eq!(bars[2].x + bars[2].width, 320.0);
        assert_eq!((bars[0].y, bars[0].height), (100.0, 0.0));
        assert_eq!((bars[1].y, bars[1].height), (50.0, 50.0));
        assert_eq!((bars[2].y, bars[2].height), (0.0, 100.0));
        assert!(column_bars(&[], 100.0, 100.0, 1.0).is_empty());
    }

    #[test]
    fn rows_scale_to_the_nice_maximum() {
        let bars = row_bars(&[3, 0], 200.0, 20.0, 4.0);
        assert_eq!(bars[0].width, 120.0, "3 of nice max 5");
        assert_eq!(bars[1].width, 0.0);
        assert_eq!(bars[1].y, 24.0);
        assert_eq!(row_bars(&[0, 0], 200.0, 20.0, 4.0)[0].width, 0.0);
    }

    #[test]
    fn months_wrap_across_years() {
        let dates = [
            "2024-01-15T10:00:00Z",
            "2023-12-31T23:00:00Z",
            "2023-12-01",
            "2022-01-01",
            "x",
        ];
        let b = month_buckets(dates, 2024, 2, 3);
        assert_eq!(
            b,
            vec![
                ("2023-12".into(), 2),
                ("2024-01".into(), 1),
                ("2024-02".into(), 0)
            ]
        );
        assert_eq!(summary(&b[..2]), "2023-12: 2, 2024-01: 1");
    }

    #[test]
    fn acceptance_rates_round_and_skip_empty_days() {
        assert_eq!(acceptance_rate(2, 1), Some(67));
        assert_eq!(acceptance_rate(1, 2), Some(33));
        assert_eq!(acceptance_rate(1, 1), Some(50));
        assert_eq!(acceptance_rate(0, 4), Some(0));
        assert_eq!(acceptance_rate(5, 0), Some(100));
        assert_eq!(acceptance_rate(0, 0), None);
        let day = |date: &str, accepted, declined| DayCount {
            date: date.into(),
            accepted,
            declined,
        };
        let days = [day("2024-05-01", 2, 1), day("2024-05-02", 0, 0)];
        assert_eq!(
            rate_columns(&days),
            vec![("2024-05-01".into(), 67), ("2024-05-02".into(), 0)]
        );
        assert_eq!(totals(&days), (2, 1));
        assert_eq!(
            rate_summary(&days, "{rate}% ({n} of {total})", "no decisions"),
            "2024-05-01: 67% (2 of 3), 2024-05-02: no decisions"
        );
    }

    #[test]
    fn axis_labels_are_thinned_to_fit() {
        assert_eq!(label_step(12, 12), 1, "a year of months: every label");
        assert_eq!(label_step(7, 12), 1);
        assert_eq!(label_step(30, 12), 3);
        assert_eq!(label_step(90, 12), 8);
        assert_eq!(label_step(0, 12), 1);
    }
}
