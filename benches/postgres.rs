//! Programs shared in PostgreSQL (issue 18), with the SQLite file measured side by side in the same
//! run. Prints one JSON line per figure (as the other benches/*.sh parts do); progress on stderr.
//! Needs `AFFILIATE_KIT_POSTGRES_URL` (benches/postgres.sh starts a server).
//!
//! - `postgres/track_order/commit_each/{1,4}_writers`: one order per transaction, from one writer or
//!   from four at once (threads, each its own connection and replica): orders/s, p50/p99 latency;
//! - `postgres/track_order/batch_100/{1,4}_writers`: `execute_many` of 100 orders per transaction;
//! - `sqlite/track_order/...`: the same orders on a SQLite file (`synchronous=FULL`), the baseline;
//! - `postgres/visibility_lag`: from a writer's answer to another replica (polling `refresh`) holding
//!   the command, p50/p99;
//! - `webhooks/deliveries_per_s`: the worker delivering to a receiver on 127.0.0.1, beside plain POSTs
//!   of the same bodies with the same client (`webhooks/plain_posts_per_s`).
//!
//! Usage: `cargo run --release -p affiliate-kit-benches --bin postgres`
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

#[path = "../store/tests/support/receiver.rs"]
#[allow(dead_code)]
mod receiver;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use affiliate_kit::program::{Command, ProgramConfig};
use affiliate_kit_benches::{emit, order, order_time, percentiles, registration, start, CONFIG};
use affiliate_kit_store::{DeliveryOptions, DurableProgram, Endpoint, OpenOptions, PostgresProgram, WebhookWorker};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Affiliates of the benchmark program.
const AFFILIATES: usize = 1_000;
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn main() -> Result<()> {
    let server = std::env::var("AFFILIATE_KIT_POSTGRES_URL").map_err(|_| "AFFILIATE_KIT_POSTGRES_URL is not set")?;
    let config = ProgramConfig::from_json(CONFIG)?;
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
    let url = |name: &str| format!("{server}?program=bench-{name}-{run}");

    for writers in [1, 4] {
        let single = prepared(&url(&format!("each-{writers}")), &config)?;
        appends(
            &single,
            writers,
            2_000 / writers as u64,
            1,
            &format!("postgres/track_order/commit_each/{writers}_writers"),
        )?;
        let batched = prepared(&url(&format!("batch-{writers}")), &config)?;
        appends(
            &batched,
            writers,
            20_000 / writers as u64,
            100,
            &format!("postgres/track_order/batch_100/{writers}_writers"),
        )?;
    }
    sqlite(&config)?;
    visibility(&prepared(&url("lag"), &config)?)?;
    deliveries(&prepared(&url("webhooks"), &config)?)?;
    Ok(())
}

/// A new PostgreSQL program with the benchmark affiliates; its URL.
fn prepared(url: &str, config: &ProgramConfig) -> Result<String> {
    let mut p = PostgresProgram::open(url, Some(config.clone()))?;
    let registrations: Vec<Command> =
        (0..AFFILIATES).map(|a| Command::RegisterAffiliate { registration: registration(a), at: start() }).collect();
    for batch in registrations.chunks(1_000) {
        p.execute_many(batch.to_vec())?;
    }
    Ok(url.to_string())
}

fn track(n: u64) -> Command {
    Command::TrackOrder { order: order(n, AFFILIATES), visitor_id: None, at: order_time(n) }
}

/// `writers` threads, each `per_writer` orders in transactions of `batch`: orders/s over all, and
/// the latency of a transaction.
fn appends(url: &str, writers: usize, per_writer: u64, batch: u64, name: &str) -> Result<()> {
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let began = Instant::now();
    let threads: Vec<_> = (0..writers as u64)
        .map(|w| {
            let (url, latencies) = (url.to_string(), Arc::clone(&latencies));
            std::thread::spawn(move || {
                let options = OpenOptions { checkpoint_every: 0, ..OpenOptions::default() };
                let mut p = PostgresProgram::open_with(&url, None, options).unwrap();
                let mut mine = Vec::new();
                let first = w * 10_000_000;
                for from in (first..first + per_writer).step_by(batch as usize) {
                    let commands: Vec<Command> = (from..from + batch).map(track).collect();
                    let t = Instant::now();
                    for answer in p.execute_many(commands).unwrap() {
                        answer.unwrap();
                    }
                    mine.push(t.elapsed());
                }
                latencies.lock().unwrap().extend(mine);
            })
        })
        .collect();
    for thread in threads {
        thread.join().map_err(|_| "a writer failed")?;
    }
    let orders = writers as u64 * per_writer;
    emit(&format!("{name}/orders_per_s"), orders as f64 / began.elapsed().as_secs_f64(), "orders/s");
    percentiles(name, &mut latencies.lock().unwrap());
    eprintln!("postgres: {name}: {orders} orders in {:.1} s", began.elapsed().as_secs_f64());
    Ok(())
}

/// The baseline: the same orders on a SQLite file, one writer.
fn sqlite(config: &ProgramConfig) -> Result<()> {
    let dir = std::path::PathBuf::from("target/bench/postgres");
    std::fs::create_dir_all(&dir)?;
    for (batch, orders, name) in [(1, 2_000, "commit_each"), (100, 20_000, "batch_100")] {
        let path = dir.join(format!("{name}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let options = OpenOptions { checkpoint_every: 0, ..OpenOptions::default() };
        let mut p = DurableProgram::open_with(&path, Some(config.clone()), options)?;
        let registrations: Vec<Command> = (0..AFFILIATES)
            .map(|a| Command::RegisterAffiliate { registration: registration(a), at: start() })
            .collect();
        p.execute_many(registrations)?;
        let mut latencies = Vec::new();
        let began = Instant::now();
        for from in (0..orders).step_by(batch) {
            let commands: Vec<Command> = (from as u64..(from + batch) as u64).map(track).collect();
            let t = Instant::now();
            for answer in p.execute_many(commands)? {
                answer?;
            }
            latencies.push(t.elapsed());
        }
        let prefix = format!("sqlite/track_order/{name}/1_writer");
        emit(&format!("{prefix}/orders_per_s"), orders as f64 / began.elapsed().as_secs_f64(), "orders/s");
        percentiles(&prefix, &mut latencies);
    }
    Ok(())
}

/// How long after a writer's answer another replica (polling `refresh`) holds the command.
fn visibility(url: &str) -> Result<()> {
    let commits = 500u64;
    let answered: Arc<Vec<AtomicU64>> = Arc::new((0..=commits).map(|_| AtomicU64::new(0)).collect());
    let epoch = Instant::now();
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (url, answered, done) = (url.to_string(), Arc::clone(&answered), Arc::clone(&done));
        std::thread::spawn(move || {
            let mut replica = PostgresProgram::open(&url, None).unwrap();
            let base = replica.head();
            let mut seen = vec![0u64; commits as usize + 1];
            let mut last = 0;
            while last < commits && !done.load(Ordering::Relaxed) {
                replica.refresh().unwrap();
                let now = epoch.elapsed().as_nanos() as u64;
                let head = replica.head() - base;
                for k in last + 1..=head.min(commits) {
                    seen[k as usize] = now;
                }
                last = last.max(head);
            }
            (seen, answered)
        })
    };
    let mut writer = PostgresProgram::open(url, None)?;
    for k in 1..=commits {
        writer.execute(track(k))?;
        answered[k as usize].store(epoch.elapsed().as_nanos() as u64, Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(2));
    }
    done.store(true, Ordering::Relaxed);
    let (seen, answered) = reader.join().map_err(|_| "the reader failed")?;
    let mut lags: Vec<Duration> = (1..=commits as usize)
        .map(|k| Duration::from_nanos(seen[k].saturating_sub(answered[k].load(Ordering::Relaxed))))
        .collect();
    percentiles("postgres/visibility_lag", &mut lags);
    Ok(())
}

/// Deliveries per second to a receiver on 127.0.0.1, beside plain POSTs of the same bodies.
fn deliveries(url: &str) -> Result<()> {
    let receiver = receiver::Receiver::start(|_, _| receiver::Answer::Status(200));
    let mut program = PostgresProgram::open(url, None)?;
    let orders = 1_000;
    program.execute_many((0..orders).map(track).collect())?;
    let events = program.events_since(0, u64::MAX)?;
    let options = DeliveryOptions { batch: 500, ..DeliveryOptions::default() };
    let mut worker = WebhookWorker::open(url, vec![Endpoint::new("bench", &receiver.url, SECRET)], options)?;
    let began = Instant::now();
    while program.cursor("webhook:bench")? < events.last().map_or(0, |e| e.sequence) {
        worker.deliver_once()?;
    }
    let took = began.elapsed();
    emit("webhooks/deliveries_per_s", events.len() as f64 / took.as_secs_f64(), "events/s");
    // The floor: the same signed bodies POSTed in a loop, nothing recorded.
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let began = Instant::now();
    for event in &events {
        let signed = affiliate_kit::program::sign_webhook(event, SECRET, start())?;
        let mut request = agent.post(&receiver.url).header("content-type", "application/json");
        for (name, value) in signed.headers.to_pairs() {
            request = request.header(name, value);
        }
        request.send(signed.body.as_str())?;
    }
    emit("webhooks/plain_posts_per_s", events.len() as f64 / began.elapsed().as_secs_f64(), "events/s");
    eprintln!("postgres: {} events delivered in {:.2} s", events.len(), took.as_secs_f64());
    Ok(())
}
