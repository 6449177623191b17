#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The shared scenarios (`core/tests/scenarios/*.json`) on a durable program, closed and reopened
//! from its file after every step, with a checkpoint every third command: every answer, error and
//! final check as in memory, and the file's program equal to the replay of its journal (of the
//! commands as given, once an erasure has redacted the journal before it).

#[path = "../../core/tests/scenario_runner/mod.rs"]
mod scenario_runner;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use affiliate_kit::program::{Command, CommandOutcome, Event, Program, ProgramConfig};
use affiliate_kit_store::{DurableProgram, OpenOptions};
use scenario_runner::{every_scenario_passes, Host};

/// A durable program in a file of its own.
struct Durable {
    path: PathBuf,
    program: DurableProgram,
    /// The commands accepted, as given.
    accepted: Vec<Command>,
}

fn options() -> OpenOptions {
    OpenOptions { checkpoint_every: 3, ..OpenOptions::default() }
}

impl Durable {
    fn reopen(&mut self) -> Result<(), String> {
        let before = self.snapshot();
        self.program.close().map_err(|e| format!("close: {e}"))?;
        self.program = DurableProgram::open_with(&self.path, None, options()).map_err(|e| format!("reopen: {e}"))?;
        if self.snapshot() != before {
            return Err("the reopened program differs from the one closed".into());
        }
        Ok(())
    }
}

impl Host for Durable {
    fn create(config: ProgramConfig) -> Result<Durable, String> {
        static FILES: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!("akit-store-scenarios-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{}.db", FILES.fetch_add(1, Ordering::Relaxed)));
        let program = DurableProgram::open_with(&path, Some(config), options()).map_err(|e| format!("open: {e}"))?;
        Ok(Durable { path, program, accepted: Vec::new() })
    }

    fn execute(&mut self, command: Command) -> Result<CommandOutcome, affiliate_kit::Error> {
        let outcome = self.program.execute(command.clone())?;
        if !matches!(command, Command::DrainEvents {}) {
            self.accepted.push(command);
        }
        Ok(outcome)
    }

    fn program(&mut self) -> &Program {
        self.program.program().unwrap()
    }

    fn events_since(&mut self, sequence: u64) -> Vec<Event> {
        self.program.events_since(sequence, u64::MAX).unwrap()
    }

    fn snapshot(&mut self) -> String {
        self.program.snapshot().unwrap()
    }

    fn log(&mut self) -> Vec<Command> {
        let journal = self.program.journal(0, u64::MAX).unwrap().into_iter().map(|entry| entry.command).collect();
        scenario_runner::log_to_replay(journal, &self.accepted)
    }

    /// A `restore` step: the program as its file gives it back.
    fn restore(&mut self) -> Result<(), String> {
        self.reopen()
    }

    fn after_step(&mut self) -> Result<(), String> {
        self.reopen()
    }

    /// The file keeps the events: a rebuilt program is compared without them.
    fn comparable(&self, mut program: Program) -> Program {
        program.forget_events(u64::MAX);
        program
    }
}

#[test]
fn every_scenario_passes_on_a_durable_program_reopened_after_each_step() {
    every_scenario_passes::<Durable>();
    let dir = std::env::temp_dir().join(format!("akit-store-scenarios-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(dir);
}
