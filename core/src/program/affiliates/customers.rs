//! The customers a program has seen: each customer key (the host's customer id, else the lower-case
//! e-mail) once, when they first bought and the affiliate first credited with them. The keys are
//! kept end to end in one string (no allocation per customer), each record holding where its key
//! ends (it starts where the previous one's ends).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::money::Currency;

/// Level-1 earnings per (affiliate number, customer number, currency), where the customer's record
/// does not hold them.
pub(crate) type Earned = hashbrown::HashMap<(u32, u32, Currency), Decimal>;

use crate::program::state::compact::{end_to_end_span, Opt32};
use crate::program::state::key_index::KeyIndex;

/// What the program remembers of one customer besides its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CustomerRecord {
    /// Where its key ends in the keys.
    key_end: u64,
    /// When they first bought.
    pub first_at: DateTime<Utc>,
    /// The number of the affiliate credited with them first (for lifetime attribution).
    pub affiliate: Opt32,
    /// What that affiliate earned from them at level one in the program's currency (derived, like
    /// the indices: rebuilt on restore). Other affiliates' earnings from them, and earnings in other
    /// currencies, are in `Indices::customer_earned`.
    pub earned: Decimal,
}

/// The customers, numbered in the order they were first seen (restored ones in key order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Customers {
    /// Every key (`id:<customer id>` or `email:<lower-case e-mail>`), in customer order.
    keys: String,
    records: Vec<CustomerRecord>,
    by_key: KeyIndex,
}

/// The key of customer `n`.
fn key_of<'a>(keys: &'a str, records: &[CustomerRecord], n: usize) -> &'a str {
    keys.get(end_to_end_span(records, n, |c| c.key_end)).unwrap_or_default()
}

impl Customers {
    /// The number of the customer with `key`.
    pub fn find(&self, key: &str) -> Option<usize> {
        let (keys, records) = (&self.keys, &self.records);
        self.by_key.get(key, |n| key_of(keys, records, n as usize).as_bytes())
    }

    pub fn get(&self, key: &str) -> Option<&CustomerRecord> {
        self.find(key).and_then(|i| self.records.get(i))
    }

    /// The number of the customer with `key`, added (first seen `at`) if new.
    pub fn add(&mut self, key: &str, at: DateTime<Utc>) -> usize {
        if let Some(i) = self.find(key) {
            return i;
        }
        let n = self.records.len();
        self.push(key, at, None);
        let (keys, records) = (&self.keys, &self.records);
        // Tracking adds one customer per sale at most, and sale positions fit in u32 (checked); 2^32
        // restored customers would take hundreds of gigabytes first.
        self.by_key.insert(key, n as u32, |m| key_of(keys, records, m as usize).as_bytes());
        n
    }

    /// Appends a customer without indexing it (a checkpoint's, whose keys are distinct): call
    /// [`Customers::index`] after the last.
    pub fn push(&mut self, key: &str, first_at: DateTime<Utc>, affiliate: Option<u32>) {
        self.keys.push_str(key);
        let key_end = self.keys.len() as u64;
        self.records.push(CustomerRecord { key_end, first_at, affiliate: affiliate.into(), earned: Decimal::ZERO });
    }

    /// The same customers (numbers, records) with some keys changed: `rename(n, key)` gives customer
    /// `n`'s new key, or `None` to keep it. New keys must stay distinct.
    pub fn renamed(&self, mut rename: impl FnMut(usize, &str) -> Option<String>) -> Customers {
        let mut out = Customers::default();
        for (n, record) in self.records.iter().enumerate() {
            let key = key_of(&self.keys, &self.records, n);
            let key = rename(n, key).unwrap_or_else(|| key.to_string());
            out.keys.push_str(&key);
            out.records.push(CustomerRecord { key_end: out.keys.len() as u64, ..record.clone() });
        }
        out.index();
        out
    }

    /// Indexes every customer (after [`Customers::push`]).
    pub fn index(&mut self) {
        let (keys, records) = (&self.keys, &self.records);
        let mut by_key = KeyIndex::default();
        by_key.reserve(records.len(), |_| &[]);
        for n in 0..records.len() {
            // Fewer than 2^32: each came with a sale, and sale positions fit in u32.
            let key = key_of(keys, records, n);
            by_key.insert(key, n as u32, |m| key_of(keys, records, m as usize).as_bytes());
        }
        self.by_key = by_key;
    }

    /// What `affiliate` earned from customer `c` at level one in `currency`: in the record for its
    /// linked affiliate in the program's currency (`own_currency`), in `others` for the rest (both
    /// read, so that the sum holds whenever the link was made).
    pub fn earned(&self, c: u32, affiliate: u32, currency: Currency, own_currency: bool, others: &Earned) -> Decimal {
        let own = self
            .records
            .get(c as usize)
            .filter(|r| own_currency && r.affiliate.get() == Some(affiliate))
            .map_or(Decimal::ZERO, |r| r.earned);
        own + others.get(&(affiliate, c, currency)).copied().unwrap_or_default()
    }

    /// Adds `amount` to what `affiliate` earned from customer `c` in `currency` (see
    /// [`Customers::earned`]).
    pub fn add_earned(
        &mut self,
        c: u32,
        affiliate: u32,
        currency: Currency,
        own_currency: bool,
        amount: Decimal,
        others: &mut Earned,
    ) {
        match self.records.get_mut(c as usize).filter(|r| own_currency && r.affiliate.get() == Some(affiliate)) {
            Some(r) => r.earned += amount,
            None => *others.entry((affiliate, c, currency)).or_default() += amount,
        }
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut CustomerRecord> {
        self.records.get_mut(i)
    }

    /// Every customer with its key, by number.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &CustomerRecord)> {
        self.records.iter().enumerate().map(|(n, c)| (key_of(&self.keys, &self.records, n), c))
    }

    /// Every customer with its key, in key order.
    pub fn sorted(&self) -> Vec<(&str, &CustomerRecord)> {
        let mut all: Vec<(&str, &CustomerRecord)> = self.iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all
    }
}

impl PartialEq for Customers {
    /// The same customers, whatever their numbers.
    fn eq(&self, other: &Customers) -> bool {
        let described = |c: &Customers| -> Vec<_> {
            c.sorted().into_iter().map(|(key, r)| (key.to_string(), r.first_at, r.affiliate.get())).collect()
        };
        self.records.len() == other.records.len() && described(self) == described(other)
    }
}

impl Eq for Customers {}
