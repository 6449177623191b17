//! The journal: one row per accepted command with its digests, the events it emitted beside it (the
//! outbox), and replay of the rows a replica has not applied yet.

use affiliate_kit::program::{Command, Program};
use affiliate_kit::Error;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::sqlite::sql;

/// The journal format this library writes (and the newest it reads): the core's `Command` JSON.
pub(crate) const FORMAT: u32 = 1;

/// How many journal rows are read per query while replaying.
const REPLAY_BATCH: u64 = 4096;

/// One journal row, as [`crate::DurableProgram::journal`] reads it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntry {
    /// 1, 2, 3, ... without gaps, in commit order.
    pub seq: u64,
    /// The command, exactly as it ran.
    pub command: Command,
    /// The caller's request id, when it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The library version that ran it.
    pub engine: String,
}

pub(crate) fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// The events a command emitted, as JSON, written into buffers that are reused from one command to
/// the next (a fresh `String` per event costs more in the allocator than the rendering itself).
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// Every event's JSON, one after the other.
    json: Vec<u8>,
    /// Each event: sequence, type, and where its JSON is in `json`.
    spans: Vec<(u64, &'static str, std::ops::Range<usize>)>,
    /// SHA-256 of every event's JSON followed by "\n".
    pub digest: Vec<u8>,
}

impl Rendered {
    /// Renders the events of `program` from sequence `first` on.
    pub(crate) fn render(&mut self, program: &Program, first: u64) -> Result<(), Error> {
        self.json.clear();
        self.spans.clear();
        let mut hasher = Sha256::new();
        for event in program.events_since(first.saturating_sub(1)) {
            let start = self.json.len();
            serde_json::to_writer(&mut self.json, &event)
                .map_err(|e| Error::Storage { operation: "append".into(), reason: e.to_string() })?;
            let span = start..self.json.len();
            hasher.update(self.json.get(span.clone()).unwrap_or_default());
            hasher.update(b"\n");
            self.spans.push((event.sequence, event.event_type(), span));
        }
        self.digest = hasher.finalize().to_vec();
        Ok(())
    }

    /// Each event: sequence, type and JSON.
    pub(crate) fn events(&self) -> impl Iterator<Item = (u64, &'static str, &str)> {
        self.spans.iter().map(|(sequence, kind, span)| {
            let bytes = self.json.get(span.clone()).unwrap_or_default();
            // serde_json writes UTF-8.
            (*sequence, *kind, std::str::from_utf8(bytes).unwrap_or_default())
        })
    }
}

/// A command to write: its JSON and digest, computed once before it runs.
pub(crate) struct Pending {
    pub command: Command,
    pub json: String,
    pub digest: Vec<u8>,
}

impl Pending {
    /// The command and its journal form: as given, but `erase_customer`'s customer (an e-mail or the
    /// host's customer id: personal data), which the journal keeps as `[erased]`.
    pub(crate) fn new(command: Command) -> Pending {
        let json = match &command {
            Command::EraseCustomer { at, .. } => {
                let at = *at;
                Command::EraseCustomer { customer: affiliate_kit::program::ERASED.to_string(), at }.to_json()
            }
            _ => command.to_json(),
        };
        let digest = sha256(json.as_bytes());
        Pending { command, json, digest }
    }
}

/// Writes the journal row of a command that `program` just ran, and its events.
pub(crate) fn insert(
    conn: &Connection,
    seq: u64,
    pending: &Pending,
    request_id: Option<&str>,
    answer: Option<&str>,
    events: &Rendered,
) -> Result<(), Error> {
    let at = pending.command.at().map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    conn.prepare_cached(
        "INSERT INTO journal (seq, at, verb, command, request_id, answer, engine, digest, events_digest) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut s| {
        s.execute((
            seq,
            at,
            pending.command.verb(),
            &pending.json,
            request_id,
            answer,
            affiliate_kit::VERSION,
            &pending.digest,
            &events.digest,
        ))
    })
    .map_err(sql("append"))?;
    let mut statement = conn
        .prepare_cached("INSERT INTO events (sequence, journal_seq, type, body) VALUES (?1, ?2, ?3, ?4)")
        .map_err(sql("append"))?;
    for (sequence, kind, json) in events.events() {
        statement.execute((sequence, seq, kind, json)).map_err(sql("append"))?;
    }
    Ok(())
}

/// The head recorded in the program row.
pub(crate) fn head(conn: &Connection) -> Result<u64, Error> {
    conn.prepare_cached("SELECT head FROM program WHERE id = 1")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .map_err(sql("read"))
}

/// What the journal keeps of a command sent with a request id.
pub(crate) struct Requested {
    pub verb: String,
    pub digest: Vec<u8>,
    pub answer: Option<String>,
}

/// The journal row written for `request_id`, if any.
pub(crate) fn by_request_id(conn: &Connection, request_id: &str) -> Result<Option<Requested>, Error> {
    conn.prepare_cached("SELECT verb, digest, answer FROM journal WHERE request_id = ?1")
        .and_then(|mut s| {
            s.query_row([request_id], |r| Ok(Requested { verb: r.get(0)?, digest: r.get(1)?, answer: r.get(2)? }))
                .optional()
        })
        .map_err(sql("read"))
}

fn corrupt(reason: String) -> Error {
    Error::CorruptJournal { reason }
}

/// A journal row as replay reads it back.
pub(crate) struct StoredRow {
    pub seq: u64,
    pub verb: String,
    pub command: String,
    pub digest: Vec<u8>,
    pub events_digest: Vec<u8>,
    pub engine: String,
}

/// Applies the journal rows after `*seq` up to `head` to `program`, checking each: no gap, the
/// command matches its digest, the core accepts it, and (for rows this library version wrote) it
/// emits exactly the events recorded; a row of another version replays under this version's rules.
/// `fetch(after, upto, limit)` reads the rows in seq order, whatever the store. `*seq` follows each
/// row applied; on an error the program may hold part of the rows. A head behind `*seq` (the store
/// rolled back under an open program) is an error: nothing may be written after it.
pub(crate) fn replay_rows(
    program: &mut Program,
    seq: &mut u64,
    head: u64,
    mut fetch: impl FnMut(u64, u64, u64) -> Result<Vec<StoredRow>, Error>,
) -> Result<(), Error> {
    if head < *seq {
        return Err(corrupt(format!(
            "the journal ends at seq {head}, before this program's {}: it was replaced or rolled back \
             while open; reopen it",
            *seq
        )));
    }
    let mut rendered = Rendered::default();
    while *seq < head {
        let before = *seq;
        for row in fetch(*seq, head, REPLAY_BATCH)? {
            let StoredRow { seq: n, verb, command: text, digest, events_digest, engine } = row;
            if n != *seq + 1 {
                return Err(corrupt(format!("journal seq {n} follows {}: rows are missing", *seq)));
            }
            if sha256(text.as_bytes()) != digest {
                return Err(corrupt(format!("journal seq {n} ({verb}) does not match its digest")));
            }
            let command = affiliate_kit::host::arguments::command(&text)
                .map_err(|e| corrupt(format!("journal seq {n} ({verb}) cannot be read: {e}")))?;
            let first = program.next_event_sequence();
            program
                .execute(command)
                .map_err(|e| corrupt(format!("journal seq {n} ({verb}) is rejected on replay: {e}")))?;
            rendered.render(program, first)?;
            if engine == affiliate_kit::VERSION && rendered.digest != events_digest {
                return Err(corrupt(format!("journal seq {n} ({verb}) replays to other events than it recorded")));
            }
            forget(program);
            *seq = n;
        }
        if *seq == before {
            return Err(corrupt(format!("the journal ends at seq {} but its head is {head}", *seq)));
        }
    }
    Ok(())
}

/// [`replay_rows`] from the SQLite file's journal.
pub(crate) fn replay(conn: &Connection, program: &mut Program, seq: &mut u64, head: u64) -> Result<(), Error> {
    let mut statement = conn
        .prepare_cached(
            "SELECT seq, verb, command, digest, events_digest, engine FROM journal \
             WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3",
        )
        .map_err(sql("replay"))?;
    replay_rows(program, seq, head, |after, upto, limit| {
        let rows = statement
            .query_map((after, upto, crate::durable::clamp(limit)), |r| {
                Ok(StoredRow {
                    seq: r.get(0)?,
                    verb: r.get(1)?,
                    command: r.get(2)?,
                    digest: r.get(3)?,
                    events_digest: r.get(4)?,
                    engine: r.get(5)?,
                })
            })
            .map_err(sql("replay"))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sql("replay"))
    })
}

/// Drops what the journal and the outbox already keep from the in-memory program: its events and
/// its command log (which it stops keeping).
pub(crate) fn forget(program: &mut Program) {
    program.forget_events(program.next_event_sequence().saturating_sub(1));
    program.keep_command_log(false);
}

/// Journal rows after `after`, at most `limit`.
pub(crate) fn read(conn: &Connection, after: u64, limit: u64) -> Result<Vec<JournalEntry>, Error> {
    let mut statement = conn
        .prepare_cached("SELECT seq, command, request_id, engine FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2")
        .map_err(sql("read"))?;
    let rows = statement
        .query_map((crate::durable::clamp(after), crate::durable::clamp(limit)), |r| {
            Ok((r.get::<_, u64>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?))
        })
        .map_err(sql("read"))?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, text, request_id, engine) = row.map_err(sql("read"))?;
        let command = affiliate_kit::host::arguments::command(&text)
            .map_err(|e| corrupt(format!("journal seq {seq} cannot be read: {e}")))?;
        out.push(JournalEntry { seq, command, request_id, engine });
    }
    Ok(out)
}

/// The SQLite file's write transaction, as appends write through it, and the file's options.
pub(crate) struct SqliteWriter<'a>(pub &'a Connection, pub &'a crate::options::OpenOptions);

impl crate::append::JournalTx for SqliteWriter<'_> {
    fn by_request_id(&mut self, request_id: &str) -> Result<Option<Requested>, Error> {
        by_request_id(self.0, request_id)
    }

    fn insert(
        &mut self,
        seq: u64,
        pending: &Pending,
        request_id: Option<&str>,
        answer: Option<&str>,
        events: &Rendered,
    ) -> Result<(), Error> {
        insert(self.0, seq, pending, request_id, answer, events)
    }

    fn harvest(&mut self, erasure: &mut affiliate_kit::program::Erasure) -> Result<(), Error> {
        crate::erasure::harvest(self.0, erasure)
    }

    fn erase(
        &mut self,
        seq: u64,
        verb: &str,
        erasure: &affiliate_kit::program::Erasure,
        program: &Program,
    ) -> Result<(), Error> {
        crate::erasure::erase(self.0, seq, verb, erasure, program, self.1)
    }
}
