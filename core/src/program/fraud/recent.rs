//! The recent orders the rate and many-affiliates rules count: per customer, visitor and
//! affiliate, the instants (and affiliates) of their orders within the longest window a rule looks
//! back. Derived from the sales (rebuilt on restore); kept only when such a rule is on. Each list is
//! sorted by instant; entries older than the newest order minus the window are dropped, from the
//! list an order goes to, and from every list once per window (so that idle keys leave).

use std::collections::VecDeque;

use chrono::{DateTime, TimeDelta, Utc};
use hashbrown::HashMap;

/// No affiliate (an order attributed to none).
pub(crate) const NO_AFFILIATE: u32 = u32::MAX;

/// One order as the windows keep it: when, and its affiliate (or [`NO_AFFILIATE`]).
type Seen = (DateTime<Utc>, u32);

#[derive(Debug, Clone, Default)]
pub(crate) struct Recent {
    /// By customer number.
    customers: HashMap<u32, VecDeque<Seen>>,
    /// By visitor id (attributed orders only).
    visitors: HashMap<Box<str>, VecDeque<Seen>>,
    /// By affiliate number.
    affiliates: HashMap<u32, VecDeque<Seen>>,
    newest: Option<DateTime<Utc>>,
    /// When every list was last pruned.
    swept: Option<DateTime<Utc>>,
}

/// The keys an order counts under.
pub(crate) struct OrderKeys<'a> {
    pub customer: Option<u32>,
    pub visitor: Option<&'a str>,
    /// [`NO_AFFILIATE`] when attributed to none.
    pub affiliate: u32,
}

impl Recent {
    /// Counts an order at `at`, keeping `window` back from the newest.
    pub fn note(&mut self, keys: &OrderKeys<'_>, at: DateTime<Utc>, window: TimeDelta) {
        let newest = self.newest.map_or(at, |n| n.max(at));
        self.newest = Some(newest);
        let cutoff = newest.checked_sub_signed(window).unwrap_or(DateTime::<Utc>::MIN_UTC);
        let seen = (at, keys.affiliate);
        if let Some(c) = keys.customer {
            insert(self.customers.entry(c).or_default(), seen, cutoff);
        }
        if keys.affiliate != NO_AFFILIATE {
            if let Some(v) = keys.visitor {
                insert(self.visitors.entry(Box::from(v)).or_default(), seen, cutoff);
            }
            insert(self.affiliates.entry(keys.affiliate).or_default(), seen, cutoff);
        }
        if self.swept.is_none_or(|s| s.checked_add_signed(window).is_none_or(|due| newest >= due)) {
            self.swept = Some(newest);
            let prune = |list: &mut VecDeque<Seen>| {
                while list.front().is_some_and(|s| s.0 <= cutoff) {
                    list.pop_front();
                }
                !list.is_empty()
            };
            self.customers.retain(|_, l| prune(l));
            self.visitors.retain(|_, l| prune(l));
            self.affiliates.retain(|_, l| prune(l));
        }
    }

    /// The customer's orders in `(from, at]`.
    pub fn customer_orders(&self, customer: u32, from: DateTime<Utc>, at: DateTime<Utc>) -> usize {
        self.customers.get(&customer).map_or(0, |l| within(l, from, at).count())
    }

    /// The affiliate's orders in `(from, at]`.
    pub fn affiliate_orders(&self, affiliate: u32, from: DateTime<Utc>, at: DateTime<Utc>) -> usize {
        self.affiliates.get(&affiliate).map_or(0, |l| within(l, from, at).count())
    }

    /// The affiliates the customer's and the visitor's orders in `(from, at]` were attributed to.
    pub fn affiliates_of(
        &self,
        customer: Option<u32>,
        visitor: Option<&str>,
        from: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Vec<u32> {
        let by_customer = customer.and_then(|c| self.customers.get(&c));
        let by_visitor = visitor.and_then(|v| self.visitors.get(v));
        let mut affiliates: Vec<u32> = [by_customer, by_visitor]
            .into_iter()
            .flatten()
            .flat_map(|l| within(l, from, at))
            .map(|s| s.1)
            .filter(|&a| a != NO_AFFILIATE)
            .collect();
        affiliates.sort_unstable();
        affiliates.dedup();
        affiliates
    }
}

/// Inserts in instant order (after those of the same instant), dropping what is at or before `cutoff`.
fn insert(list: &mut VecDeque<Seen>, seen: Seen, cutoff: DateTime<Utc>) {
    let k = list.partition_point(|s| s.0 <= seen.0);
    list.insert(k, seen);
    while list.front().is_some_and(|s| s.0 <= cutoff) {
        list.pop_front();
    }
}

fn within(list: &VecDeque<Seen>, from: DateTime<Utc>, at: DateTime<Utc>) -> impl Iterator<Item = &Seen> {
    list.iter().filter(move |s| s.0 > from && s.0 <= at)
}
