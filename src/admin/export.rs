//! Export of the filtered DSR list as CSV and JSON: the encoding is pure and
//! tested natively; `crate::browser::download` hands the bytes to the browser.
//!
//! CSV follows RFC 4180 (CRLF lines, fields with `,` `"` CR or LF quoted,
//! quotes doubled) and neutralises spreadsheet formula injection (OWASP "CSV
//! injection"): a cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed
//! with `'` (plain negative numbers excepted), so a data subject's `=HYPERLINK(...)` stays text in Excel.
use pw_model::Dsr;

/// Column headers (JSON field names, so the file maps back to the API).
pub const CSV_COLUMNS: [&str; 14] = [
    "id",
    "refId",
    "title",
    "state",
    "purposes",
    "givenName",
    "familyName",
    "email",
    "phoneNumber",
    "workFlowStep",
    "dateCreation",
    "expiryTime",
    "remainingDays",
    "archived",
];

/// One CSV cell of the DSR export: the shared rule, plain negative numbers
/// (`remainingDays`) kept numeric.
pub fn csv_cell(value: &str) -> String {
    pw_model::csv::cell(value, pw_model::csv::Numbers::Keep)
}

fn row(d: &Dsr) -> [String; 14] {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    [
        n(d.id),
        s(&d.ref_id),
        s(&d.title),
        d.state.as_ref().map(|s| s.to_string()).unwrap_or_default(),
        d.purposes
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        s(&d.given_name),
        s(&d.family_name),
        s(&d.email),
        s(&d.phone_number),
        d.work_flow_step
            .as_ref()
            .and_then(|w| w.label.clone())
            .unwrap_or_default(),
        s(&d.date_creation),
        s(&d.expiry_time),
        n(d.remaining_days),
        d.archived.map(|a| a.to_string()).unwrap_or_default(),
    ]
}

/// The whole CSV file: header line, one line per request, CRLF endings.
pub fn to_csv(items: &[Dsr]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for d in items {
        let cells: Vec<String> = row(d).iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The JSON file: the requests exactly as the API returned them.
pub fn to_json(items: &[Dsr]) -> String {
    serde_json::to_string_pretty(items).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pw_model::{DsrState, Purpose};

    #[test]
    fn cells_are_quoted_and_neutralised() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+33 6"), "'+33 6");
        assert_eq!(csv_cell("-2"), "-2");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn one_line_per_request() {
        let d = Dsr {
            id: Some(4),
            title: Some("Access, please".into()),
            state: Some(DsrState::Open),
            purposes: Some(vec![Purpose::Access, Purpose::Erasure]),
            email: Some("a@b.fr".into()),
            remaining_days: Some(-3),
            ..Default::default()
        };
        let csv = to_csv(&[d.clone(), Dsr::default()]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "header, two rows, trailing empty");
        assert!(lines[0].starts_with("id,refId,title,state,purposes"));
        assert_eq!(
            lines[1],
            "4,,\"Access, please\",Open,Access; Erasure,,,a@b.fr,,,,,-3,"
        );
        assert_eq!(lines[2], ",,,,,,,,,,,,,");
        let json: Vec<Dsr> = serde_json::from_str(&to_json(std::slice::from_ref(&d))).unwrap();
        assert_eq!(json, vec![d]);
    }
}
