//! Interned values: a name or a list the program keeps for many records (a rule id, a group, a
//! parent chain) stored once, each record holding its number.

use std::collections::HashMap;
use std::hash::Hash;

/// Values and their numbers, from 0 in order of first use.
#[derive(Debug)]
pub(crate) struct Symbols<T: ?Sized + Hash + Eq = str> {
    values: Vec<Box<T>>,
    numbers: HashMap<Box<T>, u32>,
}

impl<T: ?Sized + Hash + Eq> Clone for Symbols<T>
where
    Box<T>: Clone,
{
    fn clone(&self) -> Self {
        Symbols { values: self.values.clone(), numbers: self.numbers.clone() }
    }
}

impl<T: ?Sized + Hash + Eq> Default for Symbols<T> {
    fn default() -> Self {
        Symbols { values: Vec::new(), numbers: HashMap::new() }
    }
}

/// What can be interned: unsized values copied into a box.
pub(crate) trait Internable: Hash + Eq {
    /// A boxed copy.
    fn boxed(&self) -> Box<Self>;
}

impl Internable for str {
    fn boxed(&self) -> Box<str> {
        self.into()
    }
}

impl Internable for [u32] {
    fn boxed(&self) -> Box<[u32]> {
        self.into()
    }
}

impl<T: ?Sized + Internable> Symbols<T> {
    /// The number of `value`, adding it when new.
    pub fn intern(&mut self, value: &T) -> u32 {
        if let Some(&n) = self.numbers.get(value) {
            return n;
        }
        // Values are rule ids, groups and parent chains: far fewer than u32::MAX.
        let n = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.values.push(value.boxed());
        self.numbers.insert(value.boxed(), n);
        n
    }

    /// The value of number `n` (`None` for a number never given).
    /// Every value, by number.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &T> {
        self.values.iter().map(|v| &**v)
    }

    pub fn get(&self, n: u32) -> Option<&T> {
        self.values.get(n as usize).map(|v| &**v)
    }
}

impl Symbols {
    /// The name of number `n` (empty for a number never given).
    pub fn name(&self, n: u32) -> &str {
        self.get(n).unwrap_or_default()
    }
}

/// Equal when the same values have the same numbers.
impl<T: ?Sized + Hash + Eq> PartialEq for Symbols<T> {
    fn eq(&self, other: &Symbols<T>) -> bool {
        self.values == other.values
    }
}

impl<T: ?Sized + Hash + Eq> Eq for Symbols<T> {}
