//! Durable programs (issue 15), with the in-memory program measured side by side in the same run.
//! Prints one JSON line per figure (as the other benches/*.sh parts do); progress on stderr.
//!
//! - `durable/track_order/commit_each`: one order per transaction, `synchronous=FULL` (and `NORMAL`):
//!   orders per second, and the p50/p99 latency of a commit;
//! - `durable/track_order/batch_100`: `execute_many` of 100 orders per transaction;
//! - `memory/track_order`: the same orders on a `Program` in memory (the baseline);
//! - `durable/checkpoint`: the time to write a checkpoint of a file of `DURABLE_COMMANDS` commands
//!   (default 1 000 000), and its bytes per ledger entry;
//! - `durable/reopen`: reopening that file from the checkpoint (in a fresh process), and by replaying
//!   the whole journal (every checkpoint deleted);
//! - `durable/memory`: resident bytes per ledger entry of the reopened durable program (no events, no
//!   command log in memory), and the peak while it was read.
//!
//! Usage: `cargo run --release -p affiliate-kit-benches --bin durable` (files in target/bench/durable;
//! `DURABLE_PARTS=reopen` or `=commit` runs one half)
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use affiliate_kit::program::{Command, Program, ProgramConfig};
use affiliate_kit_benches::{
    emit, order, order_time, peak_resident_bytes, percentiles, registration, resident_bytes, start, CONFIG,
};
use affiliate_kit_store::{Durability, DurableProgram, OpenOptions};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Affiliates of the durable benchmark program (a tree of fan-out 10, as in the other benches).
const AFFILIATES: usize = 10_000;

fn main() -> Result<()> {
    let dir = PathBuf::from("target/bench/durable");
    std::fs::create_dir_all(&dir)?;
    let commands: u64 = env_number("DURABLE_COMMANDS").unwrap_or(1_000_000);
    let config = ProgramConfig::from_json(CONFIG)?;

    let parts = std::env::var("DURABLE_PARTS").unwrap_or_else(|_| "commit reopen".into());
    if parts.contains("commit") {
        commits(&dir, &config)?;
    }
    if parts.contains("reopen") {
        reopening(&dir, &config, commands)?;
    }
    if parts == "open_once" {
        open_once(&dir.join(format!("reopen-{commands}.db")))?;
    }
    Ok(())
}

/// Commit throughput and latency, side by side with the same orders in memory.
fn commits(dir: &Path, config: &ProgramConfig) -> Result<()> {
    let single = 2_000;
    let batched = 100_000;
    for (name, durability) in [("full", Durability::Full), ("normal", Durability::Normal)] {
        let path = fresh(dir, &format!("commit-each-{name}.db"))?;
        let mut p = prepared(&path, config, durability)?;
        let mut latencies = Vec::with_capacity(single);
        let began = Instant::now();
        for n in 0..single as u64 {
            let t = Instant::now();
            p.execute(track(n))?;
            latencies.push(t.elapsed());
        }
        let rate = single as f64 / began.elapsed().as_secs_f64();
        emit(&format!("durable/track_order/commit_each/{name}/orders_per_s"), rate, "orders/s");
        percentiles(&format!("durable/track_order/commit_each/{name}"), &mut latencies);
    }
    {
        let path = fresh(dir, "batch-100.db")?;
        let mut p = prepared(&path, config, Durability::Full)?;
        let mut latencies = Vec::new();
        let began = Instant::now();
        for first in (0..batched).step_by(100) {
            let batch: Vec<Command> = (first..first + 100).map(track).collect();
            let t = Instant::now();
            let answers = p.execute_many(batch)?;
            latencies.push(t.elapsed());
            if let Some(Err(e)) = answers.into_iter().find(|a| a.is_err()) {
                return Err(e.into());
            }
        }
        let rate = batched as f64 / began.elapsed().as_secs_f64();
        emit("durable/track_order/batch_100/full/orders_per_s", rate, "orders/s");
        percentiles("durable/track_order/batch_100/full", &mut latencies);
    }
    {
        let mut p = Program::new(config.clone())?;
        for a in 0..AFFILIATES {
            p.register_affiliate(registration(a), start())?;
        }
        let began = Instant::now();
        for n in 0..batched {
            p.track_order(order(n, AFFILIATES), None, order_time(n))?;
        }
        emit("memory/track_order/orders_per_s", batched as f64 / began.elapsed().as_secs_f64(), "orders/s");
    }
    Ok(())
}

/// A file of `commands` commands: reopening from a checkpoint and by replay, checkpoint size, memory.
fn reopening(dir: &Path, config: &ProgramConfig, commands: u64) -> Result<()> {
    let path = dir.join(format!("reopen-{commands}.db"));
    let entries = build_or_reuse(dir, &path, config, commands)?;
    // A checkpoint in this library's format (the file may hold older ones), timed.
    let mut p = DurableProgram::open(&path, None)?;
    let t = Instant::now();
    let info = p.checkpoint()?;
    emit("durable/checkpoint/write/seconds", t.elapsed().as_secs_f64(), "s");
    emit("durable/checkpoint/bytes_per_entry", info.stored_bytes as f64 / entries as f64, "bytes");
    emit("durable/checkpoint/raw_bytes_per_entry", info.raw_bytes as f64 / entries as f64, "bytes");
    let file_bytes = std::fs::metadata(&path)?.len() + wal(&path).metadata().map(|m| m.len()).unwrap_or(0);
    emit("durable/file/bytes_per_command", file_bytes as f64 / commands as f64, "bytes");
    p.close()?;
    // Reopening in a fresh process, so that its resident memory is the reopened program's alone.
    let status = std::process::Command::new(std::env::current_exe()?)
        .env("DURABLE_PARTS", "open_once")
        .env("DURABLE_COMMANDS", commands.to_string())
        .status()?;
    if !status.success() {
        return Err(format!("reopening in a child process failed: {status}").into());
    }

    let copy = fresh(dir, "replay-only.db")?;
    std::fs::copy(&path, &copy)?;
    if wal(&path).exists() {
        std::fs::copy(wal(&path), wal(&copy))?;
    }
    {
        let conn = rusqlite::Connection::open(&copy)?;
        conn.execute_batch("DELETE FROM checkpoints; DELETE FROM checkpoint_chunks;")?;
    }
    let began = Instant::now();
    let replayed =
        DurableProgram::open_with(&copy, None, OpenOptions { checkpoint_every: 0, ..OpenOptions::default() })?;
    let took = began.elapsed();
    eprintln!("durable: replayed {} commands in {took:?}", replayed.open_report().replayed);
    emit("durable/reopen/replay_only/seconds", took.as_secs_f64(), "s");
    emit("durable/reopen/replay_only/commands_per_s", commands as f64 / took.as_secs_f64(), "commands/s");
    Ok(())
}

/// Reopens `path` from its newest checkpoint: the time, the commands replayed after it, and the
/// resident bytes per ledger entry of the reopened program (this process holds nothing else).
fn open_once(path: &Path) -> Result<()> {
    let before = resident_bytes().unwrap_or(0);
    let began = Instant::now();
    let mut reopened = DurableProgram::open(path, None)?;
    let took = began.elapsed();
    let resident = resident_bytes().unwrap_or(0).saturating_sub(before);
    let peak = peak_resident_bytes().unwrap_or(0).saturating_sub(before);
    let report = reopened.open_report();
    let entries = reopened.program()?.entry_count();
    eprintln!("durable: reopened {} commands in {took:?} ({report:?})", reopened.head());
    emit("durable/reopen/from_checkpoint/seconds", took.as_secs_f64(), "s");
    emit("durable/reopen/from_checkpoint/entries_per_s", entries as f64 / took.as_secs_f64(), "entries/s");
    emit("durable/reopen/from_checkpoint/replayed", report.replayed as f64, "commands");
    emit("durable/memory/bytes_per_entry", resident as f64 / entries as f64, "bytes");
    emit("durable/memory/peak_while_reopening_bytes_per_entry", peak as f64 / entries as f64, "bytes");
    Ok(())
}

/// The order command `n`.
fn track(n: u64) -> Command {
    Command::TrackOrder { order: order(n, AFFILIATES), visitor_id: None, at: order_time(n) }
}

/// A new durable program in `path` with the benchmark affiliates.
fn prepared(path: &Path, config: &ProgramConfig, durability: Durability) -> Result<DurableProgram> {
    let options = OpenOptions { durability, checkpoint_every: 0, ..OpenOptions::default() };
    let mut p = DurableProgram::open_with(path, Some(config.clone()), options)?;
    let registrations: Vec<Command> =
        (0..AFFILIATES).map(|a| Command::RegisterAffiliate { registration: registration(a), at: start() }).collect();
    for batch in registrations.chunks(1_000) {
        p.execute_many(batch.to_vec())?;
    }
    Ok(p)
}

/// The reopen file with `commands` commands (affiliates, then orders), built once and reused by
/// later runs; answers its ledger entries.
fn build_or_reuse(dir: &Path, path: &Path, config: &ProgramConfig, commands: u64) -> Result<usize> {
    if path.exists() {
        let mut p = DurableProgram::open(path, None)?;
        if p.head() == commands {
            return Ok(p.program()?.entry_count());
        }
    }
    let path = &fresh(dir, &path.file_name().unwrap_or_default().to_string_lossy())?;
    eprintln!("durable: building a file of {commands} commands (batches of 1 000; checkpoints every 100 000)");
    let began = Instant::now();
    prepared(path, config, Durability::Full)?.close()?;
    let mut p = DurableProgram::open(path, None)?; // the default options: automatic checkpoints
    let orders = commands.saturating_sub(AFFILIATES as u64);
    for first in (0..orders).step_by(1_000) {
        let batch: Vec<Command> = (first..(first + 1_000).min(orders)).map(track).collect();
        p.execute_many(batch)?;
    }
    eprintln!("durable: built in {:?}", began.elapsed());
    Ok(p.program()?.entry_count())
}

/// `dir/name`, with any earlier file of that name (and its log) removed.
fn fresh(dir: &Path, name: &str) -> Result<PathBuf> {
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(path)
}

fn wal(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", path.display()))
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok())
}
