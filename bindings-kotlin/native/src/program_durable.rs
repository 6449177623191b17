//! Kept programs (the store's `ProgramHandle::open`): `Program.open(location, configJson)` of a SQLite
//! file, or on the JVM of a `postgresql://` URL (feature `postgres`; Android builds without it), and
//! what only a kept program has (request ids, the outbox's cursors, checkpoints). On a program in
//! memory these are `InvalidState`. Kotlin's `close()` (or `use { }`) of the object closes it.

use std::sync::Arc;
use std::time::Duration;

use affiliate_kit::host::arguments;
use affiliate_kit::program::{CommandOutcome, Event, ProgramConfig};
use affiliate_kit_store::{CheckpointInfo, Durability, OpenOptions, ProgramHandle};

use crate::error::Result;
use crate::program::Program;

/// What a checkpoint wrote.
#[uniffi::remote(Record)]
pub struct CheckpointInfo {
    /// The journal seq the checkpoint's state is at.
    pub seq: u64,
    /// The size of the records before compression.
    pub raw_bytes: u64,
    /// What it takes in the file, compressed.
    pub stored_bytes: u64,
}

#[uniffi::export]
impl Program {
    /// `ProgramHandle::open`: the program kept in the SQLite file at `location`, or in PostgreSQL when
    /// `location` is a `postgresql://user@host/db?program=main` URL (several machines share it),
    /// created with the config (JSON) when missing; without a config it must exist. Every command
    /// then answers once it is committed. `durability` (files only): `"full"` (each commit synced) or
    /// `"normal"`; `busyTimeoutMs`: how long a command waits for another writer's lock before `Busy`;
    /// `checkpointEvery`: commands between automatic checkpoints (0: none).
    #[uniffi::constructor(default(
        config_json = None,
        durability = "full",
        busy_timeout_ms = 5000,
        checkpoint_every = 100000
    ))]
    pub fn open(
        location: String,
        config_json: Option<String>,
        durability: String,
        busy_timeout_ms: u64,
        checkpoint_every: u64,
    ) -> Result<Arc<Self>> {
        let config = config_json.map(|json| ProgramConfig::from_json(&json)).transpose()?;
        let options = OpenOptions {
            durability: Durability::parse(&durability)?,
            busy_timeout: Duration::from_millis(busy_timeout_ms),
            checkpoint_every,
            ..OpenOptions::default()
        };
        Ok(Arc::new(Program::kept(ProgramHandle::open(&location, config, options)?)))
    }

    /// Whether the program is kept in a file or in PostgreSQL (`Program.open`).
    pub fn is_durable(&self) -> Result<bool> {
        Ok(!matches!(*self.program()?, ProgramHandle::Memory(_)))
    }

    /// Runs one command (the core's `Command` as JSON) with the caller's request id: a retry with the
    /// same id (after an unknown outcome, from any process or machine) answers the first outcome
    /// (JSON) and runs nothing again; the same id with another command is `Conflict`.
    pub fn execute_once(&self, command_json: String, request_id: String) -> Result<String> {
        let outcome: CommandOutcome = self.program()?.execute_once(arguments::command(&command_json)?, &request_id)?;
        Ok(serde_json::to_string(&outcome).map_err(|e| affiliate_kit::Error::InvalidState { reason: e.to_string() })?)
    }

    /// `pending_events`: the events `consumer` has not acknowledged, oldest first.
    #[uniffi::method(default(limit = 100))]
    pub fn pending_events(&self, consumer: String, limit: u64) -> Result<Vec<Event>> {
        Ok(self.program()?.pending_events(&consumer, limit)?)
    }

    /// `ack_events`: acknowledges `consumer`'s events up to `sequence`.
    pub fn ack_events(&self, consumer: String, sequence: u64) -> Result<()> {
        Ok(self.program()?.ack_events(&consumer, sequence)?)
    }

    /// `cursor`: the last sequence `consumer` acknowledged.
    pub fn cursor(&self, consumer: String) -> Result<u64> {
        Ok(self.program()?.cursor(&consumer)?)
    }

    /// `checkpoint`: so that reopening replays only what follows.
    pub fn checkpoint(&self) -> Result<CheckpointInfo> {
        Ok(self.program()?.checkpoint()?)
    }

    /// `refresh`: applies what other processes or machines committed.
    pub fn refresh(&self) -> Result<()> {
        Ok(self.program()?.refresh()?)
    }

    /// `head`: the last journal seq this program holds.
    pub fn head(&self) -> Result<u64> {
        Ok(self.program()?.head()?)
    }
}
