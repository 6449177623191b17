//! Erasure in the journal: an erase command (`erase_affiliate`, `erase_customer`) is journaled like
//! any other, and in the same transaction the store
//! - rewrites the journal rows before it, their events and their stored answers without the
//!   personal data the erasure names (the core's [`Erasure`] says which fields), with their digests
//!   computed again (a recorded redaction, in `redactions`: rows at or after the latest erasure stay
//!   immutable);
//! - replaces every checkpoint by one of the erased state at the erase command's seq, in the snapshot
//!   format that every later version reads.
//!
//! The rows before an erasure no longer replay (their personal data is gone): a replica reloads from
//! that checkpoint instead, and opening needs it. SQLite then runs `VACUUM`, so that the old pages
//! leave the file.

use affiliate_kit::program::{CommandOutcome, Erasure, Event};
use affiliate_kit::Error;
use rusqlite::Connection;

use crate::journal::sha256;
use crate::options::OpenOptions;
use crate::sqlite::sql;

/// A journal row rewritten: its command, digest and answer.
pub(crate) struct RedactedRow {
    pub command: String,
    pub digest: Vec<u8>,
    pub answer: Option<String>,
}

/// The row without what `erasure` names, or `None` when nothing in it does.
pub(crate) fn redact_row(
    erasure: &Erasure,
    verb: &str,
    command: &str,
    answer: Option<&str>,
) -> Result<Option<RedactedRow>, Error> {
    let unreadable = |e: Error| Error::CorruptJournal { reason: format!("a {verb} row cannot be read: {e}") };
    let mut parsed = affiliate_kit::host::arguments::command(command).map_err(unreadable)?;
    let mut changed = erasure.command(&mut parsed);
    let answer = match answer {
        Some(text) => {
            let mut outcome = CommandOutcome::from_json(verb, text).map_err(unreadable)?;
            if erasure.outcome(&mut outcome) {
                changed = true;
                Some(serde_json::to_string(&outcome).map_err(|e| storage(e.to_string()))?)
            } else {
                Some(text.to_string())
            }
        }
        None => None,
    };
    if !changed {
        return Ok(None);
    }
    let command = parsed.to_json();
    Ok(Some(RedactedRow { digest: sha256(command.as_bytes()), command, answer }))
}

/// The event's JSON without what `erasure` names, or `None` when nothing in it does.
pub(crate) fn redact_event(erasure: &Erasure, body: &str) -> Result<Option<String>, Error> {
    let mut event: Event = serde_json::from_str(body)
        .map_err(|e| Error::CorruptJournal { reason: format!("an event cannot be read: {e}") })?;
    Ok(erasure.event(&mut event).then(|| event.to_json()))
}

/// The digest of a row's events, as appends compute it: SHA-256 of each JSON followed by "\n".
pub(crate) fn events_digest<'a>(bodies: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut all = Vec::new();
    for body in bodies {
        all.extend_from_slice(body.as_bytes());
        all.push(b'\n');
    }
    sha256(&all)
}

fn storage(reason: String) -> Error {
    Error::Storage { operation: "erase".into(), reason }
}

/// Adds what the file's events say of the erasure's affiliate.
pub(crate) fn harvest(conn: &Connection, erasure: &mut Erasure) -> Result<(), Error> {
    let mut statement = conn
        .prepare("SELECT body FROM events WHERE type LIKE 'affiliate.%' OR type LIKE 'invitation.%'")
        .map_err(sql("erase"))?;
    let bodies = statement.query_map([], |r| r.get::<_, String>(0)).map_err(sql("erase"))?;
    for body in bodies {
        let body = body.map_err(sql("erase"))?;
        let event: Event = serde_json::from_str(&body)
            .map_err(|e| Error::CorruptJournal { reason: format!("an event cannot be read: {e}") })?;
        erasure.harvest(&event);
    }
    Ok(())
}

/// See the module: the SQLite file's redaction at `seq`, inside the append's transaction.
pub(crate) fn erase(
    conn: &Connection,
    seq: u64,
    verb: &str,
    erasure: &Erasure,
    program: &affiliate_kit::program::Program,
    options: &OpenOptions,
) -> Result<(), Error> {
    // Recorded first: the rows before it may then be rewritten (see the triggers).
    conn.execute("INSERT INTO redactions (seq, verb, rows, events) VALUES (?1, ?2, 0, 0)", (seq, verb))
        .map_err(sql("erase"))?;
    let mut rows = Vec::new();
    {
        let mut statement =
            conn.prepare("SELECT seq, verb, command, answer FROM journal WHERE seq < ?1").map_err(sql("erase"))?;
        let mut read = statement.query([seq]).map_err(sql("erase"))?;
        while let Some(row) = read.next().map_err(sql("erase"))? {
            let (n, verb, command, answer): (u64, String, String, Option<String>) = (
                row.get(0).map_err(sql("erase"))?,
                row.get(1).map_err(sql("erase"))?,
                row.get(2).map_err(sql("erase"))?,
                row.get(3).map_err(sql("erase"))?,
            );
            if let Some(redacted) = redact_row(erasure, &verb, &command, answer.as_deref())? {
                rows.push((n, redacted));
            }
        }
    }
    for (n, row) in &rows {
        conn.execute(
            "UPDATE journal SET command = ?2, digest = ?3, answer = ?4 WHERE seq = ?1",
            (n, &row.command, &row.digest, &row.answer),
        )
        .map_err(sql("erase"))?;
    }
    let mut events = Vec::new();
    {
        let mut statement = conn
            .prepare("SELECT sequence, journal_seq, body FROM events WHERE journal_seq < ?1")
            .map_err(sql("erase"))?;
        let mut read = statement.query([seq]).map_err(sql("erase"))?;
        while let Some(row) = read.next().map_err(sql("erase"))? {
            let (sequence, journal_seq, body): (u64, u64, String) = (
                row.get(0).map_err(sql("erase"))?,
                row.get(1).map_err(sql("erase"))?,
                row.get(2).map_err(sql("erase"))?,
            );
            if let Some(body) = redact_event(erasure, &body)? {
                events.push((sequence, journal_seq, body));
            }
        }
    }
    let mut touched: Vec<u64> = Vec::new();
    for (sequence, journal_seq, body) in &events {
        conn.execute("UPDATE events SET body = ?2 WHERE sequence = ?1", (sequence, body)).map_err(sql("erase"))?;
        touched.push(*journal_seq);
    }
    touched.sort_unstable();
    touched.dedup();
    for journal_seq in touched {
        let mut statement = conn
            .prepare_cached("SELECT body FROM events WHERE journal_seq = ?1 ORDER BY sequence")
            .map_err(sql("erase"))?;
        let bodies: Vec<String> =
            statement.query_map([journal_seq], |r| r.get(0)).and_then(|rows| rows.collect()).map_err(sql("erase"))?;
        let digest = events_digest(bodies.iter().map(String::as_str));
        conn.execute("UPDATE journal SET events_digest = ?2 WHERE seq = ?1", (journal_seq, digest))
            .map_err(sql("erase"))?;
    }
    conn.execute("UPDATE redactions SET rows = ?2, events = ?3 WHERE seq = ?1", (seq, rows.len(), events.len()))
        .map_err(sql("erase"))?;
    crate::checkpoint::write_erased(conn, program, seq, options)
}

/// The seq of the latest erasure (0 when none).
pub(crate) fn latest(conn: &Connection) -> Result<u64, Error> {
    conn.query_row("SELECT coalesce(max(seq), 0) FROM redactions", [], |r| r.get(0)).map_err(sql("read"))
}

/// After an erasure is committed: `VACUUM` (the rewritten rows' old pages leave the file) and a WAL
/// checkpoint that truncates the log (which held them too). Best effort: the erasure stands either way.
pub(crate) fn vacuum(conn: &Connection) {
    let _ = conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
}
