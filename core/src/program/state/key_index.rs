//! Lookup by a string key of records kept in a `Vec`, holding only their positions: the key is read
//! from the record itself, so it is stored once (a `HashMap<String, usize>` would store it twice).

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

/// Positions of records, found by their key.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl KeyIndex {
    /// The position of the record with `key`; `key_of` reads a record's key (its UTF-8 bytes) by
    /// position.
    pub fn get<'a>(&self, key: &str, key_of: impl Fn(u32) -> &'a [u8]) -> Option<usize> {
        let key = key.as_bytes();
        let hash = self.hasher.hash_one(key);
        self.table.find(hash, |&n| key_of(n) == key).map(|&n| n as usize)
    }

    /// Room for `additional` more records without growing.
    pub fn reserve<'a>(&mut self, additional: usize, key_of: impl Fn(u32) -> &'a [u8]) {
        let hasher = &self.hasher;
        self.table.reserve(additional, |&m| hasher.hash_one(key_of(m)));
    }

    /// Adds the record at position `n`, whose key is `key` and not yet present.
    pub fn insert<'a>(&mut self, key: &str, n: u32, key_of: impl Fn(u32) -> &'a [u8]) {
        let hash = self.hasher.hash_one(key.as_bytes());
        let hasher = &self.hasher;
        self.table.insert_unique(hash, n, |&m| hasher.hash_one(key_of(m)));
    }
}
