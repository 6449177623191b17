#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Fault injection without processes: every fallible step of an append (one command, a batch) and
//! of a checkpoint is made to fail in turn, as storage fails. Each time: the call is not
//! acknowledged, the file holds exactly the commands acknowledged before, the replica equals the
//! replay of the file, the same handle keeps working, and reopening gives the same program.

mod support;

use affiliate_kit::program::Command;
use affiliate_kit::ErrorKind;
use affiliate_kit_store::{DurableProgram, OpenOptions};
use support::{check_file, commands, config, temp_dir};

const SEED: u64 = 11;

/// A file with the first `n` commands of the stream run; answers the handle and how many were
/// acknowledged.
fn prepared(path: &std::path::Path, n: u64, options: OpenOptions) -> (DurableProgram, u64) {
    let mut p = DurableProgram::open_with(path, Some(config()), options).unwrap();
    let acked = commands(SEED, 0, n).into_iter().filter(|c| p.execute(c.clone()).is_ok()).count() as u64;
    p.take_steps();
    (p, acked)
}

/// What must hold after any failure: the file has exactly `acked` commands and replays to the
/// replica, the handle works on, and a reopened program is the same.
fn check_recovers(path: &std::path::Path, p: &mut DurableProgram, acked: u64, next: Command) {
    let (replayed, journaled) = check_file(path);
    assert_eq!(journaled as u64, acked, "the journal does not hold exactly the acknowledged commands");
    assert_eq!(p.snapshot().unwrap(), replayed, "the replica is not the file's program");
    p.execute(next).expect("the program works on after the fault");
    let (replayed, journaled) = check_file(path);
    assert_eq!(journaled as u64, acked + 1);
    let live = p.snapshot().unwrap();
    assert_eq!(live, replayed);
    let mut reopened = DurableProgram::open(path, None).unwrap();
    assert_eq!(reopened.snapshot().unwrap(), live);
}

/// Makes step 0, 1, 2, ... of `call` fail until it succeeds (journaling `journals` commands);
/// answers the names of its steps.
fn fail_each_step(
    name: &str,
    options: OpenOptions,
    journals: u64,
    call: impl Fn(&mut DurableProgram) -> Option<ErrorKind>,
) -> Vec<&'static str> {
    let dir = temp_dir(name);
    for k in 0.. {
        let path = dir.join(format!("{k}.db"));
        let (mut p, acked) = prepared(&path, 40, options.clone());
        p.fail_in(k);
        let failed = call(&mut p);
        let steps = p.take_steps();
        if k as usize >= steps.len() {
            assert_eq!(failed, None, "succeeds once no step fails");
            p.fail_in(u64::MAX); // disarmed
            check_recovers(&path, &mut p, acked + journals, commands(SEED, 60, 61).remove(0));
            std::fs::remove_dir_all(&dir).unwrap();
            return steps;
        }
        let step = steps[k as usize];
        let acked = match failed {
            Some(kind) => {
                assert_eq!(kind, ErrorKind::Storage, "step {k} ({step}) failed as {kind:?}");
                acked
            }
            None => {
                // Only an automatic checkpoint, after the command was committed, fails silently.
                assert!(step.starts_with("checkpoint."), "a fault at {step} was swallowed");
                acked + 1
            }
        };
        check_recovers(&path, &mut p, acked, commands(SEED, 60, 61).remove(0));
    }
    unreachable!()
}

fn no_checkpoints() -> OpenOptions {
    OpenOptions { checkpoint_every: 0, checkpoint_chunk_bytes: 1024, ..OpenOptions::default() }
}

#[test]
fn a_fault_at_any_step_of_an_append_loses_nothing_acknowledged() {
    // Command 41 of the seeded stream is an order (accepted).
    let steps = fail_each_step("append", no_checkpoints(), 1, |p| {
        p.execute(commands(SEED, 41, 42).remove(0)).err().map(|e| e.kind())
    });
    assert_eq!(steps, ["append.begin", "append.journal", "append.head", "append.commit"]);
}

#[test]
fn a_fault_at_any_step_of_a_batch_commits_none_of_it() {
    let steps = fail_each_step("batch", no_checkpoints(), 9, |p| {
        p.execute_many(commands(SEED, 41, 51)).err().map(|e| e.kind())
    });
    assert_eq!(steps.first(), Some(&"append.begin"));
    assert_eq!(steps.iter().filter(|s| **s == "append.journal").count(), 9, "{steps:?}"); // 9 of the 10 accepted
    assert_eq!(&steps[steps.len() - 2..], ["append.head", "append.commit"]);
}

#[test]
fn a_fault_at_any_step_of_a_checkpoint_leaves_the_program_as_it_was() {
    let steps = fail_each_step("checkpoint", no_checkpoints(), 0, |p| p.checkpoint().err().map(|e| e.kind()));
    let chunks = steps.iter().filter(|s| **s == "checkpoint.chunk").count();
    assert!(chunks >= 3, "several chunks of 1 KiB: {steps:?}");
    assert_eq!(steps.first(), Some(&"checkpoint.begin"));
    assert_eq!(&steps[steps.len() - 2..], ["checkpoint.complete", "checkpoint.commit"]);
}

#[test]
fn a_failed_automatic_checkpoint_does_not_fail_the_command_that_triggered_it() {
    // A checkpoint after every command: the order commits, then is checkpointed.
    let options = OpenOptions { checkpoint_every: 1, ..no_checkpoints() };
    let steps = fail_each_step("auto-checkpoint", options, 1, |p| {
        p.execute(commands(SEED, 41, 42).remove(0)).err().map(|e| e.kind())
    });
    assert_eq!(&steps[..5], ["append.begin", "append.journal", "append.head", "append.commit", "checkpoint.begin"]);
}

#[test]
fn an_abandoned_checkpoint_is_never_used_and_the_next_one_clears_it() {
    let dir = temp_dir("abandoned");
    let path = dir.join("program.db");
    let (mut p, _) = prepared(&path, 40, no_checkpoints());
    p.fail_in(3); // begin, chunk, chunk, then the third chunk fails
    assert_eq!(p.checkpoint().unwrap_err().kind(), ErrorKind::Storage);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM checkpoints WHERE complete = 0"), 1);
    assert_eq!(count("SELECT count(*) FROM checkpoint_chunks"), 2);
    assert_eq!(DurableProgram::open(&path, None).unwrap().open_report().checkpoint_seq, None);
    let info = p.checkpoint().unwrap();
    assert_eq!(count("SELECT count(*) FROM checkpoints"), 1);
    assert_eq!(count("SELECT count(*) FROM checkpoints WHERE complete = 1"), 1);
    assert_eq!(DurableProgram::open(&path, None).unwrap().open_report().checkpoint_seq, Some(info.seq));
    std::fs::remove_dir_all(&dir).unwrap();
}
