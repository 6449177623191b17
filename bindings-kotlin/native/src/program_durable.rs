//! Programs kept in a file (the store's `DurableProgram`): `Program.open(path, configJson)` and what
//! only such a program has (the outbox's cursors, checkpoints). On a program in memory these are
//! `InvalidState`. Kotlin's `close()` (or `use { }`) of the object closes the file.

use std::sync::Arc;
use std::time::Duration;

use affiliate_kit::program::{Event, ProgramConfig};
use affiliate_kit_store::{CheckpointInfo, Durability, DurableProgram, OpenOptions, ProgramHandle};

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
    /// `DurableProgram::open_with`: the program kept in the SQLite file at `path`, created with the
    /// config (JSON) when the file has none; without a config the file must hold a program. Every
    /// command then answers once it is committed to the file. `durability`: `"full"` (each commit
    /// synced) or `"normal"`; `busyTimeoutMs`: how long a command waits for another process's write
    /// lock before `Busy`; `checkpointEvery`: commands between automatic checkpoints (0: none).
    #[uniffi::constructor(default(
        config_json = None,
        durability = "full",
        busy_timeout_ms = 5000,
        checkpoint_every = 100000
    ))]
    pub fn open(
        path: String,
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
        Ok(Arc::new(Program::durable(DurableProgram::open_with(path, config, options)?)))
    }

    /// Whether the program is kept in a file (`Program.open`).
    pub fn is_durable(&self) -> Result<bool> {
        Ok(matches!(*self.program()?, ProgramHandle::Durable(_)))
    }

    /// `DurableProgram::pending_events`: the events `consumer` has not acknowledged, oldest first.
    #[uniffi::method(default(limit = 100))]
    pub fn pending_events(&self, consumer: String, limit: u64) -> Result<Vec<Event>> {
        Ok(self.program()?.durable()?.pending_events(&consumer, limit)?)
    }

    /// `DurableProgram::ack_events`: acknowledges `consumer`'s events up to `sequence`.
    pub fn ack_events(&self, consumer: String, sequence: u64) -> Result<()> {
        Ok(self.program()?.durable()?.ack_events(&consumer, sequence)?)
    }

    /// `DurableProgram::cursor`: the last sequence `consumer` acknowledged.
    pub fn cursor(&self, consumer: String) -> Result<u64> {
        Ok(self.program()?.durable()?.cursor(&consumer)?)
    }

    /// `DurableProgram::checkpoint`: so that reopening replays only what follows.
    pub fn checkpoint(&self) -> Result<CheckpointInfo> {
        Ok(self.program()?.durable()?.checkpoint()?)
    }

    /// `DurableProgram::refresh`: applies what other processes committed.
    pub fn refresh(&self) -> Result<()> {
        Ok(self.program()?.durable()?.refresh()?)
    }

    /// `DurableProgram::head`: the last journal seq this program holds.
    pub fn head(&self) -> Result<u64> {
        Ok(self.program()?.durable()?.head())
    }
}
