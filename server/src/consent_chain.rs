//! Proof of consent (issue 15): what a consent type said, and a hash chain over
//! each project's consent records, so a record changed, removed or inserted
//! after the fact shows.
//!
//! - **Text hash**: hex SHA-256 of the canonical JSON array
//!   `[name, description, document, url]` of a consent type (`null` for an
//!   absent field), stored per (type, version) in `consent_type_texts` when a
//!   type is created or updated. A record copies the hash of the version it
//!   decided on, so the record names what the visitor was shown.
//! - **Chain**: every record of a project has `seq` (1, 2, ...) and `hash`, the
//!   hex SHA-256 of the canonical JSON array [`Link`] describes, which starts
//!   with the previous record's hash (`""` for the first). Changing a stored
//!   field changes that record's hash; removing a record leaves a gap in `seq`
//!   and a wrong `prev` in the next one.
//!
//! "Canonical JSON" is serde_json's compact output: no whitespace, strings
//! escaped as serde_json does (only `"`, `\` and control characters), integers
//! in decimal, `true`/`false`/`null`. It is written here ONCE and used by the
//! insert (`routes/consent_record.rs`), the start-up backfill below and the
//! verification (`GET .../consent-records/verify`).
//!
//! [`backfill`] runs after the migrations: it records the text of every type at
//! its current version when missing (a version changes whenever the text does,
//! so records at that version saw that text), then chains the records stored
//! before the chain existed (`hash IS NULL`), per project in rowid (arrival)
//! order, after the project's chained records.
use pw_model::consent_record::{BrokenLink, ChainReport, ConsentRecord};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

use crate::db::{Db, Dialect};
use sqlx::{AnyConnection, AnyPool, FromRow, Row as _};

/// Rows read per step of a backfill or a verification.
pub const PAGE: i64 = 500;

/// Hex SHA-256 of `value` serialized as compact JSON, streamed into the hasher
/// (a consent type's document may be 5,000,000 characters).
fn sha256_json(value: &impl Serialize) -> String {
    let mut hasher = Sha256::new();
    // Writing into a hasher cannot fail, and our values always serialize.
    let _ = serde_json::to_writer(&mut hasher, value);
    hex::encode(hasher.finalize())
}

/// Hex SHA-256 of a consent type's text: `[name, description, document, url]`.
pub fn text_hash(
    name: Option<&str>,
    description: Option<&str>,
    document: Option<&str>,
    url: Option<&str>,
) -> String {
    sha256_json(&(name, description, document, url))
}

/// Records the text hash of consent type `id` at `version` (create, update, demo
/// seed and backfill); a second write for the same version replaces it.
pub async fn store_text(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO consent_type_texts (consent_type_id, version, text_hash)
         VALUES ($1, $2, $3)
         ON CONFLICT (consent_type_id, version) DO UPDATE SET text_hash = excluded.text_hash",
    )
    .bind(id)
    .bind(version)
    .bind(hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// The canonical array's elements, in order (a tuple serializes as a JSON array).
type Fields<'a> = (
    &'a str,
    i64,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    i64,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<bool>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
);

/// The fields of one record that its hash covers, in the canonical order:
/// `[prev, seq, id, project_id, subject_id, consent_type_id, version, state,
/// source, user_agent, gpc, region, policy, text_hash, date_created]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link<'a> {
    /// Position in the project's chain, from 1.
    pub seq: i64,
    /// Record UUID.
    pub id: &'a str,
    /// Project UUID (not the organization: a project never moves).
    pub project_id: &'a str,
    /// The visitor's random UUID.
    pub subject_id: &'a str,
    /// Consent type UUID.
    pub consent_type_id: &'a str,
    /// Version decided on.
    pub version: i64,
    /// `accepted` / `declined`.
    pub state: &'a str,
    /// Where the decision was made.
    pub source: Option<&'a str>,
    /// The browser's user agent.
    pub user_agent: Option<&'a str>,
    /// Global Privacy Control.
    pub gpc: Option<bool>,
    /// The visitor's region (upper case).
    pub region: Option<&'a str>,
    /// The region policy applied.
    pub policy: Option<&'a str>,
    /// Hash of the consent type's text at `version`.
    pub text_hash: Option<&'a str>,
    /// Server time of the POST.
    pub date_created: &'a str,
}

impl<'a> Link<'a> {
    /// The link of a record as the API shows it.
    pub fn of(r: &'a ConsentRecord) -> Self {
        Link {
            seq: i64::try_from(r.seq).unwrap_or(i64::MAX),
            id: &r.id,
            project_id: &r.project,
            subject_id: &r.subject_id,
            consent_type_id: &r.consent_type_id,
            version: i64::from(r.version),
            state: r.state.as_str(),
            source: r.source.as_ref().map(|s| s.as_str()),
            user_agent: r.user_agent.as_deref(),
            gpc: r.gpc,
            region: r.region.as_deref(),
            policy: r.policy.as_ref().map(|p| p.as_str()),
            text_hash: r.text_hash.as_deref(),
            date_created: &r.date_created,
        }
    }

    /// The canonical JSON array this link's hash is taken over.
    pub fn canonical(&self, prev: Option<&str>) -> String {
        serde_json::to_string(&self.fields(prev)).unwrap_or_default()
    }

    /// Hex SHA-256 of [`Link::canonical`].
    pub fn hash(&self, prev: Option<&str>) -> String {
        sha256_json(&self.fields(prev))
    }

    fn fields(&self, prev: Option<&'a str>) -> Fields<'a> {
        (
            prev.unwrap_or(""),
            self.seq,
            self.id,
            self.project_id,
            self.subject_id,
            self.consent_type_id,
            self.version,
            self.state,
            self.source,
            self.user_agent,
            self.gpc,
            self.region,
            self.policy,
            self.text_hash,
            self.date_created,
        )
    }
}

/// A record as stored, with its chain columns: what the backfill and the
/// verification read. `seq` and `hash` are NULL on a record not yet chained.
#[derive(Debug, FromRow)]
pub struct Stored {
    /// Position, when chained.
    pub seq: Option<i64>,
    /// Stored hash, when chained.
    pub hash: Option<String>,
    /// Record UUID.
    pub id: String,
    /// Project UUID.
    pub project_id: String,
    /// Visitor UUID.
    pub subject_id: String,
    /// Consent type UUID.
    pub consent_type_id: String,
    /// Version decided on.
    pub version: i64,
    /// `accepted` / `declined`.
    pub state: String,
    /// Source.
    pub source: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// Global Privacy Control.
    #[sqlx(try_from = "crate::db::OptFlag")]
    pub gpc: Option<bool>,
    /// Region.
    pub region: Option<String>,
    /// Region policy.
    pub policy: Option<String>,
    /// Text hash.
    pub text_hash: Option<String>,
    /// Creation time.
    pub date_created: String,
}

/// The columns of [`Stored`], for `SELECT {STORED} FROM consent_records`.
pub const STORED: &str = "seq, hash, id, project_id, subject_id, consent_type_id, version, state,
    source, user_agent, gpc, region, policy, text_hash, date_created";

impl Stored {
    /// Its link at position `seq`.
    pub fn link(&self, seq: i64) -> Link<'_> {
        Link {
            seq,
            id: &self.id,
            project_id: &self.project_id,
            subject_id: &self.subject_id,
            consent_type_id: &self.consent_type_id,
            version: self.version,
            state: &self.state,
            source: self.source.as_deref(),
            user_agent: self.user_agent.as_deref(),
            gpc: self.gpc,
            region: self.region.as_deref(),
            policy: self.policy.as_deref(),
            text_hash: self.text_hash.as_deref(),
            date_created: &self.date_created,
        }
    }
}

/// The last link of `project`'s chain: `(seq, hash)`, `(0, None)` when empty.
pub async fn head(
    conn: &mut AnyConnection,
    project: &str,
) -> Result<(i64, Option<String>), sqlx::Error> {
    let last: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT seq, hash FROM consent_records
         WHERE project_id = $1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1",
    )
    .bind(project)
    .fetch_optional(conn)
    .await?;
    Ok(last.unwrap_or((0, None)))
}

/// After the migrations: text hashes of types at their current version, then
/// the chain of records stored before it existed. Idempotent; on a migrated
/// database it finds nothing to do with two indexed queries.
pub async fn backfill(pool: &AnyPool) -> Result<(), sqlx::Error> {
    backfill_texts(pool).await?;
    let projects: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT project_id FROM consent_records WHERE hash IS NULL")
            .fetch_all(pool)
            .await?;
    for project in projects {
        backfill_project(pool, &project).await?;
    }
    Ok(())
}

/// `version, name, description, document, url` of a consent type.
type TypeText = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

async fn backfill_texts(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let missing: Vec<String> = sqlx::query_scalar(
        "SELECT c.id FROM consent_types c WHERE NOT EXISTS (
             SELECT 1 FROM consent_type_texts x
             WHERE x.consent_type_id = c.id AND x.version = c.version)",
    )
    .fetch_all(pool)
    .await?;
    // One type at a time: a document may be 5,000,000 characters.
    for id in missing {
        let mut tx = pool.begin().await?;
        let text: Option<TypeText> = sqlx::query_as(
            "SELECT version, name, description, document, url FROM consent_types WHERE id = $1",
        )
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((version, name, description, document, url)) = text {
            let hash = text_hash(
                name.as_deref(),
                description.as_deref(),
                document.as_deref(),
                url.as_deref(),
            );
            store_text(&mut tx, &id, version, &hash).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Chains `project`'s unchained records in rowid order, [`PAGE`] rows per
/// transaction.
async fn backfill_project(pool: &AnyPool, project: &str) -> Result<(), sqlx::Error> {
    loop {
        let mut tx = pool.begin().await?;
        let (mut seq, mut prev) = head(&mut tx, project).await?;
        // A record made before texts were recorded gets the text of its version
        // when known, as a new record does.
        sqlx::query(
            "UPDATE consent_records SET text_hash = (
                 SELECT x.text_hash FROM consent_type_texts x
                 WHERE x.consent_type_id = consent_records.consent_type_id
                   AND x.version = consent_records.version)
             WHERE rowid IN (SELECT rowid FROM consent_records
                 WHERE project_id = $1 AND hash IS NULL AND text_hash IS NULL
                 ORDER BY rowid LIMIT $2)",
        )
        .bind(project)
        .bind(PAGE)
        .execute(&mut *tx)
        .await?;
        let rows: Vec<(i64, Stored)> = sqlx::query(&format!(
            "SELECT rowid, {STORED} FROM consent_records
             WHERE project_id = $1 AND hash IS NULL ORDER BY rowid LIMIT $2"
        ))
        .bind(project)
        .bind(PAGE)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| Ok((row.try_get::<i64, _>("rowid")?, Stored::from_row(row)?)))
        .collect::<Result<_, sqlx::Error>>()?;
        if rows.is_empty() {
            return Ok(());
        }
        for (rowid, stored) in &rows {
            seq += 1;
            let hash = stored.link(seq).hash(prev.as_deref());
            sqlx::query("UPDATE consent_records SET seq = $1, hash = $2 WHERE rowid = $3")
                .bind(seq)
                .bind(&hash)
                .bind(rowid)
                .execute(&mut *tx)
                .await?;
            prev = Some(hash);
        }
        tx.commit().await?;
    }
}

/// Walks `project`'s chain in `seq` order, [`PAGE`] rows per read (bounded
/// memory; a connection is held only per page), recomputing every hash.
///
/// The first broken link is the first record whose `seq` is not the previous
/// one's + 1, whose stored hash differs from the recomputed one, or whose
/// columns no longer read as a record. A record outside the chain (no `seq`,
/// e.g. inserted into the file by hand) breaks it too, reported with `seq` 0
/// when the chain itself holds.
pub async fn verify(db: &Db, project: &str) -> Result<ChainReport, sqlx::Error> {
    let pool = &db.read;
    // SQLite columns take any type: a `seq` edited into text is outside the
    // chain. A PostgreSQL BIGINT column cannot hold anything else.
    let is_int = match db.dialect {
        Dialect::Sqlite => "typeof(seq) = 'integer'",
        Dialect::Postgres => "TRUE",
    };
    let mut report = ChainReport {
        valid: true,
        checked: 0,
        head: None,
        first_broken: None,
    };
    let (mut last_seq, mut prev): (i64, Option<String>) = (0, None);
    loop {
        let rows: Vec<AnyRow> = sqlx::query(&format!(
            "SELECT {STORED} FROM consent_records
             WHERE project_id = $1 AND seq > $2 AND {is_int}
             ORDER BY seq LIMIT $3"
        ))
        .bind(project)
        .bind(last_seq)
        .bind(PAGE)
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let broken = match Stored::from_row(row) {
                Ok(stored) => {
                    let ok = seq == last_seq + 1
                        && stored.hash.as_deref() == Some(&stored.link(seq).hash(prev.as_deref()));
                    prev = stored.hash;
                    !ok
                }
                Err(_) => {
                    prev = row.try_get("hash").ok().flatten();
                    true
                }
            };
            if broken && report.first_broken.is_none() {
                report.first_broken = Some(BrokenLink {
                    id: row.try_get("id").unwrap_or_default(),
                    seq: u64::try_from(seq).unwrap_or(0),
                    date_created: row.try_get("date_created").unwrap_or_default(),
                });
            }
            last_seq = seq;
            report.checked += 1;
        }
        report.head.clone_from(&prev);
    }
    if report.first_broken.is_none() {
        let outside: Option<AnyRow> = sqlx::query(&format!(
            "SELECT id, date_created FROM consent_records
             WHERE project_id = $1 AND (seq IS NULL OR NOT ({is_int}))
             ORDER BY rowid LIMIT 1"
        ))
        .bind(project)
        .fetch_optional(pool)
        .await?;
        report.first_broken = outside.map(|row| BrokenLink {
            id: row.try_get("id").unwrap_or_default(),
            seq: 0,
            date_created: row.try_get("date_created").unwrap_or_default(),
        });
    }
    report.valid = report.first_broken.is_none();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Link<'static> {
        Link {
            seq: 1,
            id: "a",
            project_id: "p",
            subject_id: "s",
            consent_type_id: "t",
            version: 2,
            state: "accepted",
            source: Some("banner"),
            user_agent: None,
            gpc: Some(true),
            region: Some("DE"),
            policy: Some("opt-in"),
            text_hash: None,
            date_created: "2024-01-01T00:00:00.000Z",
        }
    }

    #[test]
    fn canonical_form_is_fixed() {
        assert_eq!(
            link().canonical(None),
            r#"["",1,"a","p","s","t",2,"accepted","banner",null,true,"DE","opt-in",null,"2024-01-01T00:00:00.000Z"]"#
        );
        assert_eq!(
            link().hash(Some("x")),
            hex::encode(Sha256::digest(link().canonical(Some("x"))))
        );
        assert_eq!(link().hash(None), link().hash(Some("")));
        let mut other = link();
        other.gpc = Some(false);
        assert_ne!(other.hash(None), link().hash(None));
    }

    #[test]
    fn text_hash_covers_the_four_fields() {
        let h = text_hash(Some("Name"), None, Some("Doc"), Some("https://x"));
        assert_eq!(
            h,
            hex::encode(Sha256::digest(r#"["Name",null,"Doc","https://x"]"#))
        );
        assert_ne!(
            h,
            text_hash(Some("Name"), Some(""), Some("Doc"), Some("https://x"))
        );
    }
}
