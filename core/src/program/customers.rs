//! The customers a program has seen: each customer key (the host's customer id, else the lower-case
//! e-mail) once, when they first bought and the affiliate first credited with them.

use chrono::{DateTime, Utc};

use super::key_index::KeyIndex;

/// What the program remembers of one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CustomerRecord {
    /// `id:<customer id>` or `email:<lower-case e-mail>`.
    pub key: Box<str>,
    /// When they first bought.
    pub first_at: DateTime<Utc>,
    /// The number of the affiliate credited with them first (for lifetime attribution).
    pub affiliate: Option<u32>,
}

/// The customers, numbered in the order they were first seen (restored ones in key order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Customers {
    records: Vec<CustomerRecord>,
    by_key: KeyIndex,
}

impl Customers {
    /// The number of the customer with `key`.
    pub fn find(&self, key: &str) -> Option<usize> {
        let records = &self.records;
        self.by_key.get(key, |n| records.get(n as usize).map_or(&[][..], |c| c.key.as_bytes()))
    }

    /// The customer with `key`.
    pub fn get(&self, key: &str) -> Option<&CustomerRecord> {
        self.find(key).and_then(|i| self.records.get(i))
    }

    /// The number of the customer with `key`, added (first buying at `at`) when new.
    pub fn add(&mut self, key: &str, at: DateTime<Utc>) -> usize {
        if let Some(i) = self.find(key) {
            return i;
        }
        let n = self.records.len();
        self.records.push(CustomerRecord { key: key.into(), first_at: at, affiliate: None });
        let records = &self.records;
        // Tracking adds one customer per sale at most, and sale positions fit in u32 (checked); 2^32
        // restored customers would take hundreds of gigabytes first.
        self.by_key.insert(key, n as u32, |m| records.get(m as usize).map_or(&[][..], |c| c.key.as_bytes()));
        n
    }

    /// The customer numbered `i`.
    /// The customers of a checkpoint, numbered as they are listed (their keys are distinct).
    pub fn from_records(records: Vec<CustomerRecord>) -> Customers {
        let mut by_key = KeyIndex::default();
        by_key.reserve(records.len(), |_| &[]);
        for (n, c) in records.iter().enumerate() {
            // Fewer than 2^32: each came with a sale, and sale positions fit in u32.
            by_key.insert(&c.key, n as u32, |m| records.get(m as usize).map_or(&[][..], |c| c.key.as_bytes()));
        }
        Customers { records, by_key }
    }

    /// Every customer, by number.
    pub fn records(&self) -> &[CustomerRecord] {
        &self.records
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut CustomerRecord> {
        self.records.get_mut(i)
    }

    /// Every customer, in key order (as snapshots list them).
    pub fn sorted(&self) -> Vec<&CustomerRecord> {
        let mut all: Vec<&CustomerRecord> = self.records.iter().collect();
        all.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        all
    }
}

/// The same customers, whatever order they were numbered in.
impl PartialEq for Customers {
    fn eq(&self, other: &Customers) -> bool {
        self.records.len() == other.records.len() && self.sorted() == other.sorted()
    }
}

impl Eq for Customers {}
