//! [`WebhookWorker`]: delivers a PostgreSQL program's outbox (tables `affiliate_kit_endpoints`,
//! `affiliate_kit_attempts`, `affiliate_kit_dead_letters`; cursors in `affiliate_kit_cursors`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use affiliate_kit::program::sign_webhook;
use affiliate_kit::{Error, Result};
use postgres::fallible_iterator::FallibleIterator as _;
use postgres::{Client, GenericClient};

use super::http::{self, Sent};
use super::{check_endpoints, jitter, now_ms, time, Attempt, DeadLetter, DeliveryOptions, DeliveryReport, Endpoint};
use crate::postgres::{big, create_schema, event, pg, set_cursor, unsigned, Connector, CHANNEL};

/// Delivers the events of one PostgreSQL program to its endpoints; see the module `webhooks`.
/// It needs no replica of the program: only its own connection to the outbox.
pub struct WebhookWorker {
    client: Option<Client>,
    connector: Connector,
    program_id: String,
    endpoints: Vec<Endpoint>,
    options: DeliveryOptions,
    agent: ureq::Agent,
}

impl std::fmt::Debug for WebhookWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.endpoints.iter().map(|e| e.name.as_str()).collect();
        f.debug_struct("WebhookWorker").field("program_id", &self.program_id).field("endpoints", &names).finish()
    }
}

/// Deliveries recorded in one transaction at most: what a worker that dies sends again.
const RECORD_EVERY: usize = 20;

/// An event of the outbox as the worker reads it.
struct Queued {
    sequence: u64,
    event_type: String,
    body: String,
}

impl WebhookWorker {
    /// A worker for the program of `url` (`postgresql://...?program=main`), which must exist.
    /// Errors: `INVALID_INPUT` (an endpoint or an option; no such program), `STORAGE`.
    pub fn open(url: &str, endpoints: Vec<Endpoint>, options: DeliveryOptions) -> Result<WebhookWorker> {
        check_endpoints(&endpoints)?;
        options.check()?;
        let (connector, program_id) = Connector::from_url(url)?;
        let mut client = connector.connect(None)?;
        create_schema(&mut client)?;
        client.batch_execute(&format!("LISTEN {CHANNEL}")).map_err(pg("connect"))?;
        let exists = client
            .query_opt("SELECT 1 FROM affiliate_kit_programs WHERE id = $1", &[&program_id])
            .map_err(pg("open"))?
            .is_some();
        if !exists {
            return Err(Error::InvalidInput {
                field: "url".into(),
                reason: format!("the database holds no program {program_id:?}"),
            });
        }
        let agent = http::agent(options.timeout);
        Ok(WebhookWorker { client: Some(client), connector, program_id, endpoints, options, agent })
    }

    /// The endpoints it delivers to.
    pub fn endpoints(&self) -> &[Endpoint] {
        &self.endpoints
    }

    /// The connection, listening to the commits' notifications; reconnected when the last one broke.
    fn client(&mut self) -> Result<&mut Client> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            let mut client = self.connector.connect(None)?;
            client.batch_execute(&format!("LISTEN {CHANNEL}")).map_err(pg("connect"))?;
            self.client = Some(client);
        }
        self.client.as_mut().ok_or_else(|| Error::InvalidState { reason: "no connection".into() })
    }

    /// One pass: for each endpoint that no other worker holds and whose next attempt is due, its
    /// requeued dead letters, then its events in order until one fails (at most `batch`).
    pub fn deliver_once(&mut self) -> Result<DeliveryReport> {
        let mut report = DeliveryReport::default();
        for endpoint in self.endpoints.clone() {
            report.add(self.deliver_endpoint(&endpoint)?);
        }
        Ok(report)
    }

    /// Passes until `stop` is set, sleeping `idle` (in steps of at most 50 ms, watching `stop`)
    /// after a pass that did nothing. A storage error (the server restarting) is retried after
    /// `idle`; anything else ends the loop.
    pub fn run(&mut self, stop: &AtomicBool, idle: Duration) -> Result<DeliveryReport> {
        let mut total = DeliveryReport::default();
        while !stop.load(Ordering::Relaxed) {
            let idle_now = match self.deliver_once() {
                Ok(report) => {
                    total.add(report);
                    report.is_idle()
                }
                Err(Error::Storage { .. } | Error::Busy { .. }) => true,
                Err(e) => return Err(e),
            };
            if idle_now {
                self.wait(stop, idle);
            }
        }
        Ok(total)
    }

    /// Waits up to `idle` for a commit of the program (its notification), watching `stop` every
    /// 50 ms. Notifications only shorten the wait: without them the next pass comes after `idle`.
    fn wait(&mut self, stop: &AtomicBool, idle: Duration) {
        let until = Instant::now() + idle;
        let id = self.program_id.clone();
        while !stop.load(Ordering::Relaxed) {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            let step = left.min(Duration::from_millis(50));
            let Ok(client) = self.client() else {
                std::thread::sleep(step);
                continue;
            };
            let mut woken = false;
            let mut broken = false;
            let mut notifications = client.notifications();
            let mut arrived = notifications.timeout_iter(step);
            // Every notification that came meanwhile, then up to `step` for one more.
            loop {
                match arrived.next() {
                    Ok(Some(note)) if note.payload() == id => woken = true,
                    Ok(Some(_)) => continue, // another program's commit
                    Ok(None) => {}
                    Err(_) => broken = true,
                }
                break;
            }
            if woken {
                return;
            }
            if broken {
                std::thread::sleep(step);
            }
        }
    }

    /// One endpoint's pass, under its lock (a session advisory lock on (program, endpoint), freed
    /// when the pass ends or the connection drops): one worker per endpoint keeps its order.
    fn deliver_endpoint(&mut self, endpoint: &Endpoint) -> Result<DeliveryReport> {
        let id = self.program_id.clone();
        let db = self.client()?;
        let locked: bool = db
            .query_one("SELECT pg_try_advisory_lock(hashtext($1), hashtext($2))", &[&id, &endpoint.name])
            .map_err(pg("deliver"))?
            .get(0);
        if !locked {
            return Ok(DeliveryReport { waiting: 1, ..DeliveryReport::default() });
        }
        let pass = self.deliver_locked(endpoint);
        let db = self.client()?;
        let unlocked = db
            .execute("SELECT pg_advisory_unlock(hashtext($1), hashtext($2))", &[&id, &endpoint.name])
            .map_err(pg("deliver"));
        let report = pass?;
        unlocked?;
        Ok(report)
    }

    fn deliver_locked(&mut self, endpoint: &Endpoint) -> Result<DeliveryReport> {
        let mut report = DeliveryReport::default();
        let id = self.program_id.clone();
        let consumer = endpoint.consumer();
        let db = self.client()?;
        db.execute(
            "INSERT INTO affiliate_kit_endpoints (program, endpoint, attempts) VALUES ($1, $2, 0) \
             ON CONFLICT (program, endpoint) DO NOTHING",
            &[&id, &endpoint.name],
        )
        .map_err(pg("deliver"))?;
        // Requeued dead letters first, once each.
        let requeued = db
            .query(
                "SELECT d.sequence, e.type, e.body FROM affiliate_kit_dead_letters d JOIN affiliate_kit_events e \
                 ON e.program = d.program AND e.sequence = d.sequence \
                 WHERE d.program = $1 AND d.endpoint = $2 AND d.requeued ORDER BY d.sequence",
                &[&id, &endpoint.name],
            )
            .map_err(pg("deliver"))?;
        for queued in requeued.iter().map(queued).collect::<Result<Vec<_>>>()? {
            let (at, sent) = self.send(endpoint, &queued)?;
            let db = self.client()?;
            let mut tx = db.transaction().map_err(pg("deliver"))?;
            let attempt = next_attempt(&mut tx, &id, endpoint, queued.sequence)?;
            record(&mut tx, &id, endpoint, queued.sequence, attempt, at, &sent)?;
            if sent.error.is_none() {
                tx.execute(
                    "UPDATE affiliate_kit_dead_letters SET requeued = false, delivered_at = $4 \
                     WHERE program = $1 AND endpoint = $2 AND sequence = $3",
                    &[&id, &endpoint.name, &big(queued.sequence), &at],
                )
                .map_err(pg("deliver"))?;
                report.replayed += 1;
            } else {
                tx.execute(
                    "UPDATE affiliate_kit_dead_letters SET requeued = false, attempts = attempts + 1, error = $4 \
                     WHERE program = $1 AND endpoint = $2 AND sequence = $3",
                    &[&id, &endpoint.name, &big(queued.sequence), &sent.error],
                )
                .map_err(pg("deliver"))?;
                report.failed += 1;
            }
            tx.commit().map_err(pg("deliver"))?;
        }
        // Then the stream, in order, from the endpoint's cursor.
        let batch = big(self.options.batch);
        let db = self.client()?;
        let state = db
            .query_one(
                "SELECT attempts, next_at FROM affiliate_kit_endpoints WHERE program = $1 AND endpoint = $2",
                &[&id, &endpoint.name],
            )
            .map_err(pg("deliver"))?;
        let (mut failures, next_at): (i32, Option<i64>) = (state.get(0), state.get(1));
        if next_at.is_some_and(|next| next > now_ms()) {
            report.waiting += 1;
            return Ok(report);
        }
        let cursor: i64 = db
            .query_opt(
                "SELECT sequence FROM affiliate_kit_cursors WHERE program = $1 AND consumer = $2",
                &[&id, &consumer],
            )
            .map_err(pg("deliver"))?
            .map_or(0, |r| r.get(0));
        let rows = db
            .query(
                "SELECT sequence, type, body FROM affiliate_kit_events WHERE program = $1 AND sequence > $2 \
                 ORDER BY sequence LIMIT $3",
                &[&id, &cursor, &batch],
            )
            .map_err(pg("deliver"))?;
        // Deliveries and skips are recorded together (one transaction) every `RECORD_EVERY`
        // deliveries, at the first failure and at the end of the batch: a worker that dies before it
        // records them sends them again (at least once).
        let mut settled = Settled::default();
        for queued in rows.iter().map(queued).collect::<Result<Vec<_>>>()? {
            if !endpoint.wants(&queued.event_type) {
                settled.cursor = Some(queued.sequence);
                report.skipped += 1;
                continue;
            }
            let (at, sent) = self.send(endpoint, &queued)?;
            let attempt = failures + 1;
            let Some(error) = sent.error.clone() else {
                settled.delivered(queued.sequence, attempt, at, &sent);
                failures = 0;
                report.delivered += 1;
                if settled.sequence.len() >= RECORD_EVERY {
                    let db = self.client()?;
                    let mut tx = db.transaction().map_err(pg("deliver"))?;
                    settled.write(&mut tx, &id, endpoint)?;
                    tx.commit().map_err(pg("deliver"))?;
                }
                continue;
            };
            let max_attempts = i32::try_from(self.options.max_attempts).unwrap_or(i32::MAX);
            let wait = self.options.wait_after(u32::try_from(attempt).unwrap_or(u32::MAX), jitter());
            let db = self.client()?;
            let mut tx = db.transaction().map_err(pg("deliver"))?;
            settled.write(&mut tx, &id, endpoint)?;
            record(&mut tx, &id, endpoint, queued.sequence, attempt, at, &sent)?;
            if attempt >= max_attempts {
                tx.execute(
                    "INSERT INTO affiliate_kit_dead_letters \
                     (program, endpoint, sequence, attempts, error, dead_at, requeued) \
                     VALUES ($1, $2, $3, $4, $5, $6, false) ON CONFLICT DO NOTHING",
                    &[&id, &endpoint.name, &big(queued.sequence), &attempt, &error, &at],
                )
                .map_err(pg("deliver"))?;
                settled.cursor = Some(queued.sequence);
                settled.write(&mut tx, &id, endpoint)?;
                tx.commit().map_err(pg("deliver"))?;
                failures = 0;
                report.dead += 1;
                continue;
            }
            let next = at.saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX));
            tx.execute(
                "UPDATE affiliate_kit_endpoints SET attempts = $3, next_at = $4 WHERE program = $1 AND endpoint = $2",
                &[&id, &endpoint.name, &attempt, &next],
            )
            .map_err(pg("deliver"))?;
            tx.commit().map_err(pg("deliver"))?;
            report.failed += 1;
            return Ok(report); // later events wait behind this one
        }
        if settled.cursor.is_some() {
            let db = self.client()?;
            let mut tx = db.transaction().map_err(pg("deliver"))?;
            settled.write(&mut tx, &id, endpoint)?;
            tx.commit().map_err(pg("deliver"))?;
        }
        Ok(report)
    }

    /// Signs (at the attempt's time) and POSTs one event; answers when it was sent (unix ms).
    fn send(&self, endpoint: &Endpoint, queued: &Queued) -> Result<(i64, Sent)> {
        let event = event(big(queued.sequence), queued.body.clone())?;
        let at = now_ms();
        let webhook = sign_webhook(&event, &endpoint.secret, time(at))?;
        Ok((at, http::post(&self.agent, &endpoint.url, &webhook)))
    }

    /// The dead letters of `endpoint` (every endpoint when `None`), by endpoint and sequence.
    pub fn dead_letters(&mut self, endpoint: Option<&str>) -> Result<Vec<DeadLetter>> {
        let id = self.program_id.clone();
        let rows = self
            .client()?
            .query(
                "SELECT d.endpoint, d.sequence, e.type, d.attempts, d.error, d.dead_at, d.requeued, d.delivered_at \
                 FROM affiliate_kit_dead_letters d JOIN affiliate_kit_events e \
                 ON e.program = d.program AND e.sequence = d.sequence \
                 WHERE d.program = $1 AND ($2::TEXT IS NULL OR d.endpoint = $2) ORDER BY d.endpoint, d.sequence",
                &[&id, &endpoint],
            )
            .map_err(pg("read"))?;
        rows.iter()
            .map(|r| {
                Ok(DeadLetter {
                    endpoint: r.get(0),
                    sequence: unsigned(r.get(1), "a sequence")?,
                    event_type: r.get(2),
                    attempts: u32::try_from(r.get::<_, i32>(3)).unwrap_or(0),
                    error: r.get(4),
                    dead_at: time(r.get(5)),
                    requeued: r.get(6),
                    delivered_at: r.get::<_, Option<i64>>(7).map(time),
                })
            })
            .collect()
    }

    /// Requeues dead letters of `endpoint` for the next pass (`sequences` empty: all of them that
    /// were not delivered yet). Answers how many were requeued; a sequence that is not one of its
    /// dead letters is `NOT_FOUND`, and nothing is requeued.
    pub fn replay_dead_letters(&mut self, endpoint: &str, sequences: &[u64]) -> Result<u64> {
        let id = self.program_id.clone();
        let db = self.client()?;
        let mut tx = db.transaction().map_err(pg("replay"))?;
        let mut requeued = 0;
        if sequences.is_empty() {
            requeued = tx
                .execute(
                    "UPDATE affiliate_kit_dead_letters SET requeued = true \
                     WHERE program = $1 AND endpoint = $2 AND delivered_at IS NULL",
                    &[&id, &endpoint],
                )
                .map_err(pg("replay"))?;
        }
        for &sequence in sequences {
            let n = tx
                .execute(
                    "UPDATE affiliate_kit_dead_letters SET requeued = true \
                     WHERE program = $1 AND endpoint = $2 AND sequence = $3",
                    &[&id, &endpoint, &big(sequence)],
                )
                .map_err(pg("replay"))?;
            if n == 0 {
                return Err(Error::NotFound { entity: "dead letter".into(), id: format!("{endpoint}/{sequence}") });
            }
            requeued += n;
        }
        tx.commit().map_err(pg("replay"))?;
        Ok(requeued)
    }

    /// The attempts of `endpoint` for event `sequence`, oldest first.
    pub fn attempts(&mut self, endpoint: &str, sequence: u64) -> Result<Vec<Attempt>> {
        let id = self.program_id.clone();
        let rows = self
            .client()?
            .query(
                "SELECT attempt, at, status, error, millis FROM affiliate_kit_attempts \
                 WHERE program = $1 AND endpoint = $2 AND sequence = $3 ORDER BY attempt",
                &[&id, &endpoint, &big(sequence)],
            )
            .map_err(pg("read"))?;
        Ok(rows
            .iter()
            .map(|r| Attempt {
                endpoint: endpoint.to_string(),
                sequence,
                attempt: u32::try_from(r.get::<_, i32>(0)).unwrap_or(0),
                at: time(r.get(1)),
                status: r.get::<_, Option<i32>>(2).and_then(|s| u16::try_from(s).ok()),
                error: r.get(3),
                millis: u64::try_from(r.get::<_, i64>(4)).unwrap_or(0),
            })
            .collect())
    }
}

/// What a pass settled and has not recorded yet: the attempts that delivered, and the sequence the
/// endpoint's cursor moves to.
#[derive(Default)]
struct Settled {
    sequence: Vec<i64>,
    attempt: Vec<i32>,
    at: Vec<i64>,
    status: Vec<Option<i32>>,
    millis: Vec<i64>,
    cursor: Option<u64>,
}

impl Settled {
    fn delivered(&mut self, sequence: u64, attempt: i32, at: i64, sent: &Sent) {
        self.sequence.push(big(sequence));
        self.attempt.push(attempt);
        self.at.push(at);
        self.status.push(sent.status.map(i32::from));
        self.millis.push(big(sent.millis));
        self.cursor = Some(sequence);
    }

    /// Records it in `tx` (the attempts in one statement; the cursor moved, the endpoint's failure
    /// count reset) and starts over.
    fn write(&mut self, tx: &mut postgres::Transaction<'_>, id: &str, endpoint: &Endpoint) -> Result<()> {
        let settled = std::mem::take(self);
        if !settled.sequence.is_empty() {
            tx.execute(
                "INSERT INTO affiliate_kit_attempts (program, endpoint, sequence, attempt, at, status, error, millis) \
                 SELECT $1, $2, s, a, t, st, NULL, m \
                 FROM unnest($3::BIGINT[], $4::INT[], $5::BIGINT[], $6::INT[], $7::BIGINT[]) AS u (s, a, t, st, m)",
                &[
                    &id,
                    &endpoint.name,
                    &settled.sequence,
                    &settled.attempt,
                    &settled.at,
                    &settled.status,
                    &settled.millis,
                ],
            )
            .map_err(pg("deliver"))?;
        }
        if let Some(cursor) = settled.cursor {
            set_cursor(tx, id, &endpoint.consumer(), cursor)?;
            tx.execute(
                "UPDATE affiliate_kit_endpoints SET attempts = 0, next_at = NULL WHERE program = $1 AND endpoint = $2",
                &[&id, &endpoint.name],
            )
            .map_err(pg("deliver"))?;
        }
        Ok(())
    }
}

fn queued(row: &postgres::Row) -> Result<Queued> {
    Ok(Queued { sequence: unsigned(row.get(0), "a sequence")?, event_type: row.get(1), body: row.get(2) })
}

/// The number of the next attempt of event `sequence` to `endpoint` (1, 2, ...; a replay of a dead
/// letter continues its count).
fn next_attempt(db: &mut impl GenericClient, id: &str, endpoint: &Endpoint, sequence: u64) -> Result<i32> {
    Ok(db
        .query_one(
            "SELECT coalesce(max(attempt), 0) + 1 FROM affiliate_kit_attempts \
             WHERE program = $1 AND endpoint = $2 AND sequence = $3",
            &[&id, &endpoint.name, &big(sequence)],
        )
        .map_err(pg("deliver"))?
        .get(0))
}

/// Records attempt number `attempt` of event `sequence` to `endpoint`.
fn record(
    db: &mut impl GenericClient,
    id: &str,
    endpoint: &Endpoint,
    sequence: u64,
    attempt: i32,
    at: i64,
    sent: &Sent,
) -> Result<()> {
    db.execute(
        "INSERT INTO affiliate_kit_attempts (program, endpoint, sequence, attempt, at, status, error, millis) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &id,
            &endpoint.name,
            &big(sequence),
            &attempt,
            &at,
            &sent.status.map(i32::from),
            &sent.error,
            &big(sent.millis),
        ],
    )
    .map_err(pg("deliver"))?;
    Ok(())
}
