#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Torn and short writes, as a crash or a power loss leaves them: the write-ahead log of a real
//! program file is cut at every frame boundary and in the middle of every frame, with and without
//! garbage where the rest was. Every cut must open, hold exactly the commands whose commit was
//! wholly written before the cut (all that were acknowledged by then), and replay to its state.

mod support;

use affiliate_kit_store::{DurableProgram, OpenOptions};
use support::{check_file, commands, config, mix, temp_dir};

/// SQLite's WAL: a 32-byte header, then frames of a 24-byte header and one page.
const WAL_HEADER: u64 = 32;
const FRAME: u64 = 24 + 4096;

#[test]
fn a_log_cut_anywhere_recovers_exactly_the_commits_before_the_cut() {
    let dir = temp_dir("torn");
    let path = dir.join("program.db");
    let wal = dir.join("program.db-wal");
    let options = OpenOptions { checkpoint_every: 0, ..OpenOptions::default() };
    let mut p = DurableProgram::open_with(&path, Some(config()), options).unwrap();
    // (log length, head) after each commit: the commit is acknowledged once its frames are written.
    let mut commits = vec![(std::fs::metadata(&wal).unwrap().len(), 0)];
    for c in commands(17, 0, 30) {
        if p.execute(c).is_ok() {
            commits.push((std::fs::metadata(&wal).unwrap().len(), p.head()));
        }
    }
    // The files as the last commit left them (the writer is idle; closing would fold the log in).
    let db = std::fs::read(&path).unwrap();
    let log = std::fs::read(&wal).unwrap();
    drop(p);
    let full = log.len() as u64;
    assert_eq!((full - WAL_HEADER) % FRAME, 0, "the log is whole frames");

    let mut cuts: Vec<u64> = Vec::new();
    let mut frame = commits[0].0;
    while frame <= full {
        cuts.extend([frame, frame + 1, frame + FRAME / 2, frame + FRAME - 1]);
        frame += FRAME;
    }
    cuts.retain(|&c| c <= full);
    let mut checked = 0;
    for (k, &cut) in cuts.iter().enumerate() {
        for garbage in [false, true] {
            let case = dir.join(format!("cut-{k}-{garbage}.db"));
            std::fs::write(&case, &db).unwrap();
            let mut torn = log[..cut as usize].to_vec();
            if garbage {
                torn.extend((cut..full).map(|i| mix(cut, i) as u8));
            }
            std::fs::write(dir.join(format!("cut-{k}-{garbage}.db-wal")), &torn).unwrap();

            let expected = commits.iter().filter(|(len, _)| *len <= cut).map(|(_, head)| *head).next_back().unwrap();
            let mut opened = DurableProgram::open(&case, None).unwrap();
            assert_eq!(opened.head(), expected, "cut at byte {cut} (garbage {garbage})");
            let (replayed, journaled) = check_file(&case);
            assert_eq!(journaled as u64, expected);
            assert_eq!(opened.snapshot().unwrap(), replayed);
            opened.close().unwrap();
            checked += 1;
        }
    }
    assert!(checked > 100 && commits.len() > 20, "{checked} cuts over {} commits", commits.len());
    std::fs::remove_dir_all(&dir).unwrap();
}
