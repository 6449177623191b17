#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Snapshots, restore and replay: round trips, versions, truncated and tampered input, a restored
//! program behaving as the live one, and a property test over random command sequences.

mod program_support;

use std::collections::BTreeMap;

use affiliate_kit::money::Currency;
use affiliate_kit::program::{
    AffiliateStatus, Command, Payment, Program, ProgramConfig, Registration, Settlement, SCHEMA_VERSION,
};
use affiliate_kit::ErrorKind;
use chrono::{DateTime, TimeDelta, Utc};
use program_support::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A program with affiliates, invitations, clicks, orders, refunds, payouts (paid, created, failed).
fn history() -> Program {
    let mut p = Program::new(config_with(json!({"holding_days": 10}))).unwrap();
    let t = |d: u32| at(&format!("2026-01-{d:02}T09:00:00Z"));
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), t(1)).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), Some("aff_1")), t(1)).unwrap();
    p.register_affiliate(reg("Carl", "carl@example.com", Some("CARL"), None), t(1)).unwrap();
    p.invite(vec!["dora@example.com".into()], Some("aff_2".into()), t(1)).unwrap();
    p.record_click("v1", "carl", t(2)).unwrap();
    p.track_order(order_for("o1", "600.00", Some("BOB"), Some("c1"), None), None, t(2)).unwrap();
    p.track_order(order_for("o2", "700.00", None, Some("c2"), None), Some("v1".into()), t(2)).unwrap();
    p.track_order(order_for("o3", "400.00", Some("ALICE"), Some("c1"), None), None, t(3)).unwrap();
    p.refund(refund("r1", "o1", Some("100.00")), t(4)).unwrap();
    p.approve_due(t(14)).unwrap();
    p.create_payouts(t(15)).unwrap();
    p.mark_payout_paid("pay_1", Some("tr-1".into()), t(16)).unwrap();
    p.mark_payout_failed("pay_2", "closed account", t(16)).unwrap();
    p.drain_events();
    p.track_order(order_for("o4", "100.00", Some("BOB"), Some("c3"), None), None, t(20)).unwrap();
    p.refund(refund("r2", "o3", None), t(21)).unwrap();
    p
}

fn doc(p: &Program) -> Value {
    serde_json::from_str(&p.snapshot()).unwrap()
}

#[test]
fn the_history_is_what_the_tests_below_expect() {
    let p = history();
    let payouts: Vec<_> = p
        .payouts()
        .iter()
        .map(|x| (x.id.as_str(), x.affiliate_id.as_str(), x.amount.amount.to_string(), x.status))
        .collect();
    use affiliate_kit::program::PayoutStatus::*;
    assert_eq!(
        payouts,
        vec![
            ("pay_1", "aff_1", "65.00".to_string(), Paid),
            ("pay_2", "aff_2", "50.00".to_string(), Failed),
            ("pay_3", "aff_3", "70.00".to_string(), Created),
        ]
    );
    assert_eq!(bal(&p, "aff_1"), strs(["5.00", "0.00", "-40.00", "0.00", "65.00", "75.00", "45.00"]));
    assert_eq!(bal(&p, "aff_2"), strs(["10.00", "50.00", "50.00", "0.00", "0.00", "70.00", "10.00"]));
}

#[test]
fn restore_round_trips_and_continues_like_the_live_program() {
    let mut live = history();
    let snap = live.snapshot();
    let mut restored = Program::restore(&snap).unwrap();
    assert_eq!(restored.snapshot(), snap);
    assert_eq!(restored, live);
    assert!(restored.command_log().is_empty());
    // Written as version 2 while the plan has no versions (libraries before plan versions read it).
    assert_eq!(doc(&live)["schema_version"], 2);
    assert_eq!(SCHEMA_VERSION, 3);
    for id in ["aff_1", "aff_2", "aff_3"] {
        assert_eq!(restored.balance(id, Currency::EUR).unwrap(), live.balance(id, Currency::EUR).unwrap());
        assert_eq!(restored.affiliate(id).unwrap(), live.affiliate(id).unwrap());
        assert_eq!(restored.stats(Some(id)).unwrap(), live.stats(Some(id)).unwrap());
    }

    // The same commands give the same answers and the same state on both.
    let t = |d: u32| at(&format!("2026-02-{d:02}T09:00:00Z"));
    let commands = vec![
        Command::RegisterAffiliate { registration: reg("Alias", "ALICE@example.com", None, None), at: t(1) },
        Command::AddCode {
            affiliate_id: "aff_3".into(),
            code: "alice".into(),
            incentive: None,
            expires_at: None,
            at: t(1),
        },
        Command::Invite {
            emails: vec!["DORA@example.com".into(), "eve@example.com".into()],
            invited_by: None,
            at: t(1),
        },
        Command::TrackOrder {
            order: order_for("o1", "600.00", Some("BOB"), Some("c1"), None),
            visitor_id: None,
            at: t(2),
        },
        Command::TrackOrder {
            order: order_for("o5", "300.00", Some("BOB"), Some("c1"), None),
            visitor_id: None,
            at: t(2),
        },
        Command::TrackOrder {
            order: order_for("o6", "300.00", None, Some("c9"), None),
            visitor_id: Some("v1".into()),
            at: t(3),
        },
        Command::Refund { refund: refund("r1", "o1", Some("100.00")), at: t(3) },
        Command::Refund { refund: refund("r3", "o1", None), at: t(3) },
        Command::RecordPayment { payment: Payment::new("o4-2", "o4"), at: t(4) },
        Command::ApproveDue { at: t(20) },
        Command::MarkPayoutPaid { payout_id: "pay_3".into(), reference: None, at: t(21) },
        Command::CreatePayouts { at: t(21) },
        Command::RejectCommission { commission_id: "com_1".into(), reason: "late".into(), at: t(22) },
        Command::DrainEvents {},
    ];
    for command in commands {
        let shown = format!("{command:?}");
        let a = live.execute(command.clone()).map_err(|e| e.kind());
        let b = restored.execute(command).map_err(|e| e.kind());
        assert_eq!(a, b, "{shown}");
        assert_eq!(live.snapshot(), restored.snapshot(), "{shown}");
    }
    assert_eq!(restored, live);
}

#[test]
fn replay_rebuilds_the_program_from_its_log() {
    let p = history();
    let replayed = Program::replay(p.config().clone(), p.command_log()).unwrap();
    assert_eq!(replayed.snapshot(), p.snapshot());
    // The log travels as JSON.
    let json = serde_json::to_string(p.command_log()).unwrap();
    let log: Vec<Command> = serde_json::from_str(&json).unwrap();
    assert_eq!(log, p.command_log());
    let first: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(first[0]["verb"], "register_affiliate");
    assert_eq!(Program::replay(p.config().clone(), &log).unwrap().snapshot(), p.snapshot());
    // A log with a command that fails is refused, naming the command.
    let mut bad = log.clone();
    bad.push(Command::DeleteAffiliate { affiliate_id: "aff_9".into(), at: at("2026-03-01T00:00:00Z") });
    assert_eq!(err_kind(Program::replay(p.config().clone(), &bad)), ErrorKind::InvalidSnapshot);
    // Under another config the log gives another program.
    let other = Program::replay(config_with(json!({"holding_days": 10, "rounding": "toward_zero"})), &log).unwrap();
    assert_ne!(other.snapshot(), p.snapshot());
}

#[test]
fn resume_is_a_checkpoint_plus_the_commands_after_it() {
    let p = history();
    let log = p.command_log().to_vec();
    for cut in [0, 3, log.len()] {
        let checkpoint = Program::replay(p.config().clone(), &log[..cut]).unwrap().snapshot();
        let resumed = Program::resume(&checkpoint, &log[cut..]).unwrap();
        assert_eq!(resumed.snapshot(), p.snapshot(), "checkpoint after {cut} commands");
    }
    // A command the checkpoint already holds is refused, naming its position after the checkpoint.
    let checkpoint = Program::replay(p.config().clone(), &log[..1]).unwrap().snapshot();
    let err = Program::resume(&checkpoint, &log[..1]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSnapshot);
    assert!(
        err.to_string().starts_with("invalid snapshot: command 0 (register_affiliate) was rejected: conflict"),
        "{err}"
    );
}

#[test]
fn a_streamed_snapshot_is_the_same_bytes_and_reads_back() {
    let p = history();
    let mut bytes = Vec::new();
    p.write_snapshot(&mut bytes).unwrap();
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), p.snapshot());
    let read = Program::restore_from_reader(bytes.as_slice()).unwrap();
    assert_eq!(read.snapshot(), p.snapshot());
    let mut future = doc(&p);
    future["schema_version"] = json!(4);
    let err = Program::restore_from_reader(future.to_string().as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "unsupported snapshot schema_version 4 (this library reads up to 3)");
    future["schema_version"] = json!(0);
    let err = Program::restore_from_reader(future.to_string().as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "invalid snapshot: schema_version 0 does not exist");
    assert_eq!(err_kind(Program::restore_from_reader(&bytes[..bytes.len() - 1])), ErrorKind::InvalidSnapshot);
}

/// A checkpoint reads back to the same program (the same snapshot, balances and next answers), and
/// the bytes it did not write are an error, never a panic.
#[test]
fn a_checkpoint_reads_back_to_the_same_program_and_refuses_other_bytes() {
    let mut p = history();
    let mut bytes = Vec::new();
    p.write_checkpoint(&mut bytes).unwrap();
    assert_eq!(&bytes[..8], b"AKCP\x03\x00\x00\x00");
    let mut again = Vec::new();
    p.write_checkpoint(&mut again).unwrap();
    assert_eq!(bytes, again, "deterministic");
    let mut read = Program::read_checkpoint(&bytes[..], |_| Ok(())).unwrap();
    assert_eq!(read.snapshot(), p.snapshot());
    assert_eq!(read.balance("aff_2", Currency::EUR).unwrap(), p.balance("aff_2", Currency::EUR).unwrap());
    // Both go on alike: a refund of o4, approvals, payouts.
    for program in [&mut p, &mut read] {
        program.refund(refund("r3", "o4", None), at("2026-01-22T09:00:00Z")).unwrap();
        program.approve_due(at("2026-02-20T09:00:00Z")).unwrap();
        program.create_payouts(at("2026-02-21T09:00:00Z")).unwrap();
    }
    assert_eq!(read.snapshot(), p.snapshot());

    // `verify` sees the input after its end, and its error is the answer.
    let refused = Program::read_checkpoint(&bytes[..], |rest: &[u8]| {
        assert!(rest.is_empty());
        Err(affiliate_kit::Error::CorruptJournal { reason: "digest".into() })
    });
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::CorruptJournal);
    let mut newer = bytes.clone();
    newer[4] = 4;
    assert_eq!(Program::read_checkpoint(&newer[..], |_| Ok(())).unwrap_err().kind(), ErrorKind::UnsupportedVersion);
    for cut in 0..bytes.len() {
        let err = Program::read_checkpoint(&bytes[..cut], |_| Ok(())).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidSnapshot, "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(Program::read_checkpoint(&longer[..], |_| Ok(())).unwrap_err().kind(), ErrorKind::InvalidSnapshot);
    // Any byte changed: an error or a program (a store's digest tells them apart), never a panic.
    for i in 8..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut changed = bytes.clone();
            changed[i] ^= flip;
            let _ = Program::read_checkpoint(&changed[..], |_| Ok(()));
        }
    }
}

#[test]
fn forgotten_events_keep_their_numbers_and_leave_the_snapshot() {
    let mut p = history();
    let total = p.events_since(0).len() as u64;
    assert_eq!(p.next_event_sequence(), total + 1);
    let mut replayed = Program::replay(p.config().clone(), p.command_log()).unwrap();
    p.forget_events(3);
    assert_eq!(p.events_since(0).first().map(|e| e.sequence), Some(4));
    assert_eq!(p.events_since(5).first().map(|e| e.sequence), Some(6));
    assert_eq!(p.next_event_sequence(), total + 1);
    // The snapshot says how many were forgotten, restores, and goes on numbering from there.
    assert_eq!(doc(&p)["state"]["events"]["forgotten"], json!(3));
    let mut restored = Program::restore(&p.snapshot()).unwrap();
    assert_eq!(restored.snapshot(), p.snapshot());
    replayed.forget_events(3);
    assert_eq!(replayed.snapshot(), p.snapshot());
    restored.forget_events(u64::MAX);
    assert!(restored.events_since(0).is_empty());
    let registration = serde_json::from_value(json!({"name": "Zed", "email": "zed@example.com"})).unwrap();
    restored.register_affiliate(registration, at("2026-04-01T00:00:00Z")).unwrap();
    assert_eq!(restored.events_since(0).iter().map(|e| e.sequence).collect::<Vec<_>>(), [total + 1]);
    // Event numbers beyond i64::MAX (SQLite's and JSON's safe range) are refused, and so is a
    // forgotten count that does not match the events kept.
    let mut far = doc(&p);
    far["state"]["events"]["forgotten"] = json!(u64::MAX - 1);
    assert_eq!(
        Program::restore(&far.to_string()).unwrap_err().to_string(),
        "invalid snapshot: the event numbers are out of range"
    );
    let mut shifted = doc(&p);
    shifted["state"]["events"]["forgotten"] = json!(4);
    assert_eq!(err_kind(Program::restore(&shifted.to_string())), ErrorKind::InvalidSnapshot);
    // A program whose events were never forgotten writes no `forgotten` key (older snapshots read the same).
    assert!(doc(&history())["state"]["events"].get("forgotten").is_none());
    // Taking the command log empties it; the state stays.
    let before = restored.snapshot();
    assert_eq!(restored.take_command_log().len(), 1);
    assert!(restored.command_log().is_empty());
    assert_eq!(restored.snapshot(), before);
}

#[test]
fn versions_and_malformed_snapshots_are_refused() {
    let p = history();
    let snap = p.snapshot();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = doc(&p);
        f(&mut v);
        Program::restore(&v.to_string())
    };
    assert_eq!(err_kind(with(&|v| v["schema_version"] = json!(99))), ErrorKind::UnsupportedVersion);
    match with(&|v| v["schema_version"] = json!(99)) {
        Err(affiliate_kit::Error::UnsupportedVersion { found, supported, .. }) => {
            assert_eq!((found, supported), (99, SCHEMA_VERSION))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err_kind(with(&|v| v["schema_version"] = json!(0))), ErrorKind::InvalidSnapshot);
    assert_eq!(err_kind(with(&|v| v["schema_version"] = json!("1"))), ErrorKind::InvalidSnapshot);
    assert_eq!(
        err_kind(with(&|v| {
            v.as_object_mut().unwrap().remove("schema_version");
        })),
        ErrorKind::InvalidSnapshot
    );
    assert_eq!(err_kind(with(&|v| v["state"]["surprise"] = json!(1))), ErrorKind::InvalidSnapshot);
    for cut in [0, 1, snap.len() / 3, snap.len() / 2, snap.len() - 1] {
        assert_eq!(err_kind(Program::restore(&snap[..cut])), ErrorKind::InvalidSnapshot, "cut at {cut}");
    }
    assert_eq!(err_kind(Program::restore("[]")), ErrorKind::InvalidSnapshot);
    assert_eq!(err_kind(Program::restore("not json")), ErrorKind::InvalidSnapshot);
}

#[test]
fn tampered_snapshots_are_refused() {
    let p = history();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = doc(&p);
        f(&mut v);
        Program::restore(&v.to_string())
    };
    // The untampered document restores.
    assert!(with(&|_| {}).is_ok());
    // A payout amount (paid or created) that its entries do not add up to.
    assert_eq!(
        err_kind(with(&|v| v["state"]["payouts"][0]["amount"]["amount"] = json!("650.00"))),
        ErrorKind::InvalidSnapshot
    );
    assert_eq!(
        err_kind(with(&|v| v["state"]["payouts"][2]["amount"]["amount"] = json!("70.01"))),
        ErrorKind::InvalidSnapshot
    );
    assert_eq!(err_kind(with(&|v| v["state"]["payouts"][0]["entry_count"] = json!(1))), ErrorKind::InvalidSnapshot);
    // A commission amount that its ledger entry does not match.
    assert_eq!(
        err_kind(with(&|v| v["state"]["commissions"][0]["amount"]["amount"] = json!("600.00"))),
        ErrorKind::InvalidSnapshot
    );
    // An entry amount changed: the commission and the payout disagree with it.
    assert_eq!(
        err_kind(with(&|v| v["state"]["entries"][0]["amount"]["amount"] = json!("61.00"))),
        ErrorKind::InvalidSnapshot
    );
    // A reversal larger than the commission.
    let reversal =
        |v: &Value| v["state"]["entries"].as_array().unwrap().iter().position(|e| e["kind"] == "reversal").unwrap();
    assert_eq!(
        err_kind(with(&|v| {
            let k = reversal(v);
            v["state"]["entries"][k]["amount"]["amount"] = json!("-600.00");
        })),
        ErrorKind::InvalidSnapshot
    );
    // An entry in a payout that does not exist, or naming an unknown commission.
    assert_eq!(
        err_kind(with(&|v| v["state"]["entries"][0]["settlement"] = json!({"state": "paid", "payout": 9}))),
        ErrorKind::InvalidSnapshot
    );
    assert_eq!(
        err_kind(with(&|v| v["state"]["entries"][0]["commission_id"] = json!("com_99"))),
        ErrorKind::InvalidSnapshot
    );
    // Duplicate ids and codes.
    assert_eq!(err_kind(with(&|v| v["state"]["affiliates"][1]["id"] = json!("aff_1"))), ErrorKind::InvalidSnapshot);
    assert_eq!(
        err_kind(with(&|v| v["state"]["affiliates"][1]["codes"][0]["code"] = json!("ALICE"))),
        ErrorKind::InvalidSnapshot
    );
    assert_eq!(err_kind(with(&|v| v["state"]["sales"][1]["id"] = json!("o1"))), ErrorKind::InvalidSnapshot);
    // A malformed money amount (a JSON number that is not an integer).
    assert_eq!(
        err_kind(with(&|v| v["state"]["entries"][0]["amount"]["amount"] = json!(60.0))),
        ErrorKind::InvalidSnapshot
    );
}

// ---------------------------------------------------------------------------------------------
// Property test: random command sequences.

#[derive(Debug, Clone)]
enum Op {
    Register {
        parent: Option<usize>,
    },
    Status {
        affiliate: usize,
        status: usize,
    },
    Click {
        visitor: usize,
        affiliate: usize,
    },
    Order {
        cents: u64,
        second: Option<u64>,
        code: Option<usize>,
        visitor: Option<usize>,
        customer: Option<usize>,
    },
    Payment {
        order: usize,
    },
    Refund {
        order: usize,
        cents: Option<u64>,
        chargeback: bool,
    },
    RefundLine {
        order: usize,
        line: usize,
    },
    RepeatRefund {
        refund: usize,
        cents: Option<u64>,
    },
    Approve,
    Payouts,
    Paid {
        payout: usize,
    },
    Failed {
        payout: usize,
    },
    Reject {
        commission: usize,
    },
    /// Hold or release an affiliate, reject their held commissions, hold or release a commission.
    Hold {
        affiliate: usize,
        commission: usize,
        kind: usize,
    },
    Drain,
    Advance {
        hours: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => proptest::option::of(0..6usize).prop_map(|parent| Op::Register { parent }),
        1 => (0..6usize, 0..4usize).prop_map(|(affiliate, status)| Op::Status { affiliate, status }),
        2 => (0..4usize, 0..7usize).prop_map(|(visitor, affiliate)| Op::Click { visitor, affiliate }),
        6 => (
            1..200_000u64,
            proptest::option::of(1..50_000u64),
            proptest::option::weighted(0.8, prop_oneof![4 => 0..3usize, 1 => 0..7usize]),
            proptest::option::of(0..4usize),
            proptest::option::of(0..5usize)
        )
            .prop_map(|(cents, second, code, visitor, customer)| Op::Order { cents, second, code, visitor, customer }),
        2 => (0..12usize).prop_map(|order| Op::Payment { order }),
        4 => (0..12usize, proptest::option::of(1..250_000u64), any::<bool>())
            .prop_map(|(order, cents, chargeback)| Op::Refund { order, cents, chargeback }),
        1 => (0..12usize, 0..3usize).prop_map(|(order, line)| Op::RefundLine { order, line }),
        1 => (0..8usize, proptest::option::of(1..250_000u64)).prop_map(|(refund, cents)| Op::RepeatRefund { refund, cents }),
        3 => Just(Op::Approve),
        2 => Just(Op::Payouts),
        2 => (0..6usize).prop_map(|payout| Op::Paid { payout }),
        1 => (0..6usize).prop_map(|payout| Op::Failed { payout }),
        1 => (0..20usize).prop_map(|commission| Op::Reject { commission }),
        2 => (0..6usize, 0..20usize, 0..5usize).prop_map(|(affiliate, commission, kind)| Op::Hold { affiliate, commission, kind }),
        1 => Just(Op::Drain),
        3 => (1..(24 * 20i64)).prop_map(|hours| Op::Advance { hours }),
    ]
}

fn prop_config() -> ProgramConfig {
    let plan = json!({
        "currency": "EUR",
        "rules": [
            {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "12.5"},
            {"id": "second", "target": {"type": "product", "products": ["b"]}, "commission": "percentage", "rate": "7",
             "conditions": {"payments": {"type": "first_n", "count": 2}}}
        ],
        "caps": {"per_customer": {"amount": "400.00", "currency": "EUR"}},
        "levels": [{"rate": "3", "of": "sale"}, {"rate": "10", "of": "commission"}]
    });
    config_from(plan, json!({"holding_days": 5, "minimum_payout": {"EUR": "25.00"}, "timezone": "Europe/Paris"}))
}

fn cents(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// Translates an op into a command against the program's current contents.
struct Driver {
    now: DateTime<Utc>,
    affiliates: usize,
    orders: usize,
    refunds: Vec<(String, String)>,
    payments: usize,
    next_refund: usize,
}

impl Driver {
    fn command(&mut self, p: &Program, op: &Op) -> Option<Command> {
        let at = self.now;
        let code = |k: usize, n: usize| if k < n { format!("AFF{k}") } else { format!("NOPE{k}") };
        let order_id = |k: usize, n: usize| format!("o{}", if n == 0 { k } else { k % (n + 1) });
        Some(match op.clone() {
            Op::Register { parent } => {
                let k = self.affiliates;
                self.affiliates += 1;
                Command::RegisterAffiliate {
                    registration: Registration {
                        code: Some(format!("AFF{k}")),
                        parent: parent.map(|x| format!("aff_{}", x % (k.max(1)) + 1)).filter(|_| k > 0),
                        ..reg(&format!("Affiliate {k}"), &format!("a{k}@example.com"), None, None)
                    },
                    at,
                }
            }
            Op::Status { affiliate, status } => Command::SetAffiliateStatus {
                affiliate_id: format!("aff_{}", affiliate + 1),
                status: [
                    AffiliateStatus::Active,
                    AffiliateStatus::Inactive,
                    AffiliateStatus::Suspended,
                    AffiliateStatus::Pending,
                ][status],
                at,
            },
            Op::Click { visitor, affiliate } => {
                Command::RecordClick { visitor_id: format!("v{visitor}"), code: code(affiliate, self.affiliates), at }
            }
            Op::Order { cents: c, second, code: k, visitor, customer } => {
                let id = format!("o{}", self.orders);
                self.orders += 1;
                let mut lines = vec![json!({"id": "l1", "product": "a", "quantity": 1, "unit_price": cents(c)})];
                if let Some(c2) = second {
                    lines.push(
                        json!({"id": "l2", "product": "b", "quantity": 2, "unit_price": cents(c2), "tax": "1.10"}),
                    );
                }
                let order = order_json(json!({
                    "id": id, "currency": "EUR", "lines": lines, "shipping": "4.99",
                    "code": k.map(|k| code(k, self.affiliates).to_lowercase()),
                    "customer": {"id": customer.map(|c| format!("c{c}"))},
                }));
                Command::TrackOrder { order, visitor_id: visitor.map(|v| format!("v{v}")), at }
            }
            Op::Payment { order } => {
                self.payments += 1;
                Command::RecordPayment {
                    payment: Payment::new(format!("pm{}", self.payments), order_id(order, self.orders)),
                    at,
                }
            }
            Op::Refund { order, cents: c, chargeback } => {
                let refund =
                    refund(&format!("r{}", self.next_refund), &order_id(order, self.orders), c.map(cents).as_deref());
                self.next_refund += 1;
                self.refunds.push((refund.id.clone(), refund.order_id.clone()));
                if chargeback {
                    Command::Chargeback { refund, at }
                } else {
                    Command::Refund { refund, at }
                }
            }
            Op::RefundLine { order, line } => {
                let refund = refund_lines(
                    &format!("r{}", self.next_refund),
                    &order_id(order, self.orders),
                    &[["l1", "l2", "l3"][line]],
                );
                self.next_refund += 1;
                Command::Refund { refund, at }
            }
            Op::RepeatRefund { refund: k, cents: c } => {
                let (id, order) = self.refunds.get(k % self.refunds.len().max(1))?.clone();
                Command::Refund { refund: refund(&id, &order, c.map(cents).as_deref()), at }
            }
            Op::Approve => Command::ApproveDue { at },
            Op::Payouts => Command::CreatePayouts { at },
            Op::Paid { payout } => Command::MarkPayoutPaid {
                payout_id: format!("pay_{}", payout % p.payouts().len().max(1) + 1),
                reference: None,
                at,
            },
            Op::Failed { payout } => Command::MarkPayoutFailed {
                payout_id: format!("pay_{}", payout % p.payouts().len().max(1) + 1),
                reason: "bank refused".into(),
                at,
            },
            Op::Reject { commission } => Command::RejectCommission {
                commission_id: format!("com_{}", commission % p.commissions().len().max(1) + 1),
                reason: "fraud".into(),
                at,
            },
            Op::Hold { affiliate, commission, kind } => {
                let affiliate_id = format!("aff_{}", affiliate + 1);
                let commission_id = format!("com_{}", commission % p.commissions().len().max(1) + 1);
                let reason = "review".to_string();
                match kind {
                    0 => Command::HoldAffiliate { affiliate_id, reason, at },
                    1 => Command::ReleaseAffiliate { affiliate_id, at },
                    2 => Command::RejectHeld { affiliate_id, reason, at },
                    3 => Command::HoldCommission { commission_id, reason, at },
                    _ => Command::ReleaseCommission { commission_id, at },
                }
            }
            Op::Drain => Command::DrainEvents {},
            Op::Advance { hours } => {
                self.now += TimeDelta::hours(hours);
                return None;
            }
        })
    }
}

/// Every affiliate's balance adds up, matches its entries bucket by bucket, and no commission is
/// reversed beyond its amount.
fn check_invariants(p: &Program) -> Result<(), TestCaseError> {
    let mut by_bucket: BTreeMap<(String, &str), Decimal> = BTreeMap::new();
    for e in p.entries() {
        let bucket = match e.settlement {
            Settlement::Pending => "pending",
            Settlement::Approved => "payable",
            Settlement::InPayout(_) => "in_payout",
            Settlement::Paid(_) => "paid",
            Settlement::Held => "held",
        };
        *by_bucket.entry((e.affiliate_id.clone(), bucket)).or_default() += e.amount.amount;
    }
    for a in p.affiliates() {
        let b = p.balance(&a.id, Currency::EUR).unwrap();
        prop_assert_eq!(
            b.earned.amount - b.reversed.amount,
            b.pending.amount + b.held.amount + b.payable.amount + b.in_payout.amount + b.paid.amount,
            "conservation for {}",
            a.id
        );
        for (bucket, value) in [
            ("pending", b.pending),
            ("held", b.held),
            ("payable", b.payable),
            ("in_payout", b.in_payout),
            ("paid", b.paid),
        ] {
            let from_entries = by_bucket.get(&(a.id.clone(), bucket)).copied().unwrap_or_default();
            prop_assert_eq!(value.amount, from_entries, "{} {} from entries", a.id, bucket);
            prop_assert_eq!(value.amount.scale(), 2, "{} {} scale", a.id, bucket);
        }
        prop_assert_eq!(a.stats.total_earnings.amount, b.earned.amount - b.reversed.amount);
    }
    for c in p.commissions() {
        let view = c.view();
        prop_assert!(
            view.reversed.amount <= c.amount.amount,
            "{} reversed {} of {}",
            c.id,
            view.reversed.amount,
            c.amount.amount
        );
        prop_assert!(c.remaining() >= Decimal::ZERO);
        prop_assert!(c.amount.amount > Decimal::ZERO);
    }
    for payout in p.payouts() {
        prop_assert!(payout.amount.amount > Decimal::ZERO, "{} pays {}", payout.id, payout.amount.amount);
    }
    for sale in p.events_since(0).iter().filter_map(|e| match &e.data {
        affiliate_kit::program::EventData::OrderUpdated { order_id, .. } => Some(order_id),
        _ => None,
    }) {
        let s = p.sale(sale).unwrap();
        prop_assert!(s.refunded <= s.gross, "{} refunded {} of {}", s.id, s.refunded, s.gross);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_command_sequences_keep_the_books(ops in proptest::collection::vec(op(), 1..120)) {
        let config = prop_config();
        let mut p = Program::new(config.clone()).unwrap();
        let mut driver = Driver {
            now: at("2026-01-01T08:00:00Z"),
            affiliates: 0,
            orders: 0,
            refunds: Vec::new(),
            payments: 0,
            next_refund: 0,
        };
        // Start with two affiliates so that most orders are attributed.
        for op in [Op::Register { parent: None }, Op::Register { parent: Some(0) }] {
            let command = driver.command(&p, &op).unwrap();
            p.execute(command).unwrap();
        }
        for op in &ops {
            let Some(command) = driver.command(&p, op) else { continue };
            let before = p.snapshot();
            let log = p.command_log().len();
            let shown = format!("{command:?}");
            match p.execute(command) {
                Ok(_) => prop_assert_eq!(p.command_log().len(), log + 1),
                Err(e) => {
                    prop_assert!(p.snapshot() == before, "rejected {} ({}) changed the program", shown, e);
                    prop_assert_eq!(p.command_log().len(), log);
                }
            }
            check_invariants(&p)?;
        }
        let snap = p.snapshot();
        let replayed = Program::replay(config, p.command_log()).unwrap();
        prop_assert!(replayed.snapshot() == snap, "replay differs");
        let mut checkpoint = Vec::new();
        p.write_checkpoint(&mut checkpoint).unwrap();
        let read = Program::read_checkpoint(&checkpoint[..], |_| Ok(())).unwrap();
        for restored in [Program::restore(&snap).unwrap(), read] {
            prop_assert!(restored.snapshot() == snap, "restore differs");
            prop_assert!(restored == p);
            for a in p.affiliates() {
                prop_assert_eq!(restored.balance(&a.id, Currency::EUR).unwrap(), p.balance(&a.id, Currency::EUR).unwrap());
                prop_assert_eq!(restored.affiliate(&a.id).unwrap(), a.clone());
                prop_assert_eq!(restored.stats(Some(&a.id)).unwrap(), p.stats(Some(&a.id)).unwrap());
            }
            // The restored program quotes the next order exactly as the live one (same volumes, caps).
            let next = order_for("next", "1234.56", Some("AFF1"), Some("c1"), None);
            let when = driver.now + TimeDelta::hours(1);
            prop_assert_eq!(restored.quote(&next, Some("v1"), when).map_err(|e| e.kind()), p.quote(&next, Some("v1"), when).map_err(|e| e.kind()));
        }
    }
}
