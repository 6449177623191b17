//! The tables of PostgreSQL programs (every key carries the program's id) and a program's row.

use affiliate_kit::program::ProgramConfig;
use affiliate_kit::{Error, Result};
use postgres::Client;

use super::pg;
use crate::journal;

/// The schema, created once per database (under an advisory lock, so that processes starting
/// together do not race). Every table is keyed by the program's id.
const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS affiliate_kit_programs (
    id TEXT PRIMARY KEY,                      -- the program's name (`?program=` of the URL)
    config TEXT NOT NULL,                     -- the ProgramConfig, as JSON
    format INTEGER NOT NULL,                  -- the journal format
    head BIGINT NOT NULL,                     -- the last journal seq: the row appends lock
    engine TEXT NOT NULL                      -- the library version that created it
);
CREATE TABLE IF NOT EXISTS affiliate_kit_journal (
    program TEXT NOT NULL REFERENCES affiliate_kit_programs (id),
    seq BIGINT NOT NULL,                      -- 1, 2, 3, ...: the locked head's successor
    at TEXT,                                  -- the command's `at` (RFC 3339)
    verb TEXT NOT NULL,
    command TEXT NOT NULL,                    -- the core's Command, as JSON
    request_id TEXT,                          -- the caller's, when given
    answer TEXT,                              -- the answer, kept for commands with a request id
    engine TEXT NOT NULL,                     -- the library version that ran it
    digest BYTEA NOT NULL,                    -- SHA-256 of `command`
    events_digest BYTEA NOT NULL,             -- SHA-256 of its events' JSON, each + "\n"
    PRIMARY KEY (program, seq),
    UNIQUE (program, request_id)
);
CREATE TABLE IF NOT EXISTS affiliate_kit_events (   -- the outbox, written with the command
    program TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    journal_seq BIGINT NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,                       -- the event as webhooks deliver it
    PRIMARY KEY (program, sequence)
);
CREATE TABLE IF NOT EXISTS affiliate_kit_cursors (  -- the last sequence each consumer acknowledged
    program TEXT NOT NULL,
    consumer TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    PRIMARY KEY (program, consumer)
);
CREATE TABLE IF NOT EXISTS affiliate_kit_checkpoints (  -- the program at a seq: replay starts there
    id BIGSERIAL PRIMARY KEY,
    program TEXT NOT NULL,
    seq BIGINT NOT NULL,
    format INTEGER NOT NULL,                  -- the encoding (the SQLite file's, see checkpoint.rs)
    schema_version INTEGER NOT NULL,
    engine TEXT NOT NULL,
    complete BOOLEAN NOT NULL DEFAULT false,  -- usable once every chunk is written
    chunks BIGINT,
    raw_bytes BIGINT,
    stored_bytes BIGINT,
    digest BYTEA                              -- SHA-256 of the uncompressed records
);
CREATE INDEX IF NOT EXISTS affiliate_kit_checkpoints_by_program ON affiliate_kit_checkpoints (program, seq);
CREATE TABLE IF NOT EXISTS affiliate_kit_checkpoint_chunks (
    checkpoint BIGINT NOT NULL,
    n BIGINT NOT NULL,
    data BYTEA NOT NULL,                      -- zstd-compressed records, in order
    PRIMARY KEY (checkpoint, n)
);
CREATE TABLE IF NOT EXISTS affiliate_kit_endpoints (  -- webhook delivery: one row per endpoint
    program TEXT NOT NULL,
    endpoint TEXT NOT NULL,                   -- its consumer (cursor) is 'webhook:' || endpoint
    attempts INTEGER NOT NULL,                -- failed attempts of its next event (cursor + 1)
    next_at BIGINT,                           -- not before (unix ms): the backoff after a failure
    PRIMARY KEY (program, endpoint)
);
CREATE TABLE IF NOT EXISTS affiliate_kit_attempts (   -- every delivery attempt
    program TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    attempt INTEGER NOT NULL,                 -- 1, 2, ... for this event and endpoint
    at BIGINT NOT NULL,                       -- unix ms
    status INTEGER,                           -- the HTTP status, when an answer came
    error TEXT,                               -- why it failed (null: delivered)
    millis BIGINT NOT NULL,                   -- how long it took
    PRIMARY KEY (program, endpoint, sequence, attempt)
);
CREATE TABLE IF NOT EXISTS affiliate_kit_dead_letters (  -- events an endpoint kept refusing
    program TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NOT NULL,                      -- the last attempt's
    dead_at BIGINT NOT NULL,                  -- unix ms
    requeued BOOLEAN NOT NULL,                -- an operator asked for a replay
    delivered_at BIGINT,                      -- unix ms, once a replay was delivered
    PRIMARY KEY (program, endpoint, sequence)
);
CREATE TABLE IF NOT EXISTS affiliate_kit_redactions (  -- erasures: the rows before them were rewritten
    program TEXT NOT NULL,
    seq BIGINT NOT NULL,                      -- the journal seq of the erase command
    verb TEXT NOT NULL,
    rows BIGINT NOT NULL,                     -- journal rows rewritten
    events BIGINT NOT NULL,                   -- events rewritten
    PRIMARY KEY (program, seq)
);
-- Journal rows and events are immutable, but an erasure (recorded in affiliate_kit_redactions first)
-- rewrites the ones before it; rows at or after a program's latest erasure stay as written.
CREATE OR REPLACE FUNCTION affiliate_kit_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'affiliate-kit journal rows and events are immutable';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION affiliate_kit_journal_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq < (SELECT coalesce(max(seq), 0) FROM affiliate_kit_redactions
                                       WHERE program = OLD.program) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'affiliate-kit journal rows are immutable';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION affiliate_kit_events_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.journal_seq < (SELECT coalesce(max(seq), 0) FROM affiliate_kit_redactions WHERE program = OLD.program) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'affiliate-kit events are immutable';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS affiliate_kit_journal_immutable ON affiliate_kit_journal;
CREATE TRIGGER affiliate_kit_journal_immutable BEFORE UPDATE OR DELETE ON affiliate_kit_journal
    FOR EACH ROW EXECUTE FUNCTION affiliate_kit_journal_immutable();
DROP TRIGGER IF EXISTS affiliate_kit_events_immutable ON affiliate_kit_events;
CREATE TRIGGER affiliate_kit_events_immutable BEFORE UPDATE ON affiliate_kit_events
    FOR EACH ROW EXECUTE FUNCTION affiliate_kit_events_immutable();
"#;

/// Every table of the schema.
const TABLES: [&str; 10] = [
    "affiliate_kit_programs",
    "affiliate_kit_journal",
    "affiliate_kit_events",
    "affiliate_kit_cursors",
    "affiliate_kit_checkpoints",
    "affiliate_kit_checkpoint_chunks",
    "affiliate_kit_endpoints",
    "affiliate_kit_attempts",
    "affiliate_kit_dead_letters",
    "affiliate_kit_redactions",
];

/// The advisory lock the schema is created under ("AKIT").
const SCHEMA_LOCK: i64 = 0x414B_4954;

/// Creates the tables of a new database (a no-op when they exist).
pub(crate) fn create_schema(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction().map_err(pg("open"))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).map_err(pg("open"))?;
    // A database of an earlier version gets the tables it lacks (each `IF NOT EXISTS`).
    let missing: i64 = tx
        .query_one(
            "SELECT count(*) FROM unnest($1::TEXT[]) AS t (name) WHERE to_regclass(t.name) IS NULL",
            &[&&TABLES[..]],
        )
        .map_err(pg("open"))?
        .get(0);
    if missing > 0 {
        tx.batch_execute(SCHEMA).map_err(pg("migrate"))?;
    }
    tx.commit().map_err(pg("open"))
}

/// Reads or creates the program's row; answers the stored config.
pub(super) fn program_row(client: &mut Client, id: &str, given: Option<ProgramConfig>) -> Result<ProgramConfig> {
    let mut tx = client.transaction().map_err(pg("open"))?;
    if let Some(config) = &given {
        let json = serde_json::to_string(config)
            .map_err(|e| Error::InvalidInput { field: "config".into(), reason: e.to_string() })?;
        tx.execute(
            "INSERT INTO affiliate_kit_programs (id, config, format, head, engine) VALUES ($1, $2, $3, 0, $4) \
             ON CONFLICT (id) DO NOTHING",
            &[&id, &json, &(journal::FORMAT as i32), &affiliate_kit::VERSION],
        )
        .map_err(pg("open"))?;
    }
    let row =
        tx.query_opt("SELECT config, format FROM affiliate_kit_programs WHERE id = $1", &[&id]).map_err(pg("open"))?;
    let Some(row) = row else {
        return Err(Error::InvalidInput {
            field: "config".into(),
            reason: format!("the database holds no program {id:?} yet: a config is needed to create it"),
        });
    };
    let (json, format): (String, i32) = (row.get(0), row.get(1));
    if u32::try_from(format).map_or(true, |f| f > journal::FORMAT) {
        return Err(Error::UnsupportedVersion {
            document: "journal format".into(),
            found: u32::try_from(format).unwrap_or(u32::MAX),
            supported: journal::FORMAT,
        });
    }
    let stored = ProgramConfig::from_json(&json)
        .map_err(|e| Error::CorruptJournal { reason: format!("the stored config cannot be read: {e}") })?;
    if given.is_some_and(|given| given != stored) {
        return Err(Error::Conflict {
            reason: format!("the database holds program {id:?} with another config (open it without one to use it)"),
        });
    }
    tx.commit().map_err(pg("open"))?;
    Ok(stored)
}
