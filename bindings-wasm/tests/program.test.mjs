// Every verb of Program, on one scripted month of the shared month-config.json program (EUR,
// Europe/Paris, 14 holding days, 50.00 minimum payout, 10 % default, 20 % books, level 2: 5 % of the
// sale), with hand-computed amounts and the exact event stream (ported from
// bindings-python/tests/test_program.py).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InvalidOrderError, Plan, Program, generateCode } from 'affiliate-kit';

import { D, T, aliceProgram, amounts, eur, line, loadFixture, monthProgram, order, throwsType, unchanged } from './support/helpers.mjs';

const TEN_PERCENT = { discount: { type: 'percent_off', percent: '10' } };

/** Every event of the month, in order (see runMonth for what causes each). */
const MONTH_EVENTS = [
  'affiliate.registered', 'affiliate.updated', // Alice, then her group
  'invitation.created', 'invitation.created', // Bob and Carol (not-an-email is an error)
  'affiliate.joined', 'affiliate.updated', 'affiliate.updated', // Bob joins, gets a code; Alice's 2nd code
  'order.tracked', 'commission.created', // o-1 (Alice)
  'order.tracked', 'commission.created', 'commission.created', // o-2 (Bob, Alice at level 2)
  'order.updated', 'commission.created', // the second payment of o-1
  'order.updated', 'commission.reversed', 'commission.reversed', // refund r1
  'order.updated', 'commission.reversed', 'commission.reversed', // chargeback cb1
  'commission.rejected', // com_4
  'affiliate.registered', 'affiliate.status_changed', 'affiliate.deleted', // Dave
  'commission.approved', 'commission.approved', 'commission.approved', // com_1..3
  'payout.threshold_reached', 'payout.created', // Alice: 60.00 >= 50.00
  'payout.marked_paid', 'invitation.expired', // pay_1; Carol's invitation
];

/** Runs the month on `p`; returns every answer by name. Some instants are Dates, the rest strings. */
function runMonth(p) {
  const r = {};
  r.alice = p.registerAffiliate({ registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' }, at: D(1, 9) });
  r.gold = p.updateAffiliate({ affiliate_id: 'aff_1', update: { group: 'gold' }, at: T(1, 9, 1) });
  r.invite = p.invite({ emails: ['bob@example.com', 'carol@example.com', 'not-an-email'], invited_by: 'aff_1', at: T(1, 9, 5) });
  r.bob = p.acceptInvitation({ invitation_id: 'inv_1', acceptance: { name: 'Bob' }, at: T(2, 18) });
  r.bobCode = p.generateCode({ affiliate_id: 'aff_2', seed: 42, at: T(2, 18, 1) });
  r.vip = p.addCode({ affiliate_id: 'aff_1', code: 'alice-vip', incentive: TEN_PERCENT, at: T(2, 19) });
  r.validation = unchanged(p, () => p.validateCode('alice vip', T(2, 20)));
  r.click = p.recordClick({ visitor_id: 'visitor-7', code: '1vxs-nzgey', at: T(3, 12) });
  // o-1 by Alice's code: 10 % of 600.00 = 60.00 (com_1).
  r.o1 = p.trackOrder({ order: order('o-1', [line('l1', 'course', '600.00', { category: 'course' })], { code: 'ALICE' }), at: T(3, 10) });
  // o-2 by Bob's click: Bob 10 % of 300.00 = 30.00 (com_2), Alice 5 % of 300.00 = 15.00 (com_3).
  r.o2 = p.trackOrder({ order: order('o-2', [line('l1', 'course', '300.00')]), visitor_id: 'visitor-7', at: D(4, 8) });
  // A quote of a book by Bob's code: 20 % of 250.00 = 50.00 + Alice 5 % = 12.50 = 62.50; nothing written.
  r.quote = unchanged(p, () => p.quote(order('o-3', [line('l1', 'rust-book', '250.00', { category: 'books' })], { code: '1VXSNZGEY' }), T(5)));
  // The second payment of o-1 earns again (no payment condition): 60.00 (com_4).
  r.payment = p.recordPayment({ payment: { id: 'o-1-p2', order_id: 'o-1' }, at: T(5, 10) });
  // Half of o-2 refunded: Bob 30.00 x 150 / 300 = 15.00, Alice 15.00 x 150 / 300 = 7.50.
  r.refund = p.refund({ refund: { id: 'r1', order_id: 'o-2', amount: '150.00' }, at: T(6) });
  // The rest charged back: the remaining 15.00 and 7.50.
  r.chargeback = p.chargeback({ refund: { id: 'cb1', order_id: 'o-2' }, at: T(6, 1) });
  r.rejected = p.rejectCommission({ commission_id: 'com_4', reason: 'duplicate', at: T(6, 2) });
  r.dave = p.registerAffiliate({ registration: { name: 'Dave', email: 'dave@example.com' }, at: T(7) });
  r.suspended = p.setAffiliateStatus({ affiliate_id: 'aff_3', status: 'suspended', at: T(7, 1) });
  r.deleted = p.deleteAffiliate({ affiliate_id: 'aff_3', at: T(7, 2) });
  // 14 holding days before 03-20: commissions of 03-06 or before (com_1, com_2, com_3; com_4 is rejected).
  r.approved = p.approveDue({ at: T(20) });
  // Alice: 60.00 + 15.00 - 7.50 - 7.50 = 60.00 >= 50.00 (4 entries); Bob: 30.00 - 30.00 = 0.00.
  r.payouts = p.createPayouts({ at: T(20, 1) });
  r.paid = p.markPayoutPaid({ payout_id: 'pay_1', reference: 'sepa-1', at: D(21) });
  r.expired = p.expireInvitations({ at: T(31, 10) }); // Carol's: created 03-01 09:05 + 30 days
  return r;
}

/** A fresh program after the month, with its answers. */
function month() {
  const program = monthProgram();
  return { program, r: runMonth(program) };
}

test('affiliate verbs', () => {
  const { program, r } = month();
  const { alice } = r;
  assert.deepEqual([alice.id, alice.code, alice.status, alice.group, alice.codes], ['aff_1', 'ALICE', 'active', null, ['ALICE']]);
  assert.equal(alice.created_at, '2026-03-01T09:00:00Z'); // given as a Date, written back as RFC 3339
  assert.equal(alice.name, 'Alice');
  assert.equal(alice.email, 'alice@example.com');
  assert.deepEqual(alice.stats, { total_referrals: 0, total_sales: 0, total_earnings: eur('0.00') });
  assert.deepEqual([r.gold.group, r.gold.updated_at], ['gold', T(1, 9, 1)]);
  assert.equal(r.dave.id, 'aff_3');
  assert.equal(r.suspended.status, 'suspended');
  assert.deepEqual([r.deleted.status, r.deleted.name, r.deleted.email], ['deleted', null, null]); // personal data erased
  assert.deepEqual(program.affiliates().map((a) => a.id), ['aff_1', 'aff_2', 'aff_3']);
  assert.equal(program.affiliate('aff_2').parent, 'aff_1');
  assert.deepEqual(program.affiliate('aff_1'), { ...program.affiliates()[0] });
});

test('codes in a program', () => {
  const { program, r } = month();
  // Seed 42 gives the code pinned by core/tests/codes.rs.
  assert.equal(r.bobCode.code, '1VXSNZGEY');
  assert.deepEqual(r.bobCode.codes, ['1VXSNZGEY']);
  assert.deepEqual(r.vip.codes, ['ALICE', 'ALICEVIP']);
  const v = r.validation;
  assert.deepEqual([v.valid, v.reason, v.code, v.affiliate_id], [true, 'valid', 'ALICEVIP', 'aff_1']);
  assert.deepEqual(v.incentive, { discount: { type: 'percent_off', percent: '10' }, min_order: null, expires_at: null });
  assert.equal(program.validateCode('!!', T(3)).reason, 'malformed');
  assert.equal(program.validateCode('!!', D(3)).valid, false);
  assert.equal(program.affiliateByCode('alice-vip').id, 'aff_1');
  assert.equal(program.affiliateByCode('IVXS-NZGEY').id, 'aff_2');
});

test('a BigInt seed in a command works like a number seed', () => {
  const p = aliceProgram();
  // 42n: the code of seed 42, pinned by core/tests/codes.rs; the log holds the plain integer.
  assert.deepEqual(p.generateCode({ affiliate_id: 'aff_1', seed: 42n, at: T(3) }).codes, ['ALICE', '1VXSNZGEY']);
  assert.equal(p.commandLog().at(-1).seed, 42);
  // Beyond 2^53 only a BigInt carries the seed exactly: the code is that of the top-level generateCode.
  const big = 2n ** 64n - 1n;
  assert.equal(p.generateCode({ affiliate_id: 'aff_1', seed: big, at: T(3, 1) }).codes[2], generateCode(big));
  throwsType(() => p.generateCode({ affiliate_id: 'aff_1', seed: 2 ** 53, at: T(3, 2) }), 'command.seed must be a safe integer');
  // The command log gives such a seed back exactly (as a BigInt), so a replay makes the same program.
  assert.equal(p.commandLog().at(-1).seed, big);
  assert.equal(Program.replay(p.config(), p.commandLog()).snapshot(), p.snapshot());
});

test('invitations', () => {
  const { program, r } = month();
  const { invite } = r;
  assert.deepEqual(invite.invitations.map((i) => [i.id, i.email, i.invited_by, i.status]), [
    ['inv_1', 'bob@example.com', 'aff_1', 'pending'], ['inv_2', 'carol@example.com', 'aff_1', 'pending']]);
  assert.equal(invite.invitations[0].expires_at, T(31, 9, 5)); // 30 days after 03-01 09:05
  assert.deepEqual(invite.errors.map((e) => e.email), ['not-an-email']);
  assert.deepEqual(invite.skipped, { already_affiliate: [], already_invited: [] });
  const { bob } = r;
  assert.deepEqual([bob.id, bob.name, bob.parent, bob.status], ['aff_2', 'Bob', 'aff_1', 'active']);
  assert.deepEqual(r.expired.map((i) => [i.id, i.status]), [['inv_2', 'expired']]);
  assert.deepEqual(program.invitations().map((i) => [i.id, i.status, i.affiliate_id ?? null]), [
    ['inv_1', 'accepted', 'aff_2'], ['inv_2', 'expired', null]]);
  const again = program.invite({ emails: ['BOB@example.com', 'dan@example.com'], at: T(31, 11) });
  assert.deepEqual(again.skipped.already_affiliate, ['BOB@example.com']);
  assert.deepEqual(again.invitations.map((i) => i.id), ['inv_3']);
  assert.deepEqual(program.expireInvitations({ at: T(31, 12) }), []);
});

test('tracking, attribution and quote', () => {
  const { program, r } = month();
  assert.deepEqual([r.click.affiliate_id, r.click.code, r.click.at], ['aff_2', '1VXSNZGEY', T(3, 12)]);
  const { o1 } = r;
  assert.deepEqual([o1.sale_id, o1.affiliate_id, o1.attributed_by, o1.code, o1.credited], ['o-1', 'aff_1', 'code', 'ALICE', true]);
  assert.deepEqual(o1.commissions.map((c) => [c.id, c.amount.amount]), [['com_1', '60.00']]);
  assert.deepEqual(o1.total, eur('60.00'));
  assert.equal(o1.commissions[0].created_at, T(3, 10));
  const { o2 } = r;
  assert.deepEqual([o2.affiliate_id, o2.attributed_by, o2.total.amount], ['aff_2', 'click', '45.00']);
  assert.deepEqual(o2.commissions.map((c) => [c.id, c.affiliate_id, c.level, c.rule_id, c.amount.amount]), [
    ['com_2', 'aff_2', 1, 'default', '30.00'], ['com_3', 'aff_1', 2, 'levels[0]', '15.00']]);
  const { quote } = r;
  assert.deepEqual([quote.total.amount, quote.attributed_by], ['62.50', 'code']);
  assert.deepEqual(quote.commissions.map((c) => c.amount.amount), ['50.00', '12.50']);
  assert.equal(quote.quote.lines[0].rule_id, 'books');
  const { payment } = r;
  assert.deepEqual([payment.sale_id, payment.payment_number, payment.attributed_by], ['o-1-p2', 2, 'subscription']);
  assert.deepEqual(payment.commissions.map((c) => [c.id, c.amount.amount]), [['com_4', '60.00']]);
  const sale = program.sale('o-2');
  assert.deepEqual([sale.origin, sale.gross, sale.refunded, sale.visitor_id], ['order', '300.00', '300.00', 'visitor-7']);
  assert.equal(sale.at, '2026-03-04T08:00:00Z'); // given as a Date
  // The explanation is rebuilt from what the sale keeps: the quote tracking answered.
  assert.deepEqual(program.explain('o-2'), r.o2.quote);
  const why = program.explainCommission('com_3');
  assert.deepEqual([why.beneficiary, why.level, why.rule_id, why.amount.amount], ['aff_1', 2, 'levels[0]', '15.00']);
  assert.deepEqual(why, r.o2.quote.lines[1]);
  // A quote by a visitor: Bob's click credits Bob 10 % of 100.00 = 10.00 and Alice 5 % = 5.00.
  const byVisitor = unchanged(program, () => program.quote(order('o-4', [line('l1', 'mug', '100.00')]), D(10), 'visitor-7'));
  assert.deepEqual([byVisitor.affiliate_id, byVisitor.attributed_by, byVisitor.total.amount], ['aff_2', 'click', '15.00']);
});

test('refund and chargeback', () => {
  const { r } = month();
  const { refund, chargeback } = r;
  assert.deepEqual([refund.refund_id, refund.order_id, refund.kind, refund.amount.amount, refund.remaining.amount],
    ['r1', 'o-2', 'refund', '150.00', '150.00']);
  assert.deepEqual(refund.reversals.map((x) => [x.commission_id, x.affiliate_id, x.kind, x.amount.amount]), [
    ['com_2', 'aff_2', 'reversal', '15.00'], ['com_3', 'aff_1', 'reversal', '7.50']]);
  assert.deepEqual([chargeback.kind, chargeback.amount.amount, chargeback.remaining.amount], ['chargeback', '150.00', '0.00']);
  assert.deepEqual(chargeback.reversals.map((x) => x.amount.amount), ['15.00', '7.50']);
});

test('settlement', () => {
  const { program, r } = month();
  const { rejected } = r;
  assert.deepEqual([rejected.id, rejected.status, rejected.reversed.amount], ['com_4', 'rejected', '60.00']);
  assert.deepEqual(r.approved.map((c) => [c.id, c.status]), [['com_1', 'approved'], ['com_2', 'approved'], ['com_3', 'approved']]);
  assert.equal(r.payouts.length, 1);
  const [payout] = r.payouts;
  assert.deepEqual([payout.id, payout.affiliate_id, payout.amount.amount, payout.entry_count, payout.status],
    ['pay_1', 'aff_1', '60.00', 4, 'created']);
  const { paid } = r;
  assert.deepEqual([paid.status, paid.reference, paid.settled_at], ['paid', 'sepa-1', T(21)]);
  assert.deepEqual(program.payout('pay_1'), paid);
  assert.deepEqual(program.payouts(), [paid]);
  // Alice earned 60.00 + 15.00 + 60.00 = 135.00, reversed 7.50 + 7.50 + 60.00 = 75.00, paid 60.00.
  const balance = program.balance('aff_1', 'EUR');
  assert.deepEqual(['pending', 'approved', 'payable', 'in_payout', 'paid', 'earned', 'reversed'].map((f) => balance[f]),
    ['0.00', '0.00', '0.00', '0.00', '60.00', '135.00', '75.00'].map(eur));
  assert.equal(balance.affiliate_id, 'aff_1');
  assert.deepEqual(program.balance('aff_2', 'EUR').reversed, eur('30.00'));
});

test('a failed payout makes its entries payable again', () => {
  const p = aliceProgram(); // o1: 10.00 pending; o2: 10 % of 500.00 = 50.00, total 60.00
  p.trackOrder({ order: order('o2', [line('l1', 'p', '500.00')], { code: 'ALICE' }), at: T(2) });
  assert.deepEqual(p.approveDue({ at: T(20) }).map((c) => c.amount.amount), ['10.00', '50.00']);
  const [payout] = p.createPayouts({ at: T(20) });
  assert.deepEqual(p.balance('aff_1', 'EUR').in_payout, eur('60.00'));
  const failed = p.markPayoutFailed({ payout_id: payout.id, reason: 'bank rejected', at: T(21) });
  assert.deepEqual([failed.id, failed.status, failed.failure_reason, failed.amount.amount], ['pay_1', 'failed', 'bank rejected', '60.00']);
  assert.deepEqual(p.balance('aff_1', 'EUR').payable, eur('60.00'));
  // The payable balance rises to the minimum again when the payout fails: a second threshold event.
  assert.deepEqual(p.drainEvents().map((e) => e.type), [
    'affiliate.registered', 'order.tracked', 'commission.created', 'order.tracked', 'commission.created',
    'commission.approved', 'commission.approved', 'payout.threshold_reached', 'payout.created',
    'payout.failed', 'payout.threshold_reached']);
});

test('ledger reads', () => {
  const { program } = month();
  const commission = program.commission('com_3');
  assert.deepEqual([commission.affiliate_id, commission.level, commission.status, commission.sale_id], ['aff_1', 2, 'paid', 'o-2']);
  assert.deepEqual(commission.line_shares.map((s) => [s.line_id, s.amount]), [['l1', '15.00']]);
  assert.deepEqual(program.commissions().map((c) => c.id), ['com_1', 'com_2', 'com_3', 'com_4']);
  const entries = program.entries();
  assert.deepEqual(entries.map((e) => [e.kind, e.amount.amount, e.cause ?? null]), [
    ['commission', '60.00', null], ['commission', '30.00', null], ['commission', '15.00', null],
    ['commission', '60.00', null], ['reversal', '-15.00', 'r1'], ['reversal', '-7.50', 'r1'],
    ['reversal', '-15.00', 'cb1'], ['reversal', '-7.50', 'cb1'], ['rejection', '-60.00', 'duplicate']]);
  assert.deepEqual(entries[0].settlement, { state: 'paid', payout: 1 });
  assert.deepEqual(entries[1].settlement, { state: 'approved' });
});

test('stats, report, config and plan', () => {
  const { program } = month();
  const stats = program.stats();
  // Sales: o-1, o-2 and the payment; referrals: the two orders. Revenue 600 + 300 + 600 = 1500.00;
  // earned 60 + 30 + 15 + 60 = 165.00; reversed 30 + 15 + 60 = 105.00.
  assert.deepEqual([stats.affiliates, stats.active_affiliates, stats.sales, stats.referrals], [3, 2, 3, 2]);
  assert.deepEqual(amounts([stats.revenue, stats.earned, stats.reversed, stats.paid]), ['1500.00', '165.00', '105.00', '60.00']);
  const aliceStats = program.stats('aff_1');
  assert.deepEqual([aliceStats.affiliate_id, aliceStats.sales, aliceStats.earned.amount], ['aff_1', 2, '135.00']);
  // [03-01, 04-01) UTC in Paris: all of March (from 02-28 23:00 UTC) and the first of April.
  const report = program.report('month', T(1), D(1, 0, 0, { month: 4 }));
  assert.deepEqual(report.rows.map((row) => [row.label, row.sales, row.earned.amount, row.reversed.amount]), [
    ['2026-03', 3, '165.00', '105.00'], ['2026-04', 0, '0.00', '0.00']]);
  assert.deepEqual([report.rows[0].start, report.rows[0].end], [T(28, 23, 0, { month: 2 }), T(31, 22)]);
  const config = program.config();
  assert.deepEqual([config.currency, config.timezone, config.holding_days, config.auto_approve], ['EUR', 'Europe/Paris', 14, true]);
  assert.deepEqual(config.minimum_payout, { EUR: '50.00' });
  assert.deepEqual(program.plan(), Plan.fromJson(loadFixture('month-config.json').plan).toJson());
  assert.deepEqual(program.plan().rules.map((rule) => [rule.id, rule.rate]), [['default', '10'], ['books', '20']]);
  assert.deepEqual(program.plan().levels, [{ rate: '5', of: 'sale' }]);
});

test('events: eventsSince and drainEvents', () => {
  const { program } = month();
  const events = program.eventsSince(0);
  assert.deepEqual(events.map((e) => e.type), MONTH_EVENTS);
  assert.deepEqual(events.map((e) => e.sequence), MONTH_EVENTS.map((_, i) => i + 1));
  assert.deepEqual(events.slice(0, 2).map((e) => e.id), ['evt_1', 'evt_2']);
  assert.deepEqual(Object.keys(events[0]), ['id', 'sequence', 'occurred_at', 'type', 'data']);
  assert.equal(events[0].occurred_at, '2026-03-01T09:00:00Z');
  assert.deepEqual(events[0].data.affiliate.stats.total_earnings, eur('0.00'));
  assert.deepEqual(program.eventsSince(29).map((e) => e.type), ['payout.marked_paid', 'invitation.expired']);
  assert.deepEqual(program.eventsSince(29n), program.eventsSince(29));
  assert.deepEqual(program.eventsSince(31), []);
  const drained = program.drainEvents();
  assert.deepEqual(drained, events);
  assert.deepEqual(program.drainEvents(), []);
  assert.equal(program.eventsSince(0).length, MONTH_EVENTS.length); // draining keeps the history
  throwsType(() => program.eventsSince(-1), 'sequence must be a non-negative integer');
  throwsType(() => program.eventsSince('0'), 'sequence must be a non-negative integer');
});

test('the answers are the core JSON documents', () => {
  const { r } = month();
  assert.deepEqual(r.o1.total, { amount: '60.00', currency: 'EUR' });
  assert.equal(r.o1.commissions[0].created_at, T(3, 10));
  assert.equal(r.paid.reference, 'sepa-1');
  assert.deepEqual(r.invite.skipped, { already_affiliate: [], already_invited: [] });
  assert.equal(typeof r.o1.commissions[0].level, 'number');
});

test('execute runs a command {verb, ...fields}, exactly the core Command', () => {
  const p = monthProgram();
  const alice = p.execute({ verb: 'register_affiliate', registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' }, at: T(1) });
  assert.deepEqual([alice.id, alice.code], ['aff_1', 'ALICE']);
  // JSON text works as well: books 20 % of 50.00 = 10.00.
  const tracked = p.execute(JSON.stringify({ verb: 'track_order', order: order('o1', [line('l1', 'b', '50.00', { category: 'books' })], { code: 'ALICE' }), at: T(2) }));
  assert.deepEqual([tracked.credited, tracked.total], [true, eur('10.00')]);
  // drain_events as a command answers the events and is logged.
  const drained = p.execute({ verb: 'drain_events' });
  assert.deepEqual(drained.map((e) => e.type), ['affiliate.registered', 'order.tracked', 'commission.created']);
  assert.deepEqual(p.commandLog().map((c) => c.verb), ['register_affiliate', 'track_order', 'drain_events']);
  assert.deepEqual(p.drainEvents(), []);
  throwsType(() => p.registerAffiliate('Alice'), "registerAffiliate takes the command's fields as one object");
  throwsType(() => p.execute(5), 'command must be an object, not number');
});

test('snapshot, restore and replay', () => {
  const { program } = month();
  const config = loadFixture('month-config.json');
  const snapshot = program.snapshot();
  assert.equal(typeof snapshot, 'string');
  assert.equal(JSON.parse(snapshot).schema_version, 2);
  const restored = Program.restore(snapshot);
  assert.ok(restored instanceof Program);
  assert.equal(restored.snapshot(), snapshot);
  assert.deepEqual(restored.commandLog(), []); // a restored program's log starts empty
  assert.deepEqual(restored.balance('aff_1', 'EUR'), program.balance('aff_1', 'EUR'));
  const log = program.commandLog();
  assert.equal(log.length, 20); // every command of runMonth; validateCode and quote are reads
  assert.deepEqual(log.map((c) => c.verb), [
    'register_affiliate', 'update_affiliate', 'invite', 'accept_invitation', 'generate_code', 'add_code',
    'record_click', 'track_order', 'track_order', 'record_payment', 'refund', 'chargeback', 'reject_commission',
    'register_affiliate', 'set_affiliate_status', 'delete_affiliate', 'approve_due', 'create_payouts',
    'mark_payout_paid', 'expire_invitations']);
  assert.deepEqual(log[0], { verb: 'register_affiliate', registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' }, at: '2026-03-01T09:00:00Z' });
  assert.deepEqual(log[4], { verb: 'generate_code', affiliate_id: 'aff_2', seed: 42, at: T(2, 18, 1) });
  assert.equal(Program.replay(config, log).snapshot(), snapshot);
  assert.equal(Program.replay(JSON.stringify(config), JSON.stringify(log)).snapshot(), snapshot);
  const replayed = Program.replay(config, log);
  assert.deepEqual(replayed.commandLog(), log);
  assert.deepEqual(replayed.eventsSince(0), program.eventsSince(0));
});

test('a host keeps its own journal: executeJournaled, then Program.resume from a checkpoint', () => {
  // What a browser or server host does without a database in the module: it stores each accepted
  // command's journal text (here an array), and now and then a checkpoint (a snapshot).
  const stored = [];
  const p = monthProgram();
  const run = (command) => {
    const { answer, journal } = p.executeJournaled(command);
    stored.push(journal);
    return answer;
  };
  const alice = run({ verb: 'register_affiliate', registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' }, at: T(1) });
  assert.equal(alice.id, 'aff_1');
  assert.equal(stored[0], '{"verb":"register_affiliate","registration":{"name":"Alice","email":"alice@example.com","code":"ALICE"},"at":"2026-03-01T00:00:00Z"}');
  const checkpoint = p.snapshot();
  const after = stored.length;
  // 10 % of 200.00 = 20.00; a seed beyond 2^53 keeps its digits in the journal text.
  assert.deepEqual(run({ verb: 'track_order', order: order('o1', [line('l1', 'p', '200.00')], { code: 'ALICE' }), at: T(2) }).total, eur('20.00'));
  run({ verb: 'generate_code', affiliate_id: 'aff_1', seed: 18446744073709551615n, at: T(3) });
  assert.match(stored[2], /"seed":18446744073709551615,/);
  // A rejected command throws and leaves nothing to store.
  assert.throws(() => run({ verb: 'refund', refund: { id: 'r1', order_id: 'nope' }, at: T(4) }), { code: 'NOT_FOUND' });
  assert.equal(stored.length, 3);
  const resumed = Program.resume(checkpoint, stored.slice(after));
  assert.equal(resumed.snapshot(), p.snapshot());
  assert.deepEqual(resumed.balance('aff_1', 'EUR').pending, eur('20.00'));
  assert.equal(Program.resume(checkpoint, `[${stored.slice(after).join(',')}]`).snapshot(), p.snapshot());
  assert.equal(Program.resume(monthProgram().snapshot(), stored).snapshot(), p.snapshot());
  // The checkpoint already holds the registration: replaying it again is refused, naming it.
  assert.throws(() => Program.resume(checkpoint, stored), {
    code: 'INVALID_SNAPSHOT', message: /^invalid snapshot: command 0 \(register_affiliate\) was rejected: conflict/ });
});

test('a restored program continues identically', () => {
  const { program } = month();
  const copy = Program.restore(program.snapshot());
  for (const p of [program, copy]) {
    p.trackOrder({ order: order('o-9', [line('l1', 'rust-book', '100.00', { category: 'books' })], { code: 'ALICE' }), at: T(31, 20) });
  }
  assert.equal(copy.snapshot(), program.snapshot()); // books 20 % of 100.00 = 20.00 for both
  assert.deepEqual(copy.balance('aff_1', 'EUR'), program.balance('aff_1', 'EUR'));
  assert.deepEqual(copy.balance('aff_1', 'EUR').pending, eur('20.00'));
  assert.deepEqual(copy.eventsSince(0), program.eventsSince(0));
  copy.free();
});

test('idempotent retries, refund by lines and a weekly report', () => {
  const program = monthProgram();
  program.registerAffiliate({ registration: { name: 'Alice', email: 'alice@example.com', code: 'ALICE' }, at: T(1) });
  // 10 % of 100.00 + 50.00 = 15.00, one commission (one winning rule).
  const twoLines = order('o1', [line('l1', 'p', '100.00'), line('l2', 'q', '50.00')], { code: 'ALICE' });
  const first = program.trackOrder({ order: twoLines, at: T(2) });
  assert.deepEqual(first.total, eur('15.00'));
  assert.equal(first.commissions.length, 1);
  const snapshot = program.snapshot();
  assert.deepEqual(program.trackOrder({ order: twoLines, at: T(2, 5) }), first); // the same order again: the first answer
  assert.equal(program.snapshot(), snapshot);
  // Refunding line l2 reverses its share: 10 % of 50.00 = 5.00.
  const refund = program.refund({ refund: { id: 'r1', order_id: 'o1', lines: ['l2'] }, at: T(3) });
  assert.deepEqual([refund.amount.amount, refund.remaining.amount], ['50.00', '100.00']);
  assert.deepEqual(refund.reversals.map((x) => x.amount.amount), ['5.00']);
  assert.deepEqual(program.refund({ refund: { id: 'r1', order_id: 'o1', lines: ['l2'] }, at: T(3) }), refund);
  assert.deepEqual(program.sale('o1').refunded_lines, ['l2']);
  // ISO weeks in Paris: W10 runs from Monday 03-02 00:00 local (03-01 23:00 UTC).
  const report = program.report('week', T(1), T(9), 'aff_1');
  assert.deepEqual([report.granularity, report.affiliate_id, report.timezone], ['week', 'aff_1', 'Europe/Paris']);
  assert.deepEqual(report.rows.map((row) => [row.label, row.sales, row.revenue.amount, row.earned.amount, row.reversed.amount]), [
    ['2026-W09', 0, '0.00', '0.00', '0.00'], ['2026-W10', 1, '150.00', '15.00', '5.00'],
    ['2026-W11', 0, '0.00', '0.00', '0.00']]);
  assert.equal(report.rows[1].start, T(1, 23));
});

describe('JS inputs of the Program', () => {
  test('Dates go where instants go; an invalid Date is a TypeError naming the field', () => {
    const p = aliceProgram();
    unchanged(p, () => {
      throwsType(() => p.approveDue({ at: new Date(NaN) }), 'command.at: an invalid Date');
      throwsType(() => p.validateCode('ALICE', new Date('nope')), 'at: an invalid Date');
      throwsType(() => p.report('day', new Date(NaN), T(2)), 'from: an invalid Date');
      throwsType(() => p.report('day', T(1), 1772323200000), 'to must be an ISO-8601 string or a Date, not number');
      throwsType(() => p.quote(order('o2', [line('l1', 'p', '1.00')]), undefined), 'at must be an ISO-8601 string or a Date, not undefined');
      throwsType(() => p.addCode({ affiliate_id: 'aff_1', code: 'VIP', expires_at: new Date(NaN), at: T(3) }), 'command.expires_at: an invalid Date');
    });
    // A Date with milliseconds is kept to the millisecond.
    const vip = p.addCode({ affiliate_id: 'aff_1', code: 'VIP', expires_at: new Date(Date.UTC(2026, 3, 1, 0, 0, 0, 250)), at: D(3) });
    assert.deepEqual(vip.codes, ['ALICE', 'VIP']);
    assert.equal(p.commandLog().at(-1).at, T(3));
    assert.equal(p.commandLog().at(-1).expires_at, '2026-04-01T00:00:00.250Z');
  });

  test('a number where money is expected is a TypeError naming the path, and nothing changes', () => {
    const p = aliceProgram();
    unchanged(p, () => {
      for (const price of [10, 19.99]) {
        throwsType(() => p.trackOrder({ order: order('o2', [line('l1', 'p', price)]), at: T(3) }), 'command.order.lines[0].unit_price must be a decimal string');
        throwsType(() => p.quote(order('o2', [line('l1', 'p', price)]), T(3)), 'order.lines[0].unit_price must be a decimal string');
      }
      throwsType(() => p.refund({ refund: { id: 'r1', order_id: 'o1', amount: 5 }, at: T(3) }), 'command.refund.amount must be a decimal string');
      throwsType(() => p.addCode({ affiliate_id: 'aff_1', code: 'VIP', incentive: { discount: { type: 'percent_off', percent: 10 } }, at: T(3) }),
        'command.incentive.discount.percent must be a decimal string');
      throwsType(() => p.affiliate(5), 'affiliateId must be a string, not number');
      throwsType(() => p.validateCode(null, T(3)), 'code must be a string, not null');
      throwsType(() => p.balance('aff_1', undefined), 'currency must be a string, not undefined');
      throwsType(() => p.stats(7), 'affiliateId must be a string, not number');
    });
    const config = loadFixture('month-config.json');
    config.minimum_payout = { EUR: 50 };
    throwsType(() => new Program(config), 'config.minimum_payout.EUR must be a decimal string');
  });
});

test('trackMany answers each order: its outcome or its error, and a refused order changes nothing', () => {
  const p = aliceProgram();
  p.drainEvents();
  const rows = p.trackMany([
    order('o2', [line('l1', 'p', '200.00')], { code: 'ALICE' }), // 10 % = 20.00
    order('o3', [line('l1', 'p', '1.00', { quantity: 0 })], { code: 'ALICE' }), // refused by the core
    order('o4', [line('l1', 'rust-book', '50.00', { category: 'books' })], { code: 'ALICE' }), // 20 % = 10.00
    order('o5', [line('l1', 'p', '1.00', { quantity: -1 })], { code: 'ALICE' }), // unreadable: not a u32
  ], T(3), [null, null, 'v-9', null]);
  assert.deepEqual(rows.map((r) => (r instanceof Error ? [r.constructor.name, r.path] : [r.sale_id, r.total.amount])), [
    ['o2', '20.00'], ['InvalidOrderError', 'lines[0].quantity'], ['o4', '10.00'], ['InvalidOrderError', 'lines[0].quantity'],
  ]);
  assert.ok(rows[1] instanceof InvalidOrderError);
  assert.deepEqual(p.drainEvents().map((e) => e.type), ['order.tracked', 'commission.created', 'order.tracked', 'commission.created']);
  assert.equal(p.balance('aff_1', 'EUR').pending.amount, '40.00'); // 10.00 (o1) + 20.00 + 10.00
  assert.deepEqual(p.trackMany([], T(4)), []);
  assert.throws(() => p.trackMany([order('o6', [line('l1', 'p', '1.00')])], T(4), []), /visitorIds: expected an array of 1/);
});
