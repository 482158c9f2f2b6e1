//! Server configuration, read once from `PW_*` environment variables.
//!
//! Every value has a default that runs the whole product on localhost with one
//! command (issue 4): API + admin page + widget assets on `PW_ADDR`, the demo
//! host page on a second origin `PW_DEMO_ADDR`.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Parsed `PW_*` settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PW_ADDR`: API, admin page at `/`, widget assets at `/widget/`.
    pub addr: SocketAddr,
    /// `PW_DEMO_ADDR`: the demo host page listener; `None` when set to `off`.
    /// A separate port is a separate origin, so the demo exercises CORS for real.
    pub demo_addr: Option<SocketAddr>,
    /// `PW_DB`: SQLite file path, or a `postgres://` URL (see [`crate::db`]).
    pub db: PathBuf,
    /// `PW_DIST`: Trunk output directory.
    pub dist: PathBuf,
    /// `PW_ADMIN_KEY`: fixed demo admin key (tests, scripts); random when unset.
    pub admin_key: Option<String>,
    /// `PW_PUBLIC_KEY`: fixed demo public widget key; random when unset.
    pub public_key: Option<String>,
    /// `PW_RATE_LIMIT`: public requests per minute per client; `0` disables.
    pub rate_limit_per_minute: u32,
    /// `PW_ALLOWED_ORIGINS`: extra CORS origins for the demo workspace.
    pub allowed_origins: Vec<String>,
    /// `PW_ADMIN_ORIGINS`: origins allowed to call admin routes cross-origin
    /// (default none: the admin page is served same-origin).
    pub admin_origins: Vec<String>,
    /// `PW_PUBLIC_URL`: scheme + host (+ port, + path prefix) clients reach the API at,
    /// without a trailing slash; every absolute URL we send (URN `Location` and `self`,
    /// the demo page's API origin) starts with it, never with the request's `Host`.
    /// `None`: `http://` + `PW_ADDR` (`localhost` for an unspecified address), see
    /// [`Config::public_url`].
    pub public_url: Option<String>,
    /// `PW_HEADER_TIMEOUT` (seconds, default 10): a connection that has not sent a whole
    /// request head in this time is closed.
    pub header_timeout: Duration,
    /// `PW_BODY_TIMEOUT` (seconds, default 30): a request whose body has not fully
    /// arrived this long after its head is answered 408 and its connection closed.
    pub body_timeout: Duration,
    /// `PW_MAX_CONNECTIONS` (default 1024): open connections per listener; further
    /// clients wait in the kernel's accept queue.
    pub max_connections: usize,
    /// `PW_REGION_HEADER` (e.g. `CF-IPCountry`, `CloudFront-Viewer-Country`): the
    /// request header the site's CDN or proxy sets to the visitor's country; the
    /// consent manifest tells the loader the region it names. Unset: no region
    /// (the loader's `data-region`, else the strictest policy).
    pub region_header: Option<axum::http::HeaderName>,
    /// `PW_SMTP_URL` (`smtps://user:pass@host:465` for TLS,
    /// `smtp://user:pass@host:587?tls=required` for STARTTLS, `smtp://host:25`
    /// unencrypted, for a relay on a trusted network):
    /// where e-mail goes. Unset: every message is written to the outbox folder.
    pub smtp_url: Option<String>,
    /// `PW_MAIL_FROM`: the sender of every e-mail.
    pub mail_from: String,
    /// `PW_OUTBOX`: the outbox folder (default: beside the database, `<db>-outbox`).
    pub outbox: Option<PathBuf>,
    /// `PW_FILES`: where attachments are stored (default: beside the database, `<db>-files`).
    pub files: Option<PathBuf>,
}

/// A setting that could not be parsed; `main` prints it and exits.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads settings through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr = parse_addr(
            "PW_ADDR",
            get("PW_ADDR").as_deref().unwrap_or("127.0.0.1:8080"),
        )?;
        let demo_addr = match get("PW_DEMO_ADDR").as_deref().map(str::trim) {
            Some("off") | Some("") => None,
            Some(v) => Some(parse_addr("PW_DEMO_ADDR", v)?),
            None => Some(parse_addr("PW_DEMO_ADDR", "127.0.0.1:8081")?),
        };
        let rate_limit_per_minute = match get("PW_RATE_LIMIT") {
            None => 60,
            Some(v) => v.trim().parse().map_err(|_| {
                ConfigError(format!("PW_RATE_LIMIT must be a whole number, got {v:?}"))
            })?,
        };
        let non_empty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let number = |k: &str, default: u64, min: u64| -> Result<u64, ConfigError> {
            match non_empty(k) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n >= min)
                    .ok_or_else(|| {
                        ConfigError(format!("{k} must be a whole number >= {min}, got {v:?}"))
                    }),
            }
        };
        let public_url = match non_empty("PW_PUBLIC_URL") {
            None => None,
            Some(v) => Some(parse_public_url(&v)?),
        };
        let region_header = match non_empty("PW_REGION_HEADER") {
            None => None,
            Some(v) => Some(axum::http::HeaderName::try_from(v.trim()).map_err(|_| {
                ConfigError(format!("PW_REGION_HEADER must be a header name, got {v:?}"))
            })?),
        };
        Ok(Self {
            addr,
            region_header,
            demo_addr,
            db: get("PW_DB")
                .unwrap_or_else(|| "privacy-widget.db".into())
                .into(),
            dist: get("PW_DIST").unwrap_or_else(|| "dist".into()).into(),
            admin_key: non_empty("PW_ADMIN_KEY"),
            public_key: non_empty("PW_PUBLIC_KEY"),
            rate_limit_per_minute,
            allowed_origins: list(get("PW_ALLOWED_ORIGINS")),
            admin_origins: list(get("PW_ADMIN_ORIGINS")),
            public_url,
            header_timeout: Duration::from_secs(number("PW_HEADER_TIMEOUT", 10, 1)?),
            body_timeout: Duration::from_secs(number("PW_BODY_TIMEOUT", 30, 1)?),
            max_connections: usize::try_from(number("PW_MAX_CONNECTIONS", 1024, 1)?)
                .unwrap_or(usize::MAX),
            smtp_url: non_empty("PW_SMTP_URL"),
            mail_from: non_empty("PW_MAIL_FROM")
                .unwrap_or_else(|| "Privacy Widget <privacy@localhost>".into()),
            outbox: non_empty("PW_OUTBOX").map(PathBuf::from),
            files: non_empty("PW_FILES").map(PathBuf::from),
        })
    }

    /// `PW_OUTBOX`, or `<database file>-outbox` beside the database.
    pub fn outbox_dir(&self) -> PathBuf {
        self.outbox
            .clone()
            .unwrap_or_else(|| beside_db(&self.db, "outbox"))
    }

    /// `PW_FILES`, or `<database file>-files` beside the database.
    pub fn files_dir(&self) -> PathBuf {
        self.files
            .clone()
            .unwrap_or_else(|| beside_db(&self.db, "files"))
    }

    /// The public base URL: `PW_PUBLIC_URL`, else `http://` + the listen address
    /// (`localhost` when it is unspecified, `0.0.0.0` or `[::]`).
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.clone(),
            None if self.addr.ip().is_unspecified() => {
                format!("http://localhost:{}", self.addr.port())
            }
            None => format!("http://{}", self.addr),
        }
    }
}

/// `http(s)://host[:port][/prefix]`, without query, fragment or trailing slash.
fn parse_public_url(value: &str) -> Result<String, ConfigError> {
    let url = value.trim().trim_end_matches('/');
    let ok = pw_model::validate::is_http_url(url) && !url.contains(['?', '#']);
    if ok {
        Ok(url.to_owned())
    } else {
        Err(ConfigError(format!(
            "PW_PUBLIC_URL must be an http(s) URL such as https://privacy.example.com, got {value:?}"
        )))
    }
}

fn parse_addr(name: &str, value: &str) -> Result<SocketAddr, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| ConfigError(format!("{name} must be host:port, got {value:?}")))
}

/// Comma-separated origins; trailing slashes dropped because an `Origin` header never has one.
fn list(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().trim_end_matches('/').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `privacy-widget.db` -> `privacy-widget-<what>` in the same folder.
fn beside_db(db: &std::path::Path, what: &str) -> PathBuf {
    // A PostgreSQL URL has no folder: the working directory, like the default file.
    if crate::db::is_postgres_url(db) {
        return PathBuf::from(format!("privacy-widget-{what}"));
    }
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "privacy-widget".into());
    db.with_file_name(format!("{stem}-{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.demo_addr.unwrap().to_string(), "127.0.0.1:8081");
        assert_eq!(c.rate_limit_per_minute, 60);
        let c = Config::from_lookup(|k| match k {
            "PW_DEMO_ADDR" => Some("off".into()),
            "PW_RATE_LIMIT" => Some("0".into()),
            "PW_ALLOWED_ORIGINS" => Some(" http://a.test/ , ,http://b.test".into()),
            _ => None,
        })
        .unwrap();
        assert!(c.demo_addr.is_none());
        assert_eq!(c.rate_limit_per_minute, 0);
        assert_eq!(c.allowed_origins, ["http://a.test", "http://b.test"]);
        assert!(Config::from_lookup(|k| (k == "PW_ADDR").then(|| "nope".into())).is_err());
    }

    #[test]
    fn public_url_and_limits() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.public_url(), "http://127.0.0.1:8080");
        assert_eq!(c.header_timeout, Duration::from_secs(10));
        assert_eq!(c.body_timeout, Duration::from_secs(30));
        assert_eq!(c.max_connections, 1024);
        let c = Config::from_lookup(|k| match k {
            "PW_ADDR" => Some("0.0.0.0:9000".into()),
            "PW_HEADER_TIMEOUT" => Some("2".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.public_url(), "http://localhost:9000");
        assert_eq!(c.header_timeout, Duration::from_secs(2));
        let c = Config::from_lookup(|k| {
            (k == "PW_PUBLIC_URL").then(|| "https://privacy.example.com/api/".into())
        })
        .unwrap();
        assert_eq!(c.public_url(), "https://privacy.example.com/api");
        for bad in [
            "javascript:alert(1)",
            "privacy.example.com",
            "https://x.example/?a",
        ] {
            assert!(
                Config::from_lookup(|k| (k == "PW_PUBLIC_URL").then(|| bad.into())).is_err(),
                "{bad}"
            );
        }
        assert!(Config::from_lookup(|k| (k == "PW_HEADER_TIMEOUT").then(|| "0".into())).is_err());
    }
}
