//! The tables the bindings' files and test runners are generated from or read (through
//! `schema/affiliate-kit.json`) agree with the core: the error kinds' table (`ErrorKind::info`) with
//! the errors themselves (one error of every kind, its code, path and details as the table says),
//! and `Command::VERBS` with the commands serde reads.

use affiliate_kit::codes::CodeProblem;
use affiliate_kit::program::Command;
use affiliate_kit::{DetailType, DetailValue, Error, ErrorKind};
use serde_json::{json, Value};

fn s(text: &str) -> String {
    text.to_string()
}

/// One error of each kind, in the table's order.
fn one_of_each() -> Vec<Error> {
    vec![
        Error::InvalidAmount { input: s("1e3"), reason: s("exponent") },
        Error::InvalidCurrency { input: s("eur"), reason: s("lower case") },
        Error::CurrencyMismatch { expected: s("EUR"), found: s("USD") },
        Error::Overflow { operation: s("sum") },
        Error::InvalidAllocation { reason: s("no weights") },
        Error::InvalidCode { input: s("A"), reason: CodeProblem::Empty },
        Error::InvalidPolicy { reason: s("bounds") },
        Error::InvalidPlan { path: s("rules[0].rate"), reason: s("negative") },
        Error::InvalidOrder { path: s("lines[0].quantity"), reason: s("zero") },
        Error::NotFound { entity: s("affiliate"), id: s("aff_9") },
        Error::Conflict { reason: s("taken") },
        Error::LimitExceeded { reason: s("too many") },
        Error::InvalidState { reason: s("paid") },
        Error::InvalidInput { field: s("email"), reason: s("no @") },
        Error::InvalidConfig { path: s("timezone"), reason: s("unknown") },
        Error::InvalidSnapshot { reason: s("truncated") },
        Error::UnsupportedVersion { document: s("snapshot schema_version"), found: 9, supported: 2 },
        Error::InvalidSignature { reason: s("stale") },
        Error::Storage { operation: s("append"), reason: s("disk full") },
        Error::Busy { reason: s("locked") },
        Error::CorruptJournal { reason: s("gap") },
    ]
}

#[test]
fn every_kind_has_one_row_and_its_errors_carry_what_the_row_says() {
    let errors = one_of_each();
    let kinds: Vec<ErrorKind> = errors.iter().map(Error::kind).collect();
    assert_eq!(kinds, ErrorKind::ALL, "one error per kind, in the table's order");
    for error in &errors {
        let info = error.kind().info();
        assert_eq!(info.code, error.kind().code());
        assert_eq!(info.has_path, error.path().is_some(), "{}", info.code);
        let details = error.details();
        let names: Vec<&str> = details.iter().map(|(name, _)| *name).collect();
        let listed: Vec<&str> = info.details.iter().map(|d| d.name).collect();
        assert_eq!(names, listed, "{}", info.code);
        for ((_, value), d) in details.iter().zip(info.details) {
            let typed = matches!(
                (d.ty, value),
                (DetailType::String, DetailValue::Text(_))
                    | (DetailType::Integer, DetailValue::Integer(_))
                    | (DetailType::CodeProblem, DetailValue::Problem(_))
            );
            assert!(typed, "{}.{} is {value:?}", info.code, d.name);
        }
        let failure = serde_json::to_value(error.failure()).unwrap_or_default();
        assert_eq!(failure["code"], info.code);
        assert_eq!(failure["message"], error.to_string());
    }
    let codes: std::collections::BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    let classes: std::collections::BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| k.info().class).collect();
    assert_eq!((codes.len(), classes.len()), (ErrorKind::ALL.len(), ErrorKind::ALL.len()));
}

fn failure_json(error: Error) -> Value {
    serde_json::to_value(error.failure()).unwrap_or_default()
}

#[test]
fn a_failure_is_the_code_message_path_and_details() {
    assert_eq!(
        failure_json(Error::NotFound { entity: s("order"), id: s("o9") }),
        json!({"code": "NOT_FOUND", "message": "order not found: \"o9\"", "details": {"entity": "order", "id": "o9"}})
    );
    assert_eq!(
        failure_json(Error::InvalidPlan { path: s("rules[0]"), reason: s("bad") }),
        json!({"code": "INVALID_PLAN", "message": "invalid plan at rules[0]: bad", "path": "rules[0]"})
    );
    assert_eq!(
        failure_json(Error::UnsupportedVersion { document: s("journal format"), found: 3, supported: 1 })["details"],
        json!({"document": "journal format", "found": 3, "supported": 1})
    );
    assert_eq!(
        failure_json(Error::InvalidCode { input: s("ADMIN"), reason: CodeProblem::Reserved { word: s("ADMIN") } })
            ["details"],
        json!({"problem": {"type": "reserved", "word": "ADMIN"}})
    );
}

#[test]
fn the_verbs_are_the_commands_serde_reads_in_their_order() {
    // serde names every variant, in order, when it meets an unknown one.
    let unknown = serde_json::from_str::<Command>(r#"{"verb": "no_such_verb"}"#).err().map(|e| e.to_string());
    let listed = unknown.as_deref().and_then(|m| m.split("expected one of ").nth(1)).unwrap_or_default();
    let variants: Vec<&str> =
        listed.split(", ").map(|v| v.trim_matches('`').split('`').next().unwrap_or_default()).collect();
    assert_eq!(variants, Command::VERBS);
    // And each command answers its own verb.
    let drain: Option<Command> = serde_json::from_str(r#"{"verb": "drain_events"}"#).ok();
    assert_eq!(drain.map(|c| c.verb()), Some("drain_events"));
    let approve: Option<Command> =
        serde_json::from_str(r#"{"verb": "approve_due", "at": "2026-01-01T00:00:00Z"}"#).ok();
    assert_eq!(approve.map(|c| c.verb()), Some("approve_due"));
}
