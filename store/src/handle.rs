//! [`ProgramHandle`]: a program in memory or in a file behind one API, for hosts (the bindings) that
//! offer both with the same verbs.

use affiliate_kit::program::{Command, CommandOutcome, Event, Program};
use affiliate_kit::{Error, Result};

use crate::DurableProgram;

/// A program in memory or kept in a file. Every verb and read of [`Program`] is on it (see
/// `verbs.rs`); what only a file has ([`DurableProgram::pending_events`], checkpoints, closing) is
/// reached through [`ProgramHandle::durable`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per program, behind a lock: its size does not matter
pub enum ProgramHandle {
    /// In memory only: [`Program`].
    Memory(Program),
    /// Kept in a file: [`DurableProgram`].
    Durable(DurableProgram),
}

impl ProgramHandle {
    /// Runs one command (durably, for a program in a file).
    pub fn execute(&mut self, command: Command) -> Result<CommandOutcome> {
        match self {
            ProgramHandle::Memory(program) => program.execute(command),
            ProgramHandle::Durable(durable) => durable.execute(command),
        }
    }

    /// Runs the commands, each answered on its own (a rejected one is its error and changes
    /// nothing); a durable program commits them in one transaction (see
    /// [`DurableProgram::execute_many`]).
    pub fn execute_many(&mut self, commands: Vec<Command>) -> Result<Vec<Result<CommandOutcome>>> {
        match self {
            ProgramHandle::Memory(program) => Ok(program.execute_many(commands)),
            ProgramHandle::Durable(durable) => durable.execute_many(commands),
        }
    }

    /// The program, for reads (a durable one first applies what other processes committed).
    pub fn program(&mut self) -> Result<&Program> {
        match self {
            ProgramHandle::Memory(program) => Ok(program),
            ProgramHandle::Durable(durable) => durable.program(),
        }
    }

    /// Events with a sequence greater than `sequence` (a durable program reads them from its outbox).
    pub fn events_since(&mut self, sequence: u64) -> Result<Vec<Event>> {
        match self {
            ProgramHandle::Memory(program) => Ok(program.events_since(sequence)),
            ProgramHandle::Durable(durable) => durable.events_since(sequence, u64::MAX),
        }
    }

    /// `Program::drain_events`, or [`DurableProgram::drain_events`].
    pub fn drain_events(&mut self) -> Result<Vec<Event>> {
        match self {
            ProgramHandle::Memory(program) => Ok(program.drain_events()),
            ProgramHandle::Durable(durable) => durable.drain_events(),
        }
    }

    /// Every accepted command: the command log, or a durable program's whole journal.
    pub fn command_log(&mut self) -> Result<Vec<Command>> {
        match self {
            ProgramHandle::Memory(program) => Ok(program.command_log().to_vec()),
            ProgramHandle::Durable(durable) => {
                Ok(durable.journal(0, u64::MAX)?.into_iter().map(|entry| entry.command).collect())
            }
        }
    }

    /// The durable program, or `INVALID_STATE` for a program in memory.
    pub fn durable(&mut self) -> Result<&mut DurableProgram> {
        match self {
            ProgramHandle::Memory(_) => Err(Error::InvalidState {
                reason: "this program is in memory only: open one kept in a file with Program.open".into(),
            }),
            ProgramHandle::Durable(durable) => Ok(durable),
        }
    }
}
