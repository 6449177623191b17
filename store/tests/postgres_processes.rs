#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Writer processes on one PostgreSQL program (see `support/postgres.rs`: skipped without a server,
//! except with `CI=true`): four at once on two "machines", then writers that die inside their
//! transaction and right after their commit, writers killed with SIGKILL at random moments, and the
//! server restarted with `pg_ctl restart -m immediate`.
//!
//! The writer is this test binary run again with `postgres_writer_process` and its share of the
//! seeded command stream in the environment. It sends every command with a request id (`r<index>`),
//! retries it with the same id while the store answers `STORAGE` or `BUSY` (a broken connection, a
//! server restarting), and prints `ACK <index> <digest of the answer>` once answered, or
//! `REJECTED <index> <kind>`. `AKIT_PG_COMMANDS` sets the commands per writer of the first test
//! (2 000 by default).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt as _;
use std::path::Path;
use std::process::{Child, Command as Process, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use affiliate_kit::money::Currency;
use affiliate_kit::program::{Command, CommandOutcome};
use affiliate_kit::{Error, ErrorKind};
use affiliate_kit_store::{OpenOptions, PostgresProgram};
use rust_decimal::Decimal;
use support::postgres::{check_program, client, program_of, restart_immediately, url, Stored};

const SEED: u64 = 1818;
const WRITERS: u64 = 4;
/// The stream's first commands register `aff_1` .. `aff_5`: the setup runs them before the writers.
const SETUP: u64 = 5;
/// How long a writer keeps retrying one command (the server restarts meanwhile).
const RETRY_FOR: Duration = Duration::from_secs(120);

/// The stream index of writer `w`'s `j`-th command: the writers' commands interleave in time.
fn index(w: u64, j: u64) -> u64 {
    SETUP + j * WRITERS + w
}

fn retryable(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Storage | ErrorKind::Busy)
}

/// A writer's replica; writers take checkpoints every 300 commands, while the others write.
fn open_retrying(url: &str) -> PostgresProgram {
    let started = Instant::now();
    let options = OpenOptions { checkpoint_every: 300, ..OpenOptions::default() };
    loop {
        match PostgresProgram::open_with(url, None, options.clone()) {
            Ok(program) => return program,
            Err(e) if retryable(&e) && started.elapsed() < RETRY_FOR => std::thread::sleep(Duration::from_millis(25)),
            Err(e) => panic!("open: {e}"),
        }
    }
}

/// The answer as the writer reports it (and as the journal keeps it for a request id).
fn answer_digest(outcome: &CommandOutcome) -> String {
    support::digest(&serde_json::to_string(outcome).unwrap())
}

/// Runs as the writer when a test starts this binary with `AKIT_PG_WRITER_URL` set; does nothing in
/// a normal test run.
#[test]
#[ignore = "the PostgreSQL process tests' writer"]
fn postgres_writer_process() {
    let Ok(url) = std::env::var("AKIT_PG_WRITER_URL") else { return };
    let number = |name: &str| std::env::var(name).unwrap().parse::<u64>().unwrap();
    let (w, from, to) = (number("AKIT_PG_WRITER"), number("AKIT_PG_WRITER_FROM"), number("AKIT_PG_WRITER_TO"));
    // The writer's machine: its connections carry the machine's name; it keeps a pool of two, each
    // with its own replica, and uses them in turn.
    let machine = std::env::var("AKIT_PG_WRITER_MACHINE").unwrap();
    let url = format!("{url}&application_name=affiliate-kit-{machine}");
    let mut pool = [open_retrying(&url), open_retrying(&url)];
    let die_after = std::env::var("AKIT_PG_WRITER_DIE_AFTER").ok().map(|j| j.parse::<u64>().unwrap());
    let die_inside = std::env::var("AKIT_PG_WRITER_DIE_INSIDE").ok().map(|j| j.parse::<u64>().unwrap());
    println!("READY");
    for j in from..to {
        let i = index(w, j);
        let command = support::command(SEED, i);
        let request = format!("r{i}");
        let replica = &mut pool[(j % 2) as usize];
        if die_inside == Some(j) {
            // Dies inside the transaction: its rows written, not committed.
            replica.die_at("append.commit");
        }
        let started = Instant::now();
        loop {
            match replica.execute_once(command.clone(), &request) {
                Ok(_) if die_after == Some(j) => {
                    // Dies after its commit, before answering: the retry must find the first outcome.
                    replica.die_at("append.begin");
                    let _ = replica.execute(command.clone());
                }
                Ok(outcome) => {
                    println!("ACK {i} {}", answer_digest(&outcome));
                    break;
                }
                Err(e) if retryable(&e) && started.elapsed() < RETRY_FOR => {
                    println!("RETRY {i} {}", e.kind().code());
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(e) if retryable(&e) => panic!("command {i}: still {e} after {RETRY_FOR:?}"),
                Err(e) => {
                    println!("REJECTED {i} {}", e.kind().code());
                    break;
                }
            }
        }
    }
    if let Ok(barrier) = std::env::var("AKIT_PG_WRITER_BARRIER") {
        // Every writer done: then the final replicas, with everything the others wrote.
        std::fs::write(format!("{barrier}.{w}"), "").unwrap();
        while (0..WRITERS).any(|other| !Path::new(&format!("{barrier}.{other}")).exists()) {
            std::thread::sleep(Duration::from_millis(10));
        }
        for replica in &mut pool {
            let snapshot = replica.program().unwrap().snapshot();
            println!("FINAL {} {}", replica.head(), support::digest(&snapshot));
        }
    }
    println!("DONE");
}

/// A running writer: writer `w` of machine `a` (writers 0, 1) or `b` (2, 3).
struct Writer {
    w: u64,
    /// Its first command.
    from: u64,
    child: Child,
    lines: JoinHandle<Vec<String>>,
}

/// Writer `w` for its commands `from..to`, with extra environment.
fn spawn(url: &str, w: u64, from: u64, to: u64, env: &[(&str, String)]) -> Writer {
    let mut process = Process::new(std::env::current_exe().unwrap());
    process
        .args(["postgres_writer_process", "--exact", "--ignored", "--nocapture", "--test-threads=1", "-q"])
        .env("AKIT_PG_WRITER_URL", url)
        .env("AKIT_PG_WRITER", w.to_string())
        .env("AKIT_PG_WRITER_FROM", from.to_string())
        .env("AKIT_PG_WRITER_TO", to.to_string())
        .env("AKIT_PG_WRITER_MACHINE", if w < 2 { "a" } else { "b" })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        process.env(k, v);
    }
    let mut child = process.spawn().unwrap();
    let lines = support::whole_lines(child.stdout.take().unwrap());
    Writer { w, from, child, lines }
}

/// What the writers printed, by stream index.
#[derive(Default)]
struct Answers {
    /// index -> digest of the answer.
    acknowledged: BTreeMap<u64, String>,
    rejected: BTreeSet<u64>,
    /// Tries answered `STORAGE` or `BUSY` (then sent again).
    retries: u64,
}

impl Answers {
    /// Takes a writer's lines; answers its `j` after the last command it answered, if any.
    fn take(&mut self, w: u64, lines: &[String]) -> Option<u64> {
        let mut last = None;
        for line in lines {
            let words: Vec<&str> = line.split(' ').collect();
            let index = || words[1].parse::<u64>().unwrap();
            match words[..] {
                ["ACK", _, digest] => {
                    let i = index();
                    assert!(
                        self.acknowledged.insert(i, digest.to_string()).is_none(),
                        "command {i} acknowledged twice"
                    );
                    last = Some(i);
                }
                ["RETRY", _, _] => self.retries += 1,
                ["REJECTED", _, _] => {
                    let i = index();
                    assert!(self.rejected.insert(i), "command {i} rejected twice");
                    last = Some(i);
                }
                _ => {}
            }
        }
        last.map(|i| (i - SETUP - w) / WRITERS + 1)
    }
}

/// A new program with `aff_1` .. `aff_5` registered; its URL.
fn setup(name: &str) -> Option<String> {
    let url = url(name)?;
    let mut program = PostgresProgram::open(&url, Some(support::config())).unwrap();
    for i in 0..SETUP {
        program.execute_once(support::command(SEED, i), &format!("r{i}")).unwrap();
    }
    program.close().unwrap();
    Some(url)
}

/// The end-of-run checks: the journal (gapless, the replay's outbox: `check_program`) holds exactly
/// the setup and the acknowledged commands, each once, at its index's command, with the answer the
/// writer got; no order is tracked twice; money is conserved per affiliate. Answers the stored program.
fn check_run(url: &str, answers: &Answers, per_writer: u64) -> Stored {
    let stored = check_program(&mut client(), program_of(url));
    let n = SETUP as usize + answers.acknowledged.len();
    assert_eq!(stored.rows.len(), n, "journal rows != setup + acknowledged commands");
    let mut orders = BTreeSet::new();
    for (seq, (request, command, answer)) in stored.rows.iter().enumerate() {
        let i: u64 = request.as_deref().and_then(|r| r.strip_prefix('r')).unwrap().parse().unwrap();
        assert_eq!(
            affiliate_kit::host::arguments::command(command).unwrap(),
            support::command(SEED, i),
            "seq {}: another command than r{i}'s",
            seq + 1
        );
        if i >= SETUP {
            let digest =
                answers.acknowledged.get(&i).unwrap_or_else(|| panic!("r{i} is journaled, never acknowledged"));
            assert_eq!(&support::digest(answer.as_deref().unwrap()), digest, "r{i}: the writer got another answer");
        }
        if let Command::TrackOrder { order, .. } = support::command(SEED, i) {
            assert!(orders.insert(order.id.clone()), "order {} tracked twice", order.id);
        }
    }
    // Every command of every writer was answered: acknowledged or rejected.
    let sent: BTreeSet<u64> = (0..WRITERS).flat_map(|w| (0..per_writer).map(move |j| index(w, j))).collect();
    let answered: BTreeSet<u64> = answers.acknowledged.keys().chain(&answers.rejected).copied().collect();
    assert_eq!(answered, sent, "commands never answered");
    // Money is conserved per affiliate, and the ledger's entries add up to what was earned net.
    let eur = Currency::from_code("EUR").unwrap();
    let entries = stored.replayed.entries();
    for affiliate in stored.replayed.affiliates() {
        let b = stored.replayed.balance(&affiliate.id, eur).unwrap();
        let net = b.earned.amount - b.reversed.amount;
        assert_eq!(net, b.pending.amount + b.payable.amount + b.in_payout.amount + b.paid.amount, "{b:?}");
        let entered: Decimal = entries.iter().filter(|e| e.affiliate_id == affiliate.id).map(|e| e.amount.amount).sum();
        assert_eq!(entered, net, "{}: entries do not add up to earned - reversed", affiliate.id);
    }
    stored
}

fn commands_per_writer() -> u64 {
    std::env::var("AKIT_PG_COMMANDS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000)
}

#[test]
fn four_writer_processes_on_two_machines_share_one_program() {
    let Some(url) = setup("processes") else { return };
    let per_writer = commands_per_writer();
    let dir = support::temp_dir("pg-processes");
    let barrier = dir.join("done").to_string_lossy().into_owned();
    let started = Instant::now();
    let writers: Vec<Writer> =
        (0..WRITERS).map(|w| spawn(&url, w, 0, per_writer, &[("AKIT_PG_WRITER_BARRIER", barrier.clone())])).collect();
    let mut answers = Answers::default();
    let mut finals = Vec::new();
    let mut seqs_by_writer: Vec<Vec<u64>> = Vec::new();
    for mut writer in writers {
        assert!(writer.child.wait().unwrap().success(), "writer {} failed", writer.w);
        let lines = writer.lines.join().unwrap();
        assert!(lines.iter().any(|l| l == "DONE"), "writer {}: {lines:?}", writer.w);
        answers.take(writer.w, &lines);
        finals.extend(lines.iter().filter_map(|l| l.strip_prefix("FINAL ")).map(str::to_string));
        seqs_by_writer.push(
            (0..per_writer).map(|j| index(writer.w, j)).filter(|i| answers.acknowledged.contains_key(i)).collect(),
        );
    }
    let elapsed = started.elapsed();
    let stored = check_run(&url, &answers, per_writer);
    // Every replica of every writer equals the replay of the journal.
    let expected = format!("{} {}", stored.rows.len(), support::digest(&stored.snapshot));
    assert_eq!(finals, vec![expected; 2 * WRITERS as usize], "a replica differs from the replay of the journal");
    // The writers really ran at once: none got one block of consecutive seqs.
    let seq_of: BTreeMap<u64, u64> = stored
        .rows
        .iter()
        .enumerate()
        .map(|(k, (r, _, _))| (r.as_deref().unwrap()[1..].parse().unwrap(), k as u64 + 1))
        .collect();
    for (w, indices) in seqs_by_writer.iter().enumerate() {
        let seqs: Vec<u64> = indices.iter().map(|i| seq_of[i]).collect();
        let (first, last) = (seqs[0], seqs[seqs.len() - 1]);
        assert!(last - first + 1 > seqs.len() as u64, "writer {w} ran alone: seqs {first}..={last}");
    }
    println!(
        "{} writers x {per_writer} commands in {:.1} s: {} acknowledged, {} rejected, journal of {} rows",
        WRITERS,
        elapsed.as_secs_f64(),
        answers.acknowledged.len(),
        answers.rejected.len(),
        stored.rows.len()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn killed_writers_and_a_restarted_server_lose_nothing_acknowledged() {
    let Some(url) = setup("kills") else { return };
    let per_writer = 400;
    let started = Instant::now();
    let mut answers = Answers::default();
    // First writers 0 and 1 die right after the commit of their command 20 + 7w, before answering
    // it; writers 2 and 3 inside the transaction of theirs (rows written, not committed).
    let dies_inside = |w: u64| w >= 2;
    let mut running: Vec<Writer> = (0..WRITERS)
        .map(|w| {
            let when = if dies_inside(w) { "AKIT_PG_WRITER_DIE_INSIDE" } else { "AKIT_PG_WRITER_DIE_AFTER" };
            spawn(&url, w, 0, per_writer, &[(when, (20 + 7 * w).to_string())])
        })
        .collect();
    let mut committed_unacknowledged = 0;
    for writer in &mut running {
        let status = writer.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "writer {} did not die by SIGKILL", writer.w);
        // Its command 20 + 7w is in flight: committed (after) or not (inside).
        let in_flight = format!("r{}", index(writer.w, 20 + 7 * writer.w));
        let journaled = client()
            .query_opt(
                "SELECT 1 FROM affiliate_kit_journal WHERE program = $1 AND request_id = $2",
                &[&program_of(&url), &in_flight],
            )
            .unwrap()
            .is_some();
        assert_eq!(journaled, !dies_inside(writer.w), "writer {}: {in_flight}", writer.w);
    }
    let mut restart = |writer: Writer, answers: &mut Answers, running: &mut Vec<Writer>| {
        let lines = writer.lines.join().unwrap();
        let next = answers.take(writer.w, &lines).unwrap_or(writer.from);
        if next >= per_writer {
            return; // it had finished
        }
        // The command it was sending when it died may have committed, unanswered: its retry, with
        // the same request id, must answer that first outcome (`check_run` compares the answers).
        let in_flight = format!("r{}", index(writer.w, next));
        let journaled = client()
            .query_opt(
                "SELECT 1 FROM affiliate_kit_journal WHERE program = $1 AND request_id = $2",
                &[&program_of(&url), &in_flight],
            )
            .unwrap();
        committed_unacknowledged += u64::from(journaled.is_some());
        running.push(spawn(&url, writer.w, next, per_writer, &[]));
    };
    for writer in std::mem::take(&mut running) {
        restart(writer, &mut answers, &mut running);
    }
    // Then writers are killed at random moments, and the server restarted in the middle.
    let (mut kills, mut restarted) = (0, false);
    for round in 0..12 {
        std::thread::sleep(Duration::from_millis(100 + support::mix(SEED, round) % 300));
        if round == 6 {
            // The server goes down hard in the middle of the writers' transactions and comes back.
            restarted = restart_immediately();
            continue;
        }
        let victim = (support::mix(SEED ^ 1, round) % running.len() as u64) as usize;
        let mut writer = running.swap_remove(victim);
        let _ = writer.child.kill(); // SIGKILL, in the middle of whatever it was doing (or done)
        writer.child.wait().unwrap();
        kills += 1;
        restart(writer, &mut answers, &mut running);
    }
    assert!(committed_unacknowledged >= 2, "the writers that died after their commit were not seen");
    for mut writer in running {
        assert!(writer.child.wait().unwrap().success(), "writer {} failed", writer.w);
        let lines = writer.lines.join().unwrap();
        assert!(lines.iter().any(|l| l == "DONE"), "writer {}: {lines:?}", writer.w);
        answers.take(writer.w, &lines);
    }
    if restarted {
        assert!(answers.retries > 0, "no writer saw the server restart");
    }
    let stored = check_run(&url, &answers, per_writer);
    // A replica opened now equals the replay of the journal.
    let mut fresh = PostgresProgram::open(&url, None).unwrap();
    assert!(fresh.open_report().checkpoint_seq.is_some(), "no writer took a checkpoint");
    assert_eq!(fresh.program().unwrap().snapshot(), stored.snapshot);
    println!(
        "{kills} writers killed, server restarted: {restarted} ({} tries sent again), {committed_unacknowledged} \
         killed with their command committed but unanswered; {} acknowledged, {} rejected in {:.1} s",
        answers.retries,
        answers.acknowledged.len(),
        answers.rejected.len(),
        started.elapsed().as_secs_f64()
    );
}
