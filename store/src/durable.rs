//! [`DurableProgram`]: a [`Program`] whose every accepted command is in the journal before it is
//! answered, and which several processes can open at once, each with its own replica in memory.
//!
//! Rules it keeps:
//! - an append takes the write lock (`BEGIN IMMEDIATE`), applies the rows other processes wrote since
//!   this replica last looked, runs the commands, writes their journal rows and events, commits, and
//!   only then answers; the seq is given here, under the lock, so commit order is seq order;
//! - a rejected command changes nothing and writes nothing; a command whose commit failed is not
//!   answered, and the replica that ran it is dropped and rebuilt from the file at the next call;
//! - reads first apply what other processes committed (checked cheaply with `PRAGMA data_version`);
//! - the replica keeps no events and no command log: the file has them.

use std::path::{Path, PathBuf};

use affiliate_kit::program::{Command, CommandOutcome, Event, Program, ProgramConfig};
use affiliate_kit::{Error, Result};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::append::Append;
use crate::checkpoint::{self, CheckpointInfo};
use crate::faults::Faults;
use crate::journal::{self, JournalEntry};
use crate::options::OpenOptions;
use crate::refusals::{check_consumer, closed, lost_replica};
use crate::sqlite::{self, sql};

/// The consumer whose cursor [`DurableProgram::drain_events`] moves.
pub const DRAIN_CONSUMER: &str = "drain_events";

/// How the last open or reload rebuilt the replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenReport {
    /// The journal seq of the checkpoint it started from (`None`: from an empty program).
    pub checkpoint_seq: Option<u64>,
    /// Checkpoints that could not be used (unreadable, or not matching their digest) and were passed over.
    pub skipped_checkpoints: u32,
    /// Journal rows replayed after the checkpoint.
    pub replayed: u64,
}

/// A program kept in a SQLite file: see the crate documentation.
#[derive(Debug)]
pub struct DurableProgram {
    /// `None` once closed.
    conn: Option<Connection>,
    path: PathBuf,
    options: OpenOptions,
    /// The config stored in the file.
    config: ProgramConfig,
    /// The in-memory program, at journal seq `seq`. `None` after a failed append ran commands in it
    /// that are not in the file: rebuilt from the file at the next call.
    replica: Option<Program>,
    seq: u64,
    /// `PRAGMA data_version` when the replica last matched the file.
    data_version: i64,
    /// The seq of the newest complete checkpoint this process knows of.
    last_checkpoint: u64,
    report: OpenReport,
    faults: Faults,
    /// The events of the command being appended, rendered into buffers kept from one to the next.
    rendered: journal::Rendered,
}

impl DurableProgram {
    /// Opens the program kept in the file at `path` with the default [`OpenOptions`]. With `config`, a
    /// missing file (or one without a program) is created with it; a program stored with another
    /// config is `CONFLICT`. Without it, the file must hold a program.
    pub fn open(path: impl AsRef<Path>, config: Option<ProgramConfig>) -> Result<DurableProgram> {
        DurableProgram::open_with(path, config, OpenOptions::default())
    }

    /// [`DurableProgram::open`] with options. Errors: `STORAGE` (cannot create or write the file),
    /// `BUSY`, `CORRUPT_JOURNAL` (not an affiliate-kit file, a gap, a bad digest, a replay that
    /// diverges), `UNSUPPORTED_VERSION` (written by a newer library), `CONFLICT`, `INVALID_INPUT`
    /// (no config for a file without a program). When opening fails nothing is written, except the
    /// schema of a new file (and WAL mode, switched on for a SQLite file of ours that was not in it,
    /// such as a `VACUUM INTO` backup).
    pub fn open_with(
        path: impl AsRef<Path>,
        config: Option<ProgramConfig>,
        options: OpenOptions,
    ) -> Result<DurableProgram> {
        let path = path.as_ref().to_path_buf();
        let mut conn = sqlite::connect(&path, &options)?;
        let config = program_row(&mut conn, config)?;
        let mut durable = DurableProgram {
            conn: Some(conn),
            path,
            options,
            config,
            replica: None,
            seq: 0,
            data_version: 0,
            last_checkpoint: 0,
            report: OpenReport::default(),
            faults: Faults::default(),
            rendered: journal::Rendered::default(),
        };
        durable.load()?;
        Ok(durable)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last journal seq this replica holds (0 for a new program).
    pub fn head(&self) -> u64 {
        self.seq
    }

    /// How the replica was last rebuilt from the file.
    pub fn open_report(&self) -> OpenReport {
        self.report
    }

    /// The program, with every command committed so far by any process applied. Every read of
    /// [`Program`] is available through it.
    pub fn program(&mut self) -> Result<&Program> {
        self.refresh()?;
        self.replica.as_ref().ok_or_else(|| Error::InvalidState { reason: "the program could not be loaded".into() })
    }

    /// Applies the commands other processes committed since this replica last looked (a no-op when
    /// none did, checked without reading the journal).
    pub fn refresh(&mut self) -> Result<()> {
        if self.replica.is_none() {
            return self.load();
        }
        let conn = self.conn.as_ref().ok_or_else(closed)?;
        let version = data_version(conn)?;
        if version == self.data_version {
            return Ok(());
        }
        let tx = conn.unchecked_transaction().map_err(sql("refresh"))?;
        let head = journal::head(&tx)?;
        // An erasure committed since rewrote rows this replica has not applied: they no longer
        // replay; its checkpoint holds the erased state.
        if crate::erasure::latest(&tx)? > self.seq {
            drop(tx);
            return self.load();
        }
        if let Some(program) = self.replica.as_mut() {
            let replayed = journal::replay(&tx, program, &mut self.seq, head);
            if let Err(e) = replayed {
                self.replica = None;
                return Err(e);
            }
        }
        self.data_version = version;
        Ok(())
    }

    /// The appending transaction; see the module's rules.
    pub(crate) fn append(&mut self, batch: Vec<(Command, Option<String>)>) -> Result<Vec<Result<CommandOutcome>>> {
        // Catch up before taking the write lock, so that a replica far behind does not hold it while
        // it replays: under the lock only what was committed meanwhile is left.
        self.refresh()?;
        let erases =
            batch.iter().any(|(c, _)| matches!(c, Command::EraseAffiliate { .. } | Command::EraseCustomer { .. }));
        let DurableProgram { conn, replica, seq, faults, rendered, options, .. } = self;
        let conn = conn.as_mut().ok_or_else(closed)?;
        let program = replica.as_mut().ok_or_else(lost_replica)?;
        faults.step("append.begin")?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("append"))?;
        let head = journal::head(&tx)?;
        if crate::erasure::latest(&tx)? > *seq {
            // Another process erased: rows this replica has not applied no longer replay.
            drop(tx);
            *replica = None;
            return Err(Error::Busy {
                reason: "an erasure was committed meanwhile: the program reloads; try again".into(),
            });
        }
        // Rows other processes committed: the replica holds them from here on, whatever follows.
        let caught_up = journal::replay(&tx, program, seq, head);
        if let Err(e) = caught_up {
            *replica = None;
            return Err(e);
        }
        let mut writer = journal::SqliteWriter(&tx, options);
        let mut append = Append { tx: &mut writer, program, applied: *seq, ran: false, faults, rendered };
        let written = (|| {
            let mut answers = Vec::with_capacity(batch.len());
            for (command, request_id) in batch {
                answers.push(append.run(command, request_id.as_deref())?);
            }
            if append.ran {
                faults.step("append.head")?;
                tx.execute("UPDATE program SET head = ?1 WHERE id = 1", [append.applied]).map_err(sql("append"))?;
                faults.step("append.commit")?;
            }
            Ok(answers)
        })();
        let (applied, ran) = (append.applied, append.ran);
        let committed = written.and_then(|answers| tx.commit().map(|()| answers).map_err(sql("commit")));
        match committed {
            Ok(answers) => {
                *seq = applied;
                if erases && ran {
                    if let Some(conn) = self.conn.as_ref() {
                        crate::erasure::vacuum(conn);
                        self.last_checkpoint = checkpoint::newest_seq(conn).unwrap_or(self.last_checkpoint);
                    }
                }
                self.checkpoint_if_due();
                Ok(answers)
            }
            Err(e) => {
                if ran {
                    // The replica ran commands that are not in the file.
                    *replica = None;
                }
                // A failed commit whose rollback failed too leaves the connection in the
                // transaction: end it, or every later call would fail to begin one.
                if !conn.is_autocommit() {
                    let _ = conn.execute_batch("ROLLBACK");
                }
                Err(e)
            }
        }
    }

    /// Takes a checkpoint when enough commands were journaled since the last one. The command that
    /// triggered it is committed whatever happens here: a failed checkpoint is simply not there.
    fn checkpoint_if_due(&mut self) {
        let every = self.options.checkpoint_every;
        if every == 0 || self.seq.saturating_sub(self.last_checkpoint) < every {
            return;
        }
        // Another process may have taken one meanwhile.
        if let Some(conn) = self.conn.as_ref() {
            self.last_checkpoint = checkpoint::newest_seq(conn).unwrap_or(self.last_checkpoint);
        }
        if self.seq.saturating_sub(self.last_checkpoint) >= every {
            let _ = self.checkpoint();
        }
    }

    /// Writes a checkpoint of the current state (first applying what other processes committed), so
    /// that reopening replays only what follows it. Older checkpoints beyond
    /// [`OpenOptions::keep_checkpoints`] are deleted.
    pub fn checkpoint(&mut self) -> Result<CheckpointInfo> {
        self.refresh()?;
        let DurableProgram { conn, replica, seq, faults, options, .. } = self;
        let conn = conn.as_mut().ok_or_else(closed)?;
        let program = replica.as_ref().ok_or_else(lost_replica)?;
        let info = checkpoint::write(conn, program, *seq, options, faults)?;
        self.last_checkpoint = info.seq;
        Ok(info)
    }

    /// Rebuilds the replica from the file: the newest usable checkpoint, then the journal after it.
    fn load(&mut self) -> Result<()> {
        let conn = self.conn.as_ref().ok_or_else(closed)?;
        // Read before the view is taken: a commit after this point shows as a new version, so the
        // next read applies it (read after, it could count a commit the view does not hold).
        let version = data_version(conn)?;
        // One read transaction: a consistent view while checkpoints and rows are read.
        let tx = conn.unchecked_transaction().map_err(sql("open"))?;
        let head = journal::head(&tx)?;
        let mut report = OpenReport::default();
        let mut start = None;
        for stored in checkpoint::usable(&tx)? {
            if stored.seq <= head {
                if let Ok(program) = checkpoint::read(&tx, &stored) {
                    if *program.config() == self.config {
                        start = Some((program, stored.seq));
                        break;
                    }
                }
            }
            report.skipped_checkpoints += 1;
        }
        report.checkpoint_seq = start.as_ref().map(|(_, seq)| *seq);
        let erased = crate::erasure::latest(&tx)?;
        if start.as_ref().map_or(0, |(_, seq)| *seq) < erased {
            return Err(Error::CorruptJournal {
                reason: format!(
                    "the checkpoint written by the erasure at seq {erased} cannot be read: the journal before it                      was redacted and does not replay"
                ),
            });
        }
        let (mut program, mut seq) = match start {
            Some(found) => found,
            None => (Program::new(self.config.clone())?, 0),
        };
        let from = seq;
        journal::replay(&tx, &mut program, &mut seq, head)?;
        report.replayed = seq - from;
        let newest = checkpoint::newest_seq(&tx)?;
        drop(tx);
        self.data_version = version;
        self.replica = Some(program);
        self.seq = seq;
        self.last_checkpoint = newest;
        self.report = report;
        Ok(())
    }

    /// Events with a sequence greater than `sequence`, oldest first, at most `limit`, from the outbox.
    pub fn events_since(&mut self, sequence: u64, limit: u64) -> Result<Vec<Event>> {
        events_after(self.conn.as_ref().ok_or_else(closed)?, sequence, limit)
    }

    /// Acknowledges `consumer`'s events up to and including `sequence` (a cursor never moves back).
    /// A sequence past the last event is `INVALID_INPUT`.
    pub fn ack_events(&mut self, consumer: &str, sequence: u64) -> Result<()> {
        check_consumer(consumer)?;
        let conn = self.conn.as_mut().ok_or_else(closed)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("ack"))?;
        let last: u64 =
            tx.query_row("SELECT coalesce(max(sequence), 0) FROM events", [], |r| r.get(0)).map_err(sql("ack"))?;
        if sequence > last {
            return Err(Error::InvalidInput {
                field: "sequence".into(),
                reason: format!("event {sequence} does not exist (the last is {last})"),
            });
        }
        set_cursor(&tx, consumer, sequence)?;
        tx.commit().map_err(sql("ack"))
    }

    /// The last sequence `consumer` acknowledged (0 when it never did).
    pub fn cursor(&mut self, consumer: &str) -> Result<u64> {
        check_consumer(consumer)?;
        cursor_of(self.conn.as_ref().ok_or_else(closed)?, consumer)
    }

    /// Every event not yet drained (by any process of this file), oldest first; they are then
    /// acknowledged for the consumer [`DRAIN_CONSUMER`]. The durable form of `Program::drain_events`.
    pub fn drain_events(&mut self) -> Result<Vec<Event>> {
        // Under the write lock: two processes draining at once do not both get the same events.
        let conn = self.conn.as_mut().ok_or_else(closed)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("drain"))?;
        let from = cursor_of(&tx, DRAIN_CONSUMER)?;
        let events = events_after(&tx, from, u64::MAX)?;
        if let Some(last) = events.last() {
            set_cursor(&tx, DRAIN_CONSUMER, last.sequence)?;
        }
        tx.commit().map_err(sql("drain"))?;
        Ok(events)
    }

    /// Journal rows after `seq`, at most `limit`: what a host mirrors or inspects.
    pub fn journal(&mut self, seq: u64, limit: u64) -> Result<Vec<JournalEntry>> {
        journal::read(self.conn.as_ref().ok_or_else(closed)?, seq, limit)
    }

    /// Closes the file. Every later call is `INVALID_STATE` ("closed"); closing twice is a no-op.
    pub fn close(&mut self) -> Result<()> {
        self.replica = None;
        match self.conn.take() {
            Some(conn) => conn.close().map_err(|(_, e)| sqlite::error("close", e)),
            None => Ok(()),
        }
    }

    /// Whether [`DurableProgram::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.conn.is_none()
    }
}

crate::append::journaled_program!(DurableProgram);

/// Test hooks (feature `fault-injection`).
#[cfg(feature = "fault-injection")]
impl DurableProgram {
    /// Makes the fallible step `n` steps from now fail with a `STORAGE` error (`0`: the next one).
    pub fn fail_in(&self, n: u64) {
        self.faults.fail_in(n);
    }

    /// The fallible steps taken since the last call, by name.
    pub fn take_steps(&self) -> Vec<&'static str> {
        self.faults.take_steps()
    }

    /// Limits the file to `pages` pages (`PRAGMA max_page_count`): writes beyond fail as on a full disk.
    pub fn set_max_pages(&mut self, pages: u64) -> Result<()> {
        let conn = self.conn.as_ref().ok_or_else(closed)?;
        conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(())).map_err(sql("open"))
    }
}

/// Reads or creates the program row; answers the stored config.
fn program_row(conn: &mut Connection, given: Option<ProgramConfig>) -> Result<ProgramConfig> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("open"))?;
    let row: Option<(String, u32)> = tx
        .query_row("SELECT config, format FROM program WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(sql("open"))?;
    let config = match (row, given) {
        (None, None) => {
            return Err(Error::InvalidInput {
                field: "config".into(),
                reason: "the file holds no program yet: a config is needed to create one".into(),
            })
        }
        (None, Some(config)) => {
            let json = serde_json::to_string(&config)
                .map_err(|e| Error::InvalidInput { field: "config".into(), reason: e.to_string() })?;
            tx.execute(
                "INSERT INTO program (id, config, format, head, engine) VALUES (1, ?1, ?2, 0, ?3)",
                (json, journal::FORMAT, affiliate_kit::VERSION),
            )
            .map_err(sql("open"))?;
            config
        }
        (Some((json, format)), given) => {
            if format > journal::FORMAT {
                return Err(Error::UnsupportedVersion {
                    document: "journal format".into(),
                    found: format,
                    supported: journal::FORMAT,
                });
            }
            let stored = ProgramConfig::from_json(&json)
                .map_err(|e| Error::CorruptJournal { reason: format!("the stored config cannot be read: {e}") })?;
            if given.is_some_and(|given| given != stored) {
                return Err(Error::Conflict {
                    reason: "the file holds a program with another config (open it without one to use it)".into(),
                });
            }
            stored
        }
    };
    tx.commit().map_err(sql("open"))?;
    Ok(config)
}

/// The outbox's events after `sequence`, at most `limit`.
fn events_after(conn: &Connection, sequence: u64, limit: u64) -> Result<Vec<Event>> {
    let mut statement = conn
        .prepare_cached("SELECT sequence, body FROM events WHERE sequence > ?1 ORDER BY sequence LIMIT ?2")
        .map_err(sql("read"))?;
    let rows = statement
        .query_map((clamp(sequence), clamp(limit)), |r| Ok((r.get::<_, u64>(0)?, r.get::<_, String>(1)?)))
        .map_err(sql("read"))?;
    let mut events = Vec::new();
    for row in rows {
        let (n, body) = row.map_err(sql("read"))?;
        let event = serde_json::from_str(&body)
            .map_err(|e| Error::CorruptJournal { reason: format!("event {n} cannot be read: {e}") })?;
        events.push(event);
    }
    Ok(events)
}

/// The last sequence `consumer` acknowledged (0 when it never did).
fn cursor_of(conn: &Connection, consumer: &str) -> Result<u64> {
    let found: Option<u64> = conn
        .prepare_cached("SELECT sequence FROM cursors WHERE consumer = ?1")
        .and_then(|mut s| s.query_row([consumer], |r| r.get(0)).optional())
        .map_err(sql("read"))?;
    Ok(found.unwrap_or(0))
}

/// Moves `consumer`'s cursor to `sequence`, never back.
fn set_cursor(conn: &Connection, consumer: &str, sequence: u64) -> Result<()> {
    conn.execute(
        "INSERT INTO cursors (consumer, sequence) VALUES (?1, ?2) \
         ON CONFLICT (consumer) DO UPDATE SET sequence = max(sequence, excluded.sequence)",
        (consumer, sequence),
    )
    .map(|_| ())
    .map_err(sql("ack"))
}

/// A sequence or a limit as SQLite's integer: beyond `i64::MAX` there is nothing anyway.
pub(crate) fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn data_version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(sql("refresh"))
}
