//! The embedded database: SQLite through sqlx, opened durable, migrated at start
//! (then [`crate::consent_chain::backfill`] chains older consent records).
//!
//! Why sqlx rather than rusqlite: its pool is async, so a handler waiting for the
//! database yields the tokio worker instead of blocking it (STYLE 6: no blocking
//! calls in handlers) without a `spawn_blocking` around every query; and the
//! runtime `query_as` + `FromRow` code is the same API sqlx offers for Postgres,
//! so outgrowing one machine is a driver swap plus SQL dialect review, not a
//! rewrite. We use runtime queries, not the `query!` macros, so building the
//! server never needs a live database.
//!
//! Writes go through a pool of ONE connection. SQLite allows one writer at a
//! time anyway; queueing writers in the pool (async wait) instead of letting
//! several connections race for the write lock avoids `SQLITE_BUSY` on a
//! transaction that reads first and writes later, which `busy_timeout` cannot
//! resolve. Reads use a separate pool and never wait for writers (WAL).
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// `server/migrations/*.sql`, compiled into the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The two pools; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    /// Readers: several connections, never blocked by the writer under WAL.
    pub read: SqlitePool,
    /// The single writer connection (see the module docs).
    pub write: SqlitePool,
}

impl Db {
    /// Opens (creating if missing) the SQLite file at `path` and runs the migrations.
    pub async fn open(path: &Path) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            // WAL: readers and the writer do not block each other.
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: the WAL is fsynced at every commit, so a 201 sent after
            // COMMIT survives a power cut or SIGKILL (NORMAL could lose the
            // last transactions in WAL mode).
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&write).await?;
        // Records stored before the hash chain existed are chained now (Rust:
        // SQLite has no SHA-256), before any request can append to a chain.
        crate::consent_chain::backfill(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self { read, write })
    }
}

/// Current time, truncated to milliseconds so what we store is what we return.
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

/// The seeds' timestamp format (`2022-08-05T12:19:43.722Z`). Fixed width, so
/// string order in SQL is time order.
pub fn fmt_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses a stored timestamp; `None` for anything else (never a panic on odd data).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Whole days left until `expiry` (negative once overdue): floor of the difference,
/// so "0" means "due within the next 24 hours".
pub fn remaining_days(expiry: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (expiry - now).num_seconds().div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    #[test]
    fn remaining_days_floor() {
        let now = t("2024-01-01T00:00:00.000Z");
        assert_eq!(remaining_days(t("2024-01-31T00:00:00.000Z"), now), 30);
        assert_eq!(remaining_days(t("2024-01-01T12:00:00.000Z"), now), 0);
        assert_eq!(remaining_days(t("2023-12-31T12:00:00.000Z"), now), -1);
    }
}
