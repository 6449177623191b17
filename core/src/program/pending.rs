//! The pending commissions in the order `approve_due` approves them: by creation instant, then
//! number. Commissions are mostly created in time order, so most go to the end of an array (16 bytes
//! each, against about twice that in a B-tree); one created before the last (a backfilled order)
//! goes to a small ordered set beside it. A commission rejected while pending stays queued until
//! its time comes: `approve_due` skips commissions no longer pending.

use std::collections::{BTreeSet, VecDeque};

use chrono::{DateTime, Utc};

/// A commission's place in the queue: its creation instant and number.
pub(crate) type PendingKey = (DateTime<Utc>, u32);

#[derive(Debug, Clone, Default)]
pub(crate) struct PendingQueue {
    /// In order: each key at least the one before.
    in_order: VecDeque<PendingKey>,
    /// The keys that came after a later one.
    late: BTreeSet<PendingKey>,
}

impl PendingQueue {
    pub fn push(&mut self, key: PendingKey) {
        if self.in_order.back().is_none_or(|last| *last <= key) {
            self.in_order.push_back(key);
        } else {
            self.late.insert(key);
        }
    }

    /// Takes every key up to `last`, in order (some may have left pending since: callers check).
    pub fn take_through(&mut self, last: PendingKey) -> Vec<PendingKey> {
        let split = self.in_order.partition_point(|k| *k <= last);
        let mut taken: Vec<PendingKey> = self.in_order.drain(..split).collect();
        let before = taken.len();
        while let Some(key) = self.late.first().copied().filter(|k| *k <= last) {
            self.late.pop_first();
            taken.push(key);
        }
        if taken.len() > before {
            taken.sort_unstable();
        }
        taken
    }
}

impl FromIterator<PendingKey> for PendingQueue {
    /// A queue of these keys (sorted first).
    fn from_iter<I: IntoIterator<Item = PendingKey>>(keys: I) -> PendingQueue {
        let mut keys: Vec<PendingKey> = keys.into_iter().collect();
        keys.sort_unstable();
        PendingQueue { in_order: keys.into(), late: BTreeSet::new() }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        format!("2026-01-{day:02}T00:00:00Z").parse().unwrap()
    }

    #[test]
    fn keys_come_out_in_order_whatever_order_they_went_in() {
        let mut q = PendingQueue::default();
        for key in [(at(2), 1), (at(3), 2), (at(1), 3), (at(3), 4), (at(2), 5), (at(5), 6)] {
            q.push(key);
        }
        assert_eq!(q.late.len(), 2); // the backfilled days 1 and 2
        assert_eq!(q.take_through((at(2), u32::MAX)), vec![(at(1), 3), (at(2), 1), (at(2), 5)]);
        assert_eq!(q.take_through((at(2), u32::MAX)), vec![]);
        assert_eq!(q.take_through((at(3), 2)), vec![(at(3), 2)]);
        assert_eq!(q.take_through((at(9), u32::MAX)), vec![(at(3), 4), (at(5), 6)]);
        assert!(q.in_order.is_empty() && q.late.is_empty());
        let built: PendingQueue = [(at(4), 1), (at(1), 2)].into_iter().collect();
        assert_eq!(built.in_order, [(at(1), 2), (at(4), 1)]);
    }
}
