//! The pending commissions in the order `approve_due` approves them: by creation instant (their
//! sale's), then number. Commissions are mostly created in time order, so most go to the end of an
//! array of their numbers (4 bytes each: the instant is read from the sale when the queue is
//! searched); one created before the last (a backfilled order) goes to a small ordered set of keys
//! beside it. A commission rejected while pending stays queued until its time comes: `approve_due`
//! skips commissions no longer pending.

use std::collections::{BTreeSet, VecDeque};

use chrono::{DateTime, Utc};

/// A commission's place in the queue: its creation instant and number.
pub(crate) type PendingKey = (DateTime<Utc>, u32);

#[derive(Debug, Clone, Default)]
pub(crate) struct PendingQueue {
    /// Commission numbers whose keys are in order: each at least the one before.
    in_order: VecDeque<u32>,
    /// The key of `in_order`'s last number.
    last: Option<PendingKey>,
    /// The keys that came after a later one.
    late: BTreeSet<PendingKey>,
}

impl PendingQueue {
    pub fn push(&mut self, key: PendingKey) {
        if self.last.is_none_or(|last| last <= key) {
            self.in_order.push_back(key.1);
            self.last = Some(key);
        } else {
            self.late.insert(key);
        }
    }

    /// Takes every key up to `last`, in order (some may have left pending since: callers check).
    /// `created` gives a queued commission's creation instant.
    pub fn take_through(&mut self, last: PendingKey, created: impl Fn(u32) -> DateTime<Utc>) -> Vec<PendingKey> {
        let split = self.in_order.partition_point(|&n| (created(n), n) <= last);
        let mut taken: Vec<PendingKey> = self.in_order.drain(..split).map(|n| (created(n), n)).collect();
        if self.in_order.is_empty() {
            self.last = None;
        }
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
        PendingQueue { last: keys.last().copied(), in_order: keys.iter().map(|k| k.1).collect(), late: BTreeSet::new() }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        format!("2026-01-{day:02}T00:00:00Z").parse().unwrap()
    }

    #[test]
    fn keys_come_out_in_order_whatever_order_they_went_in() {
        // Commission n was created on day DAYS[n].
        const DAYS: [u32; 7] = [0, 2, 3, 1, 3, 2, 5];
        let created = |n: u32| at(DAYS[n as usize]);
        let mut q = PendingQueue::default();
        for n in 1..=6 {
            q.push((created(n), n));
        }
        assert_eq!(q.late.len(), 2); // the backfilled days 1 and 2
        assert_eq!(q.take_through((at(2), u32::MAX), created), vec![(at(1), 3), (at(2), 1), (at(2), 5)]);
        assert_eq!(q.take_through((at(2), u32::MAX), created), vec![]);
        assert_eq!(q.take_through((at(3), 2), created), vec![(at(3), 2)]);
        assert_eq!(q.take_through((at(9), u32::MAX), created), vec![(at(3), 4), (at(5), 6)]);
        assert!(q.in_order.is_empty() && q.late.is_empty() && q.last.is_none());
        // Emptied, the queue takes any key in order again.
        q.push((at(1), 3));
        assert_eq!((q.in_order.len(), q.late.len()), (1, 0));
        let built: PendingQueue = [(at(4), 1), (at(1), 2)].into_iter().collect();
        assert_eq!(built.in_order, [2, 1]);
        assert_eq!(built.last, Some((at(4), 1)));
    }
}
