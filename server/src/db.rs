//! The database: SQLite (the embedded default, one file) or PostgreSQL
//! (`PW_DB=postgres://…`, for a team that outgrows one file or runs several
//! server processes), both through sqlx's `Any` driver, migrated at start (then
//! [`crate::consent_chain::backfill`] chains older consent records).
//!
//! Why `Any` and one set of SQL strings, rather than a trait with two
//! implementations or per-dialect query modules: the two dialects differ in a
//! handful of places (schema types, `rowid`, `INSERT OR IGNORE`, case-folded
//! sorts), while the ~120 queries are otherwise the same text. So the queries
//! are written once in the common subset (`$1` placeholders, which SQLite also
//! reads; `ON CONFLICT DO NOTHING`; integers for flags; `lower()` for
//! case-insensitive order), the schema is written once per dialect
//! (`migrations/sqlite`, `migrations/postgres`), and the few remaining
//! differences branch on [`Dialect`] next to the query that needs them. Every
//! server test runs against both (scripts/test.sh).
//!
//! Why sqlx rather than rusqlite: its pool is async, so a handler waiting for the
//! database yields the tokio worker instead of blocking it (STYLE 6: no blocking
//! calls in handlers). We use runtime queries, not the `query!` macros, so
//! building the server never needs a live database.
//!
//! Writes go through a pool of ONE connection. SQLite allows one writer at a
//! time anyway; queueing writers in the pool (async wait) instead of letting
//! several connections race for the write lock avoids `SQLITE_BUSY` on a
//! transaction that reads first and writes later, which `busy_timeout` cannot
//! resolve. Reads use a separate pool and never wait for writers (WAL). On
//! PostgreSQL several processes may share the database, so a write transaction
//! that reads before it writes ([`Db::begin_write`]) also takes one
//! transaction-scoped advisory lock: the same one-writer-at-a-time semantics
//! across processes.
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::{AnyArguments, AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyPool, Arguments, ConnectOptions, Encode, Executor, Transaction, Type};

/// `server/migrations/sqlite/*.sql`, compiled into the binary.
pub static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
/// `server/migrations/postgres/*.sql`: the same schema in PostgreSQL's types.
pub static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database `PW_DB` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The dialect `conn` speaks.
    pub fn of(conn: &sqlx::AnyConnection) -> Self {
        if conn.backend_name() == "PostgreSQL" {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    /// SQL for the id the next row of `table` (an integer `id` key) takes, so
    /// a batch can name a row before it is inserted. On SQLite the single
    /// writer makes it exact (past `AUTOINCREMENT`'s high mark and the highest
    /// id); on PostgreSQL it takes the sequence's next value.
    pub fn next_id(self, table: &str) -> String {
        match self {
            Dialect::Sqlite => format!(
                "(MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0),
                      COALESCE((SELECT MAX(id) FROM {table}), 0)) + 1)"
            ),
            Dialect::Postgres => format!("nextval(pg_get_serial_sequence('{table}', 'id'))"),
        }
    }
}

/// The two pools; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    /// Readers: several connections, never blocked by the writer.
    pub read: AnyPool,
    /// The single writer connection (see the module docs).
    pub write: AnyPool,
    pub dialect: Dialect,
    /// SQLite's group fsync (see [`GroupSync`]); `None` on PostgreSQL, whose
    /// COMMIT is durable on return.
    sync: Option<Arc<GroupSync>>,
    /// The write transaction concurrent creates share ([`Db::grouped`]).
    shared: Arc<tokio::sync::Mutex<Group>>,
}

/// The write transaction concurrent creates share ([`Db::grouped`]).
#[derive(Debug, Default)]
struct Group {
    /// Open while some member has not come back to commit it.
    tx: Option<Transaction<'static, Any>>,
    /// The number of the open (or next) shared transaction.
    number: u64,
    /// How the last few shared transactions ended (number, error).
    ended: std::collections::VecDeque<(u64, Option<String>)>,
    /// SQLite: the next free id per table while the transaction is open
    /// ([`Job::next_id`]). Nothing else can write meanwhile: this process's
    /// one writer connection is the group's, and SQLite's write lock keeps
    /// other processes out.
    next_ids: std::collections::HashMap<&'static str, i64>,
}

/// Group commit for SQLite. The writer commits with `synchronous=NORMAL`: a
/// COMMIT writes its WAL frames (to the OS) without waiting for the disk, so
/// the single writer is free for the next transaction at once. Before a
/// handler answers, [`Db::commit`] waits until one fsync of the WAL file has
/// covered its commit. Whoever finds no fsync covering them becomes the leader
/// and syncs everything committed so far; the commits that land while it waits
/// share the next one. So N concurrent creates cost ~2 fsyncs, not N, and a
/// 201 still leaves only once its row is on disk (what `synchronous=FULL`
/// promised per transaction). Checkpoints keep their own fsyncs under NORMAL,
/// so a frame is durable in the WAL or in the database file.
#[derive(Debug)]
struct GroupSync {
    wal: PathBuf,
    /// Commits counted so far (each takes the next number after COMMIT returned).
    commits: AtomicU64,
    /// Every commit numbered up to this one is on disk.
    synced: AtomicU64,
    leader: tokio::sync::Mutex<()>,
}

impl GroupSync {
    async fn wait(&self) -> Result<(), sqlx::Error> {
        let ticket = self.commits.fetch_add(1, Ordering::SeqCst) + 1;
        let _leader = self.leader.lock().await;
        if self.synced.load(Ordering::SeqCst) >= ticket {
            return Ok(());
        }
        // Every commit numbered by now has written its frames: one fsync covers all.
        let upto = self.commits.load(Ordering::SeqCst);
        let wal = self.wal.clone();
        tokio::task::spawn_blocking(move || std::fs::File::open(wal)?.sync_data())
            .await
            .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))??;
        self.synced.store(upto, Ordering::SeqCst);
        Ok(())
    }
}

/// `PW_DB` is a PostgreSQL URL rather than a file path.
pub fn is_postgres_url(db: &Path) -> bool {
    let s = db.to_string_lossy();
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Set on every SQLite connection, reader or writer. `mmap_size`: pages are
/// read in place from the operating system's cache, shared by the readers,
/// instead of copied into each connection's own small cache (measured: eight
/// readers counting through a 100,000-request list did half the work each
/// with it).
const SQLITE_PRAGMAS: &str =
    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 268435456;";

/// How often [`Db::maintain_search_tail`] indexes the newest requests: the
/// longest a request is matched by LIKE rather than the trigram index.
const SEARCH_EVERY: Duration = Duration::from_millis(250);
/// Requests indexed per writer job by [`Db::index_search`].
const SEARCH_CHUNK: i64 = 2000;

/// Arbitrary, fixed: the advisory lock every process's writer takes on PostgreSQL.
const WRITE_LOCK: i64 = 0x7077_5772_6974_6531;

impl Db {
    /// Opens `db` (a SQLite file, created if missing, or a `postgres://` URL)
    /// and runs the migrations.
    pub async fn open(db: &Path) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let this = if is_postgres_url(db) {
            Self::open_postgres(&db.to_string_lossy()).await?
        } else {
            Self::open_sqlite(db).await?
        };
        // Records stored before the hash chain existed are chained now (Rust:
        // SQLite has no SHA-256), before any request can append to a chain.
        crate::consent_chain::backfill(&this.write).await?;
        Ok(this)
    }

    async fn open_sqlite(path: &Path) -> Result<Self, sqlx::Error> {
        let url = |read_only: bool| {
            SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(!read_only)
                .read_only(read_only)
                .to_url_lossy()
        };
        // No ping before each acquire (sqlx's default): a connection to a local
        // file does not go stale, and on SQLite a ping is one more trip to the
        // connection's thread for every request.
        let write = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .test_before_acquire(false)
            // WAL: readers and the writer do not block each other. NORMAL: a
            // commit does not fsync by itself; Db::commit waits for the group
            // fsync (GroupSync) before anything is answered.
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                        .await?;
                    conn.execute(SQLITE_PRAGMAS).await.map(|_| ())
                })
            })
            .connect_with(AnyConnectOptions::from_url(&url(false))?)
            .await?;
        SQLITE_MIGRATOR.run(&write).await?;
        // Fresh statistics for the query planner where tables changed a lot
        // since the last run (bounded work; SQLite's advice for start-up), so
        // filtered, sorted lists pick the index that stops after the page.
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&write)
            .await?;
        let read = AnyPoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .after_connect(|conn, _| {
                Box::pin(async move { conn.execute(SQLITE_PRAGMAS).await.map(|_| ()) })
            })
            .connect_with(AnyConnectOptions::from_url(&url(true))?)
            .await?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Ok(Self {
            read,
            write,
            dialect: Dialect::Sqlite,
            sync: Some(Arc::new(GroupSync {
                wal: wal.into(),
                commits: AtomicU64::new(0),
                synced: AtomicU64::new(0),
                leader: tokio::sync::Mutex::new(()),
            })),
            shared: Arc::default(),
        })
    }

    async fn open_postgres(url: &str) -> Result<Self, sqlx::Error> {
        let options: AnyConnectOptions = url.parse()?;
        let write = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        POSTGRES_MIGRATOR.run(&write).await?;
        // Readers cannot write by accident, as on SQLite's read-only connections.
        let read = AnyPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("SET default_transaction_read_only = on")
                        .await
                        .map(|_| ())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self {
            read,
            write,
            dialect: Dialect::Postgres,
            sync: None,
            shared: Arc::default(),
        })
    }

    /// Commits `tx` and returns once it is durable (see [`GroupSync`]): the
    /// only way a write transaction ends before its answer is sent.
    pub async fn commit(&self, tx: Transaction<'_, Any>) -> Result<(), sqlx::Error> {
        tx.commit().await?;
        self.durable().await
    }

    /// Returns once every write committed so far is on disk (for a write made
    /// outside a transaction, before answering it).
    pub async fn durable(&self) -> Result<(), sqlx::Error> {
        match &self.sync {
            Some(sync) => sync.wait().await,
            None => Ok(()),
        }
    }

    /// Runs `job` as one create in a write transaction that concurrent creates
    /// share, and returns once that transaction is committed and durable.
    ///
    /// A COMMIT costs more than a whole create: on SQLite the WAL frames of
    /// every page it touched (measured with the schema's indexes and
    /// triggers, when creates still wrote their trigrams: 1.27 ms per create
    /// with a commit each, 0.38 ms eight to a commit), on PostgreSQL a WAL
    /// flush that the next writer waits for (the writers' advisory lock is
    /// held until it).
    /// So each job runs under its own SAVEPOINT in the open shared transaction
    /// (an error rolls back that job alone), then queues again for the lock:
    /// the jobs that queued meanwhile have joined the same transaction, and
    /// the first member back commits it for all of them. Nothing is answered
    /// before its commit is durable (on SQLite, the group fsync).
    pub async fn grouped<T, E: From<sqlx::Error>>(
        &self,
        job: impl AsyncFnOnce(&mut Job<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let (out, number) = {
            let mut g = self.shared.lock().await;
            let number = g.number;
            (self.run_in_group(&mut g, job).await, number)
        };
        // Queue again: whoever queued while the job ran has joined `number`.
        let ended = {
            let mut g = self.shared.lock().await;
            if g.number == number {
                g.next_ids.clear();
                let error = match g.tx.take() {
                    Some(tx) => tx.commit().await.err().map(|e| e.to_string()),
                    None => None,
                };
                g.ended.push_back((number, error));
                if g.ended.len() > 64 {
                    g.ended.pop_front();
                }
                g.number += 1;
            }
            g.ended
                .iter()
                .find(|(n, _)| *n == number)
                .map(|(_, e)| e.clone())
        };
        let value = out?;
        match ended {
            Some(None) => {}
            Some(Some(error)) => return Err(sqlx::Error::Protocol(error).into()),
            None => return Err(sqlx::Error::Protocol("lost a group commit".into()).into()),
        }
        self.durable().await?;
        Ok(value)
    }

    /// One job under its own savepoint in the group's open transaction.
    async fn run_in_group<T, E: From<sqlx::Error>>(
        &self,
        g: &mut Group,
        job: impl AsyncFnOnce(&mut Job<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        if g.tx.is_none() {
            g.tx = Some(self.begin_write().await?);
        }
        let Some(tx) = g.tx.as_mut() else {
            unreachable!("opened above")
        };
        let mut job_tx = Job {
            conn: tx,
            savepoint: Savepoint::NotYet,
            dialect: self.dialect,
            next_ids: &mut g.next_ids,
        };
        // A job that panics is rolled back and answered as an error like any
        // other: the members whose work shares the transaction still need it
        // committed, and whoever comes back first commits it.
        let run = std::panic::AssertUnwindSafe(job(&mut job_tx));
        let out = match futures_util::FutureExt::catch_unwind(run).await {
            Ok(out) => out,
            Err(_) => Err(sqlx::Error::Protocol("a create panicked; rolled back".into()).into()),
        };
        let end = match (&out, job_tx.savepoint) {
            (_, Savepoint::NotYet | Savepoint::Released) => None,
            (Ok(_), Savepoint::Open) => Some("RELEASE job"),
            (Err(_), Savepoint::Open) => Some("ROLLBACK TO job; RELEASE job"),
        };
        if let Some(sql) = end {
            job_tx.conn.execute(sql).await?;
        }
        out
    }

    /// Keeps SQLite's text-search index in one segment, now and then every
    /// hour. Each indexing job ([`Self::index_search`]) adds a small FTS5
    /// segment (automerge folds them only in fours), and a search reads every
    /// segment of each of its trigrams:
    /// measured at 100,000 requests, 11 segments 4.5 ms a search, one 2.6 ms.
    /// FTS5's incremental 'merge' does it in steps of a few hundred pages,
    /// each its own short write, so creates wait tens of milliseconds at most.
    /// Returns at once on PostgreSQL (nothing to do); runs until the server stops.
    pub async fn maintain_search_index(self) {
        if self.dialect != Dialect::Sqlite {
            return;
        }
        loop {
            if let Err(e) = self.merge_search_index().await {
                tracing::warn!("merging the text-search index: {e}");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    }

    /// One pass of [`Self::maintain_search_index`]: merges until one segment is left.
    pub async fn merge_search_index(&self) -> Result<(), sqlx::Error> {
        // Bounded: 400 steps of 500 pages cover an index of ~800 MB.
        for _ in 0..400 {
            let segments: i64 =
                sqlx::query_scalar("SELECT COUNT(DISTINCT segid) FROM dsr_search_idx")
                    .fetch_one(&self.read)
                    .await?;
            if segments <= 1 {
                break;
            }
            sqlx::query("INSERT INTO dsr_search(dsr_search, rank) VALUES ('merge', -500)")
                .execute(&self.write)
                .await?;
        }
        Ok(())
    }

    /// Keeps SQLite's text-search index caught up with the creates, which do
    /// not index themselves (migration 0017): every [`SEARCH_EVERY`], the
    /// requests above the mark go into the index ([`Self::index_search`]),
    /// many per transaction, so their common trigrams are written once per
    /// batch, not once per create. Until then a search matches them with
    /// LIKE (`routes::dsr`). Returns at once on PostgreSQL, whose trigram
    /// indexes are plain indexes; runs until the server stops.
    pub async fn maintain_search_tail(self) {
        if self.dialect != Dialect::Sqlite {
            return;
        }
        loop {
            tokio::time::sleep(SEARCH_EVERY).await;
            // One read on a reader when there is nothing to index.
            let behind: Result<i64, _> = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM dsr WHERE id > (SELECT id FROM dsr_search_mark))",
            )
            .fetch_one(&self.read)
            .await;
            if !matches!(behind, Ok(1)) {
                continue;
            }
            let mut backlog = false;
            loop {
                match self.index_search().await {
                    Ok(n) if n == SEARCH_CHUNK => backlog = true,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!("indexing requests for text search: {e}");
                        break;
                    }
                }
            }
            // A backlog (requests written by another process, or a seeded
            // file) left a segment per chunk: fold them as at start.
            if backlog {
                if let Err(e) = self.merge_search_index().await {
                    tracing::warn!("merging the text-search index: {e}");
                }
            }
        }
    }

    /// SQLite: adds the requests above the text-search mark to the trigram
    /// index, at most [`SEARCH_CHUNK`] (a bounded hold on the writer), and
    /// moves the mark past them; returns how many. Joins the creates' shared
    /// transaction. Nothing to do on PostgreSQL.
    pub async fn index_search(&self) -> Result<i64, sqlx::Error> {
        if self.dialect != Dialect::Sqlite {
            return Ok(0);
        }
        self.grouped(async |job| {
            let (count, last): (i64, Option<i64>) = sqlx::query_as(&format!(
                "SELECT COUNT(*), MAX(id) FROM (SELECT id FROM dsr
                 WHERE id > (SELECT id FROM dsr_search_mark) ORDER BY id LIMIT {SEARCH_CHUNK})"
            ))
            .fetch_one(job.read())
            .await?;
            let Some(last) = last else {
                return Ok(0);
            };
            let mut batch = Batch::new(self.dialect);
            batch
                .statement(
                    "INSERT INTO dsr_search (rowid, title, given_name, family_name, email)
                     SELECT id, title, given_name, family_name, email FROM dsr
                     WHERE id > (SELECT id FROM dsr_search_mark) AND id <= ",
                )
                .push_bind(last);
            batch
                .statement("UPDATE dsr_search_mark SET id = ")
                .push_bind(last);
            job.finish(batch).await?;
            Ok(count)
        })
        .await
    }

    /// A write transaction. On PostgreSQL it first takes the writers' advisory
    /// lock, so a read-then-write (next chain link, idempotency check, next
    /// free id) is not raced by another server process.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        if self.dialect == Dialect::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }
}

/// A job of [`Db::grouped`]: its place in the shared write transaction. Its
/// writes happen under its own savepoint, so an error undoes them alone; the
/// savepoint opens with the first write, and [`Job::finish`] opens (if need
/// be), writes and releases it in one trip to SQLite's writer thread: a
/// public create is that one trip (ids from [`Job::next_id`]), where it was
/// nine.
pub struct Job<'c> {
    conn: &'c mut sqlx::AnyConnection,
    savepoint: Savepoint,
    dialect: Dialect,
    next_ids: &'c mut std::collections::HashMap<&'static str, i64>,
}

#[derive(Clone, Copy)]
enum Savepoint {
    NotYet,
    Open,
    Released,
}

impl Job<'_> {
    /// The connection for reads made before the job's first write (a write
    /// made through it would not be undone with the job).
    pub fn read(&mut self) -> &mut sqlx::AnyConnection {
        self.conn
    }

    /// The id the next row of `table` takes ([`Dialect::next_id`]), so a batch
    /// can name it. On SQLite the group remembers it: only the group's first
    /// job asks the database. An id taken by a job that fails stays unused.
    pub async fn next_id(&mut self, table: &'static str) -> Result<i64, sqlx::Error> {
        if self.dialect == Dialect::Postgres {
            return next_id(self.conn, table).await;
        }
        let id = match self.next_ids.get(table) {
            Some(&id) => id,
            None => next_id(self.conn, table).await?,
        };
        self.next_ids.insert(table, id + 1);
        Ok(id)
    }

    /// The connection to write on, inside the job's savepoint.
    pub async fn write(&mut self) -> Result<&mut sqlx::AnyConnection, sqlx::Error> {
        if let Savepoint::NotYet = self.savepoint {
            self.conn.execute("SAVEPOINT job").await?;
            self.savepoint = Savepoint::Open;
        }
        Ok(self.conn)
    }

    /// Writes `batch` as the job's last step and ends its savepoint: on SQLite
    /// the savepoint's statements travel in the batch's one query.
    pub async fn finish(&mut self, batch: Batch) -> Result<(), sqlx::Error> {
        let mut batch = batch;
        let open = matches!(self.savepoint, Savepoint::NotYet).then_some("SAVEPOINT job");
        batch.enclose(open, "RELEASE job");
        // Open until the RELEASE ran: an error rolls the job back.
        self.savepoint = Savepoint::Open;
        batch.run(self.conn).await?;
        self.savepoint = Savepoint::Released;
        Ok(())
    }
}

/// A 0/1 flag column read as `bool`. Both schemas store flags as integers (so
/// `final_step = 1` is the same SQL on both); sqlx's `Any` decodes `bool` only
/// from a boolean, so rows name this type: `#[sqlx(try_from = "Flag")]`.
/// Bind flags as `i64::from(b)`: PostgreSQL will not store a boolean in a BIGINT.
#[derive(Clone, Copy, Debug)]
pub struct Flag(pub bool);

/// A nullable [`Flag`]: `#[sqlx(try_from = "OptFlag")]` on an `Option<bool>`.
#[derive(Clone, Copy, Debug)]
pub struct OptFlag(pub Option<bool>);

impl From<Flag> for bool {
    fn from(f: Flag) -> bool {
        f.0
    }
}

impl From<OptFlag> for Option<bool> {
    fn from(f: OptFlag) -> Option<bool> {
        f.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }
    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl Type<Any> for OptFlag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }
    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(Flag(<i64 as sqlx::Decode<Any>>::decode(value)? != 0))
    }
}

impl<'r> sqlx::Decode<'r, Any> for OptFlag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(OptFlag(
            <Option<i64> as sqlx::Decode<Any>>::decode(value)?.map(|i| i != 0),
        ))
    }
}

/// A query assembled at run time (filters, `IN (…)` lists). Like sqlx's
/// `QueryBuilder`, but its placeholders are `$1, $2, …`, which both SQLite and
/// PostgreSQL read (sqlx's writes `?` for `Any`, which PostgreSQL rejects).
pub struct QueryBuilder<'args> {
    sql: String,
    args: Option<AnyArguments<'args>>,
}

impl<'args> QueryBuilder<'args> {
    pub fn new(init: impl Into<String>) -> Self {
        Self {
            sql: init.into(),
            args: Some(AnyArguments::default()),
        }
    }

    /// Appends SQL text (never user input: that goes through [`Self::push_bind`]).
    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write as _;
        let _ = write!(self.sql, "{sql}");
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'args + Encode<'args, Any> + Type<Any> + Send,
    {
        let args = self.args.as_mut().expect("QueryBuilder used after build");
        // Encoding into `Any` only copies the value (never fails for our types).
        let _ = args.add(value);
        let n = args.len();
        self.push(format_args!("${n}"))
    }

    /// Pushes items separated by `sep` (like sqlx's `separated`).
    pub fn separated<'b>(&'b mut self, sep: &'static str) -> Separated<'b, 'args> {
        Separated {
            qb: self,
            sep,
            first: true,
        }
    }

    /// `$1, $2, …` bound to `items` (the inside of an `IN (…)`).
    pub fn push_binds<T>(&mut self, items: impl IntoIterator<Item = T>) -> &mut Self
    where
        T: 'args + Encode<'args, Any> + Type<Any> + Send,
    {
        let mut sep = self.separated(", ");
        for item in items {
            sep.push_bind(item);
        }
        self
    }

    /// ` VALUES (…), (…)`: one tuple per row, its values pushed by `f`.
    pub fn push_values<I>(
        &mut self,
        rows: impl IntoIterator<Item = I>,
        mut f: impl FnMut(Separated<'_, 'args>, I),
    ) -> &mut Self {
        self.push(" VALUES ");
        for (i, row) in rows.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_tuple(|values| f(values, row));
        }
        self
    }

    /// ` VALUES (…)`: one row, its values pushed (and moved) by `f`.
    pub fn push_row(&mut self, f: impl FnOnce(Separated<'_, 'args>)) -> &mut Self {
        self.push(" VALUES ").push_tuple(f)
    }

    /// `(…)`, its values pushed by `f`.
    fn push_tuple(&mut self, f: impl FnOnce(Separated<'_, 'args>)) -> &mut Self {
        self.push("(");
        f(self.separated(", "));
        self.push(")")
    }

    pub fn build<'q>(&'q mut self) -> sqlx::query::Query<'q, Any, AnyArguments<'q>>
    where
        'args: 'q,
    {
        let args = self.take_args();
        sqlx::query_with(&self.sql, args)
    }

    pub fn build_query_as<'q, T>(&'q mut self) -> sqlx::query::QueryAs<'q, Any, T, AnyArguments<'q>>
    where
        'args: 'q,
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let args = self.take_args();
        sqlx::query_as_with(&self.sql, args)
    }

    pub fn build_query_scalar<'q, T>(
        &'q mut self,
    ) -> sqlx::query::QueryScalar<'q, Any, T, AnyArguments<'q>>
    where
        'args: 'q,
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let args = self.take_args();
        sqlx::query_scalar_with(&self.sql, args)
    }

    fn take_args(&mut self) -> AnyArguments<'args> {
        self.args.take().expect("QueryBuilder built twice")
    }
}

/// Write statements sent together. On SQLite they travel as ONE
/// multi-statement query, which sqlx's driver runs in a single call to its
/// worker thread, placeholders numbered across the whole batch (SQLite binds
/// `$N` by number): a create's writes were ~9 such calls of two thread
/// switches each, on the single writer every create queues for
/// (BENCHMARKS.md, "What bounds a create"). PostgreSQL's extended protocol
/// takes one statement per query, so there consecutive INSERTs travel as one
/// statement of data-modifying `WITH` members (each runs once, to the end;
/// foreign keys and AFTER triggers see all of them, as they run after the
/// statement), and every other statement on its own: an UPDATE or DELETE
/// must see what came before it. (sqlx deprecates several statements in one
/// prepared query, for the other drivers' sake; should a later sqlx drop it,
/// [`Self::statement`] is the one place to make SQLite run one by one too.)
pub struct Batch {
    dialect: Dialect,
    /// On SQLite, one builder holding every statement.
    statements: Vec<QueryBuilder<'static>>,
    /// PostgreSQL: the last builder is a `WITH` of this many INSERTs, still
    /// open (its `)` and final `SELECT` come with the next statement or at run).
    inserts: usize,
}

impl Batch {
    pub fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            statements: Vec::new(),
            inserts: 0,
        }
    }

    /// The dialect its statements are written for.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Starts the next statement with `sql`; its values follow with
    /// [`QueryBuilder::push_bind`].
    pub fn statement(&mut self, sql: impl std::fmt::Display) -> &mut QueryBuilder<'static> {
        let sql = sql.to_string();
        if self.dialect == Dialect::Postgres {
            let insert = sql.trim_start().starts_with("INSERT") && !sql.contains("RETURNING");
            match self.statements.last_mut() {
                Some(qb) if insert && self.inserts > 0 => {
                    qb.push(format_args!("), i{} AS (", self.inserts)).push(sql);
                }
                _ => {
                    self.close();
                    let sql = if insert {
                        format!("WITH i0 AS ({sql}")
                    } else {
                        sql
                    };
                    self.statements.push(QueryBuilder::new(sql));
                }
            }
            if insert {
                self.inserts += 1;
            }
        } else {
            match self.statements.first_mut() {
                Some(qb) => {
                    qb.push(";\n").push(sql);
                }
                None => self.statements.push(QueryBuilder::new(sql)),
            }
        }
        self.statements.last_mut().expect("pushed above")
    }

    /// PostgreSQL: ends the open `WITH` of INSERTs, if any.
    fn close(&mut self) {
        if std::mem::take(&mut self.inserts) > 0 {
            if let Some(qb) = self.statements.last_mut() {
                qb.push(") SELECT 1");
            }
        }
    }

    /// The statements so far, leaving this batch empty.
    pub fn take(&mut self) -> Batch {
        std::mem::replace(self, Batch::new(self.dialect))
    }

    /// Puts statement `first` (no values) before the batch's, and `last` after them.
    fn enclose(&mut self, first: Option<&str>, last: &str) {
        if let Some(first) = first {
            match self.statements.first_mut() {
                Some(qb) if self.dialect == Dialect::Sqlite => {
                    qb.sql.insert_str(0, &format!("{first};\n"));
                }
                _ => self.statements.insert(0, QueryBuilder::new(first)),
            }
        }
        self.statement(last);
    }

    /// Runs every statement, in order. Stops at the first error, so run it
    /// inside a transaction or savepoint that the error rolls back.
    pub async fn run(mut self, conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
        self.close();
        for mut qb in self.statements {
            qb.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// Items of a list or tuple in a [`QueryBuilder`], separated by `sep`.
pub struct Separated<'b, 'args> {
    qb: &'b mut QueryBuilder<'args>,
    sep: &'static str,
    first: bool,
}

impl<'args> Separated<'_, 'args> {
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'args + Encode<'args, Any> + Type<Any> + Send,
    {
        if !std::mem::take(&mut self.first) {
            self.qb.push(self.sep);
        }
        self.qb.push_bind(value);
        self
    }
}

/// The id the next row of `table` takes, asked of the database
/// ([`Dialect::next_id`]); inside a [`Db::grouped`] job use [`Job::next_id`].
pub async fn next_id(conn: &mut sqlx::AnyConnection, table: &str) -> Result<i64, sqlx::Error> {
    let next = Dialect::of(conn).next_id(table);
    sqlx::query_scalar(&format!("SELECT {next}"))
        .fetch_one(conn)
        .await
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
    fn postgres_batch_sends_consecutive_inserts_as_one_statement() {
        let mut b = Batch::new(Dialect::Postgres);
        b.statement("INSERT INTO a (x) VALUES (")
            .push_bind(1_i64)
            .push(")");
        b.statement("INSERT INTO b (y) VALUES (")
            .push_bind(2_i64)
            .push(")");
        b.statement("UPDATE c SET z = ").push_bind(3_i64);
        b.statement("INSERT INTO d (w) VALUES (")
            .push_bind(4_i64)
            .push(")");
        b.enclose(Some("SAVEPOINT job"), "RELEASE job");
        let sql: Vec<&str> = b.statements.iter().map(|qb| qb.sql.as_str()).collect();
        assert_eq!(
            sql,
            [
                "SAVEPOINT job",
                "WITH i0 AS (INSERT INTO a (x) VALUES ($1)), i1 AS (INSERT INTO b (y) VALUES ($2)) SELECT 1",
                "UPDATE c SET z = $1",
                "WITH i0 AS (INSERT INTO d (w) VALUES ($1)) SELECT 1",
                "RELEASE job",
            ]
        );
        // SQLite: one query, values numbered across it.
        let mut b = Batch::new(Dialect::Sqlite);
        b.statement("INSERT INTO a (x) VALUES (")
            .push_bind(1_i64)
            .push(")");
        b.statement("UPDATE c SET z = ").push_bind(3_i64);
        b.enclose(Some("SAVEPOINT job"), "RELEASE job");
        let sql: Vec<&str> = b.statements.iter().map(|qb| qb.sql.as_str()).collect();
        assert_eq!(
            sql,
            ["SAVEPOINT job;\nINSERT INTO a (x) VALUES ($1);\nUPDATE c SET z = $2;\nRELEASE job"]
        );
    }

    #[test]
    fn remaining_days_floor() {
        let now = t("2024-01-01T00:00:00.000Z");
        assert_eq!(remaining_days(t("2024-01-31T00:00:00.000Z"), now), 30);
        assert_eq!(remaining_days(t("2024-01-01T12:00:00.000Z"), now), 0);
        assert_eq!(remaining_days(t("2023-12-31T12:00:00.000Z"), now), -1);
    }
}
