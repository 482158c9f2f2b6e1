//! Server configuration, read once from `PW_*` environment variables.
//!
//! Every value has a default that runs the whole product on localhost with one
//! command (issue 4): API + admin page + widget assets on `PW_ADDR`, the demo
//! host page on a second origin `PW_DEMO_ADDR`.
use std::net::SocketAddr;
use std::path::PathBuf;

/// Parsed `PW_*` settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PW_ADDR`: API, admin page at `/`, widget assets at `/widget/`.
    pub addr: SocketAddr,
    /// `PW_DEMO_ADDR`: the demo host page listener; `None` when set to `off`.
    /// A separate port is a separate origin, so the demo exercises CORS for real.
    pub demo_addr: Option<SocketAddr>,
    /// `PW_DB`: SQLite file path.
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
        Ok(Self {
            addr,
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
        })
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
}
