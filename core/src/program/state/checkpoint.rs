//! Checkpoints: a program's records written and read as they are in memory (a tenth of the bytes of
//! the snapshot JSON, read without parsing text, re-packing orders or re-checking every sale). The
//! snapshot stays the exchange format, readable by any later version; a checkpoint is for the
//! version that wrote it (a durable store keeps a digest of it and may always replay its journal
//! instead), so it is checked less: its records are trusted once the caller has verified the bytes.
//!
//! Layout: `AKCP`, the format version (u32, little-endian), then blocks of records (a u32 length
//! and that many bytes; a block of length 0 ends the checkpoint). A record never spans two blocks.
//! In order: the config (JSON); affiliates, `next_affiliate`, invitations and clicks (JSON: few and
//! varied); the customers; the interned rules, groups, parent chains and codes; the sales; the
//! quotes of sales restored from schema-1 snapshots and the refunds (JSON); commissions; the line
//! shares of split commissions; entries; the causes of corrections; the flagged sales and the
//! commissions written held; payouts (JSON); the event log (its
//! references as numbers, other events as JSON). Each list is its count, then its items. Numbers and
//! strings are encoded by `codec.rs`.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::program::affiliates::AffiliateStatus;
use crate::program::events::{EventLog, StoredEvent};
use crate::program::fraud::FraudFlags;
use crate::program::ledger::{CommissionRecord, CommissionStatus, EntryKind, EntryRecord, LineShares, Settlement};
use crate::program::sales::table::SaleRef;
use crate::program::sales::{AttributionSource, ContextRecord, NoCreditReason, Refunded, SaleOrigin, SaleRecord};
use crate::program::state::codec::{
    corrupt, put_bytes, put_decimal, put_instant, put_option, put_str, put_varint, Reader,
};
use crate::program::state::compact::Units;
use crate::program::state::indexing::settle_payouts;
use crate::program::state::{index_u32, Indices, State};
use crate::program::{Program, ProgramConfig, MAX_AMOUNT};

/// The checkpoint format this library writes and reads. A change to the records changes it; a
/// checkpoint of another format is [`Error::UnsupportedVersion`] (a durable store then uses an older
/// checkpoint or replays its journal).
pub const CHECKPOINT_FORMAT: u32 = 3;

const MAGIC: &[u8; 4] = b"AKCP";
/// Records are gathered into blocks of about this size before they are written.
const BLOCK: usize = 64 * 1024;

impl Program {
    /// Writes the program's checkpoint to `out` (see the module's layout): everything
    /// [`Program::snapshot`] holds, in the records' own form. Deterministic: the same state gives
    /// the same bytes. Errors: the writer's, as [`Error::Storage`].
    pub fn write_checkpoint(&self, out: impl Write) -> Result<()> {
        let mut w = BlockWriter { out, block: Vec::with_capacity(BLOCK + 4096) };
        w.out.write_all(MAGIC).map_err(storage)?;
        w.out.write_all(&CHECKPOINT_FORMAT.to_le_bytes()).map_err(storage)?;
        let s = &self.state;
        w.json(&self.config)?;
        w.json(&s.plan_versions)?; // format 2 on
        w.json(&s.affiliates)?;
        w.record(|b| put_varint(b, u128::from(s.next_affiliate)))?;
        w.json(&s.invitations)?;
        w.json(&s.clicks)?;
        w.list(s.customers.iter(), |b, (key, c)| {
            put_str(b, key);
            put_instant(b, c.first_at);
            put_option(b, c.affiliate.get());
        })?;
        for symbols in [&s.rules, &s.groups, &s.codes] {
            w.list(symbols.values(), put_str)?;
        }
        w.list(s.chains.values(), |b, chain| {
            put_varint(b, chain.len() as u128);
            chain.iter().for_each(|&a| put_varint(b, u128::from(a)));
        })?;
        w.list(s.sales.iter(), |b, sale| put_sale(b, &sale))?;
        // The quotes of schema-1 sales (rare), in sale order.
        let mut quotes: Vec<_> = s.stored_quotes.iter().collect();
        quotes.sort_unstable_by_key(|(&i, _)| i);
        w.json(&quotes)?;
        w.json(&s.refunds)?;
        w.list(s.commissions.iter(), put_commission)?;
        w.list(s.splits.iter(), |b, shares| {
            put_varint(b, shares.len() as u128);
            for &(k, amount) in shares.iter() {
                put_varint(b, u128::from(k));
                put_decimal(b, amount);
            }
        })?;
        w.list(s.entries.iter(), |b, e| {
            put_varint(b, u128::from(e.commission));
            b.push(e.kind().code());
            put_settlement(b, e.settlement());
            put_decimal(b, e.amount());
            put_instant(b, e.at);
        })?;
        let mut causes: Vec<(&u32, &Box<str>)> = s.causes.iter().collect();
        causes.sort_unstable();
        w.list(causes.into_iter(), |b, (&entry, cause)| {
            put_varint(b, u128::from(entry));
            put_str(b, cause);
        })?;
        // Format 3 on: the flagged sales and the commissions written held.
        w.list(s.flags.iter(), |b, (&sale, flags)| {
            put_varint(b, u128::from(sale));
            b.push(flags.0);
        })?;
        w.list(s.created_held.iter(), |b, &ci| put_varint(b, u128::from(ci)))?;
        w.json(&s.payouts)?;
        let log = &s.events;
        w.record(|b| {
            put_varint(b, log.outbox_start as u128);
            put_varint(b, u128::from(log.forgotten));
        })?;
        let mut failed = None;
        w.list(log.events.iter(), |b, e| match *e {
            StoredEvent::OrderTracked(i) => put_tagged(b, 0, i),
            StoredEvent::CommissionCreated(i) => put_tagged(b, 1, i),
            StoredEvent::Emitted(n) => {
                b.push(2);
                match serde_json::to_vec(&log.emitted(n)) {
                    Ok(json) => put_bytes(b, &json),
                    Err(e) => failed = Some(e),
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(storage(e));
        }
        w.finish()
    }

    /// Reads a checkpoint written by [`Program::write_checkpoint`] from `input`, to its end, then
    /// hands `input` to `verify` (which checks the bytes read, e.g. against a digest that the reader
    /// computed: the records are trusted from then on) before the indices are built. A checkpoint of another format is
    /// [`Error::UnsupportedVersion`]; bytes it did not write are [`Error::InvalidSnapshot`] (never a
    /// panic, nor memory beyond what the input holds). The command log starts empty.
    pub fn read_checkpoint<R: Read>(input: R, verify: impl FnOnce(R) -> Result<()>) -> Result<Program> {
        let mut r = BlockReader { input, block: Vec::new(), pos: 0 };
        let mut head = [0u8; 8];
        r.input.read_exact(&mut head).map_err(|_| corrupt())?;
        let (magic, version) = head.split_at(4);
        if magic != MAGIC {
            return Err(Error::snapshot("not a checkpoint"));
        }
        let version = u32::from_le_bytes(version.try_into().map_err(|_| corrupt())?);
        // Format 1 is format 2 without the plan versions; format 2 is format 3 without the flagged
        // sales and the commissions written held (it had none).
        if !(1..=CHECKPOINT_FORMAT).contains(&version) {
            return Err(Error::UnsupportedVersion {
                document: "checkpoint format".into(),
                found: version,
                supported: CHECKPOINT_FORMAT,
            });
        }
        let config: ProgramConfig = r.json()?;
        let plan_versions = if version >= 2 { r.json()? } else { Vec::new() };
        let mut state = State { plan_versions, affiliates: r.json()?, ..State::default() };
        state.next_affiliate = r.record(|r| r.u64())?;
        state.invitations = r.json()?;
        state.clicks = r.json::<BTreeMap<_, _>>()?;
        r.list(|r| {
            state.customers.push(r.str()?, r.instant()?, r.option()?);
            Ok(())
        })?;
        state.customers.index();
        for symbols in [&mut state.rules, &mut state.groups, &mut state.codes] {
            r.list(|r| {
                symbols.intern(r.str()?);
                Ok(())
            })?;
        }
        r.list(|r| {
            let n = r.count()?;
            let chain = (0..n).map(|_| r.u32()).collect::<Result<Vec<u32>>>()?;
            state.chains.intern(&chain);
            Ok(())
        })?;
        r.list(|r| {
            let packed = r.bytes()?;
            let (sale, refunded) = read_sale(r)?;
            let i = state.sales.len();
            state.sales.push(sale, |out| out.extend_from_slice(packed));
            if let Some(refunded) = refunded {
                *state.sales.refunded_mut(i) = refunded;
            }
            Ok(())
        })?;
        state.stored_quotes = r.json::<Vec<(u32, Box<crate::plan::Quote>)>>()?.into_iter().collect();
        state.refunds = r.json()?;
        r.list(|r| read_commission(r).map(|c| state.commissions.push(c)))?;
        r.list(|r| {
            let n = r.count()?;
            let shares = (0..n).map(|_| Ok((r.u32()?, r.decimal()?))).collect::<Result<Box<[_]>>>()?;
            state.splits.push(shares);
            Ok(())
        })?;
        r.list(|r| {
            let commission = r.u32()?;
            let kind = EntryKind::from_code(r.byte()?)?;
            let settlement = read_settlement(r)?;
            let amount = Units::of(amount(r)?).ok_or_else(corrupt)?;
            let entry = EntryRecord::new(commission, kind, settlement, amount, r.instant()?);
            state.entries.push(entry);
            Ok(())
        })?;
        r.list(|r| {
            let entry = r.u32()?;
            state.causes.insert(entry, r.str()?.into());
            Ok(())
        })?;
        if version >= 3 {
            r.list(|r| {
                let sale = r.u32()?;
                state.flags.insert(sale, FraudFlags::from_bits(r.byte()?).ok_or_else(corrupt)?);
                Ok(())
            })?;
            r.list(|r| {
                state.created_held.insert(r.u32()?);
                Ok(())
            })?;
        }
        state.payouts = r.json()?;
        let (outbox_start, forgotten) = r.record(|r| Ok((r.u64()?, r.u64()?)))?;
        let outbox_start = usize::try_from(outbox_start).map_err(|_| corrupt())?;
        let mut log = EventLog::starting(outbox_start, forgotten);
        r.list(|r| {
            match r.byte()? {
                0 => log.push(StoredEvent::OrderTracked(r.u32()?)),
                1 => log.push(StoredEvent::CommissionCreated(r.u32()?)),
                2 => log.push_emitted(serde_json::from_slice(r.bytes()?).map_err(|_| corrupt())?),
                _ => return Err(corrupt()),
            }
            Ok(())
        })?;
        state.events = log;
        r.end()?;
        verify(r.input)?;

        let plan = config.compile()?;
        let later_plans = crate::program::plans::compile_later(&config, &state.plan_versions)?;
        let idx = index(&mut state, &config)?;
        let mut program = Program { config, plan, later_plans, state, idx, log: Vec::new(), keep_log: true };
        program.rebuild_totals()?;
        Ok(program)
    }
}

/// The indices of a checkpoint's records (payouts get the entries they settle back).
fn index(state: &mut State, config: &ProgramConfig) -> Result<Indices> {
    let mut idx = Indices::default();
    idx.index_affiliates(&state.affiliates)?;
    idx.index_invitations(&state.invitations);
    let sales = &state.sales;
    idx.sale_by_id.reserve(sales.len(), |_| &[]);
    for (i, sale) in sales.iter().enumerate() {
        let key = sale.id();
        idx.sale_by_id.insert(key, index_u32(i)?, |n| sales.id_bytes(n));
    }
    idx.index_refunds(&state.refunds);
    for (i, e) in state.entries.iter().enumerate() {
        let c = state.commissions.get(e.commission as usize).ok_or_else(corrupt)?;
        idx.index_entry(index_u32(i)?, e, c.affiliate, c.currency);
    }
    settle_payouts(&mut state.payouts, &state.entries)?;
    idx.index_pending(&state.commissions, &state.sales)?;
    idx.index_eligible(&state.affiliates, config);
    Ok(idx)
}

/// A sale: its packed order, then its record.
fn put_sale(b: &mut Vec<u8>, s: &SaleRef<'_>) {
    put_bytes(b, s.packed.bytes());
    b.push(s.origin.code());
    put_instant(b, s.at);
    put_decimal(b, s.subtotal());
    put_varint(b, u128::from(s.root));
    put_varint(b, u128::from(s.payment_number));
    put_option(b, s.affiliate.get());
    put_option(b, s.attributed_by.map(|a| u32::from(a.code())));
    put_option(b, s.code.get());
    put_option(b, s.affiliate_status.map(|a| u32::from(a.code())));
    put_option(b, s.reason.map(|a| u32::from(a.code())));
    put_varint(b, u128::from(s.first_commission));
    put_varint(b, u128::from(s.commission_count));
    match s.refunds() {
        None => b.push(0),
        Some(r) => {
            b.push(1);
            put_decimal(b, r.amount);
            put_varint(b, r.lines.len() as u128);
            r.lines.iter().for_each(|l| put_str(b, l));
        }
    }
    put_varint(b, u128::from(s.payments));
    b.push(u8::from(s.new_customer));
    match s.context.get() {
        None => b.push(0),
        Some(c) => {
            b.push(1);
            put_option(b, c.group.get());
            put_varint(b, u128::from(c.parents));
        }
    }
}

/// A sale's record and what it had refunded, after its packed order.
fn read_sale(r: &mut Reader<'_>) -> Result<(SaleRecord, Option<Refunded>)> {
    let origin = SaleOrigin::from_code(r.byte()?)?;
    let at = r.instant()?;
    let subtotal = Units::of(amount(r)?).unwrap_or(Units::NONE);
    let (root, payment_number) = (r.u32()?, r.u32()?);
    let affiliate = r.option()?.into();
    let attributed_by = r.option()?.map(byte).map(AttributionSource::from_code).transpose()?;
    let code = r.option()?.into();
    let affiliate_status = r.option()?.map(byte).map(AffiliateStatus::from_code).transpose()?;
    let reason = r.option()?.map(byte).map(NoCreditReason::from_code).transpose()?;
    let (first_commission, commission_count) = (r.u32()?, r.u32()?);
    let refunded = match r.byte()? {
        0 => None,
        _ => {
            let amount = amount(r)?;
            let n = r.count()?;
            let lines = (0..n).map(|_| r.string()).collect::<Result<Vec<_>>>()?;
            Some(Refunded { amount, lines })
        }
    };
    let record = SaleRecord {
        packed_end: 0, // set by `Sales::push`
        origin,
        at,
        subtotal,
        root,
        payment_number,
        affiliate,
        attributed_by,
        code,
        affiliate_status,
        reason,
        first_commission,
        commission_count,
        payments: r.u32()?,
        new_customer: r.byte()? != 0,
        context: match r.byte()? {
            0 => ContextRecord::NONE,
            _ => ContextRecord { group: r.option()?.into(), parents: r.u32()? },
        },
    };
    Ok((record, refunded))
}

fn put_commission(b: &mut Vec<u8>, c: &CommissionRecord) {
    put_varint(b, u128::from(c.affiliate));
    put_varint(b, u128::from(c.sale));
    put_varint(b, u128::from(c.level));
    put_varint(b, u128::from(c.rule));
    put_money(b, c.amount());
    b.push(c.status.code());
    match c.line_shares {
        LineShares::None => b.push(0),
        LineShares::Whole(k) => put_tagged(b, 1, k),
        LineShares::Split(n) => put_tagged(b, 2, n),
    }
    put_varint(b, u128::from(c.entry));
}

fn read_commission(r: &mut Reader<'_>) -> Result<CommissionRecord> {
    let (affiliate, sale) = (r.u32()?, r.u32()?);
    let level = u8::try_from(r.u32()?).map_err(|_| corrupt())?;
    let rule = r.u32()?;
    let money = read_money(r)?;
    Ok(CommissionRecord {
        affiliate,
        sale,
        level,
        rule,
        amount: Units::of(money.amount).ok_or_else(corrupt)?,
        currency: money.currency,
        status: CommissionStatus::from_code(r.byte()?)?,
        line_shares: match r.byte()? {
            0 => LineShares::None,
            1 => LineShares::Whole(r.u32()?),
            2 => LineShares::Split(r.u32()?),
            _ => return Err(corrupt()),
        },
        entry: r.u32()?,
    })
}

fn put_money(b: &mut Vec<u8>, m: Money) {
    put_decimal(b, m.amount);
    b.extend_from_slice(m.currency.code().as_bytes());
}

fn read_money(r: &mut Reader<'_>) -> Result<Money> {
    let amount = amount(r)?;
    let code = std::str::from_utf8(r.take(3)?).map_err(|_| corrupt())?;
    Ok(Money::new(amount, Currency::from_code(code).map_err(|_| corrupt())?))
}

/// A variant's tag and its number.
fn put_tagged(b: &mut Vec<u8>, tag: u8, n: u32) {
    b.push(tag);
    put_varint(b, u128::from(n));
}

fn put_settlement(b: &mut Vec<u8>, s: Settlement) {
    match s {
        Settlement::Pending => b.push(0),
        Settlement::Approved => b.push(1),
        Settlement::InPayout(n) => put_tagged(b, 2, n),
        Settlement::Paid(n) => put_tagged(b, 3, n),
        Settlement::Held => b.push(4),
    }
}

fn read_settlement(r: &mut Reader<'_>) -> Result<Settlement> {
    Ok(match r.byte()? {
        0 => Settlement::Pending,
        1 => Settlement::Approved,
        2 => Settlement::InPayout(r.u32()?),
        3 => Settlement::Paid(r.u32()?),
        4 => Settlement::Held,
        _ => return Err(corrupt()),
    })
}

/// An amount that the program sums (never beyond [`MAX_AMOUNT`], so that sums cannot overflow).
fn amount(r: &mut Reader<'_>) -> Result<Decimal> {
    let amount = r.decimal()?;
    if amount.abs() > Decimal::from(MAX_AMOUNT) {
        return Err(corrupt());
    }
    Ok(amount)
}

/// A code written by [`put_option`] of a byte code (a larger one is refused by `from_code`).
fn byte(n: u32) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// The byte each value of a fieldless enum is written as.
trait ByteCode: Sized {
    fn code(self) -> u8;
    fn from_code(code: u8) -> Result<Self>;
}

macro_rules! byte_codes {
    ($($ty:ty { $($variant:ident = $code:literal),* $(,)? })*) => {$(
        impl ByteCode for $ty {
            fn code(self) -> u8 {
                match self { $(Self::$variant => $code),* }
            }
            fn from_code(code: u8) -> Result<Self> {
                match code { $($code => Ok(Self::$variant),)* _ => Err(corrupt()) }
            }
        }
    )*};
}

byte_codes! {
    SaleOrigin { Order = 0, Payment = 1 }
    AttributionSource { Code = 0, Click = 1, Lifetime = 2, Subscription = 3 }
    AffiliateStatus { Pending = 0, Active = 1, Inactive = 2, Suspended = 3, Deleted = 4 }
    NoCreditReason { NoAttribution = 0, AffiliateNotActive = 1, SelfReferral = 2, NoCommission = 3 }
    CommissionStatus { Pending = 0, Approved = 1, Paid = 2, Rejected = 3, Held = 4 }
    EntryKind { Commission = 0, Reversal = 1, Clawback = 2, Rejection = 3 }
}

fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage { operation: "write checkpoint".into(), reason: e.to_string() }
}

/// Gathers records into blocks and writes each block with its length.
struct BlockWriter<W> {
    out: W,
    block: Vec<u8>,
}

impl<W: Write> BlockWriter<W> {
    fn record(&mut self, put: impl FnOnce(&mut Vec<u8>)) -> Result<()> {
        put(&mut self.block);
        if self.block.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    fn json(&mut self, value: &impl Serialize) -> Result<()> {
        let json = serde_json::to_vec(value).map_err(storage)?;
        self.record(|b| put_bytes(b, &json))
    }

    fn list<T>(&mut self, items: impl ExactSizeIterator<Item = T>, mut put: impl FnMut(&mut Vec<u8>, T)) -> Result<()> {
        self.record(|b| put_varint(b, items.len() as u128))?;
        for item in items {
            self.record(|b| put(b, item))?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let len = u32::try_from(self.block.len()).map_err(storage)?;
        self.out.write_all(&len.to_le_bytes()).map_err(storage)?;
        self.out.write_all(&self.block).map_err(storage)?;
        self.block.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        if !self.block.is_empty() {
            self.flush()?;
        }
        self.flush()?; // the empty block that ends the checkpoint
        self.out.flush().map_err(storage)
    }
}

/// Reads the blocks back, one in memory at a time, and the records in them.
struct BlockReader<R> {
    input: R,
    block: Vec<u8>,
    pos: usize,
}

impl<R: Read> BlockReader<R> {
    /// Reads the next block; `false` at the empty block that ends the checkpoint.
    fn load(&mut self) -> Result<bool> {
        let mut len = [0u8; 4];
        self.input.read_exact(&mut len).map_err(|_| corrupt())?;
        let len = u64::from(u32::from_le_bytes(len));
        self.block.clear();
        // `take` + `read_to_end`: memory grows with the bytes present, not with a claimed length.
        let read = (&mut self.input).take(len).read_to_end(&mut self.block).map_err(|_| corrupt())?;
        self.pos = 0;
        if read as u64 != len {
            return Err(corrupt());
        }
        Ok(len > 0)
    }

    fn record<T>(&mut self, parse: impl FnOnce(&mut Reader<'_>) -> Result<T>) -> Result<T> {
        if self.pos >= self.block.len() && !self.load()? {
            return Err(corrupt());
        }
        let mut reader = Reader::new(self.block.get(self.pos..).unwrap_or_default());
        let value = parse(&mut reader)?;
        self.pos = self.block.len() - reader.remaining();
        Ok(value)
    }

    fn json<T: DeserializeOwned>(&mut self) -> Result<T> {
        self.record(|r| serde_json::from_slice(r.bytes()?).map_err(|_| corrupt()))
    }

    /// A count, then each item (read by `item`).
    fn list(&mut self, mut item: impl FnMut(&mut Reader<'_>) -> Result<()>) -> Result<()> {
        let n = self.record(|r| r.u64())?;
        for _ in 0..n {
            self.record(&mut item)?;
        }
        Ok(())
    }

    /// The end: no record left, the closing block, nothing after it.
    fn end(&mut self) -> Result<()> {
        if self.pos < self.block.len() || self.load()? {
            return Err(corrupt());
        }
        let mut rest = [0u8; 1];
        match self.input.read(&mut rest) {
            Ok(0) => Ok(()),
            _ => Err(corrupt()),
        }
    }
}
