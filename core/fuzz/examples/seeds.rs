//! Writes the seed corpora under `corpus/<target>/` from the shared fixtures and scenarios:
//! `cargo run -p affiliate-kit-fuzz --example seeds`. Deterministic; it only (re)writes its own
//! named files, so inputs added by fuzzing (named by their hash) stay.

use std::fs;
use std::path::{Path, PathBuf};

use affiliate_kit::program::{Command, Program};
use affiliate_kit_fuzz::commands::{encode_scenario, op, worlds, Step, World, SCENARIOS};
use serde_json::Value;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    money_parse(&root.join("money_parse"));
    codes(&root.join("codes"));
    plan_json(&root.join("plan_json"));
    snapshot_restore(&root.join("snapshot_restore"));
    commands(&root.join("commands"));
}

fn write(dir: &Path, name: &str, data: &[u8]) {
    fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path: PathBuf = dir.join(name);
    fs::write(&path, data).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every string value under the given keys anywhere in `value`.
fn strings_under(value: &Value, keys: &[&str], out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if let (true, Some(s)) = (keys.contains(&k.as_str()), v.as_str()) {
                    if !out.iter().any(|o| o == s) {
                        out.push(s.to_string());
                    }
                }
                strings_under(v, keys, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| strings_under(v, keys, out)),
        _ => {}
    }
}

fn scenario_docs() -> Vec<(&'static str, Value)> {
    SCENARIOS.iter().map(|(name, json)| (*name, serde_json::from_str(json).unwrap_or(Value::Null))).collect()
}

fn money_parse(dir: &Path) {
    // Amounts of the scenarios and fixtures, each with a currency and weights to allocate by.
    let mut amounts = Vec::new();
    let keys = ["amount", "unit_price", "rate", "threshold", "discount", "tax", "shipping", "percent"];
    for (_, doc) in scenario_docs() {
        strings_under(&doc, &keys, &mut amounts);
    }
    for fixture in ["../tests/fixtures/quickstart-plan.json", "../tests/fixtures/quickstart-orders.json"] {
        strings_under(&serde_json::from_str(&read(fixture)).unwrap_or(Value::Null), &keys, &mut amounts);
    }
    let currencies = ["EUR", "JPY", "KWD", "USD"];
    for (i, amount) in amounts.iter().take(24).enumerate() {
        let currency = currencies[i % currencies.len()];
        write(dir, &format!("fixture-{i:02}"), format!("{amount}\n{currency}\n70\n30\n0.5").as_bytes());
    }
    // The README's accepted and refused examples, and the edges.
    let edges = [
        "12",
        "12.5",
        "-3.10",
        "1e3",
        "NaN",
        "inf",
        "",
        " 1",
        "1,50",
        "+1",
        ".5",
        "5.",
        "-0.00",
        "007.50",
        "1234567890123456789012345678",
        "12345678901234567890123456789",
        "0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "-9999999999999999999999999999",
        "199.99\nEUR",
        "1005\nJPY\n1\n1",
        "0.05\nEUR\n70\n30",
        "100.5\nJPY",
        "0.125\nKWD\n1\n0\n2",
        "1\neur",
        "1\nXAU",
        "5\nEUR\n0\n0",
        "0\nEUR\n0",
    ];
    for (i, edge) in edges.iter().enumerate() {
        write(dir, &format!("edge-{i:02}"), edge.as_bytes());
    }
}

fn codes(dir: &Path) {
    let mut codes = Vec::new();
    for (_, doc) in scenario_docs() {
        strings_under(&doc, &["code", "prefix"], &mut codes);
    }
    codes.extend(
        [
            "1vxs-nzgey",
            "IVXSNZGEY",
            "1VXSNZGEY",
            "JOHNSMITH",
            "john-25",
            "HELLOUSER",
            "\u{410}LICE",
            "AL\u{200b}ICE",
            "AL\u{1F600}CE",
            " ab-c 12 ",
            "\tALICE",
            "A\tB",
            "",
            "---",
            "admin",
            "R-ABCD-E",
            "summer-2345",
        ]
        .map(str::to_string),
    );
    let policies = affiliate_kit_fuzz::codes::policies().len();
    for (i, code) in codes.iter().take(40).enumerate() {
        let selector = u8::try_from(i % policies).unwrap_or(0);
        let mut data = vec![selector, u8::try_from(i).unwrap_or(0), u8::try_from(i * 7).unwrap_or(0)];
        data.extend(code.as_bytes());
        write(dir, &format!("code-{i:02}"), &data);
    }
    let custom = [
        "{\"prefix\": \"r\", \"generated_length\": 6}\nr-abcd-efgh",
        "{\"min_length\": 1, \"max_length\": 256, \"generated_length\": 1}\nzz",
        "{\"min_length\": 4, \"max_length\": 3}\nabcd",
        "{\"prefix\": \"\u{410}\"}\nabc",
        "{\"reserved\": [\"bad word\", \"x_y\"]}\nBADWORD",
    ];
    for (i, text) in custom.iter().enumerate() {
        let mut data = vec![255, 3, 9];
        data.extend(text.as_bytes());
        write(dir, &format!("policy-{i}"), &data);
    }
}

fn plan_json(dir: &Path) {
    write(dir, "quickstart-plan", read("../tests/fixtures/quickstart-plan.json").as_bytes());
    for n in [1, 10] {
        write(
            dir,
            &format!("bench-plan-{n}-rules"),
            read(&format!("../../benches/fixtures/plan-{n}-rules.json")).as_bytes(),
        );
    }
    let month: Value = serde_json::from_str(&read("../tests/fixtures/month-config.json")).unwrap_or(Value::Null);
    let mut plans = vec![month.get("plan").cloned().unwrap_or(Value::Null)];
    for (_, doc) in scenario_docs() {
        plans.push(doc.pointer("/config/plan").cloned().unwrap_or(Value::Null));
    }
    for (_, json) in affiliate_kit_fuzz::commands::CONFIGS {
        let config: Value = serde_json::from_str(json).unwrap_or(Value::Null);
        plans.push(config.get("plan").cloned().unwrap_or(Value::Null));
    }
    let mut seen = Vec::new();
    for plan in plans {
        let text = serde_json::to_string(&plan).unwrap_or_default();
        if !seen.contains(&text) {
            write(dir, &format!("plan-{:02}", seen.len()), text.as_bytes());
            seen.push(text);
        }
    }
    // Refused plans: a bad rate, a bad tier order, a foreign-currency cap, a misspelt field.
    let refused = [
        r#"{"currency": "EUR", "rules": [{"id": "x", "target": {"type": "program"}, "commission": "percentage", "rate": "101"}]}"#,
        r#"{"currency": "EUR", "rules": [{"id": "t", "target": {"type": "program"}, "commission": "tiered", "metric": "revenue", "tiers": [{"threshold": "10", "rate": "1"}, {"threshold": "5", "rate": "2"}]}]}"#,
        r#"{"currency": "EUR", "rules": [{"id": "c", "target": {"type": "program"}, "commission": "percentage", "rate": "5", "cap": {"amount": "1", "currency": "USD"}}]}"#,
        r#"{"currency": "EUR", "rules": [{"id": "c", "target": {"type": "program"}, "commission": "percentage", "rate": "5", "condition": {}}]}"#,
    ];
    for (i, plan) in refused.iter().enumerate() {
        write(dir, &format!("refused-{i}"), plan.as_bytes());
    }
}

/// Runs a scenario's steps (ignoring refused commands) and returns the snapshot after `count` steps.
fn scenario_snapshot(world: &World, count: usize) -> String {
    let mut program = Program::new(world.config.clone()).unwrap_or_else(|e| panic!("{}: {e}", world.name));
    for step in world.steps.iter().take(count) {
        match step {
            Step::Command(command) => {
                let _ = program.execute(Command::clone(command));
            }
            Step::Restore => program = Program::restore(&program.snapshot()).unwrap_or(program),
        }
    }
    program.snapshot()
}

fn snapshot_restore(dir: &Path) {
    let worlds = worlds();
    // A snapshot midway through and at the end of every other scenario (the others are alike), and
    // a few refused ones: a future version, truncated, a tampered commission.
    for (i, world) in worlds.iter().enumerate().take(SCENARIOS.len()) {
        let count = if i % 2 == 0 { world.steps.len() } else { world.steps.len() / 2 };
        write(dir, &world.name, scenario_snapshot(world, count).as_bytes());
    }
    let full = scenario_snapshot(&worlds[9], usize::MAX);
    write(dir, "refused-future-version", full.replacen("\"schema_version\":2", "\"schema_version\":3", 1).as_bytes());
    write(dir, "refused-truncated", &full.as_bytes()[..full.len() / 2]);
    write(dir, "refused-tampered-amount", full.replacen("\"amount\":\"60.00\"", "\"amount\":\"61.00\"", 1).as_bytes());
}

/// An input written by hand: operation codes and the positions of values in the world's pools.
struct Seed<'w> {
    world: &'w World,
    bytes: Vec<u8>,
}

impl<'w> Seed<'w> {
    fn new(index: usize) -> Seed<'w> {
        Seed { world: &worlds()[index], bytes: vec![u8::try_from(index).unwrap_or(0)] }
    }
    fn op(&mut self, code: u8) -> &mut Self {
        self.bytes.push(code);
        self
    }
    fn raw(&mut self, byte: u8) -> &mut Self {
        self.bytes.push(byte);
        self
    }
    fn pos(&self, pool: &str, value: &str) -> u8 {
        self.world.position(pool, value).unwrap_or_else(|| panic!("{}: no {value:?} in {pool}", self.world.name))
    }
    fn val(&mut self, pool: &str, value: &str) -> &mut Self {
        let p = self.pos(pool, value);
        self.raw(p)
    }
    fn opt(&mut self, pool: &str, value: Option<&str>) -> &mut Self {
        let p = value.map_or(0, |v| self.pos(pool, v) + 1);
        self.raw(p)
    }
    /// An order override: 0 keeps the template's, 1 removes it, else the pool's value.
    fn over(&mut self, pool: &str, value: Option<Option<&str>>) -> &mut Self {
        let p = match value {
            None => 0,
            Some(None) => 1,
            Some(Some(v)) => self.pos(pool, v) + 2,
        };
        self.raw(p)
    }
    fn at(&mut self, time: &str) -> &mut Self {
        self.val("times", &format!("{time}T00:00:00Z"))
    }
    fn register(&mut self, name: &str, email: &str, code: Option<&str>, group: Option<&str>, parent: Option<&str>) {
        self.op(op::REGISTER).opt("host_ids", None).val("names", name).val("emails", email);
        self.opt("codes", code).opt("groups", group).opt("affiliates", parent).at("2026-01-01");
    }
    fn track(&mut self, order: &str, code: Option<Option<&str>>, email: Option<Option<&str>>, visitor: Option<&str>) {
        self.op(op::TRACK).val("orders", order).opt("order_ids", None).over("codes", code).over("emails", email);
        self.opt("visitors", visitor);
    }
}

/// A whole program life in one of our own worlds: chain, codes, clicks, payments, refunds,
/// payouts paid and failed, a rejection, retries, a restore, reads, invitations, a deletion.
fn life(index: usize) -> Vec<u8> {
    let mut s = Seed::new(index);
    s.register("Alice", "a@x.io", Some("ALICE"), Some("gold"), None);
    s.register("Bob", "b@x.io", Some("BOB"), None, Some("aff_1"));
    s.register("Carol", "c@x.io", None, Some("silver"), Some("aff_2"));
    for affiliate in ["aff_1", "aff_2", "aff_3"] {
        s.op(op::SET_STATUS).val("affiliates", affiliate).raw(0).at("2026-01-01");
    }
    s.track("o2", Some(Some("BOB")), None, None);
    s.at("2026-01-02");
    s.track("o1", Some(Some("ALICE")), None, Some("v1"));
    s.at("2026-01-02");
    s.track("o3", None, Some(Some("c@x.io")), None);
    s.at("2026-01-16");
    s.op(op::ADD_CODE).val("affiliates", "aff_3").val("codes", "CAROL25").raw(1).raw(0).at("2026-01-16");
    s.op(op::CLICK).val("visitors", "v2").val("codes", "CAROL25").at("2026-01-16");
    s.track("o4", Some(None), None, Some("v2"));
    s.at("2026-01-16");
    s.op(op::PAYMENT).val("payment_ids", "p1").val("order_ids", "o3").at("2026-02-01");
    s.op(op::REFUND).val("refund_ids", "r1").val("sale_ids", "o1").raw(1).val("amounts", "150.00").at("2026-01-16");
    s.op(op::APPROVE_DUE).at("2026-03-02");
    s.op(op::CREATE_PAYOUTS).at("2026-03-02");
    s.op(op::MARK_PAID).val("payout_ids", "pay_1").raw(0).at("2026-03-02");
    s.op(op::MARK_FAILED).val("payout_ids", "pay_2").val("reasons", "fraud").at("2026-03-02");
    s.op(op::CHARGEBACK).val("refund_ids", "r2").val("sale_ids", "o2").raw(2).raw(0).val("line_ids", "a");
    s.at("2026-03-02");
    s.op(op::REFUND).val("refund_ids", "r3").val("sale_ids", "o1").raw(0).at("2026-03-02");
    s.op(op::REJECT).val("commission_ids", "com_3").val("reasons", "fraud").at("2026-03-02");
    s.op(op::RETRY).raw(0);
    s.op(op::RESTORE);
    s.op(op::READ).raw(1).val("affiliates", "aff_1").raw(0);
    s.op(op::INVITE).raw(2).val("emails", "d@x.io").val("emails", "a@x.io").opt("affiliates", Some("aff_1"));
    s.at("2026-03-02");
    s.op(op::ACCEPT).val("invitation_ids", "inv_1").opt("host_ids", None).val("names", "Carol").opt("codes", None);
    s.at("2026-03-02");
    s.op(op::GENERATE_CODE).val("affiliates", "aff_1").val("seeds", "42").raw(0).raw(0).at("2026-03-02");
    s.op(op::DELETE).val("affiliates", "aff_2").at("2026-03-02");
    s.op(op::READ).raw(0).val("orders", "o1").opt("order_ids", Some("o5")).over("codes", Some(Some("ALICE")));
    s.over("emails", None).opt("visitors", None).at("2026-03-02");
    s.op(op::CREATE_PAYOUTS).at("2027-02-01");
    s.op(op::DRAIN);
    s.bytes
}

fn commands(dir: &Path) {
    let worlds = worlds();
    for (i, world) in worlds.iter().enumerate().take(SCENARIOS.len()) {
        write(dir, &world.name, &encode_scenario(i, None));
    }
    for (i, world) in worlds.iter().enumerate().skip(SCENARIOS.len()) {
        write(dir, &format!("life-{}", world.name), &life(i));
    }
}
