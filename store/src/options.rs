//! How a durable program is opened: durability, lock waiting, checkpoint frequency.

use std::time::Duration;

/// When a commit is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous=FULL`: a command is answered once its commit is written and synced to the disk.
    /// Survives the process being killed and the machine losing power (on a disk that honours syncs).
    #[default]
    Full,
    /// `synchronous=NORMAL`: the write-ahead log is synced at its checkpoints only. Survives the
    /// process being killed; a power loss may lose the last commands acknowledged before it.
    Normal,
}

impl Durability {
    /// Parses `"full"` or `"normal"` (the bindings' spelling).
    pub fn parse(text: &str) -> affiliate_kit::Result<Durability> {
        match text {
            "full" => Ok(Durability::Full),
            "normal" => Ok(Durability::Normal),
            _ => Err(affiliate_kit::Error::InvalidInput {
                field: "durability".into(),
                reason: format!("{text:?} is not \"full\" or \"normal\""),
            }),
        }
    }
}

/// Options of [`crate::DurableProgram::open_with`]. `Default` gives the recommended values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOptions {
    /// When a commit is on disk (default [`Durability::Full`]).
    pub durability: Durability,
    /// How long a command waits for another process's write lock before it fails with
    /// `BUSY` (default 5 s).
    pub busy_timeout: Duration,
    /// A checkpoint is taken automatically once this many commands were journaled after the last
    /// one (default 100 000: about 2 seconds of replay on the project machine when the program is
    /// reopened, see benches/README.md). It is written within the call of the command that reaches
    /// the count (seconds for a large program). `0` turns automatic checkpoints off;
    /// [`crate::DurableProgram::checkpoint`] still takes one.
    pub checkpoint_every: u64,
    /// How many complete checkpoints are kept (default 2, at least 1): older ones are deleted.
    pub keep_checkpoints: u32,
    /// Compressed checkpoint bytes per row of `checkpoint_chunks` (default 1 MiB), each written in a
    /// transaction of its own.
    pub checkpoint_chunk_bytes: usize,
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions {
            durability: Durability::Full,
            busy_timeout: Duration::from_secs(5),
            checkpoint_every: 100_000,
            keep_checkpoints: 2,
            checkpoint_chunk_bytes: 1 << 20,
        }
    }
}
