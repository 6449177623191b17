//! Interned names: a string the program keeps for many records (a rule id) stored once, each record
//! holding its number.

use std::collections::HashMap;

/// Names and their numbers, from 0 in order of first use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Symbols {
    names: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32>,
}

impl Symbols {
    /// The number of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        // Names are rule ids of one plan: far fewer than u32::MAX.
        let n = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.into());
        self.numbers.insert(name.into(), n);
        n
    }

    /// The name of number `n` (empty for a number never given).
    pub fn name(&self, n: u32) -> &str {
        self.names.get(n as usize).map_or("", |s| s)
    }
}

/// Equal when the same names have the same numbers.
impl PartialEq for Symbols {
    fn eq(&self, other: &Symbols) -> bool {
        self.names == other.names
    }
}

impl Eq for Symbols {}
