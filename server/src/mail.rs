//! Sending e-mail: through SMTP when `PW_SMTP_URL` is set, otherwise into the
//! outbox folder (one `.eml` file per message), so the run command needs no
//! mail server. Either way every message is logged in `mail_log`, which the
//! admin page's Outbox view lists.
//!
//! Sending happens after the change that caused it has committed, in a
//! background task with a time limit: a slow or failing mail server never
//! delays or fails the API answer; it shows as `failed` in the log instead.
//! Log rows and outbox files belong to their request and are erased with it
//! ([`Mailer::erase`]).
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Config, ConfigError};
use crate::db::{fmt_time, now, Db};
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
        })
    }

    /// Where outbox files go.
    pub fn outbox_dir(&self) -> &Path {
        &self.outbox
    }

    /// Logs `out` as queued and delivers it in the background.
    pub fn send(self: &Arc<Self>, db: &Db, out: Outgoing) {
        let (me, db) = (Arc::clone(self), db.clone());
        tokio::spawn(async move {
            if let Err(e) = me.deliver(&db, out).await {
                tracing::warn!("mail not logged: {e}");
            }
        });
    }

    async fn deliver(&self, db: &Db, out: Outgoing) -> Result<(), sqlx::Error> {
        // The request may have been erased in the meantime: then the insert
        // fails its foreign key and nothing is sent.
        // Both log writes join the creates' shared transaction (Db::grouped):
        // one mail per create must not cost a commit of its own.
        let id: i64 = db
            .grouped(async |c| {
                sqlx::query_scalar(
                    "INSERT INTO mail_log (workspace_id, dsr_id, kind, recipient, subject,
                                           text_body, date_creation, status)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued') RETURNING id",
                )
                .bind(out.ws)
                .bind(out.dsr)
                .bind(out.kind)
                .bind(&out.to)
                .bind(&out.mail.subject)
                .bind(&out.mail.text)
                .bind(fmt_time(now()))
                .fetch_one(c)
                .await
            })
            .await?;
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
                    write_file(&self.outbox, &name, &message.formatted())
                        .await
                        .map(|()| "outbox")
                        .map_err(|e| e.to_string())
                }
            },
        };
        let (status, error) = match result {
            Ok(status) => (status, None),
            Err(e) => {
                tracing::warn!("mail {id} ({}) failed: {e}", out.kind);
                ("failed", Some(e))
            }
        };
        db.grouped(async |c| {
            sqlx::query("UPDATE mail_log SET status = $1, error = $2 WHERE id = $3")
                .bind(status)
                .bind(error)
                .bind(id)
                .execute(c)
                .await
        })
        .await?;
        Ok(())
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

async fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    tokio::fs::write(dir.join(name), bytes).await
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
