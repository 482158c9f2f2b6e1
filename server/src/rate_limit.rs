//! In-memory token bucket per (client IP, API key) for the public endpoints.
//!
//! The public widget key is printed in every host page, so anyone can use it:
//! the limit is what stands between it and a flood of fake DSRs. A bucket holds
//! `per_minute` tokens (the burst) and refills at `per_minute / 60` per second.
//! Over the limit: 429 with the seed error body and `Retry-After` (error.rs).
//!
//! On SQLite, in memory: one process is the whole product; a restart forgetting
//! the buckets is harmless. The map is pruned when it grows, so distinct
//! addresses cannot grow it without bound. On PostgreSQL several processes may
//! serve one database, so the buckets live in it (`rate_buckets`, one atomic
//! upsert per check): a client alternating between processes still gets one
//! budget, not one per process.
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::db::{Db, Dialect};
use crate::error::AppError;

/// Above this many buckets, full (idle) buckets are dropped on the next check.
const PRUNE_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The limiter; `per_minute == 0` disables it (load tests).
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<(IpAddr, i64), Bucket>>,
    /// Checks made against the database (prunes idle buckets now and then).
    shared_checks: AtomicU64,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per minute per (ip, key); 0 = unlimited.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
            shared_checks: AtomicU64::new(0),
        }
    }

    /// Takes one token for `(ip, key_id)`, or says how many seconds to wait.
    pub async fn check(&self, db: &Db, ip: IpAddr, key_id: i64) -> Result<(), AppError> {
        match db.dialect {
            Dialect::Sqlite => self.check_at(ip, key_id, Instant::now()),
            Dialect::Postgres => self.check_shared(db, ip, key_id).await,
        }
    }

    /// The same bucket rule, in the database shared by every server process.
    async fn check_shared(&self, db: &Db, ip: IpAddr, key_id: i64) -> Result<(), AppError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_ms = capacity / 60_000.0;
        let now_ms = chrono::Utc::now().timestamp_millis();
        // Every SET expression reads the row as it was: `ok` says whether a
        // token was there before this check took it.
        let (ok, tokens): (i64, f64) = sqlx::query_as(
            "INSERT INTO rate_buckets AS b (ip, key_id, tokens, at_ms, ok)
             VALUES ($1, $2, $3 - 1, $4, 1)
             ON CONFLICT (ip, key_id) DO UPDATE SET
                 tokens = LEAST($3, b.tokens + ($4 - b.at_ms) * $5)
                          - CASE WHEN LEAST($3, b.tokens + ($4 - b.at_ms) * $5) >= 1
                                 THEN 1 ELSE 0 END,
                 ok = CASE WHEN LEAST($3, b.tokens + ($4 - b.at_ms) * $5) >= 1
                           THEN 1 ELSE 0 END,
                 at_ms = GREATEST(b.at_ms, $4)
             RETURNING ok, tokens",
        )
        .bind(ip.to_string())
        .bind(key_id)
        .bind(capacity)
        .bind(now_ms)
        .bind(per_ms)
        .fetch_one(&db.write)
        .await?;
        // Idle a minute means full again: such rows carry nothing.
        if self.shared_checks.fetch_add(1, Ordering::Relaxed) % 1000 == 999 {
            sqlx::query("DELETE FROM rate_buckets WHERE at_ms < $1")
                .bind(now_ms - 60_000)
                .execute(&db.write)
                .await?;
        }
        if ok == 1 {
            Ok(())
        } else {
            let wait = ((1.0 - tokens) / (per_ms * 1000.0)).ceil().max(1.0) as u64;
            Err(AppError::TooManyRequests { retry_after: wait })
        }
    }

    fn check_at(&self, ip: IpAddr, key_id: i64, now: Instant) -> Result<(), AppError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_sec = capacity / 60.0;
        // A poisoned lock only means another request panicked mid-update; the
        // map is still usable, and refusing all traffic would be worse.
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= PRUNE_AT {
            map.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * per_sec < capacity
            });
        }
        let b = map.entry((ip, key_id)).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * per_sec).min(capacity);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - b.tokens) / per_sec).ceil().max(1.0) as u64;
            Err(AppError::TooManyRequests { retry_after: wait })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn burst_then_refill() {
        let rl = RateLimiter::new(60);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..60 {
            rl.check_at(ip, 1, t0).unwrap();
        }
        match rl.check_at(ip, 1, t0) {
            Err(AppError::TooManyRequests { retry_after }) => assert_eq!(retry_after, 1),
            other => panic!("{other:?}"),
        }
        // Another key from the same address has its own bucket.
        rl.check_at(ip, 2, t0).unwrap();
        rl.check_at(ip, 1, t0 + Duration::from_secs(1)).unwrap();
    }

    #[test]
    fn zero_disables() {
        let rl = RateLimiter::new(0);
        for _ in 0..1000 {
            rl.check_at(IpAddr::from([127, 0, 0, 1]), 1, Instant::now())
                .unwrap();
        }
    }
}
