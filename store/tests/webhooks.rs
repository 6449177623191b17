#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Webhook delivery from a PostgreSQL program's outbox to receivers on 127.0.0.1 that fail, answer
//! too late and hang up on purpose (see `support/postgres.rs`: skipped without a server, except with
//! `CI=true`).

mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use affiliate_kit::program::{verify_webhook, Event};
use affiliate_kit::ErrorKind;
use affiliate_kit_store::{DeliveryOptions, Endpoint, PostgresProgram, WebhookWorker};
use support::receiver::{Answer, Received, Receiver};

const SEED: u64 = 77;
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Fast retries, a short timeout: what a test can wait for.
fn options(max_attempts: u32) -> DeliveryOptions {
    DeliveryOptions {
        max_attempts,
        backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        timeout: Duration::from_millis(300),
        batch: 7,
    }
}

/// Each received request verified with the core's `verify_webhook`; its event.
fn verified(received: &Received) -> Event {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    let now = chrono::DateTime::from_timestamp(now.as_secs() as i64, 0).unwrap();
    let event = verify_webhook(&received.webhook_headers(), &received.body, SECRET, now)
        .unwrap_or_else(|e| panic!("a delivery does not verify: {e}"));
    assert_eq!(received.header("webhook-id"), Some(event.id.as_str()), "webhook-id is not the event id");
    assert_eq!(received.header("content-type"), Some("application/json"));
    event
}

/// The sequence of each event the first time it arrived, in arrival order.
fn first_arrivals(received: &[Received]) -> Vec<u64> {
    let mut seen = BTreeSet::new();
    received.iter().map(verified).filter(|e| seen.insert(e.id.clone())).map(|e| e.sequence).collect()
}

/// Passes until every endpoint's cursor reached the program's last event.
fn deliver_all(worker: &mut WebhookWorker, program: &mut PostgresProgram) {
    let last = program.events_since(0, u64::MAX).unwrap().last().map_or(0, |e| e.sequence);
    let deadline = Instant::now() + Duration::from_secs(60);
    let names: Vec<String> = worker.endpoints().iter().map(Endpoint::consumer).collect();
    while names.iter().any(|c| program.cursor(c).unwrap() < last) {
        assert!(Instant::now() < deadline, "not delivered in time");
        if worker.deliver_once().unwrap().is_idle() {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

#[test]
fn every_event_arrives_signed_and_in_order_through_failures_and_worker_restarts() {
    let Some(url) = support::postgres::url("webhooks") else { return };
    let mut program = PostgresProgram::open(&url, Some(support::config())).unwrap();
    for i in 0..30 {
        let _ = program.execute(support::command(SEED, i));
    }
    // `crm` fails one request in three: 500, 503, an answer after the timeout, a hang-up.
    let crm = Receiver::start(|n, _| match n % 9 {
        1 => Answer::Status(500),
        4 => Answer::Late(Duration::from_millis(600)),
        5 => Answer::Status(503),
        7 => Answer::Hangup,
        _ => Answer::Status(200),
    });
    let zap = Receiver::start(|_, _| Answer::Status(204));
    let endpoints = vec![
        Endpoint::new("crm", &crm.url, SECRET),
        Endpoint { event_types: vec!["commission.created".into()], ..Endpoint::new("zap", &zap.url, SECRET) },
    ];
    // Rounds of two workers at once (two machines), stopped and started again, while a writer
    // appends more commands.
    for round in 0..4u64 {
        let stop = Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (url, endpoints, stop) = (url.clone(), endpoints.clone(), Arc::clone(&stop));
                std::thread::spawn(move || {
                    let mut worker = WebhookWorker::open(&url, endpoints, options(50)).unwrap();
                    worker.run(&stop, Duration::from_millis(10)).unwrap()
                })
            })
            .collect();
        for i in 30 + round * 10..40 + round * 10 {
            let _ = program.execute(support::command(SEED, i));
        }
        std::thread::sleep(Duration::from_millis(200));
        stop.store(true, Ordering::Relaxed);
        for worker in workers {
            worker.join().unwrap();
        }
    }
    let mut worker = WebhookWorker::open(&url, endpoints, options(50)).unwrap();
    deliver_all(&mut worker, &mut program);

    let events = program.events_since(0, u64::MAX).unwrap();
    let all: Vec<u64> = events.iter().map(|e| e.sequence).collect();
    assert!(all.len() > 60, "{} events", all.len());
    // crm: every event, first arrivals in sequence order; the 2xx answers too.
    let received = crm.all();
    assert_eq!(first_arrivals(&received), all);
    let accepted: Vec<u64> =
        received.iter().filter(|r| r.answer == Answer::Status(200)).map(|r| verified(r).sequence).collect();
    assert!(accepted.windows(2).all(|w| w[0] < w[1]), "accepted out of order: {accepted:?}");
    for answer in [Answer::Status(500), Answer::Status(503), Answer::Late(Duration::from_millis(600)), Answer::Hangup] {
        assert!(received.iter().any(|r| r.answer == answer), "no {answer:?} happened");
    }
    // zap: the commissions only, once each (it never fails), in order.
    let commissions: Vec<u64> =
        events.iter().filter(|e| e.event_type() == "commission.created").map(|e| e.sequence).collect();
    assert!(!commissions.is_empty());
    assert_eq!(zap.all().iter().map(|r| verified(r).sequence).collect::<Vec<_>>(), commissions);
    // The attempts of the event crm answered 500 first: that failure, then its delivery.
    let failed = received.iter().find(|r| r.answer == Answer::Status(500)).map(|r| verified(r).sequence).unwrap();
    let attempts = worker.attempts("crm", failed).unwrap();
    assert_eq!(attempts[0].status, Some(500));
    assert_eq!(attempts[0].error.as_deref(), Some("HTTP 500"));
    let last = attempts.last().unwrap();
    assert_eq!((last.status, last.error.as_deref()), (Some(200), None));
    assert_eq!(attempts.iter().map(|a| a.attempt).collect::<Vec<_>>(), (1..=attempts.len() as u32).collect::<Vec<_>>());
    assert!(worker.dead_letters(None).unwrap().is_empty());
}

#[test]
fn an_event_that_keeps_failing_becomes_a_dead_letter_that_an_operator_replays() {
    let Some(url) = support::postgres::url("dead-letters") else { return };
    let mut program = PostgresProgram::open(&url, Some(support::config())).unwrap();
    for i in 0..8 {
        let _ = program.execute(support::command(SEED, i));
    }
    // The receiver refuses order.tracked events until it is fixed.
    let fixed = Arc::new(AtomicBool::new(false));
    let receiver = {
        let fixed = Arc::clone(&fixed);
        Receiver::start(move |_, r| {
            let event: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            if event["type"] == "order.tracked" && !fixed.load(Ordering::Relaxed) {
                Answer::Status(500)
            } else {
                Answer::Status(200)
            }
        })
    };
    let mut worker = WebhookWorker::open(&url, vec![Endpoint::new("crm", &receiver.url, SECRET)], options(3)).unwrap();
    deliver_all(&mut worker, &mut program);
    let events = program.events_since(0, u64::MAX).unwrap();
    let orders: Vec<u64> = events.iter().filter(|e| e.event_type() == "order.tracked").map(|e| e.sequence).collect();
    assert!(orders.len() >= 2, "{orders:?}");
    // Every other event arrived, in order, past the dead ones.
    let delivered: Vec<u64> =
        receiver.all().iter().filter(|r| r.answer == Answer::Status(200)).map(|r| verified(r).sequence).collect();
    let others: Vec<u64> = events.iter().map(|e| e.sequence).filter(|s| !orders.contains(s)).collect();
    assert_eq!(delivered, others);
    let dead = worker.dead_letters(Some("crm")).unwrap();
    assert_eq!(dead.iter().map(|d| d.sequence).collect::<Vec<_>>(), orders);
    for letter in &dead {
        assert_eq!(
            (letter.event_type.as_str(), letter.attempts, letter.error.as_str(), letter.requeued, letter.delivered_at),
            ("order.tracked", 3, "HTTP 500", false, None)
        );
        let statuses: Vec<Option<u16>> =
            worker.attempts("crm", letter.sequence).unwrap().iter().map(|a| a.status).collect();
        assert_eq!(statuses, [Some(500); 3]);
    }
    // Replayed while the receiver still fails: one more attempt each, still dead.
    assert_eq!(worker.replay_dead_letters("crm", &[]).unwrap(), orders.len() as u64);
    let report = worker.deliver_once().unwrap();
    assert_eq!((report.failed, report.replayed), (orders.len() as u64, 0));
    assert!(worker.dead_letters(Some("crm")).unwrap().iter().all(|d| d.attempts == 4 && !d.requeued));
    // An unknown dead letter: NOT_FOUND, nothing requeued.
    assert_eq!(worker.replay_dead_letters("crm", &[orders[0], 9999]).unwrap_err().kind(), ErrorKind::NotFound);
    assert!(worker.dead_letters(Some("crm")).unwrap().iter().all(|d| !d.requeued));
    // Fixed: the first one replayed, then the rest (the delivered one is not sent again).
    fixed.store(true, Ordering::Relaxed);
    assert_eq!(worker.replay_dead_letters("crm", &[orders[0]]).unwrap(), 1);
    assert_eq!(worker.deliver_once().unwrap().replayed, 1);
    assert_eq!(worker.replay_dead_letters("crm", &[]).unwrap(), orders.len() as u64 - 1);
    assert_eq!(worker.deliver_once().unwrap().replayed, orders.len() as u64 - 1);
    let dead = worker.dead_letters(Some("crm")).unwrap();
    assert!(dead.iter().all(|d| d.delivered_at.is_some() && !d.requeued), "{dead:?}");
    let replayed: Vec<u64> = receiver
        .all()
        .iter()
        .filter(|r| r.answer == Answer::Status(200))
        .map(|r| verified(r).sequence)
        .filter(|s| orders.contains(s))
        .collect();
    assert_eq!(replayed, orders);
}

#[test]
fn a_worker_refuses_bad_endpoints_and_unknown_programs() {
    let Some(url) = support::postgres::url("worker-open") else { return };
    let kind = |r: affiliate_kit::Result<WebhookWorker>| r.unwrap_err().kind();
    let good = Endpoint::new("crm", "http://127.0.0.1:9/hooks", SECRET);
    assert_eq!(
        kind(WebhookWorker::open(&url, vec![good.clone()], DeliveryOptions::default())),
        ErrorKind::InvalidInput
    );
    PostgresProgram::open(&url, Some(support::config())).unwrap();
    let bad = Endpoint { secret: "nope!".into(), ..good.clone() };
    assert_eq!(kind(WebhookWorker::open(&url, vec![bad], DeliveryOptions::default())), ErrorKind::InvalidInput);
    let zero = DeliveryOptions { max_attempts: 0, ..DeliveryOptions::default() };
    assert_eq!(kind(WebhookWorker::open(&url, vec![good.clone()], zero)), ErrorKind::InvalidInput);
    WebhookWorker::open(&url, vec![good], DeliveryOptions::default()).unwrap();
}

/// Runs `affiliate-kit-webhooks` with `args` and the secret in its environment: (exit code, JSON lines).
fn cli(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_affiliate-kit-webhooks"))
        .args(args)
        .env("AFFILIATE_KIT_WEBHOOK_SECRET_CRM", SECRET)
        .output()
        .unwrap();
    let lines = String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (output.status.code().unwrap(), lines)
}

#[test]
fn the_command_line_delivers_lists_and_replays_dead_letters() {
    let Some(url) = support::postgres::url("cli") else { return };
    let mut program = PostgresProgram::open(&url, Some(support::config())).unwrap();
    program.execute(support::command(SEED, 0)).unwrap(); // affiliate.registered: event 1
    program.execute(support::command(SEED, 1)).unwrap(); // event 2
    let fixed = Arc::new(AtomicBool::new(false));
    let receiver = {
        let fixed = Arc::clone(&fixed);
        Receiver::start(
            move |_, _| if fixed.load(Ordering::Relaxed) { Answer::Status(200) } else { Answer::Status(502) },
        )
    };
    let endpoint = format!("crm={}", receiver.url);
    let deliver = ["deliver", "--url", &url, "--endpoint", &endpoint, "--once", "--max-attempts", "1"];
    let (code, lines) = cli(&deliver);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(
        lines,
        [serde_json::json!({"delivered": 0, "failed": 0, "dead": 2, "replayed": 0, "skipped": 0, "waiting": 0})]
    );
    let (_, dead) = cli(&["dead-letters", "--url", &url, "--endpoint", "crm"]);
    assert_eq!(
        dead.iter().map(|d| (d["sequence"].as_u64().unwrap(), d["error"].as_str().unwrap())).collect::<Vec<_>>(),
        [(1, "HTTP 502"), (2, "HTTP 502")]
    );
    assert_eq!(cli(&["replay", "--url", &url, "--endpoint", "crm", "2"]).1, [serde_json::json!({"requeued": 1})]);
    fixed.store(true, Ordering::Relaxed);
    assert_eq!(cli(&deliver).1[0]["replayed"], 1);
    let (_, attempts) = cli(&["attempts", "--url", &url, "--endpoint", "crm", "--sequence", "2"]);
    assert_eq!(attempts.iter().map(|a| a["status"].as_u64().unwrap()).collect::<Vec<_>>(), [502, 200]);
    // A missing secret is a usage error (2); an unknown program the store's typed error (1).
    let no_secret = std::process::Command::new(env!("CARGO_BIN_EXE_affiliate-kit-webhooks"))
        .args(["deliver", "--url", &url, "--endpoint", "other=http://127.0.0.1:9/", "--once"])
        .output()
        .unwrap();
    assert_eq!(no_secret.status.code(), Some(2));
    let unknown = format!("{}?program=nothing-here", support::postgres::server().unwrap());
    let (code, lines) = cli(&["dead-letters", "--url", &unknown]);
    assert_eq!((code, lines[0]["error"].as_str()), (1, Some("INVALID_INPUT")));
}

#[test]
fn a_commit_wakes_a_waiting_worker_before_its_idle_time_is_up() {
    let Some(url) = support::postgres::url("notify") else { return };
    let mut program = PostgresProgram::open(&url, Some(support::config())).unwrap();
    let receiver = Receiver::start(|_, _| Answer::Status(200));
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let (url, endpoint, stop) = (url.clone(), Endpoint::new("crm", &receiver.url, SECRET), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut worker = WebhookWorker::open(&url, vec![endpoint], options(3)).unwrap();
            worker.run(&stop, Duration::from_secs(60)).unwrap()
        })
    };
    std::thread::sleep(Duration::from_millis(300)); // its first pass found nothing: it waits 60 s
    let committed = Instant::now();
    program.execute(support::command(SEED, 0)).unwrap(); // affiliate.registered
    while receiver.all().is_empty() {
        assert!(committed.elapsed() < Duration::from_secs(5), "the commit did not wake the worker");
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    assert_eq!(worker.join().unwrap().delivered, 1);
}

#[test]
fn a_worker_process_killed_while_it_delivers_loses_no_event() {
    let Some(url) = support::postgres::url("worker-kills") else { return };
    let mut program = PostgresProgram::open(&url, Some(support::config())).unwrap();
    for i in 0..60 {
        let _ = program.execute(support::command(SEED, i));
    }
    let last = program.events_since(0, u64::MAX).unwrap().last().unwrap().sequence;
    // A receiver that takes 2 ms per request: a pass of 100 events takes about 200 ms.
    let receiver = Receiver::start(|_, _| Answer::Late(Duration::from_millis(2)));
    let endpoint = format!("crm={}", receiver.url);
    let worker = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_affiliate-kit-webhooks"))
            .args(["deliver", "--url", &url, "--endpoint", &endpoint, "--idle-ms", "20"])
            .env("AFFILIATE_KIT_WEBHOOK_SECRET_CRM", SECRET)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut kills = 0;
    for round in 0..6u64 {
        let mut running = worker();
        std::thread::sleep(Duration::from_millis(150 + support::mix(SEED, round) % 250));
        running.kill().unwrap(); // SIGKILL, in the middle of a pass
        running.wait().unwrap();
        kills += 1;
    }
    let mut running = worker();
    let deadline = Instant::now() + Duration::from_secs(60);
    while program.cursor("webhook:crm").unwrap() < last {
        assert!(Instant::now() < deadline, "not delivered in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    running.kill().unwrap();
    running.wait().unwrap();
    let received = receiver.all();
    assert_eq!(first_arrivals(&received), (1..=last).collect::<Vec<_>>());
    println!("{kills} worker processes killed: {} requests for {last} events", received.len());
}
