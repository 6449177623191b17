#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! A durable program's behaviour: what it writes, what reopening gives, the errors of the file.

mod support;

use std::time::Duration;

use affiliate_kit::money::Currency;
use affiliate_kit::program::{Command, CommandOutcome, ProgramConfig};
use affiliate_kit::ErrorKind;
use affiliate_kit_store::{DurableProgram, OpenOptions};
use support::{check_file, command, commands, config, read_file, t0, temp_dir};

fn kind<T: std::fmt::Debug>(result: affiliate_kit::Result<T>) -> ErrorKind {
    result.expect_err("expected an error").kind()
}

fn order(id: &str, code: &str, price: &str, category: &str) -> Command {
    let json = serde_json::json!({"verb": "track_order", "at": "2026-03-02T10:00:00Z", "order": {"id": id,
        "currency": "EUR", "code": code, "customer": {"id": "c1"},
        "lines": [{"id": "l1", "product": "p", "category": category, "quantity": 1, "unit_price": price}]}});
    affiliate_kit::host::arguments::command(&json.to_string()).unwrap()
}

fn no_options() -> OpenOptions {
    OpenOptions { checkpoint_every: 0, ..OpenOptions::default() }
}

#[test]
fn a_program_reopens_with_every_acknowledged_command_and_its_events() {
    let dir = temp_dir("reopen");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    for c in commands(1, 0, 2) {
        p.execute(c).unwrap(); // aff_1 (code AFF1), aff_2 (AFF2, parent aff_1)
    }
    // 20 % of 150.00 (books) = 30.00 to aff_2; 5 % of the sale = 7.50 to its parent aff_1.
    let tracked = match p.execute(order("o1", "AFF2", "150.00", "books")).unwrap() {
        CommandOutcome::Tracked(t) => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(tracked.total.amount.to_string(), "37.50");
    assert_eq!(p.head(), 3);
    p.close().unwrap();

    let mut again = DurableProgram::open(&path, None).unwrap();
    assert_eq!(again.head(), 3);
    assert_eq!(again.open_report().replayed, 3);
    let b2 = again.balance("aff_2", Currency::EUR).unwrap();
    let b1 = again.balance("aff_1", Currency::EUR).unwrap();
    assert_eq!((b2.pending.amount.to_string(), b1.pending.amount.to_string()), ("30.00".into(), "7.50".into()));
    let types: Vec<&str> =
        again.events_since(0, 100).unwrap().iter().map(|e| e.event_type()).collect::<Vec<_>>().into_iter().collect();
    assert_eq!(
        types,
        ["affiliate.registered", "affiliate.registered", "order.tracked", "commission.created", "commission.created"]
    );
    let (replayed, journaled) = check_file(&path);
    assert_eq!((again.snapshot().unwrap(), journaled), (replayed, 3));
    // The replica keeps neither events nor a command log.
    assert!(again.program().unwrap().events_since(0).is_empty());
    assert!(again.program().unwrap().command_log().is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_rejected_command_writes_nothing_and_changes_nothing() {
    let dir = temp_dir("rejected");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    p.execute(command(1, 0)).unwrap();
    let before = p.snapshot().unwrap();
    let refund = r#"{"verb": "refund", "at": "2026-03-02T00:00:00Z", "refund": {"id": "r1", "order_id": "nope"}}"#;
    assert_eq!(kind(p.execute(affiliate_kit::host::arguments::command(refund).unwrap())), ErrorKind::NotFound);
    assert_eq!(kind(p.execute(command(1, 0))), ErrorKind::Conflict); // aff_1 again
    assert_eq!(p.snapshot().unwrap(), before);
    assert_eq!(p.head(), 1);
    let file = read_file(&path);
    assert_eq!((file.commands.len(), file.events.len(), file.head), (1, 1, 1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn execute_many_commits_the_accepted_commands_together_and_answers_each() {
    let dir = temp_dir("many");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    let mut batch = commands(1, 0, 2);
    batch.push(order("o1", "AFF1", "100.00", "course"));
    batch.push(order("o2", "NOSUCHCODE", "100.00", "course")); // tracked, not credited: accepted
    batch.push(order("o1", "AFF1", "999.00", "course")); // the same id with another payload
    batch.push(Command::DrainEvents {});
    let answers = p.execute_many(batch).unwrap();
    let kinds: Vec<Option<ErrorKind>> = answers.iter().map(|a| a.as_ref().err().map(|e| e.kind())).collect();
    assert_eq!(kinds, [None, None, None, None, Some(ErrorKind::Conflict), Some(ErrorKind::InvalidInput)]);
    assert_eq!(p.head(), 4);
    assert_eq!(read_file(&path).commands.len(), 4);
    assert_eq!(p.balance("aff_1", Currency::EUR).unwrap().pending.amount.to_string(), "10.00");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_request_id_answers_the_first_outcome_again_and_never_runs_twice() {
    let dir = temp_dir("request-id");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    p.execute(command(1, 0)).unwrap();
    let first = p.execute_once(order("o1", "AFF1", "80.00", "course"), "req-1").unwrap();
    // A second handle (another process) retries after an unknown outcome.
    let mut other = DurableProgram::open_with(&path, None, no_options()).unwrap();
    let again = other.execute_once(order("o1", "AFF1", "80.00", "course"), "req-1").unwrap();
    assert_eq!(serde_json::to_value(&first).unwrap(), serde_json::to_value(&again).unwrap());
    assert_eq!(other.head(), 2);
    let conflict = other.execute_once(order("o9", "AFF1", "80.00", "course"), "req-1");
    assert_eq!(kind(conflict), ErrorKind::Conflict);
    assert_eq!(kind(other.execute_once(command(1, 1), "")), ErrorKind::InvalidInput);
    assert_eq!(read_file(&path).commands.len(), 2);
    assert_eq!(other.balance("aff_1", Currency::EUR).unwrap().pending.amount.to_string(), "8.00");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cursors_deliver_events_at_least_once_until_acknowledged() {
    let dir = temp_dir("cursors");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    for c in commands(1, 0, 3) {
        p.execute(c).unwrap();
    }
    let seqs = |events: Vec<affiliate_kit::program::Event>| events.iter().map(|e| e.sequence).collect::<Vec<_>>();
    assert_eq!(seqs(p.pending_events("mailer", 2).unwrap()), [1, 2]);
    assert_eq!(seqs(p.pending_events("mailer", 2).unwrap()), [1, 2]); // not acknowledged: again
    p.ack_events("mailer", 2).unwrap();
    assert_eq!(seqs(p.pending_events("mailer", 10).unwrap()), [3]);
    assert_eq!(seqs(p.pending_events("webhooks", 10).unwrap()), [1, 2, 3]); // each consumer its own
    p.ack_events("mailer", 1).unwrap(); // never moves back
    assert_eq!(p.cursor("mailer").unwrap(), 2);
    assert_eq!(kind(p.ack_events("mailer", 4)), ErrorKind::InvalidInput);
    assert_eq!(kind(p.ack_events("", 1)), ErrorKind::InvalidInput);
    // drain_events: the durable outbox, shared by every process of the file.
    assert_eq!(seqs(p.drain_events().unwrap()), [1, 2, 3]);
    assert_eq!(seqs(p.drain_events().unwrap()), Vec::<u64>::new());
    p.close().unwrap();
    let mut again = DurableProgram::open(&path, None).unwrap();
    assert_eq!(again.cursor("mailer").unwrap(), 2);
    assert_eq!(seqs(again.pending_events("mailer", 10).unwrap()), [3]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn checkpoints_shorten_reopening_and_deleting_them_changes_nothing() {
    let dir = temp_dir("checkpoints");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    for c in commands(7, 0, 300) {
        let _ = p.execute(c);
    }
    let head = p.head();
    let info = p.checkpoint().unwrap();
    assert_eq!(info.seq, head);
    assert!(info.stored_bytes > 0 && info.stored_bytes < info.raw_bytes / 2, "{info:?}");
    for c in commands(7, 300, 400) {
        let _ = p.execute(c);
    }
    let live = p.snapshot().unwrap();
    p.close().unwrap();

    let mut reopened = DurableProgram::open(&path, None).unwrap();
    let report = reopened.open_report();
    assert_eq!(report.checkpoint_seq, Some(head));
    assert_eq!(report.replayed, reopened.head() - head);
    assert_eq!(reopened.snapshot().unwrap(), live);
    reopened.close().unwrap();

    // A checkpoint that reads but does not match its digest is passed over.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE checkpoints SET digest = zeroblob(32)", []).unwrap();
    let mut mismatched = DurableProgram::open(&path, None).unwrap();
    assert_eq!((mismatched.open_report().skipped_checkpoints, mismatched.open_report().checkpoint_seq), (1, None));
    assert_eq!(mismatched.snapshot().unwrap(), live);
    mismatched.close().unwrap();
    // A damaged checkpoint is passed over; with none at all, the journal alone gives the same state.
    conn.execute("UPDATE checkpoint_chunks SET data = zeroblob(length(data))", []).unwrap();
    let mut damaged = DurableProgram::open(&path, None).unwrap();
    assert_eq!(damaged.open_report().skipped_checkpoints, 1);
    assert_eq!(damaged.open_report().checkpoint_seq, None);
    assert_eq!(damaged.snapshot().unwrap(), live);
    damaged.close().unwrap();
    conn.execute("DELETE FROM checkpoints", []).unwrap();
    conn.execute("DELETE FROM checkpoint_chunks", []).unwrap();
    let mut without = DurableProgram::open(&path, None).unwrap();
    assert_eq!(without.open_report().replayed, without.head());
    assert_eq!(without.snapshot().unwrap(), live);
    assert_eq!(check_file(&path).0, live);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Checkpoints written as the snapshot JSON (format 1, before the records format) are still read; a
/// records checkpoint of another version is passed over for the next usable one.
#[test]
fn checkpoints_of_the_snapshot_format_are_read_and_unknown_record_versions_passed_over() {
    use sha2::Digest;
    let dir = temp_dir("checkpoint-formats");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    for c in commands(3, 0, 40) {
        let _ = p.execute(c);
    }
    let (head, snapshot) = (p.head(), p.snapshot().unwrap());
    p.close().unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let data = zstd::encode_all(snapshot.as_bytes(), 3).unwrap();
    let digest = sha2::Sha256::digest(snapshot.as_bytes()).to_vec();
    conn.execute(
        "INSERT INTO checkpoints (seq, format, schema_version, engine, complete, chunks, raw_bytes, stored_bytes, digest) \
         VALUES (?1, 1, 2, 'test', 1, 1, ?2, ?3, ?4)",
        (head, snapshot.len(), data.len(), digest),
    )
    .unwrap();
    let id = conn.last_insert_rowid();
    conn.execute("INSERT INTO checkpoint_chunks (checkpoint, n, data) VALUES (?1, 0, ?2)", (id, data)).unwrap();
    let mut reopened = DurableProgram::open(&path, None).unwrap();
    assert_eq!((reopened.open_report().checkpoint_seq, reopened.open_report().replayed), (Some(head), 0));
    assert_eq!(reopened.snapshot().unwrap(), snapshot);
    // A records checkpoint, newer, then marked as another records version: not read, the JSON one is.
    for c in commands(3, 40, 50) {
        let _ = reopened.execute(c);
    }
    let live = reopened.snapshot().unwrap();
    let newer = reopened.checkpoint().unwrap();
    reopened.close().unwrap();
    conn.execute("UPDATE checkpoints SET schema_version = 99 WHERE format = 2", []).unwrap();
    let mut again = DurableProgram::open(&path, None).unwrap();
    assert_eq!(again.open_report().checkpoint_seq, Some(head));
    assert_eq!(again.open_report().replayed, newer.seq - head);
    assert_eq!(again.snapshot().unwrap(), live);
    again.close().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn checkpoints_are_taken_automatically_and_old_ones_deleted() {
    let dir = temp_dir("auto-checkpoint");
    let path = dir.join("program.db");
    let options = OpenOptions { checkpoint_every: 40, keep_checkpoints: 2, ..OpenOptions::default() };
    let mut p = DurableProgram::open_with(&path, Some(config()), options).unwrap();
    for c in commands(3, 0, 200) {
        let _ = p.execute(c);
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let seqs: Vec<i64> = conn
        .prepare("SELECT seq FROM checkpoints WHERE complete = 1 ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(seqs.len(), 2, "{seqs:?}");
    assert!(p.head() - (seqs[1] as u64) < 40 && seqs[1] - seqs[0] >= 40, "{seqs:?} head {}", p.head());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_handles_on_one_file_see_each_others_commands() {
    let dir = temp_dir("two-handles");
    let path = dir.join("program.db");
    let mut a = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    let mut b = DurableProgram::open_with(&path, None, no_options()).unwrap();
    a.execute(command(1, 0)).unwrap(); // aff_1
    b.execute(order("o1", "AFF1", "100.00", "course")).unwrap(); // b catches up before it runs
    assert_eq!(a.balance("aff_1", Currency::EUR).unwrap().pending.amount.to_string(), "10.00"); // a refreshes
    a.execute(order("o2", "AFF1", "50.00", "course")).unwrap();
    assert_eq!((a.head(), b.head()), (3, 2));
    assert_eq!(b.stats(None).unwrap().sales, 2);
    assert_eq!(b.head(), 3);
    assert_eq!(a.snapshot().unwrap(), b.snapshot().unwrap());
    assert_eq!(a.snapshot().unwrap(), check_file(&path).0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_rolled_back_under_an_open_program_is_never_written_past() {
    let dir = temp_dir("rolled-back");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    for c in commands(1, 0, 5) {
        p.execute(c).unwrap();
    }
    // As if a backup of 3 commands were restored over the file while `p` holds 5.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq > 3; DELETE FROM events WHERE journal_seq > 3; \
         UPDATE program SET head = 3;",
    )
    .unwrap();
    let err = p.execute(order("o1", "AFF1", "100.00", "course")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CorruptJournal, "{err}");
    assert!(err.to_string().contains("journal ends at seq 3, before this program's 5"), "{err}");
    // Nothing was written past the file's head, and the program goes on from the file.
    assert_eq!(read_file(&path).commands.len(), 3);
    p.execute(order("o1", "AFF1", "100.00", "course")).unwrap();
    assert_eq!(p.head(), 4);
    assert_eq!(p.snapshot().unwrap(), check_file(&path).0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn opening_checks_the_config_the_file_and_its_versions() {
    let dir = temp_dir("open-errors");
    let path = dir.join("program.db");
    assert_eq!(kind(DurableProgram::open(&path, None)), ErrorKind::InvalidInput); // no program, no config
    DurableProgram::open(&path, Some(config())).unwrap().close().unwrap();
    let other = ProgramConfig::from_json(&support::CONFIG.replace("\"holding_days\": 14", "\"holding_days\": 30"));
    assert_eq!(kind(DurableProgram::open(&path, Some(other.unwrap()))), ErrorKind::Conflict);
    DurableProgram::open(&path, Some(config())).unwrap(); // the same config is fine

    let text = dir.join("notes.txt");
    std::fs::write(&text, "these are not the droids you are looking for, not a database at all".repeat(20)).unwrap();
    assert_eq!(kind(DurableProgram::open(&text, Some(config()))), ErrorKind::CorruptJournal);
    assert!(std::fs::read_to_string(&text).unwrap().starts_with("these are not")); // untouched

    let foreign = dir.join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    assert_eq!(kind(DurableProgram::open(&foreign, Some(config()))), ErrorKind::CorruptJournal);

    let newer = dir.join("newer.db");
    DurableProgram::open(&newer, Some(config())).unwrap().close().unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute("INSERT INTO affiliate_kit_schema (version, engine) VALUES (99, 'future')", [])
        .unwrap();
    let err = DurableProgram::open(&newer, None).unwrap_err();
    assert_eq!(err.to_string(), "unsupported store schema version 99 (this library reads up to 2)");

    let format = dir.join("format.db");
    DurableProgram::open(&format, Some(config())).unwrap().close().unwrap();
    rusqlite::Connection::open(&format).unwrap().execute("UPDATE program SET format = 2", []).unwrap();
    let err = DurableProgram::open(&format, None).unwrap_err();
    assert_eq!(err.to_string(), "unsupported journal format 2 (this library reads up to 1)");

    let missing = dir.join("no-such-dir").join("program.db");
    assert_eq!(kind(DurableProgram::open(&missing, Some(config()))), ErrorKind::Storage);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A journal changed behind the library's back: it refuses to open, naming the row.
#[test]
fn a_tampered_journal_does_not_open() {
    let dir = temp_dir("tampered");
    let fresh = |name: &str| {
        let path = dir.join(name);
        let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
        for c in commands(5, 0, 12) {
            let _ = p.execute(c);
        }
        p.close().unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;").unwrap();
        (path, conn)
    };
    let cases: [(&str, &str, &str); 4] = [
        (
            "edited.db",
            "UPDATE journal SET command = replace(command, 'AFF1', 'AFF2') WHERE seq = 1",
            "corrupt journal: journal seq 1 (register_affiliate) does not match its digest",
        ),
        ("gap.db", "DELETE FROM journal WHERE seq = 4", "corrupt journal: journal seq 5 follows 3: rows are missing"),
        (
            "events.db",
            "UPDATE journal SET events_digest = x'00' WHERE seq = 2",
            "corrupt journal: journal seq 2 (register_affiliate) replays to other events than it recorded",
        ),
        (
            "short.db",
            "UPDATE program SET head = head + 1", // 11 of the 12 commands were accepted
            "corrupt journal: the journal ends at seq 11 but its head is 12",
        ),
    ];
    for (name, tamper, message) in cases {
        let (path, conn) = fresh(name);
        conn.execute(tamper, []).unwrap();
        let err = DurableProgram::open(&path, None).unwrap_err();
        assert_eq!((err.kind(), err.to_string().as_str()), (ErrorKind::CorruptJournal, message), "{name}");
    }
    // Rows a different library version wrote replay under this version's rules: their events are
    // not compared (a release may change what events say), their commands still are.
    let (path, conn) = fresh("older.db");
    conn.execute("UPDATE journal SET engine = '0.0.1', events_digest = x'00' WHERE seq = 2", []).unwrap();
    assert_eq!(DurableProgram::open(&path, None).unwrap().head(), 11);
    conn.execute("UPDATE journal SET command = replace(command, 'AFF2', 'AFF3') WHERE seq = 2", []).unwrap();
    assert_eq!(kind(DurableProgram::open(&path, None)), ErrorKind::CorruptJournal);
    // The triggers refuse what the tampering above had to remove them for.
    let path = dir.join("guarded.db");
    DurableProgram::open(&path, Some(config())).unwrap().execute(command(1, 0)).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let refused = conn.execute("DELETE FROM journal", []).unwrap_err().to_string();
    assert!(refused.contains("journal rows are immutable"), "{refused}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_full_disk_fails_the_command_which_is_then_nowhere() {
    let dir = temp_dir("full");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    for c in commands(1, 0, 5) {
        p.execute(c).unwrap();
    }
    let pages: i64 =
        rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    p.set_max_pages(pages as u64).unwrap();
    let before = p.snapshot().unwrap();
    let mut failed = None;
    for k in 0..200 {
        if let Err(e) = p.execute(order(&format!("big{k}"), "AFF1", "100.00", "course")) {
            failed = Some((k, e));
            break;
        }
    }
    let (k, err) = failed.expect("the file never filled up");
    assert_eq!(err.kind(), ErrorKind::Storage, "{err}");
    assert!(err.to_string().contains("full"), "{err}");
    // The replica was rebuilt from the file: the failed order is not in it.
    assert_eq!(p.stats(None).unwrap().sales, k);
    assert_eq!(p.head(), 5 + k);
    assert!(k > 0 || p.snapshot().unwrap() == before);
    p.set_max_pages(1_000_000).unwrap();
    p.execute(order("after", "AFF1", "100.00", "course")).unwrap(); // usable again
    assert_eq!(p.snapshot().unwrap(), check_file(&path).0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_lock_held_past_the_timeout_is_busy_and_changes_nothing() {
    let dir = temp_dir("busy");
    let path = dir.join("program.db");
    let options = OpenOptions { busy_timeout: Duration::from_millis(100), ..no_options() };
    let mut p = DurableProgram::open_with(&path, Some(config()), options).unwrap();
    p.execute(command(1, 0)).unwrap();
    let before = p.snapshot().unwrap();
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = p.execute(order("o1", "AFF1", "100.00", "course")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Busy, "{err}");
    assert_eq!(p.snapshot().unwrap(), before);
    holder.execute_batch("ROLLBACK").unwrap();
    p.execute(order("o1", "AFF1", "100.00", "course")).unwrap();
    assert_eq!(p.head(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_program_says_so() {
    let dir = temp_dir("closed");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open(&path, Some(config())).unwrap();
    p.close().unwrap();
    p.close().unwrap();
    assert!(p.is_closed());
    let err = p.execute(command(1, 0)).unwrap_err();
    assert_eq!((err.kind(), err.to_string()), (ErrorKind::InvalidState, "invalid state: the program is closed".into()));
    assert_eq!(kind(p.balance("aff_1", Currency::EUR)), ErrorKind::InvalidState);
    assert_eq!(kind(p.pending_events("x", 1)), ErrorKind::InvalidState);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_verbs_are_the_cores() {
    let dir = temp_dir("verbs");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open(&path, Some(config())).unwrap();
    let registration = serde_json::from_str(r#"{"name": "Ana", "email": "ana@example.com", "code": "ANA"}"#).unwrap();
    let ana = p.register_affiliate(registration, t0()).unwrap();
    assert_eq!(ana.id, "aff_1");
    let order = match order("o1", "ANA", "200.00", "course") {
        Command::TrackOrder { order, .. } => order,
        _ => unreachable!(),
    };
    assert_eq!(p.track_order(order, None, t0()).unwrap().total.amount.to_string(), "20.00");
    let later = t0() + chrono::TimeDelta::days(15);
    assert_eq!(p.approve_due(later).unwrap().len(), 1);
    let payouts = p.create_payouts(later).unwrap();
    assert_eq!(payouts.len(), 0); // 20.00 is under the 50.00 minimum
    assert_eq!(p.affiliate_by_code("ana").unwrap().id, "aff_1");
    assert_eq!(p.balance("aff_1", Currency::EUR).unwrap().payable.amount.to_string(), "20.00");
    assert_eq!(
        p.journal(0, 10).unwrap().iter().map(|e| e.command.verb()).collect::<Vec<_>>(),
        ["register_affiliate", "track_order", "approve_due", "create_payouts"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Makes `path` unwritable even for root (`chattr +i` where permissions do not bind), or says why not.
fn make_read_only(path: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).map_err(|e| e.to_string())?;
    let writable = || std::fs::OpenOptions::new().append(true).open(path).is_ok();
    if writable() {
        let status = std::process::Command::new("chattr").arg("+i").arg(path).status().map_err(|e| e.to_string())?;
        if !status.success() || writable() {
            return Err("neither permissions nor chattr +i make the file read-only here".into());
        }
    }
    Ok(())
}

fn make_writable(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::process::Command::new("chattr").arg("-i").arg(path).status();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_read_only_file_refuses_commands_and_loses_nothing() {
    let dir = temp_dir("read-only");
    let path = dir.join("program.db");
    let mut p = DurableProgram::open_with(&path, Some(config()), no_options()).unwrap();
    p.execute(command(1, 0)).unwrap();
    p.close().unwrap(); // folds the log into the file
    make_read_only(&path).unwrap();
    // Opening writes nothing to an existing program, so it opens; the first command is refused.
    let opened = DurableProgram::open(&path, None);
    let mut p = match opened {
        Ok(p) => p,
        Err(e) => {
            make_writable(&path);
            panic!("a read-only program does not open: {e}");
        }
    };
    let before = p.snapshot().unwrap();
    let err = p.execute(order("o1", "AFF1", "100.00", "course")).unwrap_err();
    let after = p.snapshot().unwrap();
    drop(p);
    make_writable(&path);
    assert_eq!(after, before);
    assert_eq!(err.kind(), ErrorKind::Storage, "{err}");
    assert!(err.to_string().contains("readonly database"), "{err}");
    let mut again = DurableProgram::open(&path, None).unwrap();
    assert_eq!(again.head(), 1);
    again.execute(order("o1", "AFF1", "100.00", "course")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
