//! Test harness: the real router on `127.0.0.1:0` over a temp SQLite file, with
//! the demo tenant (fixed keys) and a second tenant for cross-tenant checks.
//! Every test talks real HTTP through reqwest (STYLE 9: round trip on port 0).
#![allow(dead_code)]

use std::future::pending;

use pw_server::auth::Scope;
use pw_server::config::Config;
use pw_server::db::Db;
use pw_server::limits::{serve_with, ServeLimits};
use pw_server::{app, demo, demo_app, AppState};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tempfile::TempDir;

/// Demo tenant's admin key.
pub const ADMIN: &str = "test-admin-key";
/// Demo tenant's public widget key.
pub const PUBLIC: &str = "test-public-key";
/// Second tenant's admin key.
pub const OTHER_ADMIN: &str = "other-admin-key";
/// Second tenant's public key.
pub const OTHER_PUBLIC: &str = "other-public-key";
/// Demo organization / project.
pub const ORG: &str = demo::ORGANIZATION;
pub const PROJECT: &str = demo::PROJECT;
/// Second tenant: workspace 2.
pub const OTHER_ORG: &str = "11111111-1111-4111-8111-111111111111";
pub const OTHER_PROJECT: &str = "22222222-2222-4222-8222-222222222222";

/// A running server.
pub struct TestServer {
    /// `http://127.0.0.1:port`.
    pub base: String,
    /// Plain client (no default headers).
    pub client: reqwest::Client,
    /// `http://127.0.0.1:port` of the demo host page listener.
    pub demo_base: String,
    /// Direct database access for setup and assertions.
    pub db: Db,
    _dir: TempDir,
}

/// One response, decoded.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Resp {
    /// Status, headers and the whole body text of `resp`.
    pub async fn read(resp: reqwest::Response) -> Self {
        Resp {
            status: resp.status(),
            headers: resp.headers().clone(),
            text: resp.text().await.unwrap(),
        }
    }

    /// The body as JSON (panics with the text if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    /// A header as a string.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The seed error body `{statusCode, error, message}`.
pub fn err(status: u16, error: &str, message: &str) -> Value {
    serde_json::json!({ "statusCode": status, "error": error, "message": message })
}

/// Starts a server with rate limiting off.
pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

/// Starts a server after `tweak` adjusts the configuration. The demo origins are
/// those of the default `PW_DEMO_ADDR` (`127.0.0.1:8081`) unless `tweak` changes
/// `demo_addr`; the demo page itself is served on its own port 0 listener.
pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
    // A 500's cause (logged by AppError::internal) shows in a failing test's output.
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::from_lookup(|_| None).unwrap();
    config.db = test_db(&dir).await;
    // Beside the database, as the defaults put them for a SQLite file.
    config.outbox = Some(dir.path().join("test-outbox"));
    config.files = Some(dir.path().join("test-files"));
    config.admin_key = Some(ADMIN.into());
    config.public_key = Some(PUBLIC.into());
    config.rate_limit_per_minute = 0;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    config.addr = addr;
    tweak(&mut config);
    let db = Db::open(&config.db).await.unwrap();
    demo::seed_if_empty(&db, &config).await.unwrap();
    seed_other_tenant(&db).await;
    let state = AppState::new(db.clone(), &config).unwrap();
    let limits = ServeLimits::from_config(&config);
    let demo_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let demo_addr = demo_listener.local_addr().unwrap();
    tokio::spawn(serve_with(
        demo_listener,
        demo_app(state.clone()),
        pending(),
        limits,
    ));
    tokio::spawn(serve_with(listener, app(state), pending(), limits));
    TestServer {
        base: format!("http://{addr}"),
        demo_base: format!("http://{demo_addr}"),
        client: reqwest::Client::new(),
        db,
        _dir: dir,
    }
}

/// Where a test's database lives: a SQLite file in `dir`, or, when the test
/// command started a throw-away PostgreSQL cluster (`PW_TEST_POSTGRES`, see
/// scripts/pg.sh), a fresh database on it. Every test runs on both.
pub async fn test_db(dir: &TempDir) -> std::path::PathBuf {
    let Ok(admin_url) = std::env::var("PW_TEST_POSTGRES") else {
        return dir.path().join("test.db");
    };
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let name = format!("pw_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::AnyConnection::connect(&admin_url).await.unwrap();
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    conn.close().await.unwrap();
    let base = admin_url.rsplit_once('/').unwrap().0;
    format!("{base}/{name}").into()
}

async fn seed_other_tenant(db: &Db) {
    let mut tx = db.write.begin().await.unwrap();
    sqlx::query("INSERT INTO workspaces (id, name, organization_id, date_created) VALUES (2, 'Other', $1, '2024-01-01T00:00:00.000Z')")
        .bind(OTHER_ORG)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("INSERT INTO projects (id, workspace_id, name) VALUES ($1, 2, 'Other project')")
        .bind(OTHER_PROJECT)
        .execute(&mut *tx)
        .await
        .unwrap();
    demo::insert_key(&mut tx, OTHER_ADMIN, Scope::Admin, 2, None)
        .await
        .unwrap();
    demo::insert_key(&mut tx, OTHER_PUBLIC, Scope::Public, 2, Some(OTHER_PROJECT))
        .await
        .unwrap();
    demo::insert_default_steps(&mut tx, 2).await.unwrap();
    tx.commit().await.unwrap();
}

impl TestServer {
    /// The temporary folder holding the database, the outbox and the attachments.
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// Sends `method path` with `x-api-key: key` (if any), optional JSON body and extra headers.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(k) = key {
            req = req.header("x-api-key", k);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Resp::read(req.send().await.unwrap()).await
    }

    /// GET with a key.
    pub async fn get(&self, path: &str, key: &str) -> Resp {
        self.send(Method::GET, path, Some(key), None, &[]).await
    }

    /// POST JSON with a key.
    pub async fn post(&self, path: &str, key: &str, body: &Value) -> Resp {
        self.send(Method::POST, path, Some(key), Some(body), &[])
            .await
    }

    /// POST JSON with a key and an `Idempotency-Key`.
    pub async fn post_idem(&self, path: &str, key: &str, body: &Value, idem: &str) -> Resp {
        let idem = [("Idempotency-Key", idem)];
        self.send(Method::POST, path, Some(key), Some(body), &idem)
            .await
    }

    /// POST without a body (archive, restore) with a key.
    pub async fn post_empty(&self, path: &str, key: &str) -> Resp {
        self.send(Method::POST, path, Some(key), None, &[]).await
    }

    /// DELETE with a key.
    pub async fn delete(&self, path: &str, key: &str) -> Resp {
        self.send(Method::DELETE, path, Some(key), None, &[]).await
    }

    /// PUT JSON with a key.
    pub async fn put(&self, path: &str, key: &str, body: &Value) -> Resp {
        self.send(Method::PUT, path, Some(key), Some(body), &[])
            .await
    }

    /// GET on the demo host page's listener (another origin), without a key.
    pub async fn demo_get(&self, path: &str) -> Resp {
        let url = format!("{}{path}", self.demo_base);
        Resp::read(self.client.get(url).send().await.unwrap()).await
    }

    /// Raw body with a content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        key: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("x-api-key", key)
            .body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        Resp::read(req.send().await.unwrap()).await
    }

    /// The test runs on SQLite (not the PostgreSQL pass of the suite).
    pub fn is_sqlite(&self) -> bool {
        self.db.dialect == pw_server::db::Dialect::Sqlite
    }

    /// Runs one SQL statement on the writer (setup that the API cannot do, e.g. old dates).
    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db.write).await.unwrap();
    }

    /// Number of rows `sql` counts.
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.read)
            .await
            .unwrap()
    }

    /// Creates a DSR in workspace 1 with the admin key; returns its JSON.
    pub async fn create_dsr(&self, body: Value) -> Value {
        let r = self
            .post("/v1/ws/1/DataSubjectRequests", ADMIN, &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        r.json()
    }
}

/// Consent types path of a project.
pub fn ct_path(org: &str, project: &str) -> String {
    format!("/organizations/{org}/projects/{project}/consent-types")
}

/// The real `pw-server` binary, started by a test; killed on drop, so a failing
/// assertion leaves no server behind.
pub struct ServerProcess(pub std::process::Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on a free loopback port, demo page off, with `envs` (the
/// database and the rest) on top; returns it and its base URL once it listens.
pub fn spawn_server(envs: &[(&str, &std::ffi::OsStr)]) -> (ServerProcess, String) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pw-server"));
    cmd.env("PW_ADDR", "127.0.0.1:0")
        .env("PW_DEMO_ADDR", "off")
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn pw-server");
    let stdout = child.stdout.take().unwrap();
    let server = ServerProcess(child);
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("server exited before listening")
            .unwrap();
        if let Some(addr) = line.strip_prefix("listening on ") {
            break addr.trim().to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (server, base)
}
