//! Sending e-mail: through SMTP when `PW_SMTP_URL` is set, otherwise into the
//! outbox folder (one `.eml` file per message), so the run command needs no
//! mail server. Either way every message is logged in `mail_log`, which the
//! admin page's Outbox view lists.
//!
//! A message is logged as `queued` (inside the transaction of the change that
//! causes it when the caller has one: a new request's verification e-mail),
//! and sent after that change has committed, in a background task with a
//! time limit: a slow or failing mail server never delays or fails the API
//! answer; it shows as `failed` in the log instead. Outcomes (`sent`,
//! `outbox`, `failed`) are written in batches, off the answer's path.
//! Log rows and outbox files belong to their request and are erased with it
//! ([`Mailer::erase`]).
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::mpsc;

use crate::config::{Config, ConfigError};
use crate::db::{fmt_time, now, Batch, Db};
use crate::mail_text::Rendered;

/// How long one SMTP delivery may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

enum Transport {
    Outbox,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The configured way out for e-mail.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    outbox: PathBuf,
    /// Started with the first delivery (it needs the database and a runtime).
    outcomes: OnceLock<mpsc::UnboundedSender<Outcome>>,
}

/// `(mail_log.id, status, error)` of one delivery.
type Outcome = (i64, &'static str, Option<String>);

/// An e-mail logged as queued by [`Mailer::log`], to deliver once the
/// transaction that logged it has committed.
pub struct Queued {
    id: i64,
    out: Outgoing,
}

/// One e-mail to send.
pub struct Outgoing {
    /// Workspace it belongs to.
    pub ws: i64,
    /// Request it is about.
    pub dsr: Option<i64>,
    /// `mail_log.kind`.
    pub kind: &'static str,
    /// Recipient address.
    pub to: String,
    /// Subject and parts.
    pub mail: Rendered,
}

impl Mailer {
    /// The mailer `config` asks for; an invalid `PW_SMTP_URL` or `PW_MAIL_FROM`
    /// is a start-up error, not a silent outbox.
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        let from: Mailbox = config.mail_from.parse().map_err(|e| {
            ConfigError(format!(
                "PW_MAIL_FROM must be an address such as \"Privacy <privacy@example.com>\": {e}"
            ))
        })?;
        let transport = match &config.smtp_url {
            None => Transport::Outbox,
            // lettre reads a bare smtp:// URL as "never encrypt": with a
            // password in it, that would send the password in clear.
            Some(url) if plain_with_credentials(url) => {
                return Err(ConfigError(
                    "PW_SMTP_URL has credentials but no encryption: use smtps://... or add ?tls=required".into(),
                ))
            }
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| ConfigError(format!("PW_SMTP_URL is not an SMTP URL: {e}")))?
                    .timeout(Some(SEND_TIMEOUT))
                    .build(),
            ),
        };
        Ok(Self {
            transport,
            from,
            outbox: config.outbox_dir(),
            outcomes: OnceLock::new(),
        })
    }

    /// Where outbox files go.
    pub fn outbox_dir(&self) -> &Path {
        &self.outbox
    }

    /// Logs `out` as queued, as row `id` (from [`crate::db::next_id`] or
    /// [`crate::db::Job::next_id`]), in `batch`: the transaction of the change that
    /// causes it; hand the result to [`Mailer::deliver`] once that committed.
    /// A request erased meanwhile fails the insert's foreign key: nothing is
    /// sent. Sent by SMTP, the log keeps the text without its secrets (the
    /// tokens of its links, the code): the stored tokens are hashes, and the
    /// team must not be able to confirm an address for the requester. The
    /// outbox keeps the text as sent: it is the mailbox of a server that
    /// sends none.
    pub fn log(&self, batch: &mut Batch, id: i64, out: Outgoing) -> Queued {
        let text = match self.transport {
            Transport::Smtp(_) => out.mail.redacted(),
            Transport::Outbox => out.mail.text.clone(),
        };
        let qb = batch.statement(
            "INSERT INTO mail_log (id, workspace_id, dsr_id, kind, recipient, subject,
                                   text_body, date_creation, status)",
        );
        qb.push_row(|mut v| {
            v.push_bind(id)
                .push_bind(out.ws)
                .push_bind(out.dsr)
                .push_bind(out.kind)
                .push_bind(out.to.clone())
                .push_bind(out.mail.subject.clone())
                .push_bind(text)
                .push_bind(fmt_time(now()))
                .push_bind("queued");
        });
        Queued { id, out }
    }

    /// Logs `out` as queued and delivers it in the background (the change
    /// that causes it has committed already).
    pub fn send(self: &Arc<Self>, db: &Db, out: Outgoing) {
        let (me, db) = (Arc::clone(self), db.clone());
        tokio::spawn(async move {
            // The log write joins the creates' shared transaction
            // (Db::grouped): one mail must not cost a commit of its own.
            let logged = db.grouped(async |job| {
                let id = job.next_id("mail_log").await?;
                let mut batch = Batch::new(db.dialect);
                let queued = me.log(&mut batch, id, out);
                job.finish(batch).await?;
                Ok::<_, sqlx::Error>(queued)
            });
            match logged.await {
                Ok(queued) => me.deliver_now(&db, queued).await,
                Err(e) => tracing::warn!("mail not logged: {e}"),
            }
        });
    }

    /// Delivers `queued` in the background; its transaction has committed.
    pub fn deliver(self: &Arc<Self>, db: &Db, queued: Queued) {
        let (me, db) = (Arc::clone(self), db.clone());
        tokio::spawn(async move { me.deliver_now(&db, queued).await });
    }

    async fn deliver_now(&self, db: &Db, Queued { id, out }: Queued) {
        let result = match self.message(&out) {
            Err(e) => Err(e),
            Ok(message) => match &self.transport {
                Transport::Smtp(smtp) => smtp
                    .send(message)
                    .await
                    .map(|_| "sent")
                    .map_err(|e| e.to_string()),
                Transport::Outbox => {
                    let name = outbox_name(out.ws, out.dsr, id);
                    write_file(&self.outbox, &name, message.formatted())
                        .await
                        .map(|()| "outbox")
                        .map_err(|e| e.to_string())
                }
            },
        };
        let outcome = match result {
            Ok(status) => (id, status, None),
            Err(e) => {
                tracing::warn!("mail {id} ({}) failed: {e}", out.kind);
                (id, "failed", Some(e))
            }
        };
        // The recorder is gone only when the server is shutting down.
        let _ = self.outcomes(db).send(outcome);
    }

    /// Where deliveries leave their outcome: one task writes whatever
    /// arrived meanwhile in one writer job, so that under a flood of creates
    /// the outcomes do not queue one job each behind them on the writer.
    fn outcomes(&self, db: &Db) -> &mpsc::UnboundedSender<Outcome> {
        self.outcomes.get_or_init(|| {
            let (sender, receiver) = mpsc::unbounded_channel();
            tokio::spawn(record_outcomes(db.clone(), receiver));
            sender
        })
    }

    fn message(&self, out: &Outgoing) -> Result<Message, String> {
        let to: Mailbox = out.to.parse().map_err(|e| format!("recipient: {e}"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&out.mail.subject)
            .multipart(MultiPart::alternative_plain_html(
                out.mail.text.clone(),
                out.mail.html.clone(),
            ))
            .map_err(|e| e.to_string())
    }

    /// Removes the outbox files of request `dsr` of `ws` (their log rows go
    /// with the request through the foreign key).
    pub async fn erase(&self, ws: i64, dsr: i64) -> std::io::Result<()> {
        let prefix = format!("ws{ws}-dsr{dsr}-");
        let mut dir = match tokio::fs::read_dir(&self.outbox).await {
            Ok(dir) => dir,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        while let Some(entry) = dir.next_entry().await? {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                tokio::fs::remove_file(entry.path()).await?;
            }
        }
        Ok(())
    }
}

/// `smtp://user:pass@host` without `tls=`: lettre would never encrypt it.
fn plain_with_credentials(url: &str) -> bool {
    url.strip_prefix("smtp://")
        .and_then(|rest| rest.split(['/', '?']).next())
        .is_some_and(|authority| authority.contains('@'))
        && !url.contains("tls=")
}

/// `ws1-dsr42-17.eml`: erasable by request.
fn outbox_name(ws: i64, dsr: Option<i64>, id: i64) -> String {
    match dsr {
        Some(dsr) => format!("ws{ws}-dsr{dsr}-{id}.eml"),
        None => format!("ws{ws}-{id}.eml"),
    }
}

/// Writes the delivery outcomes that `receiver` brings into `mail_log`, all
/// that arrived meanwhile in one job, until the mailer is dropped. Outcomes
/// alike (usually all of them: delivered, no error) share one UPDATE: each
/// statement is a round trip on the single writer that creates queue on.
async fn record_outcomes(db: Db, mut receiver: mpsc::UnboundedReceiver<Outcome>) {
    let mut batch = Vec::new();
    while receiver.recv_many(&mut batch, 256).await > 0 {
        let mut alike: Vec<(&'static str, Option<String>, Vec<i64>)> = Vec::new();
        for (id, status, error) in batch.drain(..) {
            match alike
                .iter_mut()
                .find(|(s, e, _)| *s == status && *e == error)
            {
                Some((.., ids)) => ids.push(id),
                None => alike.push((status, error, vec![id])),
            }
        }
        let written = db
            .grouped(async |job| {
                let mut batch = Batch::new(db.dialect);
                for (status, error, ids) in &alike {
                    let qb = batch.statement("UPDATE mail_log SET status = ");
                    qb.push_bind(*status)
                        .push(", error = ")
                        .push_bind(error.clone())
                        .push(" WHERE id IN (")
                        .push_binds(ids.clone())
                        .push(")");
                }
                job.finish(batch).await
            })
            .await;
        if let Err(e) = written {
            let lost: usize = alike.iter().map(|(.., ids)| ids.len()).sum();
            tracing::warn!("{lost} mail outcomes not logged: {e}");
        }
    }
}

/// One trip to the blocking pool: the folder (gone if someone emptied it),
/// then the file.
async fn write_file(dir: &Path, name: &str, bytes: Vec<u8>) -> std::io::Result<()> {
    let (dir, name) = (dir.to_owned(), name.to_owned());
    tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), bytes)
    })
    .await
    .map_err(std::io::Error::other)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_travels_in_clear() {
        assert!(plain_with_credentials("smtp://u:p@mail.example:587"));
        assert!(!plain_with_credentials(
            "smtp://u:p@mail.example:587?tls=required"
        ));
        assert!(!plain_with_credentials("smtps://u:p@mail.example"));
        assert!(!plain_with_credentials("smtp://127.0.0.1:2525"));
    }
}
