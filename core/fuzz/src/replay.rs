//! Replays every committed corpus file of every target through the same functions libFuzzer calls,
//! so that `cargo test` keeps the targets (and the bugs they found) honest without libFuzzer.

use std::path::{Path, PathBuf};

/// The corpus folder of `target`.
fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target)
}

/// Runs `run` on every file of the target's corpus; fails naming the files that panic.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = corpus(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            failures.push(file.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {target} inputs fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn money_parse_corpus() {
    replay("money_parse", crate::money_parse::run);
}

#[test]
fn codes_corpus() {
    replay("codes", crate::codes::run);
}

#[test]
fn plan_json_corpus() {
    replay("plan_json", crate::plan_json::run);
}

#[test]
fn snapshot_restore_corpus() {
    replay("snapshot_restore", crate::snapshot_restore::run);
}

#[test]
fn commands_corpus() {
    replay("commands", crate::commands::run);
}

/// Every scenario file, encoded as a `commands` input, runs clean (this also checks the encoding).
#[test]
fn every_scenario_as_commands() {
    for world in 0..crate::commands::SCENARIOS.len() {
        crate::commands::run(&crate::commands::encode_scenario(world, None));
    }
}
