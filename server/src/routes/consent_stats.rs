//! Consent statistics (issue 15, our extension): counts computed from the
//! consent records, no personal data.
//!
//! `GET /organizations/{organizationId}/projects/{projectId}/consent-stats?from=YYYY-MM-DD&to=YYYY-MM-DD`
//! (admin key of the organization) -> `ConsentStats` (`pw_model::consent_record`):
//!
//! - the period: UTC days, both inclusive; `to` defaults to today, `from` to 29
//!   days before `to` (30 days). Malformed, `from` after `to`, or longer than
//!   `STATS_MAX_DAYS` days: 400.
//! - `types`: every consent type of the project in the consent-types list's
//!   order (category, then label), each with every day of the period (zeros
//!   included) and that day's `accepted` / `declined` decisions.
//! - `banner`: answers (one POST = one answer) in the period: `acceptAll` a
//!   banner answer accepting every type it decided on; `rejectAll` a banner
//!   answer that accepted no type which is not required (so every decision
//!   declined, or only required types accepted); `customised` a choice saved
//!   from the preferences panel. Other sources are not counted.
//!
//! Both are one `GROUP BY` over the `(project_id, date_created)` index.
use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{NaiveDate, Utc};
use pw_model::consent_record::{BannerStats, ConsentStats, DayCount, TypeStats, STATS_MAX_DAYS};
use pw_model::dsr::decode_query;

use crate::auth::Principal;
use crate::error::{AppError, AppPath, Concord};
use crate::routes::project_ids;
use crate::AppState;

/// Days in the default period.
pub const DEFAULT_DAYS: u32 = 30;

/// Routes of this file.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/organizations/{org}/projects/{project}/consent-stats",
        get(stats),
    )
}

/// A query's day: exactly `YYYY-MM-DD`, a real date; 400 naming `key` otherwise.
pub fn parse_day(key: &str, v: &str) -> Result<NaiveDate, AppError> {
    let b = v.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let num = |r: std::ops::Range<usize>| v.get(r).and_then(|s| s.parse::<u32>().ok());
    shape
        .then(|| {
            let year = i32::try_from(num(0..4)?).ok()?;
            NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
        })
        .flatten()
        .ok_or_else(|| AppError::BadRequest(format!("{key} must be a date (YYYY-MM-DD)")))
}

/// The first stored timestamp of `day` (stored times are fixed-width UTC, so
/// string order is time order).
pub fn day_start(day: NaiveDate) -> String {
    format!("{}T00:00:00.000Z", day.format("%Y-%m-%d"))
}

/// The last stored timestamp of `day`.
pub fn day_end(day: NaiveDate) -> String {
    format!("{}T23:59:59.999Z", day.format("%Y-%m-%d"))
}

/// `from` and `to` of the query, defaults applied and checked.
fn period(raw: Option<&str>, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), AppError> {
    let (mut from, mut to) = (None, None);
    for (k, v) in decode_query(raw.unwrap_or_default()) {
        match k.as_str() {
            "from" => from = Some(parse_day("from", &v)?),
            "to" => to = Some(parse_day("to", &v)?),
            _ => {}
        }
    }
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| {
        to.checked_sub_days(chrono::Days::new(u64::from(DEFAULT_DAYS - 1)))
            .filter(|d| d.format("%Y").to_string().len() == 4)
            .unwrap_or(to)
    });
    if from > to {
        return Err(AppError::BadRequest("from must not be after to".into()));
    }
    if (to - from).num_days() >= i64::from(STATS_MAX_DAYS) {
        return Err(AppError::BadRequest(format!(
            "the period must be at most {STATS_MAX_DAYS} days"
        )));
    }
    Ok((from, to))
}

async fn stats(
    State(st): State<AppState>,
    principal: Principal,
    AppPath((org, project), ..): AppPath<(String, String), Concord>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ConsentStats>, AppError> {
    principal.admin_of_org(&org)?;
    let (_, project) = project_ids(&st.db.read, &org, &project).await?;
    let (from, to) = period(raw.as_deref(), Utc::now().date_naive())?;
    let (first, last) = (day_start(from), day_end(to));
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();

    let mut conn = st.db.read.acquire().await?;
    let types: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, label FROM consent_types WHERE project_id = $1 ORDER BY category, label",
    )
    .bind(&project)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<TypeStats> = types
        .into_iter()
        .map(|(id, label)| TypeStats {
            consent_type_id: id,
            label,
            days: days
                .iter()
                .map(|d| DayCount {
                    date: d.format("%Y-%m-%d").to_string(),
                    accepted: 0,
                    declined: 0,
                })
                .collect(),
        })
        .collect();
    let index: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, t)| (t.consent_type_id.clone(), i))
        .collect();

    let counts: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT consent_type_id, substr(date_created, 1, 10) AS day,
                CAST(SUM(CASE WHEN state = 'accepted' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN state = 'declined' THEN 1 ELSE 0 END) AS BIGINT)
         FROM consent_records
         WHERE project_id = $1 AND date_created >= $2 AND date_created <= $3
         GROUP BY consent_type_id, day",
    )
    .bind(&project)
    .bind(&first)
    .bind(&last)
    .fetch_all(&mut *conn)
    .await?;
    for (type_id, day, accepted, declined) in counts {
        let (Some(&t), Ok(day)) = (index.get(&type_id), parse_day("day", &day)) else {
            continue;
        };
        let slot = usize::try_from((day - from).num_days())
            .ok()
            .and_then(|i| out[t].days.get_mut(i));
        if let Some(slot) = slot {
            slot.accepted = u64::try_from(accepted).unwrap_or(0);
            slot.declined = u64::try_from(declined).unwrap_or(0);
        }
    }

    // One answer per POST (`batch_id`); records stored before batches existed
    // are grouped by subject and time, which one POST shares.
    let answers: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, COUNT(*) FROM (
             SELECT CASE
                 WHEN r.source = 'panel' THEN 'customised'
                 WHEN SUM(CASE WHEN r.state <> 'accepted' THEN 1 ELSE 0 END) = 0
                     THEN 'acceptAll'
                 WHEN SUM(CASE WHEN r.state = 'accepted' AND COALESCE(t.required, 0) = 0
                               THEN 1 ELSE 0 END) = 0
                     THEN 'rejectAll'
             END AS kind
             FROM consent_records r LEFT JOIN consent_types t ON t.id = r.consent_type_id
             WHERE r.project_id = $1 AND r.date_created >= $2 AND r.date_created <= $3
               AND r.source IN ('banner', 'panel')
             GROUP BY COALESCE(r.batch_id, r.subject_id || ' ' || r.date_created), r.source
         ) AS answers WHERE kind IS NOT NULL GROUP BY kind",
    )
    .bind(&project)
    .bind(&first)
    .bind(&last)
    .fetch_all(&mut *conn)
    .await?;
    let mut banner = BannerStats::default();
    for (kind, n) in answers {
        let n = u64::try_from(n).unwrap_or(0);
        match kind.as_str() {
            "acceptAll" => banner.accept_all = n,
            "rejectAll" => banner.reject_all = n,
            "customised" => banner.customised = n,
            _ => {}
        }
    }
    Ok(Json(ConsentStats {
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
        types: out,
        banner,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_day("d", s).unwrap()
    }

    #[test]
    fn days_are_strict() {
        assert_eq!(
            day("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2024-2-01",
            "2024-02-1",
            "+024-02-01",
            "2024-13-01",
            "2024-02-01T00",
            "",
            "２０２４-02-01",
        ] {
            assert!(parse_day("d", bad).is_err(), "{bad}");
        }
        assert_eq!(day_start(day("0001-01-01")), "0001-01-01T00:00:00.000Z");
        assert_eq!(day_end(day("2024-01-31")), "2024-01-31T23:59:59.999Z");
    }

    #[test]
    fn period_defaults_and_bounds() {
        let today = day("2024-03-10");
        assert_eq!(period(None, today).unwrap(), (day("2024-02-10"), today));
        assert_eq!(
            period(Some("to=2024-01-30"), today).unwrap(),
            (day("2024-01-01"), day("2024-01-30"))
        );
        assert_eq!(
            period(Some("from=2023-01-01&to=2024-01-01"), today).unwrap(),
            (day("2023-01-01"), day("2024-01-01"))
        );
        assert!(period(Some("from=2023-01-01&to=2024-01-02"), today).is_err());
        assert!(period(Some("from=2024-03-11"), today).is_err());
        assert!(period(Some("from=x"), today).is_err());
        assert_eq!(
            period(Some("to=0000-01-05"), today).unwrap(),
            (day("0000-01-05"), day("0000-01-05"))
        );
    }
}
