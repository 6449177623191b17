#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The shared scenarios (`tests/scenarios/*.json`, format in `tests/scenarios/README.md`) run on a
//! program in memory by the runner of `scenario_runner/`. The Python, JS and Kotlin bindings run the
//! same files; `store/tests/scenarios.rs` runs them on a durable program.
//!
//! `SCENARIO=<part of a file name> cargo test -p affiliate-kit --test scenarios` runs only matching files.
//! Files under `tests/scenarios/pending/` document known core bugs; run them with `--ignored`.

mod scenario_runner;

use affiliate_kit::program::{Command, CommandOutcome, Event, Program, ProgramConfig};
use scenario_runner::{compare, every_scenario_passes, run_dir, scenarios_dir, Host, Memory};
use serde_json::Value;

#[test]
fn every_scenario_file_passes() {
    every_scenario_passes::<Memory>();
}

/// A program in memory that, after every step, is replaced by what its checkpoint reads back: the
/// same snapshot, and every later command and read answered from the indices a checkpoint rebuilds.
struct Checkpointed(Memory);

impl Host for Checkpointed {
    fn create(config: ProgramConfig) -> Result<Checkpointed, String> {
        Memory::create(config).map(Checkpointed)
    }
    fn execute(&mut self, command: Command) -> Result<CommandOutcome, affiliate_kit::Error> {
        self.0.execute(command)
    }
    fn program(&mut self) -> &Program {
        self.0.program()
    }
    fn events_since(&mut self, sequence: u64) -> Vec<Event> {
        self.0.events_since(sequence)
    }
    fn snapshot(&mut self) -> String {
        self.0.snapshot()
    }
    fn log(&mut self) -> Vec<Command> {
        self.0.log()
    }
    fn restore(&mut self) -> Result<(), String> {
        self.0.restore()
    }
    fn after_step(&mut self) -> Result<(), String> {
        let mut bytes = Vec::new();
        self.0.program.write_checkpoint(&mut bytes).map_err(|e| format!("write_checkpoint failed: {e}"))?;
        let read =
            Program::read_checkpoint(&bytes[..], |_| Ok(())).map_err(|e| format!("read_checkpoint failed: {e}"))?;
        if read.snapshot() != self.0.program.snapshot() {
            return Err("the program read from its checkpoint has another snapshot".into());
        }
        let log = self.0.program.take_command_log();
        self.0.earlier_log.extend(log);
        self.0.program = read;
        Ok(())
    }
}

#[test]
fn every_scenario_file_passes_on_a_program_read_back_from_its_checkpoint_after_each_step() {
    every_scenario_passes::<Checkpointed>();
}

/// Scenarios that document known core bugs; they fail until the bug is fixed, then move up a folder.
#[test]
#[ignore = "known core bugs, see tests/scenarios/README.md"]
fn pending_scenarios() {
    let (count, failures) = run_dir::<Memory>(&scenarios_dir().join("pending"));
    println!("{} of {count} pending scenarios still fail (a passing one can move up a folder)", failures.len());
    for f in &failures {
        println!("\n{f}");
    }
}

#[test]
fn the_partial_matcher_matches_as_documented() {
    let actual = serde_json::json!({"a": {"amount": "60.00", "currency": "EUR"}, "b": [1, 2], "c": "x", "d": null});
    let ok = |expected: Value| {
        let mut diffs = Vec::new();
        compare(&expected, &actual, "$", &mut diffs);
        diffs.is_empty()
    };
    assert!(ok(serde_json::json!({"a": {"amount": "60.00"}})));
    assert!(ok(serde_json::json!({"a": {"amount": "60"}, "b": [1, 2], "d": null})));
    assert!(!ok(serde_json::json!({"a": {"amount": "60.01"}})));
    assert!(!ok(serde_json::json!({"b": [1]})));
    assert!(!ok(serde_json::json!({"c": "y"})));
    assert!(!ok(serde_json::json!({"e": 1})));
    assert!(!ok(serde_json::json!({"d": "x"})));
}
