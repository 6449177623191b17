//! What the store's tests share: the program config, a seeded stream of mixed commands, and an
//! independent reading of a program file (plain SQL, not the store's code) replayed by the core.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod postgres;
pub mod receiver;

use std::path::{Path, PathBuf};

use affiliate_kit::program::{Command, Program, ProgramConfig};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

/// The month config of the shared fixtures: 10 %, 20 % on books, one parent level at 5 %, 14 holding
/// days, 50 EUR minimum payout.
pub const CONFIG: &str = include_str!("../../../core/tests/fixtures/month-config.json");

pub fn config() -> ProgramConfig {
    ProgramConfig::from_json(CONFIG).unwrap()
}

/// A fresh directory for one test's files.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("akit-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn t0() -> DateTime<Utc> {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

/// Command `i` of the seeded stream (times one hour apart): five affiliates first (`aff_2` .. under
/// `aff_1`), then orders by code, refunds, clicks, registrations, approvals, payouts and payments
/// marked paid, chosen by the seed. Some are rejected on purpose (a refund of an unknown order, a
/// payout that does not exist): a stream a real host would send.
pub fn command(seed: u64, i: u64) -> Command {
    let at = t0() + TimeDelta::hours(i as i64);
    let value = if i < 5 {
        let n = i + 1;
        let mut registration = json!({"id": format!("aff_{n}"), "name": format!("Affiliate {n}"),
            "email": format!("a{n}@example.com"), "code": format!("AFF{n}")});
        if n > 1 {
            registration["parent"] = json!("aff_1");
        }
        json!({"verb": "register_affiliate", "registration": registration, "at": at})
    } else {
        let r = mix(seed, i);
        let pick = |k: u64| (mix(seed ^ k, i) % 5) + 1;
        match r % 100 {
            0..=49 => {
                let cents = 1_000 + mix(seed ^ 7, i) % 50_000;
                let category = if r.is_multiple_of(3) { "books" } else { "course" };
                json!({"verb": "track_order", "at": at, "order": {"id": format!("o{i}"), "currency": "EUR",
                    "code": format!("AFF{}", pick(1)), "customer": {"id": format!("c{}", i % 37)},
                    "lines": [{"id": "l1", "product": "p", "category": category, "quantity": 1,
                               "unit_price": format!("{}.{:02}", cents / 100, cents % 100)}]}})
            }
            50..=59 => {
                let order = i.saturating_sub(1 + mix(seed ^ 3, i) % 20);
                json!({"verb": "refund", "at": at, "refund": {"id": format!("r{i}"), "order_id": format!("o{order}"),
                    "amount": "5.00"}})
            }
            60..=69 => json!({"verb": "record_click", "at": at, "visitor_id": format!("v{}", i % 11),
                "code": format!("AFF{}", pick(2))}),
            70..=74 => json!({"verb": "register_affiliate", "at": at, "registration": {"name": format!("New {i}"),
                "email": format!("n{i}@example.com"), "parent": format!("aff_{}", pick(4))}}),
            75..=86 => json!({"verb": "approve_due", "at": at}),
            87..=93 => json!({"verb": "create_payouts", "at": at}),
            _ => json!({"verb": "mark_payout_paid", "at": at, "payout_id": format!("pay_{}", 1 + mix(seed ^ 5, i) % 4),
                "reference": format!("bank-{i}")}),
        }
    };
    affiliate_kit::host::arguments::command(&value.to_string()).unwrap()
}

/// Commands `from..to` of the stream.
pub fn commands(seed: u64, from: u64, to: u64) -> Vec<Command> {
    (from..to).map(|i| command(seed, i)).collect()
}

/// splitmix64 of (seed, i).
pub fn mix(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a program file holds, read with plain SQL.
pub struct FileContents {
    pub config: ProgramConfig,
    /// The journal's commands, in seq order (the seqs checked to be 1, 2, 3, ...).
    pub commands: Vec<Command>,
    /// The head recorded in the program row.
    pub head: u64,
    /// The outbox: (sequence, body), in sequence order.
    pub events: Vec<(u64, String)>,
}

/// Whether the file holds a program yet (a writer killed while creating it may leave none).
pub fn holds_program(path: &Path) -> bool {
    let Ok(conn) = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return false;
    };
    conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'program'", [], |r| r.get::<_, i64>(0))
        .is_ok_and(|n| n == 1)
        && conn.query_row("SELECT count(*) FROM program", [], |r| r.get::<_, i64>(0)).is_ok_and(|n| n == 1)
}

pub fn read_file(path: &Path) -> FileContents {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let (config, head): (String, i64) =
        conn.query_row("SELECT config, head FROM program", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let mut statement = conn.prepare("SELECT seq, command FROM journal ORDER BY seq").unwrap();
    let rows: Vec<(i64, String)> =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    let mut commands = Vec::new();
    for (k, (seq, text)) in rows.iter().enumerate() {
        assert_eq!(*seq, k as i64 + 1, "journal seqs have a gap before {seq}");
        commands.push(affiliate_kit::host::arguments::command(text).unwrap());
    }
    let mut statement = conn.prepare("SELECT sequence, body FROM events ORDER BY sequence").unwrap();
    let events: Vec<(u64, String)> =
        statement.query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    FileContents { config: ProgramConfig::from_json(&config).unwrap(), commands, head: head as u64, events }
}

/// Checks a file against the core: the journal replays, the outbox holds exactly the replayed
/// program's events (gapless from 1), the head is the last seq. Returns the replayed program's
/// snapshot without its events (what a durable replica holds) and the journal length.
pub fn check_file(path: &Path) -> (String, usize) {
    let file = read_file(path);
    assert_eq!(file.head, file.commands.len() as u64, "the head is not the last journal seq");
    let mut replayed = Program::replay(file.config, &file.commands).unwrap();
    let expected: Vec<(u64, String)> = replayed.events_since(0).iter().map(|e| (e.sequence, e.to_json())).collect();
    assert_eq!(file.events.len(), expected.len(), "the outbox does not hold every event");
    for (k, ((seq, body), (want_seq, want_body))) in file.events.iter().zip(&expected).enumerate() {
        assert_eq!(*seq, k as u64 + 1, "outbox sequences have a gap");
        assert_eq!((seq, body), (want_seq, want_body), "outbox event {seq} differs from the replay's");
    }
    replayed.forget_events(u64::MAX);
    (replayed.snapshot(), file.commands.len())
}

/// SHA-256 of `text`, in hex: how writer processes report their state.
pub fn digest(text: &str) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The whole lines a child process prints, read on a thread until it exits: a line cut by a kill
/// was not printed.
pub fn whole_lines(stdout: std::process::ChildStdout) -> std::thread::JoinHandle<Vec<String>> {
    use std::io::BufRead as _;
    std::thread::spawn(move || {
        let mut lines = Vec::new();
        let mut reader = std::io::BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if line.ends_with('\n') {
                lines.push(line.trim_end().to_string());
            }
            line.clear();
        }
        lines
    })
}
