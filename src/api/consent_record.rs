//! A visitor's consent decisions (reference-server extension in Concord's style):
//! `/organizations/{organizationId}/projects/{projectId}/consent-records`, their
//! export and hash-chain check, and `.../consent-stats` (issue 15).
use gloo_net::http::{Method, Response};
use pw_model::consent_record::{ChainReport, ConsentRecord, ConsentStats, NewConsentRecord};
use web_sys::AbortSignal;

use super::{decode, ApiClient, ApiConfig, ApiError, Call, Service};

fn path(c: &ApiClient, rest: &str) -> String {
    let cfg = c.config();
    format!(
        "/organizations/{}/projects/{}/{rest}",
        cfg.organization_id, cfg.project_id
    )
}

/// `POST .../consent-records`: stores one record per decision. The widget
/// needs only to know they were taken, so the stored records in the answer
/// are not decoded (nor is their decoder shipped in the bundle).
pub async fn create(
    c: &ApiClient,
    new: &NewConsentRecord,
    idempotency_key: &str,
) -> Result<(), ApiError> {
    let call = Call::new(Service::Concord, Method::POST, path(c, "consent-records"))
        .json(new)?
        .idempotency_key(Some(idempotency_key));
    c.fetch_empty(call).await
}

/// The filters the records list and the export share; every one optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// One visitor's random UUID (`subjectId`).
    pub subject_id: Option<String>,
    /// One consent type's UUID (`consentTypeId`).
    pub consent_type_id: Option<String>,
    /// First day, `YYYY-MM-DD` (UTC, inclusive).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (UTC, inclusive).
    pub to: Option<String>,
}

impl RecordFilter {
    /// The query pairs of the set filters, in the server's documented order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("subjectId", &self.subject_id),
            ("consentTypeId", &self.consent_type_id),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_deref()?.trim().to_owned())))
        .filter(|(_, v)| !v.is_empty())
        .collect()
    }
}

/// One page of records and how many match the filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordPage {
    /// The page's records, oldest first.
    pub items: Vec<ConsentRecord>,
    /// Records matching the filters (`X-Total-Count`).
    pub total: u64,
}

/// `GET .../consent-records?subjectId=`: one visitor's history (admin key),
/// the server's first page.
pub async fn list(c: &ApiClient, subject_id: &str) -> Result<Vec<ConsentRecord>, ApiError> {
    let filter = RecordFilter {
        subject_id: Some(subject_id.to_owned()),
        ..Default::default()
    };
    let call = Call::new(Service::Concord, Method::GET, path(c, "consent-records"))
        .query(filter.to_pairs());
    c.fetch(call).await
}

/// `GET .../consent-records?...&page=&size=` (admin key): page `page` (from 1)
/// of `size` records matching `filter`. `signal` aborts the load when the view
/// that asked for it goes away.
pub async fn list_page(
    c: &ApiClient,
    filter: &RecordFilter,
    page: u32,
    size: u32,
    signal: Option<&AbortSignal>,
) -> Result<RecordPage, ApiError> {
    let mut query = filter.to_pairs();
    query.push(("page", page.max(1).to_string()));
    query.push(("size", size.max(1).to_string()));
    let call = Call::new(Service::Concord, Method::GET, path(c, "consent-records"))
        .query(query)
        .signal(signal);
    let response = c.send(call).await?;
    let total = header_number(&response, "x-total-count");
    let items: Vec<ConsentRecord> = decode(response).await?;
    Ok(RecordPage {
        total: total.unwrap_or(items.len() as u64),
        items,
    })
}

/// `GET .../consent-records/verify` (admin key): the project's hash chain
/// checked from its first record.
pub async fn verify(c: &ApiClient) -> Result<ChainReport, ApiError> {
    c.fetch(Call::new(
        Service::Concord,
        Method::GET,
        path(c, "consent-records/verify"),
    ))
    .await
}

/// `GET .../consent-stats?from=&to=` (admin key): decisions per type and day,
/// and the banner's answers. Without `from` / `to` the server counts the last
/// 30 days; the period is at most `STATS_MAX_DAYS`.
pub async fn stats(
    c: &ApiClient,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<ConsentStats, ApiError> {
    let query = [("from", from), ("to", to)]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?.to_owned())))
        .collect();
    c.fetch(Call::new(Service::Concord, Method::GET, path(c, "consent-stats")).query(query))
        .await
}

/// A file format of `GET .../consent-records/export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// `text/csv`, one header row of the JSON field names.
    Csv,
    /// One JSON array.
    Json,
    /// One JSON record a line.
    Ndjson,
}

impl ExportFormat {
    /// The `format` query value, also the file's extension.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Ndjson => "ndjson",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Json => "application/json",
            ExportFormat::Ndjson => "application/x-ndjson",
        }
    }
}

/// An exported file, ready for `crate::browser::download`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// File name (`consent-records.csv`).
    pub name: String,
    /// Media type of the Blob.
    pub mime: &'static str,
    /// The file's text, as the server wrote it.
    pub body: String,
}

/// A whole export can take longer than one page's time-out.
const EXPORT_TIMEOUT_MS: u32 = 120_000;

/// `GET .../consent-records/export?format=&...` (admin key): every record
/// matching `filter`. Fetched with the session's credentials in a header (a
/// plain link would need the key in the URL), then handed to the browser as a
/// Blob by the caller.
pub async fn export(
    c: &ApiClient,
    filter: &RecordFilter,
    format: ExportFormat,
) -> Result<ExportFile, ApiError> {
    let patient = ApiClient::new(ApiConfig {
        timeout_ms: EXPORT_TIMEOUT_MS.max(c.config().timeout_ms),
        ..c.config().clone()
    });
    let mut query = filter.to_pairs();
    query.push(("format", format.as_str().to_owned()));
    let call = Call::new(
        Service::Concord,
        Method::GET,
        path(c, "consent-records/export"),
    )
    .query(query);
    let response = patient.send(call).await?;
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok(ExportFile {
        name: format!("consent-records.{}", format.as_str()),
        mime: format.mime(),
        body,
    })
}

/// A numeric response header (`None` when absent, unreadable or not exposed by CORS).
fn header_number(response: &Response, name: &str) -> Option<u64> {
    response.headers().get(name)?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_pairs_skip_blanks_and_keep_the_server_order() {
        let f = RecordFilter {
            subject_id: Some(" 497f6eca-6276-4993-bfeb-53cbbbba6f08 ".into()),
            consent_type_id: Some(String::new()),
            from: None,
            to: Some("2024-05-31".into()),
        };
        assert_eq!(
            f.to_pairs(),
            vec![
                (
                    "subjectId",
                    "497f6eca-6276-4993-bfeb-53cbbbba6f08".to_owned()
                ),
                ("to", "2024-05-31".to_owned()),
            ]
        );
        assert!(RecordFilter::default().to_pairs().is_empty());
        assert_eq!(ExportFormat::Csv.as_str(), "csv");
    }
}
