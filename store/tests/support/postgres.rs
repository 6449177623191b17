//! The real PostgreSQL server of the tests: `./scripts/test` starts one and sets
//! `AFFILIATE_KIT_POSTGRES_URL` (and `AFFILIATE_KIT_PG_CTL`, the `pg_ctl` that restarts it); elsewhere
//! the PostgreSQL tests are skipped, except with `CI=true`, where a missing server fails them.

use std::sync::atomic::{AtomicU64, Ordering};

/// The server's URL, or `None` (skip) when no server is given.
pub fn server() -> Option<String> {
    let Ok(base) = std::env::var("AFFILIATE_KIT_POSTGRES_URL") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true: AFFILIATE_KIT_POSTGRES_URL must be set");
        eprintln!("no AFFILIATE_KIT_POSTGRES_URL: skipped");
        return None;
    };
    Some(base)
}

/// The URL of a program of its own named after `name`, or `None` (skip) when no server is given.
pub fn url(name: &str) -> Option<String> {
    static N: AtomicU64 = AtomicU64::new(0);
    let base = server()?;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let unique = format!("{name}-{}-{nanos}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    Some(format!("{base}?program={unique}"))
}

/// A plain client of the server (not the store's code), for reading what the store wrote.
pub fn client() -> postgres::Client {
    let base = server().expect("a server");
    postgres::Client::connect(&base, postgres::NoTls).unwrap()
}

/// The program's id in a URL made by [`url`].
pub fn program_of(url: &str) -> &str {
    url.rsplit_once("?program=").map(|(_, id)| id).unwrap()
}

/// Restarts the server the hard way (`pg_ctl restart -m immediate`: no shutdown checkpoint, crash
/// recovery on start), waiting until it accepts connections again. `false` when the test was not
/// given the server's `pg_ctl` (then the restart is skipped, except with `CI=true`).
pub fn restart_immediately() -> bool {
    let Ok(pg_ctl) = std::env::var("AFFILIATE_KIT_PG_CTL") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true: AFFILIATE_KIT_PG_CTL must be set");
        return false;
    };
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{pg_ctl} restart -m immediate -w -t 60"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "pg_ctl restart failed");
    true
}

/// What a PostgreSQL program holds, read with plain SQL (not the store's code).
pub struct Stored {
    /// The journal: (request id, command JSON, answer JSON), in seq order (seqs checked 1, 2, 3, ...).
    pub rows: Vec<(Option<String>, String, Option<String>)>,
    /// The replayed program's snapshot without its events (what a replica holds).
    pub snapshot: String,
    /// The replayed program.
    pub replayed: affiliate_kit::program::Program,
}

/// Reads program `id` and checks it against the core: the journal's seqs are gapless from 1 and end
/// at the head, the journal replays, the outbox holds exactly the replayed program's events
/// (gapless from 1).
pub fn check_program(client: &mut postgres::Client, id: &str) -> Stored {
    let program = client.query_one("SELECT config, head FROM affiliate_kit_programs WHERE id = $1", &[&id]).unwrap();
    let (config, head): (String, i64) = (program.get(0), program.get(1));
    let journal = client
        .query(
            "SELECT seq, request_id, command, answer FROM affiliate_kit_journal WHERE program = $1 ORDER BY seq",
            &[&id],
        )
        .unwrap();
    let mut rows = Vec::new();
    let mut commands = Vec::new();
    for (k, row) in journal.iter().enumerate() {
        assert_eq!(row.get::<_, i64>(0), k as i64 + 1, "journal seqs have a gap");
        let command: String = row.get(2);
        commands.push(affiliate_kit::host::arguments::command(&command).unwrap());
        rows.push((row.get(1), command, row.get(3)));
    }
    assert_eq!(head, rows.len() as i64, "the head is not the last journal seq");
    let config = affiliate_kit::program::ProgramConfig::from_json(&config).unwrap();
    let mut replayed = affiliate_kit::program::Program::replay(config, &commands).unwrap();
    let outbox = client
        .query("SELECT sequence, body FROM affiliate_kit_events WHERE program = $1 ORDER BY sequence", &[&id])
        .unwrap();
    let expected = replayed.events_since(0);
    assert_eq!(outbox.len(), expected.len(), "the outbox does not hold every event");
    for (k, (row, want)) in outbox.iter().zip(&expected).enumerate() {
        assert_eq!(row.get::<_, i64>(0), k as i64 + 1, "outbox sequences have a gap");
        assert_eq!(row.get::<_, String>(1), want.to_json(), "outbox event {} differs from the replay's", k + 1);
    }
    replayed.forget_events(u64::MAX);
    Stored { rows, snapshot: replayed.snapshot(), replayed }
}
