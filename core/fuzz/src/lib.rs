//! Fuzz targets for `affiliate-kit`, as library functions.
//!
//! Each module has a `run(data: &[u8])` that libFuzzer calls through a one-line binary in
//! `fuzz_targets/`, and that `cargo test` calls for every committed corpus file (see `replay`). A
//! `run` returns normally for any input the core handles correctly; a panic, in the core or in one
//! of the harness's invariant checks, is a finding.
//!
//! The invariants of each target are listed in its module and in `core/fuzz/README.md`.

#![warn(missing_docs)]

pub mod codes;
pub mod commands;
pub mod known;
pub mod ledger;
pub mod money_parse;
pub mod plan_json;
pub mod snapshot_restore;

#[cfg(test)]
mod replay;

#[cfg(test)]
mod regressions;

/// The input as text: invalid UTF-8 sequences become U+FFFD, so that every input reaches the core
/// (whose API takes `&str`).
pub(crate) fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
