#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Real processes: writers that are killed with SIGKILL at random moments (during commands, commits,
//! checkpoints, opening), and two writers on one file at once. The writer is this test binary run
//! again with `writer_process` and its orders in the environment; it prints `ACK <index> <seq>` after
//! each command it got an answer for (so after its commit).
//!
//! `AKIT_CRASH_ROUNDS=5000 cargo test -p affiliate-kit-store --release --test crash` runs more rounds
//! (`./scripts/crash` does that).

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command as Process, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use affiliate_kit_store::{DurableProgram, OpenOptions};
use support::{check_file, command, config, mix, read_file, temp_dir};

const SEED: u64 = 2026;

/// Runs as the writer when the crash tests start this binary with `AKIT_WRITER_FILE` set; does
/// nothing in a normal test run.
/// Marks this writer at `barrier` (a file `<barrier>.<pid>`) and waits until both writers are.
fn wait_for_both(barrier: &str) {
    std::fs::write(format!("{barrier}.{}", std::process::id()), "").unwrap();
    let prefix = format!("{}.", Path::new(barrier).file_name().unwrap().to_string_lossy());
    while std::fs::read_dir(Path::new(barrier).parent().unwrap())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(&prefix))
        .count()
        < 2
    {
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
#[ignore = "the crash tests' writer process"]
fn writer_process() {
    let Ok(path) = std::env::var("AKIT_WRITER_FILE") else { return };
    let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let (from, to, seed) = (number("AKIT_WRITER_FROM"), number("AKIT_WRITER_TO"), number("AKIT_WRITER_SEED"));
    let options = OpenOptions { checkpoint_every: number("AKIT_WRITER_CHECKPOINT_EVERY"), ..OpenOptions::default() };
    let mut program = DurableProgram::open_with(&path, Some(config()), options).unwrap();
    println!("READY");
    if let Ok(barrier) = std::env::var("AKIT_WRITER_BARRIER") {
        // Both writers open before either writes, so that they write at the same time.
        wait_for_both(&format!("{barrier}-start"));
    }
    for i in from..to {
        // Orders only (`AKIT_WRITER_ORDERS`): each writer its own order ids, all accepted.
        let next = match std::env::var("AKIT_WRITER_ORDERS") {
            Ok(prefix) => orders_only(&prefix, i),
            Err(_) => command(seed, i),
        };
        if program.execute(next).is_ok() {
            println!("ACK {i} {}", program.head());
        }
        // `AKIT_WRITER_PAUSE_MS`: a pause between commands, so that a writer waiting for the
        // file's lock (SQLite's busy handler sleeps up to 100 ms) gets it between them.
        std::thread::sleep(Duration::from_millis(number("AKIT_WRITER_PAUSE_MS")));
    }
    if let Ok(barrier) = std::env::var("AKIT_WRITER_BARRIER") {
        // Both writers done: then the final replica, with everything the other wrote.
        wait_for_both(&barrier);
        let snapshot = program.snapshot().unwrap();
        println!("FINAL {} {}", program.head(), support::digest(&snapshot));
    }
    println!("DONE");
}

/// An order of affiliate `aff_1` (registered by the first writer command of the stream).
fn orders_only(prefix: &str, i: u64) -> affiliate_kit::program::Command {
    let json = serde_json::json!({"verb": "track_order", "at": support::t0() + chrono::TimeDelta::minutes(i as i64),
        "order": {"id": format!("{prefix}{i}"), "currency": "EUR", "code": "AFF1",
                  "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "20.00"}]}});
    affiliate_kit::host::arguments::command(&json.to_string()).unwrap()
}

/// Starts the writer on `path` for commands `from..to`, with extra environment.
fn writer(path: &Path, from: u64, to: u64, env: &[(&str, String)]) -> (Child, JoinHandle<Vec<String>>) {
    let mut process = Process::new(std::env::current_exe().unwrap());
    process
        .args(["writer_process", "--exact", "--ignored", "--nocapture", "--test-threads=1", "-q"])
        .env("AKIT_WRITER_FILE", path)
        .env("AKIT_WRITER_FROM", from.to_string())
        .env("AKIT_WRITER_TO", to.to_string())
        .env("AKIT_WRITER_SEED", SEED.to_string())
        .env("AKIT_WRITER_CHECKPOINT_EVERY", "25")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        process.env(k, v);
    }
    let mut child = process.spawn().unwrap();
    let reader = support::whole_lines(child.stdout.take().unwrap());
    (child, reader)
}

/// (index, seq) of every ACK line.
fn acks(lines: &[String]) -> Vec<(u64, u64)> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("ACK "))
        .map(|rest| {
            let (i, seq) = rest.split_once(' ').unwrap();
            (i.parse().unwrap(), seq.parse().unwrap())
        })
        .collect()
}

fn rounds() -> u64 {
    std::env::var("AKIT_CRASH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
}

/// Copies the program file (and its write-ahead log) to `to`.
fn copy_file(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let wal = |p: &Path| p.with_file_name(format!("{}-wal", p.file_name().unwrap().to_string_lossy()));
    if wal(from).exists() {
        std::fs::copy(wal(from), wal(to)).unwrap();
    }
}

#[test]
fn killed_writers_lose_no_acknowledged_command() {
    let dir = temp_dir("crash");
    let started = Instant::now();
    let (mut file_no, mut path) = (0, dir.join("0.db"));
    // Every acknowledged command of the current file: seq -> stream index.
    let mut acknowledged: BTreeMap<u64, u64> = BTreeMap::new();
    let mut next_index = 0;
    let (mut kills_while_open, mut checkpoints_seen) = (0, 0);
    // Journal rows before this round: a killed writer leaves at most one command committed but not
    // acknowledged (the one it was answering when killed).
    let mut journaled_before = 0;
    for round in 0..rounds() {
        if round > 0 && round.is_multiple_of(25) {
            // A fresh file now and then: replaying every round stays short.
            file_no += 1;
            path = dir.join(format!("{file_no}.db"));
            acknowledged.clear();
            next_index = 0;
            journaled_before = 0;
        }
        let (mut child, reader) = writer(&path, next_index, next_index + 100_000, &[]);
        let r = mix(SEED, round);
        if r.is_multiple_of(10) {
            // Killed while opening (replaying, migrating) or just after.
            std::thread::sleep(Duration::from_millis(r % 7));
            kills_while_open += 1;
        } else {
            std::thread::sleep(Duration::from_millis(5 + r % 60));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        for (i, seq) in acks(&lines) {
            assert!(acknowledged.insert(seq, i).is_none(), "round {round}: seq {seq} acknowledged twice");
            next_index = next_index.max(i + 1);
        }
        if !support::holds_program(&path) {
            // Killed before the new file's program was committed: nothing can have been acknowledged.
            assert!(acknowledged.is_empty(), "round {round}: acknowledged commands but no program in the file");
            continue;
        }
        // Every acknowledged command is in the journal at its seq; the journal and outbox are gapless
        // (read_file, check_file); the state is the journal's replay.
        let file = read_file(&path);
        let new_acks = acknowledged.range(journaled_before + 1..).count();
        assert!(
            file.commands.len() as u64 <= journaled_before + new_acks as u64 + 1,
            "round {round}: {} rows journaled after {journaled_before}, {new_acks} acknowledged",
            file.commands.len() as u64 - journaled_before
        );
        journaled_before = file.commands.len() as u64;
        for (&seq, &i) in &acknowledged {
            let journaled = file.commands.get(seq as usize - 1);
            assert_eq!(journaled, Some(&command(SEED, i)), "round {round}: acknowledged seq {seq} is lost");
        }
        let (replayed, _) = check_file(&path);
        let mut reopened = DurableProgram::open(&path, None).unwrap();
        assert_eq!(reopened.snapshot().unwrap(), replayed, "round {round}: reopened state differs from the replay");
        if reopened.open_report().checkpoint_seq.is_some() {
            checkpoints_seen += 1;
        }
        reopened.close().unwrap();
        if round.is_multiple_of(5) {
            // The same state with every checkpoint deleted.
            let copy = dir.join("copy.db");
            copy_file(&path, &copy);
            let conn = rusqlite::Connection::open(&copy).unwrap();
            conn.execute_batch("DELETE FROM checkpoints; DELETE FROM checkpoint_chunks;").unwrap();
            drop(conn);
            let mut without = DurableProgram::open(&copy, None).unwrap();
            assert_eq!(without.open_report().checkpoint_seq, None);
            assert_eq!(without.snapshot().unwrap(), replayed, "round {round}: without checkpoints the state differs");
            without.close().unwrap();
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("copy.db{suffix}")));
            }
        }
        // The next writer continues the stream after whatever was committed, acknowledged or not.
        next_index = next_index.max(journaled_indices(&path, &acknowledged));
    }
    println!(
        "{} rounds in {:.1} s: {} killed while opening, {} reopened from a checkpoint",
        rounds(),
        started.elapsed().as_secs_f64(),
        kills_while_open,
        checkpoints_seen
    );
    assert!(checkpoints_seen > 0, "no round reopened from a checkpoint");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The stream index after the last journaled command: commands are journaled in stream order, so
/// the journal's length past the acknowledged ones tells how far the killed writer got.
fn journaled_indices(path: &Path, acknowledged: &BTreeMap<u64, u64>) -> u64 {
    let file = read_file(path);
    let Some(last) = file.commands.last() else { return 0 };
    // Find the stream index of the last journaled command: at or after the last acknowledged one.
    let from = acknowledged.values().max().map_or(0, |i| *i);
    let found = (from..from + 100_000).find(|&i| command(SEED, i) == *last);
    found.expect("the last journaled command is one of the stream after the last acknowledged one") + 1
}

#[test]
fn two_processes_write_one_file_at_once() {
    let dir = temp_dir("two-processes");
    let path = dir.join("program.db");
    let mut setup = DurableProgram::open(&path, Some(config())).unwrap();
    setup.execute(command(SEED, 0)).unwrap(); // aff_1, code AFF1
    setup.close().unwrap();
    let barrier = dir.join("barrier").to_string_lossy().into_owned();
    let per_writer = 150;
    let writers: Vec<_> = ["a", "b"]
        .iter()
        .map(|prefix| {
            writer(
                &path,
                0,
                per_writer,
                &[
                    ("AKIT_WRITER_ORDERS", format!("{prefix}-")),
                    ("AKIT_WRITER_BARRIER", barrier.clone()),
                    ("AKIT_WRITER_CHECKPOINT_EVERY", "40".into()),
                    ("AKIT_WRITER_PAUSE_MS", "2".into()),
                ],
            )
        })
        .collect();
    let mut seqs = Vec::new();
    let mut finals = Vec::new();
    for (mut child, reader) in writers {
        assert!(child.wait().unwrap().success());
        let lines = reader.join().unwrap();
        assert!(lines.iter().any(|l| l == "DONE"), "{lines:?}");
        let mine: Vec<u64> = acks(&lines).into_iter().map(|(_, seq)| seq).collect();
        // The writers really took turns: neither got one block of consecutive seqs.
        let (first, last) = (mine.first().copied().unwrap(), mine.last().copied().unwrap());
        assert!(last - first + 1 > mine.len() as u64, "one writer ran alone: {first}..={last}");
        seqs.extend(mine);
        finals.push(lines.iter().find_map(|l| l.strip_prefix("FINAL ")).unwrap().to_string());
    }
    seqs.sort_unstable();
    let n = 1 + 2 * per_writer;
    assert_eq!(seqs, (2..=n).collect::<Vec<_>>(), "acknowledged seqs are not gapless 2..={n}");
    let (replayed, journaled) = check_file(&path);
    assert_eq!(journaled as u64, n);
    let expected = format!("{n} {}", support::digest(&replayed));
    assert_eq!(finals, [expected.clone(), expected], "a replica differs from the replay of the journal");
    std::fs::remove_dir_all(&dir).unwrap();
}
