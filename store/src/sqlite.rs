//! The SQLite file: connection settings, the schema and its migrations, and SQLite's errors as the
//! core's error kinds.

use std::path::Path;

use affiliate_kit::Error;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use crate::options::{Durability, OpenOptions};

/// `PRAGMA application_id` of an affiliate-kit program file ("AKIT"): a SQLite file without it is
/// someone else's and is never changed.
pub(crate) const APPLICATION_ID: i64 = 0x414B_4954;

/// The schema, one migration per version, applied in order; the version is `affiliate_kit_schema`'s
/// greatest row. A released migration is never edited: a change is a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the first release.
    r#"
    CREATE TABLE affiliate_kit_schema (
        version INTEGER PRIMARY KEY,
        engine TEXT NOT NULL                      -- the library version that applied it
    );
    CREATE TABLE program (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        config TEXT NOT NULL,                     -- the ProgramConfig, as JSON
        format INTEGER NOT NULL,                  -- the journal format
        head INTEGER NOT NULL,                    -- the last journal seq
        engine TEXT NOT NULL                      -- the library version that created it
    );
    CREATE TABLE journal (
        seq INTEGER PRIMARY KEY,                  -- 1, 2, 3, ...: given by the writer under the lock
        at TEXT,                                  -- the command's `at` (RFC 3339)
        verb TEXT NOT NULL,
        command TEXT NOT NULL,                    -- the core's Command, as JSON
        request_id TEXT UNIQUE,                   -- the caller's, when given
        answer TEXT,                              -- the answer, kept for commands with a request id
        engine TEXT NOT NULL,                     -- the library version that ran it
        digest BLOB NOT NULL,                     -- SHA-256 of `command`
        events_digest BLOB NOT NULL               -- SHA-256 of its events' JSON, each + "\n"
    );
    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
        BEGIN SELECT RAISE(ABORT, 'journal rows are immutable'); END;
    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
        BEGIN SELECT RAISE(ABORT, 'journal rows are immutable'); END;
    CREATE TABLE events (                         -- the outbox, written with the command
        sequence INTEGER PRIMARY KEY,
        journal_seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        body TEXT NOT NULL                        -- the event as webhooks deliver it
    );
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
    CREATE TABLE cursors (                        -- delivery: the last sequence each consumer acknowledged
        consumer TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL
    );
    CREATE TABLE checkpoints (                    -- usable only once complete = 1
        id INTEGER PRIMARY KEY AUTOINCREMENT,     -- never reused: chunks left behind cannot collide
        seq INTEGER NOT NULL,                     -- the journal seq the state is at
        format INTEGER NOT NULL,                  -- 1: the snapshot JSON, 2: the core's records; zstd, in chunks
        schema_version INTEGER NOT NULL,          -- the snapshot's (1), the records' CHECKPOINT_FORMAT (1, 2, 3)
        engine TEXT NOT NULL,
        complete INTEGER NOT NULL DEFAULT 0,
        chunks INTEGER,
        raw_bytes INTEGER,
        stored_bytes INTEGER,
        digest BLOB                               -- SHA-256 of the uncompressed bytes
    );
    CREATE TABLE checkpoint_chunks (
        checkpoint INTEGER NOT NULL,
        n INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (checkpoint, n)
    ) WITHOUT ROWID;
    "#,
    // 2: erasures. An erasure rewrites the journal rows and events before it without the personal
    // data it erases (`redactions` records it); rows at or after the latest erasure stay immutable.
    r#"
    CREATE TABLE redactions (
        seq INTEGER PRIMARY KEY,                  -- the journal seq of the erase command
        verb TEXT NOT NULL,
        rows INTEGER NOT NULL,                    -- journal rows rewritten
        events INTEGER NOT NULL                   -- events rewritten
    );
    DROP TRIGGER journal_no_update;
    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
        WHEN OLD.seq >= (SELECT coalesce(max(seq), 0) FROM redactions)
        BEGIN SELECT RAISE(ABORT, 'journal rows are immutable'); END;
    DROP TRIGGER events_no_update;
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        WHEN OLD.journal_seq >= (SELECT coalesce(max(seq), 0) FROM redactions)
        BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
    "#,
];

/// The schema version this library writes (and the newest it reads).
pub(crate) const SCHEMA: u32 = MIGRATIONS.len() as u32;

/// SQLite's error as the core's: a lock held past the timeout is `BUSY`, a file that is not a
/// database `CORRUPT_JOURNAL`, anything else (full disk, read-only file, I/O) `STORAGE`.
pub(crate) fn error(operation: &str, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            Error::Busy { reason: format!("{operation}: {e}") }
        }
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            Error::CorruptJournal { reason: format!("{operation}: {e}") }
        }
        _ => Error::Storage { operation: operation.to_string(), reason: e.to_string() },
    }
}

/// `map_err` for SQLite calls: `.map_err(sql("append"))`.
pub(crate) fn sql(operation: &'static str) -> impl Fn(rusqlite::Error) -> Error {
    move |e| error(operation, e)
}

/// Opens (creating it if missing) the file with the settings every connection uses: WAL, the
/// durability's `synchronous`, the busy timeout; then brings its schema up to date.
pub(crate) fn connect(path: &Path, options: &OpenOptions) -> Result<Connection, Error> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(sql("open"))?;
    conn.busy_timeout(options.busy_timeout).map_err(sql("open"))?;
    // The first read of the file: one that is not SQLite fails here, before anything is written.
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sql("open"))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(sql("open"))?;
    if application_id != APPLICATION_ID && (application_id != 0 || tables != 0) {
        return Err(foreign());
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(sql("open"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Storage { operation: "open".into(), reason: format!("journal_mode is {mode}, not wal") });
    }
    let synchronous = match options.durability {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    };
    conn.pragma_update(None, "synchronous", synchronous).map_err(sql("open"))?;
    migrate(&mut conn)?;
    Ok(conn)
}

fn foreign() -> Error {
    Error::CorruptJournal { reason: "the file is a SQLite database of another application".into() }
}

/// Creates the schema in a new file or applies the migrations an older file lacks, in one
/// transaction. A file written by a newer library is `UNSUPPORTED_VERSION`, and left untouched.
fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("open"))?;
    let application_id: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sql("open"))?;
    let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(sql("open"))?;
    let current: u32 = match (application_id, tables) {
        (0, 0) => {
            tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(sql("open"))?;
            0
        }
        (APPLICATION_ID, _) => tx
            .query_row("SELECT coalesce(max(version), 0) FROM affiliate_kit_schema", [], |r| r.get(0))
            .map_err(|_| Error::CorruptJournal { reason: "the schema table is missing".into() })?,
        _ => return Err(foreign()),
    };
    if current > SCHEMA {
        return Err(Error::UnsupportedVersion {
            document: "store schema version".into(),
            found: current,
            supported: SCHEMA,
        });
    }
    for (version, migration) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(migration).map_err(sql("migrate"))?;
        tx.execute(
            "INSERT INTO affiliate_kit_schema (version, engine) VALUES (?1, ?2)",
            (version as u32 + 1, affiliate_kit::VERSION),
        )
        .map_err(sql("migrate"))?;
    }
    tx.commit().map_err(sql("open"))
}
