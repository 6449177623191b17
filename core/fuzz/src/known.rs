//! Bugs of the core that fuzzing found and that are not fixed yet (see `core/fuzz/README.md`,
//! "Bugs found"). While a flag is `true` the harness does not check the invariant the bug breaks, so
//! that long runs look for other bugs; each bug has a regression test in `regressions.rs` that
//! fails until it is fixed. Once fixed, set its flag to `false` so the fuzz targets check it again.

/// B1: `Plan::from_json`, `Order::from_json`, `ProgramConfig::from_json` (every reader built on
/// `error::from_json_with_path`) accept trailing characters after the JSON document.
pub const TRAILING_CHARACTERS_ACCEPTED: bool = false;

/// B2: `Program::restore` accepts documents whose state no sequence of commands can produce and
/// that break the program's invariants: events out of sequence or with other ids, entries or
/// payouts with other ids, commission statuses that disagree with where their entries are, ...
/// While `true`, the `snapshot_restore` target checks restored programs at `ledger::Level::Restored`.
pub const RESTORE_ACCEPTS_INCONSISTENT_STATE: bool = false;
