//! # affiliate-kit-store
//!
//! Durable affiliate programs: a [`DurableProgram`] is an [`affiliate_kit::program::Program`] kept in
//! a SQLite file (embedded, no server). Every accepted command is written to the file's journal, with
//! the events it emitted, in one transaction, before it is answered; reopening the file after any
//! crash gives the same program, replayed from the journal (after the newest checkpoint, which only
//! saves time). Several processes may open one file at once: each keeps a replica in memory and
//! applies what the others wrote before each command and each read.
//!
//! ```
//! use affiliate_kit::program::ProgramConfig;
//! use affiliate_kit_store::DurableProgram;
//!
//! # let dir = std::env::temp_dir().join(format!("akit-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let path = dir.join("program.db");
//! let config = ProgramConfig::from_json(r#"{"currency": "EUR", "plan": {"currency": "EUR", "rules": [
//!     {"id": "base", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]}}"#)?;
//! let mut program = DurableProgram::open(&path, Some(config))?;
//! let registration = serde_json::from_str(r#"{"name": "Ana", "email": "ana@example.com", "code": "ANA10"}"#)?;
//! program.register_affiliate(registration, "2026-05-01T10:00:00Z".parse()?)?; // on disk when it returns
//! program.close()?;
//!
//! let mut again = DurableProgram::open(&path, None)?; // the stored config
//! assert_eq!(again.affiliate_by_code("ana10")?.email.as_deref(), Some("ana@example.com"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The file's tables (open it with the `sqlite3` shell to look): `program` (the config and the head
//! seq), `journal` (one row per command: seq, at, verb, command JSON, request id, digests; rows
//! cannot be updated or deleted), `events` (the outbox), `cursors` (what each consumer
//! acknowledged), `checkpoints` and `checkpoint_chunks`. Errors are the core's
//! [`affiliate_kit::Error`], with the kinds `STORAGE`, `BUSY` and `CORRUPT_JOURNAL` for the file.

mod append;
mod checkpoint;
mod durable;
mod erasure;
mod faults;
mod handle;
mod journal;
mod options;
#[cfg(feature = "postgres")]
mod postgres;
mod refusals;
mod sqlite;
mod verbs;
#[cfg(feature = "webhooks")]
mod webhooks;

pub use checkpoint::CheckpointInfo;
pub use durable::{DurableProgram, OpenReport, DRAIN_CONSUMER};
pub use handle::ProgramHandle;
pub use journal::JournalEntry;
pub use options::{Durability, OpenOptions};
#[cfg(feature = "postgres")]
pub use postgres::{PostgresProgram, DEFAULT_PROGRAM};
#[cfg(feature = "webhooks")]
pub use webhooks::{Attempt, DeadLetter, DeliveryOptions, DeliveryReport, Endpoint, WebhookWorker};
