#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Programs kept in a real PostgreSQL server (see `support/postgres.rs`: skipped without one, except
//! with `CI=true`). Each test uses programs of its own in the shared database; writer processes and
//! a server restart are in `postgres_processes.rs`.

#[path = "../../core/tests/scenario_runner/mod.rs"]
mod scenario_runner;
mod support;

use std::collections::BTreeSet;

use affiliate_kit::program::{Command, CommandOutcome, Event, Program, ProgramConfig};
use affiliate_kit::ErrorKind;
use affiliate_kit_store::{OpenOptions, PostgresProgram};
use rust_decimal::Decimal;
use scenario_runner::{every_scenario_passes, Host};
use serde_json::json;
use support::postgres::url;

fn command(value: serde_json::Value) -> Command {
    affiliate_kit::host::arguments::command(&value.to_string()).unwrap()
}

fn register(n: u32) -> Command {
    command(json!({"verb": "register_affiliate", "at": "2026-03-01T00:00:00Z",
        "registration": {"name": format!("A{n}"), "email": format!("a{n}@example.com"), "code": format!("AFF{n}")}}))
}

/// An order of 100.00 EUR by code AFF1: 10 % = 10.00 for aff_1.
fn order(id: &str) -> Command {
    command(json!({"verb": "track_order", "at": "2026-03-02T00:00:00Z", "order": {"id": id, "currency": "EUR",
        "code": "AFF1", "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "100.00"}]}}))
}

fn kind<T: std::fmt::Debug>(result: affiliate_kit::Result<T>) -> ErrorKind {
    result.expect_err("an error").kind()
}

#[test]
fn a_program_is_created_reopened_and_guarded_by_its_config() {
    let Some(url) = url("open") else { return };
    assert_eq!(kind(PostgresProgram::open(&url, None)), ErrorKind::InvalidInput);
    let mut p = PostgresProgram::open(&url, Some(support::config())).unwrap();
    p.execute(register(1)).unwrap();
    p.execute(order("o1")).unwrap();
    p.close().unwrap();
    assert_eq!(kind(p.execute(order("o2"))), ErrorKind::InvalidState);

    let mut again = PostgresProgram::open(&url, None).unwrap();
    assert_eq!(again.head(), 2);
    assert_eq!(
        again.balance("aff_1", affiliate_kit::money::Currency::from_code("EUR").unwrap()).unwrap().pending.amount,
        Decimal::new(1000, 2)
    );
    let mut other = support::config();
    other.holding_days += 1;
    assert_eq!(kind(PostgresProgram::open(&url, Some(other))), ErrorKind::Conflict);
    // The same config is welcome.
    PostgresProgram::open(&url, Some(support::config())).unwrap();
}

#[test]
fn the_journal_and_the_outbox_hold_every_accepted_command_and_event() {
    let Some(url) = url("journal") else { return };
    let mut p = PostgresProgram::open(&url, Some(support::config())).unwrap();
    p.execute(register(1)).unwrap();
    // Refused: nothing is written.
    assert_eq!(
        kind(p.execute(command(json!({"verb": "refund", "at": "2026-03-02T00:00:00Z",
        "refund": {"id": "r1", "order_id": "nope"}})))),
        ErrorKind::NotFound
    );
    p.execute(order("o1")).unwrap();
    let journal = p.journal(0, 100).unwrap();
    assert_eq!(
        journal.iter().map(|e| (e.seq, e.command.verb())).collect::<Vec<_>>(),
        [(1, "register_affiliate"), (2, "track_order")]
    );
    let types = |events: Vec<Event>| events.iter().map(|e| (e.sequence, e.event_type())).collect::<Vec<_>>();
    let all = [(1, "affiliate.registered"), (2, "order.tracked"), (3, "commission.created")];
    assert_eq!(types(p.events_since(0, 100).unwrap()), all);
    assert_eq!(types(p.pending_events("crm", 2).unwrap()), all[..2]);
    p.ack_events("crm", 2).unwrap();
    p.ack_events("crm", 1).unwrap(); // never back
    assert_eq!(p.cursor("crm").unwrap(), 2);
    assert_eq!(types(p.pending_events("crm", 10).unwrap()), all[2..]);
    assert_eq!(kind(p.ack_events("crm", 4)), ErrorKind::InvalidInput);
    assert_eq!(types(p.drain_events().unwrap()), all);
    assert!(p.drain_events().unwrap().is_empty());
}

#[test]
fn two_writers_see_each_others_commands_and_a_retry_answers_the_first_outcome() {
    let Some(url) = url("writers") else { return };
    let mut a = PostgresProgram::open(&url, Some(support::config())).unwrap();
    let mut b = PostgresProgram::open(&url, None).unwrap();
    a.execute(register(1)).unwrap();
    // b catches up under the lock before it appends: its order finds aff_1's code.
    let tracked = b.execute_once(order("o1"), "req-1").unwrap();
    let CommandOutcome::Tracked(first) = &tracked else { panic!("{tracked:?}") };
    assert_eq!(first.commissions.len(), 1);
    assert_eq!(a.program().unwrap().sale("o1").unwrap().id, "o1");
    // The retry, from the other writer: the first answer, nothing runs again.
    assert_eq!(a.execute_once(order("o1"), "req-1").unwrap(), tracked);
    assert_eq!(kind(a.execute_once(order("o2"), "req-1")), ErrorKind::Conflict);
    assert_eq!(a.journal(0, 100).unwrap().len(), 2);
    assert_eq!(a.program().unwrap().snapshot(), b.program().unwrap().snapshot());
}

#[test]
fn concurrent_writers_leave_a_gapless_journal_that_every_replica_equals() {
    let Some(url) = url("concurrent") else { return };
    let mut first = PostgresProgram::open(&url, Some(support::config())).unwrap();
    first.execute(register(1)).unwrap();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut p = PostgresProgram::open(&url, None).unwrap();
                let mut acknowledged = Vec::new();
                for i in 0..50 {
                    let id = format!("w{w}-o{i}");
                    if let CommandOutcome::Tracked(t) = p.execute(order(&id)).unwrap() {
                        acknowledged.push(t.sale_id);
                    }
                }
                acknowledged
            })
        })
        .collect();
    let acknowledged: BTreeSet<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    assert_eq!(acknowledged.len(), 200);
    let journal = first.journal(0, 1000).unwrap();
    assert_eq!(journal.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=201).collect::<Vec<_>>());
    let mut tracked = BTreeSet::new();
    for entry in &journal[1..] {
        let Command::TrackOrder { order, .. } = &entry.command else { panic!("{:?}", entry.command) };
        assert!(tracked.insert(order.id.clone()), "{} tracked twice", order.id);
    }
    assert_eq!(tracked, acknowledged);
    // Every replica equals the replay of the journal; 200 orders at 10.00.
    let mut replay = Program::new(support::config()).unwrap();
    for entry in journal {
        replay.execute(entry.command).unwrap();
    }
    replay.forget_events(u64::MAX);
    let mut fresh = PostgresProgram::open(&url, None).unwrap();
    assert_eq!(fresh.program().unwrap().snapshot(), replay.snapshot());
    assert_eq!(first.program().unwrap().snapshot(), replay.snapshot());
    let eur = affiliate_kit::money::Currency::from_code("EUR").unwrap();
    assert_eq!(replay.balance("aff_1", eur).unwrap().pending.amount, Decimal::new(200_000, 2));
}

/// A PostgreSQL program, reopened after every step.
struct Shared {
    url: String,
    program: PostgresProgram,
    /// The commands accepted, as given (the journal before an erasure is redacted).
    accepted: Vec<Command>,
}

impl Host for Shared {
    fn create(config: ProgramConfig) -> Result<Shared, String> {
        let url = url("scenario").ok_or("no server")?;
        let program = PostgresProgram::open(&url, Some(config)).map_err(|e| format!("open: {e}"))?;
        Ok(Shared { url, program, accepted: Vec::new() })
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
        self.program.program().unwrap().snapshot()
    }

    fn log(&mut self) -> Vec<Command> {
        let journal = self.program.journal(0, u64::MAX).unwrap().into_iter().map(|entry| entry.command).collect();
        scenario_runner::log_to_replay(journal, &self.accepted)
    }

    fn restore(&mut self) -> Result<(), String> {
        self.after_step()
    }

    /// Another writer's replica, opened from the database, in place of this one.
    fn after_step(&mut self) -> Result<(), String> {
        let before = self.snapshot();
        let program = PostgresProgram::open(&self.url, None).map_err(|e| format!("reopen: {e}"))?;
        self.program.close().map_err(|e| format!("close: {e}"))?;
        self.program = program;
        if self.snapshot() != before {
            return Err("the reopened program differs from the one closed".into());
        }
        Ok(())
    }

    /// The database keeps the events: a rebuilt program is compared without them.
    fn comparable(&self, mut program: Program) -> Program {
        program.forget_events(u64::MAX);
        program
    }
}

#[test]
fn every_scenario_passes_on_a_postgresql_program_reopened_after_each_step() {
    if url("probe").is_none() {
        return;
    }
    every_scenario_passes::<Shared>();
}

#[test]
fn opening_starts_from_the_newest_usable_checkpoint_and_replays_what_follows() {
    let Some(url) = url("checkpoints") else { return };
    let manual = OpenOptions { checkpoint_every: 0, ..OpenOptions::default() };
    let mut p = PostgresProgram::open_with(&url, Some(support::config()), manual.clone()).unwrap();
    for i in 0..60 {
        let _ = p.execute(support::command(5, i));
    }
    let info = p.checkpoint().unwrap();
    assert_eq!(info.seq, p.head());
    assert!(info.stored_bytes > 0 && info.stored_bytes < info.raw_bytes, "{info:?}");
    for i in 60..80 {
        let _ = p.execute(support::command(5, i));
    }
    let id = support::postgres::program_of(&url).to_string();
    let stored = support::postgres::check_program(&mut support::postgres::client(), &id);
    let reopened = PostgresProgram::open_with(&url, None, manual.clone()).unwrap();
    let report = reopened.open_report();
    assert_eq!(
        (report.checkpoint_seq, report.replayed, report.skipped_checkpoints),
        (Some(info.seq), p.head() - info.seq, 0)
    );
    let mut reopened = reopened;
    assert_eq!(reopened.program().unwrap().snapshot(), stored.snapshot);
    // A checkpoint that does not match its digest is passed over: the whole journal is replayed.
    let mut db = support::postgres::client();
    db.execute("UPDATE affiliate_kit_checkpoints SET digest = '\\x00' WHERE program = $1", &[&id]).unwrap();
    let mut without = PostgresProgram::open_with(&url, None, manual).unwrap();
    let report = without.open_report();
    assert_eq!((report.checkpoint_seq, report.replayed, report.skipped_checkpoints), (None, p.head(), 1));
    assert_eq!(without.program().unwrap().snapshot(), stored.snapshot);
    // Automatic checkpoints every 25 commands, the two newest kept.
    let automatic = OpenOptions { checkpoint_every: 25, ..OpenOptions::default() };
    let mut writer = PostgresProgram::open_with(&url, None, automatic).unwrap();
    for i in 80..160 {
        let _ = writer.execute(support::command(5, i));
    }
    let rows = db
        .query("SELECT seq FROM affiliate_kit_checkpoints WHERE program = $1 AND complete ORDER BY seq", &[&id])
        .unwrap();
    let seqs: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(seqs.len(), 2, "{seqs:?}");
    assert!(writer.head() - seqs[1] as u64 <= 25, "{seqs:?} at head {}", writer.head());
    let fresh = PostgresProgram::open(&url, None).unwrap();
    assert_eq!(fresh.open_report().checkpoint_seq, Some(seqs[1] as u64));
}

#[test]
fn sslmode_require_connects_over_tls_verified_against_the_given_root() {
    let Some(url) = url("tls") else { return };
    let Ok(ca) = std::env::var("AFFILIATE_KIT_POSTGRES_CA") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true: the test server has TLS");
        return;
    };
    let name = format!("akit-tls-{}", std::process::id());
    let tls = format!("{url}&sslmode=require&sslrootcert={ca}&application_name={name}");
    let mut p = PostgresProgram::open(&tls, Some(support::config())).unwrap();
    p.execute(register(1)).unwrap();
    let encrypted: bool = support::postgres::client()
        .query_one(
            "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert!(encrypted, "the program's connection is not encrypted");
    // The server's certificate is not signed by a public root: refused, nothing written.
    let unverified = format!("{url}&sslmode=require");
    let error = PostgresProgram::open(&unverified, None).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Storage, "{error}");
    assert_eq!(p.head(), 1);
}

/// An erasure on PostgreSQL: the journal rows, events and checkpoints before it no longer hold the
/// personal data; another writer's replica reloads; reopening gives the erased program.
#[test]
fn an_erasure_leaves_no_personal_data_in_the_database() {
    let Some(url) = url("erase") else { return };
    let options = OpenOptions { checkpoint_every: 2, ..OpenOptions::default() };
    let mut p = PostgresProgram::open_with(&url, Some(support::config()), options.clone()).unwrap();
    p.execute(command(json!({"verb": "register_affiliate", "at": "2026-03-01T00:00:00Z",
        "registration": {"name": "Erin Quill", "email": "erin.quill@example.com", "code": "AFF1"}})))
        .unwrap();
    p.execute(command(json!({"verb": "track_order", "at": "2026-03-02T00:00:00Z", "visitor_id": "frank-browser",
        "order": {"id": "o1", "currency": "EUR", "code": "AFF1", "customer": {"id": "cust-frank-9", "email": "frank.low@example.com"},
        "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "100.00"}]}})))
        .unwrap();
    p.execute(order("o2")).unwrap();
    let mut other = PostgresProgram::open_with(&url, None, options.clone()).unwrap();
    let eur = affiliate_kit::money::Currency::from_code("EUR").unwrap();
    let balance = p.balance("aff_1", eur).unwrap();
    p.execute(command(json!({"verb": "erase_customer", "customer": "cust-frank-9", "at": "2026-04-01T00:00:00Z"})))
        .unwrap();
    p.execute(command(json!({"verb": "erase_affiliate", "affiliate_id": "aff_1", "at": "2026-04-01T00:00:01Z"})))
        .unwrap();
    assert_eq!(p.balance("aff_1", eur).unwrap(), balance);

    let program = support::postgres::program_of(&url).to_string();
    let mut client = support::postgres::client();
    let text = |client: &mut postgres::Client, sql: &str| -> String {
        client.query(sql, &[&program]).unwrap().iter().map(|r| r.get::<_, String>(0)).collect::<Vec<_>>().join("\n")
    };
    let journal =
        text(&mut client, "SELECT command || coalesce(answer, '') FROM affiliate_kit_journal WHERE program = $1");
    let events = text(&mut client, "SELECT body FROM affiliate_kit_events WHERE program = $1");
    for personal in ["Erin Quill", "erin.quill@", "frank.low@", "cust-frank-9", "frank-browser"] {
        assert!(!journal.contains(personal) && !events.contains(personal), "the database still holds {personal}");
    }
    let checkpoints: Vec<(i64, i32)> = client
        .query("SELECT seq, format FROM affiliate_kit_checkpoints WHERE program = $1", &[&program])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(checkpoints, [(5, 1)], "one checkpoint, of the erased state, in the snapshot format");
    // The other writer's replica was behind the erasure: it reloads.
    assert_eq!(other.affiliate("aff_1").unwrap().email, None);
    assert_eq!(other.balance("aff_1", eur).unwrap(), balance);
    let mut reopened = PostgresProgram::open_with(&url, None, options).unwrap();
    assert_eq!(reopened.open_report().checkpoint_seq, Some(5));
    assert_eq!(reopened.program().unwrap().snapshot(), other.program().unwrap().snapshot());
}
