//! The tracked sales: their records in one array and their packed orders end to end in one byte
//! array (no allocation per sale), each record holding where its bytes end. A [`SaleRef`] is a
//! record with its packed bytes.

use std::ops::Deref;

use hashbrown::HashMap;
use rust_decimal::Decimal;

use crate::error::Result;
use crate::plan::Order;
use crate::program::sales::packed_order::PackedOrder;
use crate::program::sales::{Refunded, SaleRecord};
use crate::program::state::compact::end_to_end_span;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sales {
    records: Vec<SaleRecord>,
    /// Every sale's packed order, in sale order.
    bytes: Vec<u8>,
    /// What the sales refunded were refunded, by sale position (few sales are).
    refunded: HashMap<u32, Refunded>,
}

/// A sale's record and its packed order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SaleRef<'a> {
    record: &'a SaleRecord,
    pub packed: PackedOrder<'a>,
    /// The sales' refunds, looked up when asked.
    refunds: &'a HashMap<u32, Refunded>,
    position: u32,
}

impl Deref for SaleRef<'_> {
    type Target = SaleRecord;
    fn deref(&self) -> &SaleRecord {
        self.record
    }
}

impl<'a> SaleRef<'a> {
    /// The order id or payment id.
    pub fn id(&self) -> &'a str {
        self.packed.id()
    }

    /// The order (for payments: the first order's content under the payment's id).
    pub fn order(&self) -> Result<Order> {
        self.packed.unpack()
    }

    /// What it had refunded (and charged back), when anything.
    pub fn refunds(&self) -> Option<&'a Refunded> {
        self.refunds.get(&self.position)
    }

    /// Refunded (and charged back) so far.
    pub fn refunded(&self) -> Decimal {
        self.refunds().map_or(Decimal::ZERO, |r| r.amount)
    }

    /// The order's subtotal.
    pub fn subtotal(&self) -> Decimal {
        let kept = self.record.subtotal.get_some();
        kept.or_else(|| self.order().ok()?.subtotal().ok()).unwrap_or_default()
    }
}

impl Sales {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn get(&self, i: usize) -> Option<SaleRef<'_>> {
        let record = self.records.get(i)?;
        // Positions fit in u32 (`check_room`).
        Some(SaleRef {
            record,
            packed: PackedOrder::from_bytes(self.bytes_of(i)),
            refunds: &self.refunded,
            position: i as u32,
        })
    }

    /// What sale `i` had refunded, to add to (`Refunded::default()` first).
    pub fn refunded_mut(&mut self, i: usize) -> &mut Refunded {
        self.refunded.entry(i as u32).or_default()
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut SaleRecord> {
        self.records.get_mut(i)
    }

    /// Every sale, by position.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = SaleRef<'_>> {
        self.records.iter().enumerate().map(|(i, record)| SaleRef {
            record,
            packed: PackedOrder::from_bytes(self.bytes_of(i)),
            refunds: &self.refunded,
            position: i as u32,
        })
    }

    /// Sale `n`'s id as its UTF-8 bytes (empty past the end): the key of the sales' index.
    pub fn id_bytes(&self, n: u32) -> &[u8] {
        PackedOrder::from_bytes(self.bytes_of(n as usize)).id_bytes()
    }

    /// Appends a sale whose packed order `pack` appends to the bytes it is given (the record's
    /// `packed_end` is set here).
    pub fn push(&mut self, mut record: SaleRecord, pack: impl FnOnce(&mut Vec<u8>)) {
        pack(&mut self.bytes);
        record.packed_end = self.bytes.len() as u64;
        self.records.push(record);
    }

    /// The same sales with some orders packed anew: `repack(i, sale)` gives sale `i`'s new order and
    /// visitor id, or `None` to keep its bytes (an erasure rewrites its customer's orders).
    pub fn repacked(&self, mut repack: impl FnMut(usize, &SaleRef<'_>) -> Option<(Order, Option<String>)>) -> Sales {
        let mut out = Sales {
            records: Vec::with_capacity(self.records.len()),
            bytes: Vec::new(),
            refunded: self.refunded.clone(),
        };
        for (i, sale) in self.iter().enumerate() {
            let record = sale.record.clone();
            match repack(i, &sale) {
                Some((order, visitor)) => {
                    let amounts = sale.packed.amounts();
                    out.push(record, |b| PackedOrder::pack(b, &order, visitor.as_deref(), amounts.as_ref()));
                }
                None => out.push(record, |b| b.extend_from_slice(sale.packed.bytes())),
            }
        }
        out
    }

    fn bytes_of(&self, i: usize) -> &[u8] {
        self.bytes.get(end_to_end_span(&self.records, i, |s| s.packed_end)).unwrap_or_default()
    }
}
