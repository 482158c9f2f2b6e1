//! How a person is named on screen, once for the admin page (a request's
//! requester, an organisation contact) and the widget (the title of a new
//! request).

/// The given and family names joined by a space, each trimmed; blank parts
/// are left out, and a person with no name at all has none (`None`).
///
/// ```
/// use privacy_widget::person::display_name;
/// assert_eq!(display_name(Some(" Ada "), Some("Lovelace")).as_deref(), Some("Ada Lovelace"));
/// assert_eq!(display_name(None, Some("Hopper")).as_deref(), Some("Hopper"));
/// assert_eq!(display_name(Some(" "), None), None);
/// ```
pub fn display_name(given: Option<&str>, family: Option<&str>) -> Option<String> {
    let name = [given, family]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn names() {
        assert_eq!(
            display_name(Some("Grace"), Some("Hopper")).as_deref(),
            Some("Grace Hopper")
        );
        assert_eq!(display_name(Some("Ada"), None).as_deref(), Some("Ada"));
        assert_eq!(
            display_name(Some(""), Some(" Jansen ")).as_deref(),
            Some("Jansen")
        );
        assert_eq!(display_name(None, None), None);
        assert_eq!(display_name(Some("  "), Some("")), None);
    }
}
