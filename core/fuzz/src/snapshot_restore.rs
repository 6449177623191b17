//! Snapshots: restoring a program from arbitrary bytes.
//!
//! Input: the snapshot document as JSON text (UTF-8, lossy). The seeds are real snapshots of the
//! shared scenarios (see `examples/seeds.rs`).
//!
//! Invariants:
//! - nothing panics; a refused document is `INVALID_SNAPSHOT` or `UNSUPPORTED_VERSION` (or, for
//!   a config or plan inside it that does not load, `INVALID_CONFIG` / `INVALID_PLAN`);
//! - a restored program re-snapshots to a document that restores to an equal program with the
//!   same bytes (the snapshot is a fixpoint after one round), and its command log is empty;
//! - what `restore` accepts is consistent: [`crate::ledger::check_program`] holds for it (at
//!   `Level::Restored` while `known::RESTORE_ACCEPTS_INCONSISTENT_STATE`);
//! - and it stays so: approving everything due, creating payouts, paying them, refunding every
//!   sale and paying out again each leave the program consistent, and a rejected one changes nothing.

use affiliate_kit::program::{Command, CommandOutcome, Program, Refund};
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::commands::execute_checked;
use crate::ledger::{check_program, Level};

/// The error kinds `restore` may answer.
const REFUSALS: &[&str] = &["INVALID_SNAPSHOT", "UNSUPPORTED_VERSION", "INVALID_CONFIG", "INVALID_PLAN"];

/// The target: see the module documentation.
pub fn run(data: &[u8]) {
    let json = crate::text(data);
    let mut program = match Program::restore(&json) {
        Ok(program) => program,
        Err(e) => {
            assert!(REFUSALS.contains(&e.kind().code()), "restore fails with {e:?}");
            return;
        }
    };
    let snapshot = program.snapshot();
    let again = Program::restore(&snapshot).unwrap_or_else(|e| panic!("a restored program's snapshot fails: {e}"));
    assert!(again == program, "restore(snapshot(restore(x))) differs from restore(x)");
    assert_eq!(again.snapshot(), snapshot, "the snapshot is not a fixpoint");
    assert!(program.command_log().is_empty(), "a restored program has a command log");

    let sale_ids = sale_ids(&snapshot);
    let level = if crate::known::RESTORE_ACCEPTS_INCONSISTENT_STATE { Level::Restored } else { Level::Live };
    check_program(&program, sale_ids.iter().map(String::as_str), "restored", level);

    // Settle everything the snapshot holds.
    let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap_or_default();
    let mut run =
        |command: Command, what: &str| execute_checked(&mut program, command, &sale_ids, what, true, level).ok();
    run(Command::ApproveDue { at: at("9999-01-01T00:00:00Z") }, "approve_due");
    let created = run(Command::CreatePayouts { at: at("9999-01-02T00:00:00Z") }, "create_payouts");
    if let Some(CommandOutcome::Payouts(payouts)) = created {
        for (i, payout) in payouts.iter().enumerate() {
            let at = at("9999-01-03T00:00:00Z");
            let command = if i % 2 == 0 {
                Command::MarkPayoutPaid { payout_id: payout.id.clone(), reference: None, at }
            } else {
                Command::MarkPayoutFailed { payout_id: payout.id.clone(), reason: "fuzz".into(), at }
            };
            run(command, "settle payout");
        }
    }
    for (i, sale) in sale_ids.iter().enumerate() {
        let refund = Refund { id: format!("fuzz-refund-{i}"), order_id: sale.clone(), amount: None, lines: None };
        run(Command::Refund { refund, at: at("9999-01-04T00:00:00Z") }, "refund");
    }
    run(Command::ApproveDue { at: at("9999-06-01T00:00:00Z") }, "approve_due again");
    run(Command::CreatePayouts { at: at("9999-06-02T00:00:00Z") }, "create_payouts again");
}

/// The ids of the sales in a snapshot document.
fn sale_ids(snapshot: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(snapshot).unwrap_or_default();
    let sales = doc.pointer("/state/sales").and_then(Value::as_array).cloned().unwrap_or_default();
    sales.iter().filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_string)).collect()
}
