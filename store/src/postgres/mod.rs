//! [`PostgresProgram`]: a program whose journal lives in PostgreSQL, so that processes on several
//! machines share it (feature `postgres`). The same guarantees as the SQLite file, on the same
//! journal logic (`journal::replay_rows`, `append::Append`); several programs per database, every
//! row keyed by the program's id.
//!
//! Rules it keeps:
//! - an append locks the program's row (`SELECT head ... FOR UPDATE`), applies the rows other
//!   writers committed since this replica last looked, runs the commands, inserts their journal rows
//!   and events at head + 1, + 2, ..., moves the head, commits, and only then answers. The seq is
//!   never taken from a sequence or identity column: it is the locked head's successor, so commit
//!   order is seq order and there are no gaps;
//! - a command whose commit may or may not have happened (the connection broke) is not answered: its
//!   error is `STORAGE`, the replica is dropped and rebuilt, and the caller retries with the same
//!   request id ([`PostgresProgram::execute_once`]), which answers the first outcome if it committed;
//! - reads first apply what other writers committed (checked with one indexed read of the head);
//! - each commit sends `NOTIFY affiliate_kit, '<program>'`: listeners (webhook workers) wake early,
//!   but nobody's correctness depends on it (a lost notification only means a later look);
//! - opening starts from the newest usable checkpoint (`checkpoint.rs`) and replays what follows;
//!   any writer takes one once `checkpoint_every` commands were journaled after the last.

use affiliate_kit::program::{Command, CommandOutcome, Erasure, Event, Program, ProgramConfig};
use affiliate_kit::{Error, Result};
use postgres::{Client, GenericClient, IsolationLevel, Transaction};

use crate::append::{Append, JournalTx};
use crate::faults::Faults;
use crate::journal::{JournalEntry, Pending, Rendered, Requested, StoredRow};
use crate::refusals::{check_consumer, closed, lost_replica};
use crate::{journal, CheckpointInfo, OpenOptions, OpenReport};

mod checkpoint;
mod connect;
mod schema;

pub(crate) use connect::Connector;
pub(crate) use schema::create_schema;
use schema::program_row;

/// How far behind (journal rows) a replica may be and still catch up under the program's lock; a
/// replica further behind catches up first, without it.
const CATCH_UP_OUTSIDE_LOCK: u64 = 100;

/// The channel every commit notifies, with the program's id as payload (`LISTEN affiliate_kit`).
pub const CHANNEL: &str = "affiliate_kit";

/// The program of a URL without `?program=`.
pub const DEFAULT_PROGRAM: &str = "main";

/// A program kept in PostgreSQL: see the module documentation.
pub struct PostgresProgram {
    /// `None` once closed; reconnected after a broken connection.
    client: Option<Client>,
    connector: Connector,
    program_id: String,
    config: ProgramConfig,
    /// The in-memory program, at journal seq `seq`; `None` after a failed append ran commands in it
    /// that may not be in the database: rebuilt at the next call.
    replica: Option<Program>,
    seq: u64,
    options: OpenOptions,
    /// The seq of the newest checkpoint this replica knows of.
    last_checkpoint: u64,
    report: OpenReport,
    faults: Faults,
    rendered: Rendered,
    closed: bool,
}

impl std::fmt::Debug for PostgresProgram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresProgram").field("program_id", &self.program_id).field("seq", &self.seq).finish()
    }
}

/// PostgreSQL's error as the core's: a lock or serialization conflict is `BUSY` (retry), anything
/// else (a broken connection, a refused login, a full disk) `STORAGE`.
pub(crate) fn pg(operation: &'static str) -> impl Fn(postgres::Error) -> Error {
    move |e| {
        let busy = e.code().is_some_and(|c| {
            let code = c.code();
            code == "40001" || code == "40P01" || code == "55P03"
        });
        if busy {
            Error::Busy { reason: format!("{operation}: {e}") }
        } else {
            Error::Storage { operation: operation.to_string(), reason: e.to_string() }
        }
    }
}

/// A seq, sequence or limit as PostgreSQL's BIGINT: beyond `i64::MAX` there is nothing anyway.
pub(crate) fn big(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A BIGINT read back as the core's u64 (a negative one is not ours).
pub(crate) fn unsigned(n: i64, what: &str) -> Result<u64> {
    u64::try_from(n).map_err(|_| Error::CorruptJournal { reason: format!("{what} is negative ({n})") })
}

impl PostgresProgram {
    /// Opens the program named by `url` (`postgresql://user@host:port/db?program=main`), creating the
    /// tables in a new database. With `config`, a missing program is created with it; a program
    /// stored with another config is `CONFLICT`. Without it, the program must exist
    /// (`INVALID_INPUT`). Errors: `STORAGE` (cannot connect), `CORRUPT_JOURNAL`,
    /// `UNSUPPORTED_VERSION` (a journal of a newer library).
    pub fn open(url: &str, config: Option<ProgramConfig>) -> Result<PostgresProgram> {
        PostgresProgram::open_with(url, config, OpenOptions::default())
    }

    /// [`PostgresProgram::open`] with options: `busy_timeout` is how long an append waits for the
    /// program's row lock (PostgreSQL's `lock_timeout`) before `BUSY`; the checkpoint options are
    /// the file's; `durability` does not apply (PostgreSQL's `synchronous_commit` decides).
    pub fn open_with(url: &str, config: Option<ProgramConfig>, options: OpenOptions) -> Result<PostgresProgram> {
        let (connector, program_id) = Connector::from_url(url)?;
        let mut client = connector.connect(Some(options.busy_timeout))?;
        create_schema(&mut client)?;
        let config = program_row(&mut client, &program_id, config)?;
        let mut program = PostgresProgram {
            client: Some(client),
            connector,
            program_id,
            config,
            replica: None,
            seq: 0,
            options,
            last_checkpoint: 0,
            report: OpenReport::default(),
            faults: Faults::default(),
            rendered: Rendered::default(),
            closed: false,
        };
        program.load()?;
        Ok(program)
    }

    /// How the replica was last built: from which checkpoint, how many journal rows replayed.
    pub fn open_report(&self) -> OpenReport {
        self.report
    }

    /// The program's id in the database.
    pub fn program_id(&self) -> &str {
        &self.program_id
    }

    /// The last journal seq this replica holds (0 for a new program).
    pub fn head(&self) -> u64 {
        self.seq
    }

    /// The connection, reconnected when the last one broke.
    fn client(&mut self) -> Result<&mut Client> {
        if self.closed {
            return Err(closed());
        }
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.client = Some(self.connector.connect(Some(self.options.busy_timeout))?);
        }
        self.client.as_mut().ok_or_else(closed)
    }

    /// The program, with every command committed so far by any writer applied.
    pub fn program(&mut self) -> Result<&Program> {
        self.refresh()?;
        self.replica.as_ref().ok_or_else(lost_replica)
    }

    /// Applies the commands other writers committed since this replica last looked.
    pub fn refresh(&mut self) -> Result<()> {
        if self.replica.is_none() {
            return self.load();
        }
        let id = self.program_id.clone();
        let client = self.client()?;
        let head = head_of(client, &id, false)?;
        if head == self.seq {
            return Ok(());
        }
        let PostgresProgram { client, replica, seq, .. } = self;
        let client = client.as_mut().ok_or_else(closed)?;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(pg("refresh"))?;
        let head = head_of(&mut tx, &id, false)?;
        // An erasure committed since rewrote rows this replica has not applied: reload from its checkpoint.
        if latest_erasure(&mut tx, &id)? > *seq {
            tx.commit().map_err(pg("refresh"))?;
            return self.load();
        }
        if let Some(program) = replica.as_mut() {
            if let Err(e) = replay(&mut tx, &id, program, seq, head) {
                *replica = None;
                return Err(e);
            }
        }
        tx.commit().map_err(pg("refresh"))
    }

    /// Rebuilds the replica: the newest usable checkpoint, then the journal after it.
    fn load(&mut self) -> Result<()> {
        let id = self.program_id.clone();
        let config = self.config.clone();
        let client = self.client()?;
        // One consistent view while checkpoints and rows are read.
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(pg("open"))?;
        let head = head_of(&mut tx, &id, false)?;
        let (start, skipped) = checkpoint::newest(&mut tx, &id, &config, head)?;
        let mut report = OpenReport {
            checkpoint_seq: start.as_ref().map(|(_, seq)| *seq),
            skipped_checkpoints: u32::try_from(skipped).unwrap_or(u32::MAX),
            replayed: 0,
        };
        let erased = latest_erasure(&mut tx, &id)?;
        if start.as_ref().map_or(0, |(_, seq)| *seq) < erased {
            return Err(Error::CorruptJournal {
                reason: format!(
                    "the checkpoint written by the erasure at seq {erased} cannot be read: the journal before it                      was redacted and does not replay"
                ),
            });
        }
        let (mut program, mut seq) = match start {
            Some(found) => found,
            None => (Program::new(config)?, 0),
        };
        let from = seq;
        replay(&mut tx, &id, &mut program, &mut seq, head)?;
        report.replayed = seq - from;
        let newest = checkpoint::newest_seq(&mut tx, &id)?;
        tx.commit().map_err(pg("open"))?;
        self.replica = Some(program);
        self.seq = seq;
        self.last_checkpoint = newest;
        self.report = report;
        Ok(())
    }

    /// Writes a checkpoint of the current state (first applying what other writers committed), so
    /// that opening replays only what follows it. Older checkpoints beyond
    /// [`OpenOptions::keep_checkpoints`] are deleted.
    pub fn checkpoint(&mut self) -> Result<CheckpointInfo> {
        self.refresh()?;
        let id = self.program_id.clone();
        self.client()?;
        let PostgresProgram { client, replica, seq, faults, options, .. } = self;
        let client = client.as_mut().ok_or_else(closed)?;
        let program = replica.as_ref().ok_or_else(lost_replica)?;
        let info = checkpoint::write(client, &id, program, *seq, options, faults)?;
        self.last_checkpoint = info.seq;
        Ok(info)
    }

    /// Takes a checkpoint when enough commands were journaled since the last one (by any writer).
    /// The command that triggered it is committed whatever happens here: a failed checkpoint is
    /// simply not there.
    fn checkpoint_if_due(&mut self) {
        let every = self.options.checkpoint_every;
        if every == 0 || self.seq.saturating_sub(self.last_checkpoint) < every {
            return;
        }
        let id = self.program_id.clone();
        if let Ok(client) = self.client() {
            self.last_checkpoint = checkpoint::newest_seq(client, &id).unwrap_or(self.last_checkpoint);
        }
        if self.seq.saturating_sub(self.last_checkpoint) >= every {
            let _ = self.checkpoint();
        }
    }

    /// The appending transaction; see the module's rules.
    pub(crate) fn append(&mut self, batch: Vec<(Command, Option<String>)>) -> Result<Vec<Result<CommandOutcome>>> {
        if self.replica.is_none() {
            self.load()?;
        }
        match self.append_locked(batch, true)? {
            Ok(answers) => Ok(answers),
            // Far behind: it catches up without the lock, then appends (only what other writers
            // committed meanwhile is left to replay under the lock).
            Err(batch) => {
                self.refresh()?;
                self.append_locked(batch, false)?.map_err(|_| lost_replica())
            }
        }
    }

    /// [`PostgresProgram::append`] under the program's row lock; gives the batch back, having
    /// written nothing, when `catch_up_first` and the replica is more than [`CATCH_UP_OUTSIDE_LOCK`]
    /// rows behind.
    #[allow(clippy::type_complexity)]
    fn append_locked(
        &mut self,
        batch: Vec<(Command, Option<String>)>,
        catch_up_first: bool,
    ) -> Result<std::result::Result<Vec<Result<CommandOutcome>>, Vec<(Command, Option<String>)>>> {
        let id = self.program_id.clone();
        self.client()?;
        let erases =
            batch.iter().any(|(c, _)| matches!(c, Command::EraseAffiliate { .. } | Command::EraseCustomer { .. }));
        let PostgresProgram { client, replica, seq, faults, rendered, options, .. } = self;
        let client = client.as_mut().ok_or_else(closed)?;
        let program = replica.as_mut().ok_or_else(lost_replica)?;
        faults.step("append.begin")?;
        let mut tx = client.transaction().map_err(pg("append"))?;
        let head = head_of(&mut tx, &id, true)?;
        if latest_erasure(&mut tx, &id)? > *seq {
            // Another writer erased: rows this replica has not applied no longer replay.
            *replica = None;
            return Err(Error::Busy {
                reason: "an erasure was committed meanwhile: the program reloads; try again".into(),
            });
        }
        if catch_up_first && head.saturating_sub(*seq) > CATCH_UP_OUTSIDE_LOCK {
            tx.rollback().map_err(pg("append"))?;
            return Ok(Err(batch));
        }
        // Rows other writers committed: the replica holds them from here on, whatever follows.
        if let Err(e) = replay(&mut tx, &id, program, seq, head) {
            *replica = None;
            return Err(e);
        }
        let (written, applied, ran) = {
            let mut writer = PgWriter {
                tx: &mut tx,
                program: &id,
                chunk: options.checkpoint_chunk_bytes,
                journal: Rows::default(),
                events: EventRows::default(),
            };
            let (answers, applied, ran) = {
                let mut append = Append { tx: &mut writer, program, applied: *seq, ran: false, faults, rendered };
                let mut answers = Vec::with_capacity(batch.len());
                let mut failed = None;
                for (command, request_id) in batch {
                    match append.run(command, request_id.as_deref()) {
                        Ok(answer) => answers.push(answer),
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                (failed.map_or(Ok(answers), Err), append.applied, append.ran)
            };
            let written = answers.and_then(|answers| {
                if ran {
                    faults.step("append.head")?;
                    writer.finish(applied)?;
                    faults.step("append.commit")?;
                }
                Ok(answers)
            });
            (written, applied, ran)
        };
        let committed = written.and_then(|answers| tx.commit().map(|()| answers).map_err(pg("commit")));
        match committed {
            Ok(answers) => {
                *seq = applied;
                if erases && ran {
                    if let Ok(client) = self.client() {
                        // Old row versions leave the tables (best effort: the erasure stands either way).
                        let _ = client.batch_execute("VACUUM affiliate_kit_journal, affiliate_kit_events");
                        self.last_checkpoint = checkpoint::newest_seq(client, &id).unwrap_or(self.last_checkpoint);
                    }
                }
                self.checkpoint_if_due();
                Ok(Ok(answers))
            }
            Err(e) => {
                if ran {
                    // The replica ran commands that may not be in the database.
                    *replica = None;
                }
                Err(e)
            }
        }
    }

    /// Events with a sequence greater than `sequence`, oldest first, at most `limit`, from the outbox.
    pub fn events_since(&mut self, sequence: u64, limit: u64) -> Result<Vec<Event>> {
        let id = self.program_id.clone();
        let client = self.client()?;
        let rows = client
            .query(
                "SELECT sequence, body FROM affiliate_kit_events WHERE program = $1 AND sequence > $2 \
                 ORDER BY sequence LIMIT $3",
                &[&id, &big(sequence), &big(limit)],
            )
            .map_err(pg("read"))?;
        rows.iter().map(|row| event(row.get(0), row.get(1))).collect()
    }

    /// Acknowledges `consumer`'s events up to and including `sequence` (a cursor never moves back).
    /// A sequence past the last event is `INVALID_INPUT`.
    pub fn ack_events(&mut self, consumer: &str, sequence: u64) -> Result<()> {
        check_consumer(consumer)?;
        let id = self.program_id.clone();
        let client = self.client()?;
        let mut tx = client.transaction().map_err(pg("ack"))?;
        let last: i64 = tx
            .query_one("SELECT coalesce(max(sequence), 0) FROM affiliate_kit_events WHERE program = $1", &[&id])
            .map_err(pg("ack"))?
            .get(0);
        if big(sequence) > last {
            return Err(Error::InvalidInput {
                field: "sequence".into(),
                reason: format!("event {sequence} does not exist (the last is {last})"),
            });
        }
        set_cursor(&mut tx, &id, consumer, sequence)?;
        tx.commit().map_err(pg("ack"))
    }

    /// The last sequence `consumer` acknowledged (0 when it never did).
    pub fn cursor(&mut self, consumer: &str) -> Result<u64> {
        check_consumer(consumer)?;
        let id = self.program_id.clone();
        let client = self.client()?;
        let row = client
            .query_opt(
                "SELECT sequence FROM affiliate_kit_cursors WHERE program = $1 AND consumer = $2",
                &[&id, &consumer],
            )
            .map_err(pg("read"))?;
        row.map_or(Ok(0), |r| unsigned(r.get(0), "a cursor"))
    }

    /// Every event not yet drained (by any writer of this program), oldest first; they are then
    /// acknowledged for the consumer [`crate::DRAIN_CONSUMER`].
    pub fn drain_events(&mut self) -> Result<Vec<Event>> {
        let id = self.program_id.clone();
        let client = self.client()?;
        let mut tx = client.transaction().map_err(pg("drain"))?;
        // Under the program's row lock: two writers draining at once do not both get an event.
        head_of(&mut tx, &id, true)?;
        let from: Option<i64> = tx
            .query_opt(
                "SELECT sequence FROM affiliate_kit_cursors WHERE program = $1 AND consumer = $2",
                &[&id, &crate::DRAIN_CONSUMER],
            )
            .map_err(pg("drain"))?
            .map(|r| r.get(0));
        let rows = tx
            .query(
                "SELECT sequence, body FROM affiliate_kit_events WHERE program = $1 AND sequence > $2 ORDER BY sequence",
                &[&id, &from.unwrap_or(0)],
            )
            .map_err(pg("drain"))?;
        let events = rows.iter().map(|row| event(row.get(0), row.get(1))).collect::<Result<Vec<_>>>()?;
        if let Some(last) = events.last() {
            set_cursor(&mut tx, &id, crate::DRAIN_CONSUMER, last.sequence)?;
        }
        tx.commit().map_err(pg("drain"))?;
        Ok(events)
    }

    /// Journal rows after `seq`, at most `limit`.
    pub fn journal(&mut self, seq: u64, limit: u64) -> Result<Vec<JournalEntry>> {
        let id = self.program_id.clone();
        let client = self.client()?;
        let rows = client
            .query(
                "SELECT seq, command, request_id, engine FROM affiliate_kit_journal WHERE program = $1 AND seq > $2 \
                 ORDER BY seq LIMIT $3",
                &[&id, &big(seq), &big(limit)],
            )
            .map_err(pg("read"))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let seq = unsigned(row.get(0), "a journal seq")?;
            let text: String = row.get(1);
            let command = affiliate_kit::host::arguments::command(&text)
                .map_err(|e| Error::CorruptJournal { reason: format!("journal seq {seq} cannot be read: {e}") })?;
            out.push(JournalEntry { seq, command, request_id: row.get(2), engine: row.get(3) });
        }
        Ok(out)
    }

    /// Closes the connection. Every later call is `INVALID_STATE` ("closed"); closing twice is a no-op.
    pub fn close(&mut self) -> Result<()> {
        self.replica = None;
        self.closed = true;
        match self.client.take() {
            Some(client) => client.close().map_err(pg("close")),
            None => Ok(()),
        }
    }

    /// Whether [`PostgresProgram::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.closed
    }
}

crate::append::journaled_program!(PostgresProgram);

/// Test hooks (feature `fault-injection`).
#[cfg(feature = "fault-injection")]
impl PostgresProgram {
    /// Makes the fallible step `n` steps from now fail with a `STORAGE` error (`0`: the next one).
    pub fn fail_in(&self, n: u64) {
        self.faults.fail_in(n);
    }

    /// Makes the process die (SIGKILL: no cleanup) at the next step named `step`
    /// (`append.commit`: the rows written, the transaction not committed).
    pub fn die_at(&self, step: &'static str) {
        self.faults.die_at(step);
    }
}

/// A PostgreSQL program's write transaction, as appends write through it: the rows of a batch are
/// gathered and written with the head's move in one statement ([`PgWriter::finish`]), not one round
/// trip per row.
struct PgWriter<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    program: &'a str,
    /// Checkpoint chunk size (an erasure writes one).
    chunk: usize,
    journal: Rows,
    events: EventRows,
}

/// Journal rows not yet written, column by column.
#[derive(Default)]
struct Rows {
    seq: Vec<i64>,
    at: Vec<Option<String>>,
    verb: Vec<&'static str>,
    command: Vec<String>,
    request_id: Vec<Option<String>>,
    answer: Vec<Option<String>>,
    digest: Vec<Vec<u8>>,
    events_digest: Vec<Vec<u8>>,
}

/// Outbox rows not yet written, column by column.
#[derive(Default)]
struct EventRows {
    sequence: Vec<i64>,
    journal_seq: Vec<i64>,
    kind: Vec<&'static str>,
    body: Vec<String>,
}

impl PgWriter<'_, '_> {
    /// Writes the gathered rows, moves the program's head to `head` and notifies the commit to come,
    /// in one statement. The notification wakes listeners (webhook workers) early; nothing depends
    /// on it.
    fn finish(&mut self, head: u64) -> Result<()> {
        let (j, e) = (std::mem::take(&mut self.journal), std::mem::take(&mut self.events));
        self.tx
            .execute(
                "WITH journal AS (INSERT INTO affiliate_kit_journal \
                     (program, engine, seq, at, verb, command, request_id, answer, digest, events_digest) \
                     SELECT $1, $2, * FROM unnest($3::BIGINT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::TEXT[], \
                     $8::TEXT[], $9::BYTEA[], $10::BYTEA[])), \
                 events AS (INSERT INTO affiliate_kit_events (program, sequence, journal_seq, type, body) \
                     SELECT $1, * FROM unnest($11::BIGINT[], $12::BIGINT[], $13::TEXT[], $14::TEXT[])) \
                 UPDATE affiliate_kit_programs SET head = $15 WHERE id = $1 RETURNING pg_notify($16, $1)",
                &[
                    &self.program,
                    &affiliate_kit::VERSION,
                    &j.seq,
                    &j.at,
                    &j.verb,
                    &j.command,
                    &j.request_id,
                    &j.answer,
                    &j.digest,
                    &j.events_digest,
                    &e.sequence,
                    &e.journal_seq,
                    &e.kind,
                    &e.body,
                    &big(head),
                    &CHANNEL,
                ],
            )
            .map(|_| ())
            .map_err(pg("append"))
    }

    /// Writes the gathered rows (before a lookup that must see them).
    fn flush(&mut self) -> Result<()> {
        let j = std::mem::take(&mut self.journal);
        if !j.seq.is_empty() {
            self.tx
                .execute(
                    "INSERT INTO affiliate_kit_journal \
                     (program, engine, seq, at, verb, command, request_id, answer, digest, events_digest) \
                     SELECT $1, $2, * FROM unnest($3::BIGINT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::TEXT[], \
                     $8::TEXT[], $9::BYTEA[], $10::BYTEA[])",
                    &[
                        &self.program,
                        &affiliate_kit::VERSION,
                        &j.seq,
                        &j.at,
                        &j.verb,
                        &j.command,
                        &j.request_id,
                        &j.answer,
                        &j.digest,
                        &j.events_digest,
                    ],
                )
                .map_err(pg("append"))?;
        }
        let e = std::mem::take(&mut self.events);
        if !e.sequence.is_empty() {
            self.tx
                .execute(
                    "INSERT INTO affiliate_kit_events (program, sequence, journal_seq, type, body) \
                     SELECT $1, * FROM unnest($2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[])",
                    &[&self.program, &e.sequence, &e.journal_seq, &e.kind, &e.body],
                )
                .map_err(pg("append"))?;
        }
        Ok(())
    }
}

impl JournalTx for PgWriter<'_, '_> {
    fn by_request_id(&mut self, request_id: &str) -> Result<Option<Requested>> {
        // A row of this batch with that id must be found too.
        self.flush()?;
        let row = self
            .tx
            .query_opt(
                "SELECT verb, digest, answer FROM affiliate_kit_journal WHERE program = $1 AND request_id = $2",
                &[&self.program, &request_id],
            )
            .map_err(pg("read"))?;
        Ok(row.map(|r| Requested { verb: r.get(0), digest: r.get(1), answer: r.get(2) }))
    }

    fn insert(
        &mut self,
        seq: u64,
        pending: &Pending,
        request_id: Option<&str>,
        answer: Option<&str>,
        events: &Rendered,
    ) -> Result<()> {
        let j = &mut self.journal;
        j.seq.push(big(seq));
        j.at.push(pending.command.at().map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)));
        j.verb.push(pending.command.verb());
        j.command.push(pending.json.clone());
        j.request_id.push(request_id.map(str::to_string));
        j.answer.push(answer.map(str::to_string));
        j.digest.push(pending.digest.clone());
        j.events_digest.push(events.digest.clone());
        for (sequence, kind, json) in events.events() {
            self.events.sequence.push(big(sequence));
            self.events.journal_seq.push(big(seq));
            self.events.kind.push(kind);
            self.events.body.push(json.to_string());
        }
        Ok(())
    }

    fn harvest(&mut self, erasure: &mut Erasure) -> Result<()> {
        self.flush()?;
        let rows = self
            .tx
            .query(
                "SELECT sequence, body FROM affiliate_kit_events WHERE program = $1                  AND (type LIKE 'affiliate.%' OR type LIKE 'invitation.%')",
                &[&self.program],
            )
            .map_err(pg("erase"))?;
        for row in rows {
            erasure.harvest(&event(row.get(0), row.get(1))?);
        }
        Ok(())
    }

    fn erase(&mut self, seq: u64, verb: &str, erasure: &Erasure, program: &Program) -> Result<()> {
        self.flush()?;
        let (tx, id) = (&mut *self.tx, self.program);
        // Recorded first: the rows before it may then be rewritten (see the triggers).
        tx.execute(
            "INSERT INTO affiliate_kit_redactions (program, seq, verb, rows, events) VALUES ($1, $2, $3, 0, 0)",
            &[&id, &big(seq), &verb],
        )
        .map_err(pg("erase"))?;
        let rows = tx
            .query(
                "SELECT seq, verb, command, answer FROM affiliate_kit_journal WHERE program = $1 AND seq < $2",
                &[&id, &big(seq)],
            )
            .map_err(pg("erase"))?;
        let mut rewritten = 0i64;
        for row in rows {
            let (n, verb, command, answer): (i64, String, String, Option<String>) =
                (row.get(0), row.get(1), row.get(2), row.get(3));
            if let Some(r) = crate::erasure::redact_row(erasure, &verb, &command, answer.as_deref())? {
                tx.execute(
                    "UPDATE affiliate_kit_journal SET command = $3, digest = $4, answer = $5 WHERE program = $1 AND seq = $2",
                    &[&id, &n, &r.command, &r.digest, &r.answer],
                )
                .map_err(pg("erase"))?;
                rewritten += 1;
            }
        }
        let events = tx
            .query(
                "SELECT sequence, journal_seq, body FROM affiliate_kit_events WHERE program = $1 AND journal_seq < $2",
                &[&id, &big(seq)],
            )
            .map_err(pg("erase"))?;
        let mut touched = Vec::new();
        for row in events {
            let (sequence, journal_seq, body): (i64, i64, String) = (row.get(0), row.get(1), row.get(2));
            if let Some(body) = crate::erasure::redact_event(erasure, &body)? {
                tx.execute(
                    "UPDATE affiliate_kit_events SET body = $3 WHERE program = $1 AND sequence = $2",
                    &[&id, &sequence, &body],
                )
                .map_err(pg("erase"))?;
                touched.push(journal_seq);
            }
        }
        let events_rewritten = touched.len() as i64;
        touched.sort_unstable();
        touched.dedup();
        for journal_seq in touched {
            let bodies: Vec<String> = tx
                .query(
                    "SELECT body FROM affiliate_kit_events WHERE program = $1 AND journal_seq = $2 ORDER BY sequence",
                    &[&id, &journal_seq],
                )
                .map_err(pg("erase"))?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let digest = crate::erasure::events_digest(bodies.iter().map(String::as_str));
            tx.execute(
                "UPDATE affiliate_kit_journal SET events_digest = $3 WHERE program = $1 AND seq = $2",
                &[&id, &journal_seq, &digest],
            )
            .map_err(pg("erase"))?;
        }
        tx.execute(
            "UPDATE affiliate_kit_redactions SET rows = $3, events = $4 WHERE program = $1 AND seq = $2",
            &[&id, &big(seq), &rewritten, &events_rewritten],
        )
        .map_err(pg("erase"))?;
        checkpoint::write_erased(tx, id, program, seq, self.chunk)
    }
}

/// The seq of the program's latest erasure (0 when none).
fn latest_erasure(db: &mut impl GenericClient, id: &str) -> Result<u64> {
    let row = db
        .query_one("SELECT coalesce(max(seq), 0) FROM affiliate_kit_redactions WHERE program = $1", &[&id])
        .map_err(pg("read"))?;
    unsigned(row.get(0), "an erasure seq")
}

/// The program's head, in a transaction or not; `lock` takes its row lock for the rest of the
/// transaction (appends, drains).
fn head_of(db: &mut impl GenericClient, id: &str, lock: bool) -> Result<u64> {
    let query = if lock {
        "SELECT head FROM affiliate_kit_programs WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT head FROM affiliate_kit_programs WHERE id = $1"
    };
    let row = db.query_one(query, &[&id]).map_err(pg("read"))?;
    unsigned(row.get(0), "the head")
}

/// [`journal::replay_rows`] from the program's journal.
fn replay(tx: &mut Transaction<'_>, id: &str, program: &mut Program, seq: &mut u64, head: u64) -> Result<()> {
    journal::replay_rows(program, seq, head, |after, upto, limit| {
        let rows = tx
            .query(
                "SELECT seq, verb, command, digest, events_digest, engine FROM affiliate_kit_journal \
                 WHERE program = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4",
                &[&id, &big(after), &big(upto), &big(limit)],
            )
            .map_err(pg("replay"))?;
        rows.iter()
            .map(|r| {
                Ok(StoredRow {
                    seq: unsigned(r.get(0), "a journal seq")?,
                    verb: r.get(1),
                    command: r.get(2),
                    digest: r.get(3),
                    events_digest: r.get(4),
                    engine: r.get(5),
                })
            })
            .collect()
    })
}

pub(crate) fn event(sequence: i64, body: String) -> Result<Event> {
    serde_json::from_str(&body)
        .map_err(|e| Error::CorruptJournal { reason: format!("event {sequence} cannot be read: {e}") })
}

/// Moves `consumer`'s cursor to `sequence`, never back.
pub(crate) fn set_cursor(tx: &mut impl GenericClient, id: &str, consumer: &str, sequence: u64) -> Result<()> {
    tx.execute(
        "INSERT INTO affiliate_kit_cursors (program, consumer, sequence) VALUES ($1, $2, $3) \
         ON CONFLICT (program, consumer) DO UPDATE SET sequence = greatest(affiliate_kit_cursors.sequence, excluded.sequence)",
        &[&id, &consumer, &big(sequence)],
    )
    .map(|_| ())
    .map_err(pg("ack"))
}
