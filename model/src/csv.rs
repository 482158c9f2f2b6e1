//! One CSV cell as RFC 4180 writes it (quoted when it holds `,` `"` CR or LF,
//! quotes doubled), with spreadsheet formula injection neutralised (OWASP
//! "CSV injection"): a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
//! leading `'`, so a data subject's `=HYPERLINK(...)` stays text. Used by the
//! admin page's DSR export and the server's consent-record export.

/// Whether a plain negative number (`-3`) may stay a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// Kept numeric: a number cannot be a formula (a DSR's `remainingDays`).
    Keep,
    /// Neutralised like any other text starting with `-`.
    Neutralise,
}

/// `value` as one CSV cell.
pub fn cell(value: &str, numbers: Numbers) -> String {
    let number =
        numbers == Numbers::Keep && value.parse::<f64>().is_ok() && !value.starts_with('+');
    let mut cell = String::with_capacity(value.len() + 3);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number {
        cell.push('\'');
    }
    cell.push_str(value);
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}
