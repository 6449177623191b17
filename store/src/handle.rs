//! [`ProgramHandle`]: a program in memory, in a SQLite file or in PostgreSQL behind one API, for
//! hosts (the bindings) that offer them all with the same verbs.

use std::path::Path;

use affiliate_kit::program::{Command, CommandOutcome, Event, Program, ProgramConfig};
use affiliate_kit::{Error, Result};

use crate::{CheckpointInfo, DurableProgram, OpenOptions};

/// A program in memory, kept in a file, or kept in PostgreSQL. Every verb and read of [`Program`] is
/// on it (see `verbs.rs`), and what every kept program has (the outbox's cursors, refresh, head,
/// close); what only one store has is reached through [`ProgramHandle::durable`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per program, behind a lock: its size does not matter
pub enum ProgramHandle {
    /// In memory only: [`Program`].
    Memory(Program),
    /// Kept in a SQLite file: [`DurableProgram`].
    Durable(DurableProgram),
    /// Kept in PostgreSQL, shared by several machines: [`crate::PostgresProgram`].
    #[cfg(feature = "postgres")]
    Shared(crate::PostgresProgram),
}

/// Whether `location` names a PostgreSQL program (`postgresql://` or `postgres://`) rather than a
/// file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgresql://") || location.starts_with("postgres://")
}

/// Calls `$call` on the kept program of `$handle` (a file's or PostgreSQL's); a program in memory is
/// `INVALID_STATE`.
macro_rules! kept {
    ($handle:expr, |$p:ident| $call:expr) => {
        match $handle {
            ProgramHandle::Memory(_) => Err(in_memory()),
            ProgramHandle::Durable($p) => $call,
            #[cfg(feature = "postgres")]
            ProgramHandle::Shared($p) => $call,
        }
    };
}

impl ProgramHandle {
    /// Opens (or, with `config`, creates) the program at `location`: a PostgreSQL URL
    /// (`postgresql://user@host/db?program=main`, see [`crate::PostgresProgram::open`]; `options`
    /// are the file's and do not apply) or the path of a SQLite file
    /// ([`DurableProgram::open_with`]).
    pub fn open(location: &str, config: Option<ProgramConfig>, options: OpenOptions) -> Result<ProgramHandle> {
        if is_postgres_url(location) {
            #[cfg(feature = "postgres")]
            return Ok(ProgramHandle::Shared(crate::PostgresProgram::open(location, config)?));
            #[cfg(not(feature = "postgres"))]
            return Err(Error::InvalidInput {
                field: "path".into(),
                reason: "this build keeps programs in SQLite files only (PostgreSQL is the store's feature `postgres`)"
                    .into(),
            });
        }
        Ok(ProgramHandle::Durable(DurableProgram::open_with(Path::new(location), config, options)?))
    }

    /// Runs one command (durably, for a kept program).
    pub fn execute(&mut self, command: Command) -> Result<CommandOutcome> {
        match self {
            ProgramHandle::Memory(program) => program.execute(command),
            ProgramHandle::Durable(p) => p.execute(command),
            #[cfg(feature = "postgres")]
            ProgramHandle::Shared(p) => p.execute(command),
        }
    }

    /// Runs the commands, each answered on its own (a rejected one is its error and changes
    /// nothing); a kept program commits them in one transaction (see
    /// [`DurableProgram::execute_many`]).
    pub fn execute_many(&mut self, commands: Vec<Command>) -> Result<Vec<Result<CommandOutcome>>> {
        match self {
            ProgramHandle::Memory(program) => Ok(program.execute_many(commands)),
            ProgramHandle::Durable(p) => p.execute_many(commands),
            #[cfg(feature = "postgres")]
            ProgramHandle::Shared(p) => p.execute_many(commands),
        }
    }

    /// The program, for reads (a kept one first applies what other writers committed).
    pub fn program(&mut self) -> Result<&Program> {
        match self {
            ProgramHandle::Memory(program) => Ok(program),
            ProgramHandle::Durable(p) => p.program(),
            #[cfg(feature = "postgres")]
            ProgramHandle::Shared(p) => p.program(),
        }
    }

    /// Events with a sequence greater than `sequence` (a kept program reads them from its outbox).
    pub fn events_since(&mut self, sequence: u64) -> Result<Vec<Event>> {
        match self {
            ProgramHandle::Memory(program) => Ok(program.events_since(sequence)),
            ProgramHandle::Durable(p) => p.events_since(sequence, u64::MAX),
            #[cfg(feature = "postgres")]
            ProgramHandle::Shared(p) => p.events_since(sequence, u64::MAX),
        }
    }

    /// `Program::drain_events`, or the kept program's `drain_events`.
    pub fn drain_events(&mut self) -> Result<Vec<Event>> {
        match self {
            ProgramHandle::Memory(program) => Ok(program.drain_events()),
            ProgramHandle::Durable(p) => p.drain_events(),
            #[cfg(feature = "postgres")]
            ProgramHandle::Shared(p) => p.drain_events(),
        }
    }

    /// Every accepted command: the command log, or a kept program's whole journal.
    pub fn command_log(&mut self) -> Result<Vec<Command>> {
        let journal = match self {
            ProgramHandle::Memory(program) => return Ok(program.command_log().to_vec()),
            ProgramHandle::Durable(p) => p.journal(0, u64::MAX)?,
            #[cfg(feature = "postgres")]
            ProgramHandle::Shared(p) => p.journal(0, u64::MAX)?,
        };
        Ok(journal.into_iter().map(|entry| entry.command).collect())
    }

    // What every kept program has (`INVALID_STATE` in memory).

    /// The kept program's `execute_once`.
    pub fn execute_once(&mut self, command: Command, request_id: &str) -> Result<CommandOutcome> {
        kept!(self, |p| p.execute_once(command, request_id))
    }

    /// The kept program's `pending_events`.
    pub fn pending_events(&mut self, consumer: &str, limit: u64) -> Result<Vec<Event>> {
        kept!(self, |p| p.pending_events(consumer, limit))
    }

    /// The kept program's `ack_events`.
    pub fn ack_events(&mut self, consumer: &str, sequence: u64) -> Result<()> {
        kept!(self, |p| p.ack_events(consumer, sequence))
    }

    /// The kept program's `cursor`.
    pub fn cursor(&mut self, consumer: &str) -> Result<u64> {
        kept!(self, |p| p.cursor(consumer))
    }

    /// The kept program's `refresh`.
    pub fn refresh(&mut self) -> Result<()> {
        kept!(self, |p| p.refresh())
    }

    /// The kept program's `head`.
    pub fn head(&mut self) -> Result<u64> {
        kept!(self, |p| Ok(p.head()))
    }

    /// The kept program's `close`.
    pub fn close(&mut self) -> Result<()> {
        kept!(self, |p| p.close())
    }

    /// The kept program's `is_closed`.
    pub fn is_closed(&mut self) -> Result<bool> {
        kept!(self, |p| Ok(p.is_closed()))
    }

    /// The kept program's `checkpoint`.
    pub fn checkpoint(&mut self) -> Result<CheckpointInfo> {
        kept!(self, |p| p.checkpoint())
    }

    /// The program kept in a file, or `INVALID_STATE` for any other.
    pub fn durable(&mut self) -> Result<&mut DurableProgram> {
        match self {
            ProgramHandle::Durable(durable) => Ok(durable),
            _ => Err(Error::InvalidState { reason: "this program is not kept in a SQLite file".into() }),
        }
    }
}

fn in_memory() -> Error {
    Error::InvalidState {
        reason: "this program is in memory only: open one kept in a file or in PostgreSQL with Program.open".into(),
    }
}
