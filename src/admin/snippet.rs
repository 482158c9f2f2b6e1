//! The script tag a site owner pastes into their pages, and the address of
//! the live preview that runs the same options (pure, tested natively).

/// What the snippet says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnippetOptions {
    /// API and widget origin (the server's configured public URL).
    pub base: String,
    /// Dastra workspace id.
    pub workspace: String,
    /// Concord organisation id.
    pub organization: String,
    /// Concord project id (the public key's).
    pub project: String,
    /// The public key.
    pub key: String,
    /// `consent`, `dsr` or both.
    pub views: Vec<&'static str>,
    /// A fixed language, or `None` for the visitor's.
    pub locale: Option<&'static str>,
}

/// Escapes a value for a double-quoted HTML attribute.
fn attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl SnippetOptions {
    /// The `data-*` attributes, in the order the snippet shows them.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let mut a = vec![
            ("data-api", self.base.clone()),
            ("data-workspace", self.workspace.clone()),
            ("data-organization", self.organization.clone()),
            ("data-project", self.project.clone()),
            ("data-key", self.key.clone()),
        ];
        if self.views.len() == 1 {
            a.push(("data-view", self.views[0].to_owned()));
        }
        if let Some(l) = self.locale {
            a.push(("data-locale", l.to_owned()));
        }
        a
    }

    /// The tag: a plain `<script src>` without `async`/`defer`, so the stored
    /// choices gate the page's scripts before they run.
    pub fn snippet(&self) -> String {
        let mut s = format!(
            "<script src=\"{}/widget/loader.js\"",
            attr(self.base.trim_end_matches('/'))
        );
        for (name, value) in self.attributes() {
            s.push_str(&format!("\n  {name}=\"{}\"", attr(&value)));
        }
        s.push_str("></script>");
        s
    }

    /// The preview page with these options (`/preview?...`, same origin as
    /// the API, so it needs no allowed origin).
    pub fn preview_path(&self) -> String {
        let query: Vec<String> = self
            .attributes()
            .into_iter()
            .filter(|(n, _)| *n != "data-api")
            .map(|(n, v)| format!("{}={}", n.trim_start_matches("data-"), js_encode(&v)))
            .collect();
        format!("/preview?{}", query.join("&"))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
fn js_encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> SnippetOptions {
        SnippetOptions {
            base: "https://privacy.example/".into(),
            workspace: "1".into(),
            organization: "org".into(),
            project: "proj".into(),
            key: "pw_pub_\"<x>&".into(),
            views: vec!["consent", "dsr"],
            locale: None,
        }
    }

    #[test]
    fn snippet_is_a_plain_script_tag_with_escaped_values() {
        let s = options().snippet();
        assert!(s.starts_with("<script src=\"https://privacy.example/widget/loader.js\""));
        assert!(
            s.contains("data-key=\"pw_pub_&quot;&lt;x&gt;&amp;\""),
            "{s}"
        );
        assert!(!s.contains("async") && !s.contains("defer") && !s.contains("data-view"));
        assert!(s.ends_with("></script>"));
        let one = SnippetOptions {
            views: vec!["dsr"],
            locale: Some("fr"),
            ..options()
        };
        let s = one.snippet();
        assert!(
            s.contains("data-view=\"dsr\"") && s.contains("data-locale=\"fr\""),
            "{s}"
        );
    }

    #[test]
    fn preview_carries_the_same_options() {
        let p = options().preview_path();
        assert_eq!(
            p,
            "/preview?workspace=1&organization=org&project=proj&key=pw_pub_%22%3Cx%3E%26"
        );
    }
}
