//! The money invariants of a program, checked from what its public API exposes (commissions,
//! ledger entries, payouts, balances, sales, events). Shared by the `commands` and
//! `snapshot_restore` targets.

use std::collections::BTreeMap;

use affiliate_kit::money::Currency;
use affiliate_kit::program::{
    AffiliateStatus, CommissionStatus, Entry, EntryKind, PayoutStatus, Program, SaleOrigin, Settlement, MAX_AMOUNT,
};
use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;

/// How much of a program's consistency to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Everything: a program built by commands (or restored from such a program's snapshot).
    Live,
    /// What `Program::restore` enforces today on any document it accepts, and what keeps holding
    /// through commands from there: the conservation of money, commissions against their entries,
    /// payouts against theirs, sales against their commissions. (Restore does not check the rest:
    /// see `known::RESTORE_ACCEPTS_INCONSISTENT_STATE`.)
    Restored,
}

/// Sums of one (affiliate, currency) account recomputed from the entries.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    pending: Decimal,
    held: Decimal,
    approved: Decimal,
    clawbacks: Decimal,
    in_payout: Decimal,
    paid: Decimal,
    earned: Decimal,
    reversed: Decimal,
}

/// The payout number an entry sits in, if any.
fn payout_of(entry: &Entry) -> Option<u32> {
    match entry.settlement {
        Settlement::InPayout(n) | Settlement::Paid(n) => Some(n),
        Settlement::Pending | Settlement::Approved | Settlement::Held => None,
    }
}

/// Whether `id` is `<prefix><n>` written plainly (no sign, no leading zero), without allocating.
fn numbered(id: &str, prefix: &str, n: usize) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        !rest.starts_with('0') && rest.bytes().all(|b| b.is_ascii_digit()) && rest.parse::<usize>() == Ok(n)
    })
}

/// Checks the money invariants of `program` (panics naming `what` on a violation). At
/// [`Level::Live`]:
///
/// - ids are gapless (`com_<n>`, `ent_<n>`, `pay_<n>`, `evt_<n>` with sequence n);
/// - each commission's first entry is its `commission` entry (its amount, at its creation), the
///   amount positive, in minor units, within `MAX_AMOUNT`; later entries are negative corrections
///   of the same affiliate and currency; what is left (the sum of its entries) is never negative,
///   so refunds, chargebacks and rejections never take back more than was earned; a rejected
///   commission has nothing left (and nothing pending);
/// - a commission's status matches where its entries are: pending ⇒ all pending; approved or paid ⇒
///   none pending; paid ⇒ its commission entry is in a paid payout;
/// - each payout's amount is the sum of its entries (and their count), all of its affiliate and
///   currency, in the bucket its status says (none for a failed payout); a live payout is positive;
///   no entry of a pending commission is in a payout (payouts never take what is not approved);
/// - every balance equals the sums recomputed from the entries, and
///   `earned - reversed = pending + payable + in_payout + paid`; pending, approved, in_payout and
///   paid are not negative; in_payout + paid is what the live payouts hold; each affiliate's
///   `total_earnings` is their earned minus reversed in the program currency;
/// - each sale in `sale_ids`: `0 <= refunded <= gross`, its outcome's total is the sum of its
///   commissions, which are exactly the ledger's commissions of that sale, and it is credited iff
///   it wrote commissions.
///
/// [`Level::Restored`] leaves out the ids, the commission statuses and amounts, the payouts'
/// positivity and the buckets' signs, the sales' totals, credited flags and unlisted commissions,
/// the payouts' accounts, and the balances of affiliates that do not exist.
pub fn check_program<'a>(program: &Program, sale_ids: impl IntoIterator<Item = &'a str>, what: &str, level: Level) {
    let live = level == Level::Live;
    let entries = &program.entries();
    let commissions = &program.commissions();
    let payouts = program.payouts();
    for (i, c) in commissions.iter().enumerate() {
        assert!(numbered(&c.id, "com_", i + 1), "{what}: commission {i} is {}", c.id);
    }
    if live {
        for (i, e) in entries.iter().enumerate() {
            assert!(numbered(&e.id, "ent_", i + 1), "{what}: entry {i} is {}", e.id);
        }
        for (i, p) in payouts.iter().enumerate() {
            assert!(numbered(&p.id, "pay_", i + 1), "{what}: payout {i} is {}", p.id);
        }
        for (i, e) in program.events_since(0).iter().enumerate() {
            let ok = usize::try_from(e.sequence).ok() == Some(i + 1) && numbered(&e.id, "evt_", i + 1);
            assert!(ok, "{what}: event {i} is {} / {}", e.id, e.sequence);
        }
    }

    // Each commission against its entries, in ledger order. Commission ids are `com_<index + 1>`.
    let commission_of = |e: &Entry| -> usize {
        let n = e.commission_id.strip_prefix("com_").and_then(|n| n.parse::<usize>().ok());
        let i = n.and_then(|n| n.checked_sub(1)).filter(|i| *i < commissions.len());
        i.unwrap_or_else(|| panic!("{what}: {} names no commission ({})", e.id, e.commission_id))
    };
    let mut by_commission: Vec<Vec<&Entry>> = vec![Vec::new(); commissions.len()];
    for e in entries {
        by_commission[commission_of(e)].push(e);
    }
    let max = Decimal::from(MAX_AMOUNT);
    for (c, list) in commissions.iter().zip(&by_commission) {
        let id = &c.id;
        let first = list.first().unwrap_or_else(|| panic!("{what}: commission {id} has no entries"));
        assert!(
            first.kind == EntryKind::Commission && first.amount == c.amount,
            "{what}: commission {id}'s first entry is {first:?}"
        );
        if live {
            let amount = c.amount.amount;
            assert!(amount > Decimal::ZERO && amount <= max, "{what}: commission {id} amount {amount}");
            let minor = c.amount.currency.minor_units();
            assert!(amount.normalize().scale() <= minor, "{what}: commission {id}: {amount} not in minor units");
            assert_eq!(first.at, c.created_at, "{what}: commission {id}'s entry is not at its creation");
        }
        let mut left = Decimal::ZERO;
        let mut pending = Decimal::ZERO;
        for (k, e) in list.iter().enumerate() {
            let same = e.affiliate_id == c.affiliate_id && e.amount.currency == c.amount.currency;
            assert!(same, "{what}: commission {id} has the entry {e:?}");
            if k > 0 {
                let correction = e.kind != EntryKind::Commission && e.amount.amount < Decimal::ZERO;
                assert!(correction, "{what}: commission {id} has the correction {e:?}");
            }
            left += e.amount.amount;
            if e.settlement == Settlement::Pending {
                pending += e.amount.amount;
            }
            if live {
                match c.status {
                    CommissionStatus::Pending => {
                        assert_eq!(e.settlement, Settlement::Pending, "{what}: commission {id} is pending: {e:?}");
                    }
                    CommissionStatus::Approved | CommissionStatus::Paid => {
                        let status = c.status;
                        assert_ne!(e.settlement, Settlement::Pending, "{what}: commission {id} is {status:?}: {e:?}");
                    }
                    CommissionStatus::Held => {
                        let held = e.settlement == Settlement::Held;
                        assert!(held, "{what}: commission {id} is held: {e:?}");
                    }
                    CommissionStatus::Rejected => {}
                }
            }
        }
        assert!(left >= Decimal::ZERO, "{what}: commission {id}: corrections took back more than it earned ({left})");
        assert_eq!(c.remaining(), left, "{what}: commission {id}: remaining() is not what its entries leave");
        assert_eq!(c.view().reversed.amount, c.amount.amount - left, "{what}: commission {id}: the view's reversed");
        if live {
            match c.status {
                CommissionStatus::Rejected => {
                    assert_eq!(left, Decimal::ZERO, "{what}: commission {id} is rejected but {left} is left");
                    assert_eq!(pending, Decimal::ZERO, "{what}: commission {id} is rejected but {pending} is pending");
                }
                CommissionStatus::Paid => {
                    let paid = matches!(first.settlement, Settlement::Paid(_));
                    assert!(paid, "{what}: commission {id} is paid but its entry is {:?}", first.settlement);
                }
                CommissionStatus::Pending | CommissionStatus::Approved | CommissionStatus::Held => {}
            }
        }
    }

    // Payouts against their entries.
    let mut held: Vec<(Decimal, u64, Vec<Settlement>)> = vec![(Decimal::ZERO, 0, Vec::new()); payouts.len()];
    for e in entries {
        let Some(n) = payout_of(e) else { continue };
        let i = usize::try_from(n).ok().and_then(|n| n.checked_sub(1)).filter(|i| *i < payouts.len());
        let i = i.unwrap_or_else(|| panic!("{what}: {} is in the unknown payout {n}", e.id));
        let p = &payouts[i];
        let same = e.affiliate_id == p.affiliate_id && e.amount.currency == p.amount.currency;
        assert!(same || !live, "{what}: {} is in {} of another account", e.id, p.id);
        let status = commissions[commission_of(e)].status;
        if live {
            assert_ne!(status, CommissionStatus::Pending, "{what}: {} of a pending commission is in {}", e.id, p.id);
        }
        let slot = &mut held[i];
        slot.0 += e.amount.amount;
        slot.1 += 1;
        if !slot.2.contains(&e.settlement) {
            slot.2.push(e.settlement);
        }
    }
    let mut live_payouts: BTreeMap<(&str, Currency), Decimal> = BTreeMap::new();
    for (i, (p, (sum, count, settlements))) in payouts.iter().zip(&held).enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (id, status) = (&p.id, p.status);
        match status {
            PayoutStatus::Failed => assert_eq!(*count, 0, "{what}: the failed payout {id} still holds entries"),
            PayoutStatus::Created | PayoutStatus::Paid => {
                let expected = if status == PayoutStatus::Paid { Settlement::Paid(n) } else { Settlement::InPayout(n) };
                let right = settlements.iter().all(|s| *s == expected);
                assert!(right, "{what}: payout {id} ({status:?}) has entries in {settlements:?}");
                assert_eq!(*sum, p.amount.amount, "{what}: payout {id} is not the sum of its entries");
                assert_eq!(*count, p.entry_count, "{what}: payout {id}'s entry_count");
                if live {
                    assert!(p.amount.amount > Decimal::ZERO, "{what}: payout {id} of {}", p.amount.amount);
                }
                *live_payouts.entry((p.affiliate_id.as_str(), p.amount.currency)).or_default() += p.amount.amount;
            }
        }
    }

    // Balances against the entries.
    let mut accounts: BTreeMap<(&str, Currency), Sums> = BTreeMap::new();
    for e in entries {
        let s = accounts.entry((e.affiliate_id.as_str(), e.amount.currency)).or_default();
        let v = e.amount.amount;
        match e.kind {
            EntryKind::Commission => s.earned += v,
            _ => s.reversed -= v,
        }
        match e.settlement {
            Settlement::Pending => s.pending += v,
            Settlement::Held => s.held += v,
            Settlement::Approved if e.kind == EntryKind::Clawback => s.clawbacks += v,
            Settlement::Approved => s.approved += v,
            Settlement::InPayout(_) => s.in_payout += v,
            Settlement::Paid(_) => s.paid += v,
        }
    }
    for (&(affiliate, currency), s) in &accounts {
        let account = format_args!("{affiliate} in {currency}");
        let b = match program.balance(affiliate, currency) {
            Ok(b) => b,
            // B2: restore accepts entries of an affiliate it does not know.
            Err(_) if !live => continue,
            Err(e) => panic!("{what}: balance of {account}: {e}"),
        };
        let payable = s.approved + s.clawbacks;
        let got =
            [b.pending, b.held, b.approved, b.payable, b.in_payout, b.paid, b.earned, b.reversed].map(|m| m.amount);
        let expected = [s.pending, s.held, s.approved, payable, s.in_payout, s.paid, s.earned, s.reversed];
        assert_eq!(
            got, expected,
            "{what}: balance of {account} [pending, held, approved, payable, in_payout, paid, earned, reversed]"
        );
        let conserved = s.earned - s.reversed == s.pending + s.held + payable + s.in_payout + s.paid;
        assert!(conserved, "{what}: money is not conserved for {account}: {s:?}");
        if live {
            for (name, v) in [
                ("pending", s.pending),
                ("held", s.held),
                ("approved", s.approved),
                ("in_payout", s.in_payout),
                ("paid", s.paid),
            ] {
                assert!(v >= Decimal::ZERO, "{what}: {account}: {name} is {v}");
            }
        }
        if live {
            let in_payouts = live_payouts.get(&(affiliate, currency)).copied().unwrap_or_default();
            assert_eq!(in_payouts, s.in_payout + s.paid, "{what}: {account}: the live payouts hold {in_payouts}");
        }
    }
    let currency = program.config().currency;
    for a in program.affiliates() {
        let s = accounts.get(&(a.id.as_str(), currency)).copied().unwrap_or_default();
        assert_eq!(a.stats.total_earnings.amount, s.earned - s.reversed, "{what}: total_earnings of {}", a.id);
    }

    // Sales.
    let mut per_sale: BTreeMap<&str, usize> = BTreeMap::new();
    for c in commissions {
        *per_sale.entry(c.sale_id.as_str()).or_default() += 1;
    }
    for id in sale_ids {
        let Ok(sale) = program.sale(id) else { continue };
        let refunded = sale.refunded;
        assert!(refunded >= Decimal::ZERO && refunded <= sale.gross, "{what}: sale {id} refunded {refunded}");
        for view in &sale.outcome.commissions {
            let c = program.commission(&view.id).unwrap_or_else(|e| panic!("{what}: sale {id}: {e}"));
            assert!(c.sale_id == id && c.amount == view.amount, "{what}: sale {id} lists {} wrongly", view.id);
        }
        let written = per_sale.get(id).copied().unwrap_or_default();
        if live {
            assert_eq!(written, sale.outcome.commissions.len(), "{what}: sale {id}: commissions written vs listed");
            let total: Decimal = sale.outcome.commissions.iter().map(|c| c.amount.amount).sum();
            assert_eq!(sale.outcome.total.amount, total, "{what}: sale {id}: the outcome's total");
            assert_eq!(sale.outcome.credited, written > 0, "{what}: sale {id}: credited");
            if sale.origin == SaleOrigin::Payment {
                let number = sale.outcome.payment_number;
                assert!(number >= 2, "{what}: sale {id}: payment number {number}");
            }
        }
    }
}

/// After `approve_due(at)`: no pending commission is due any more.
pub fn check_nothing_due(program: &Program, at: DateTime<Utc>, what: &str) {
    let holding = TimeDelta::days(i64::from(program.config().holding_days));
    let Some(cutoff) = at.checked_sub_signed(holding) else { return };
    for c in program.commissions() {
        if c.status == CommissionStatus::Pending {
            assert!(c.created_at > cutoff, "{what}: {} (created {}) is still pending", c.id, c.created_at);
        }
    }
}

/// After `create_payouts`: no account that is not suspended or on hold is left payable at or above
/// its minimum.
pub fn check_nothing_payable(program: &Program, what: &str) {
    let entries = program.entries();
    let mut accounts: Vec<(&str, Currency)> =
        entries.iter().map(|e| (e.affiliate_id.as_str(), e.amount.currency)).collect();
    accounts.sort();
    accounts.dedup();
    for (affiliate, currency) in accounts {
        let skipped =
            program.affiliate(affiliate).is_ok_and(|a| a.status == AffiliateStatus::Suspended || a.hold.is_some());
        let Ok(b) = program.balance(affiliate, currency) else { continue };
        let minimum = program.config().minimum_for(currency);
        let payable = b.payable.amount;
        assert!(
            skipped || !(payable > Decimal::ZERO && payable >= minimum),
            "{what}: {affiliate} still has {payable} {currency} payable (minimum {minimum})"
        );
    }
}
