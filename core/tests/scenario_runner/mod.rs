#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, dead_code)]
//! The shared scenario runner: every `tests/scenarios/*.json` file is a program's life told as
//! commands and reads with their expected answers (see `tests/scenarios/README.md` for the format).
//! It runs them against a [`Host`]: a program in memory (`tests/scenarios.rs`), or a durable program
//! reopened between steps (`store/tests/scenarios.rs`, which includes this file).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{
    sign_webhook, verify_webhook, Command, CommandOutcome, Event, Program, ProgramConfig, SignedWebhook,
};
use affiliate_kit::time::Granularity;
use affiliate_kit::webhook::WebhookHeaders;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The verbs that are commands (`Program::execute`); every other verb is a read.
const COMMAND_VERBS: &[&str] = affiliate_kit::program::Command::VERBS;

/// Keys of a step that the runner strips before parsing the verb and its arguments.
const RUNNER_KEYS: &[&str] = &["expect", "error", "note"];

/// The balance fields a `final.balances` item may give.
const BALANCE_FIELDS: &[&str] = &["pending", "held", "approved", "payable", "in_payout", "paid", "earned", "reversed"];

/// The read verbs and their arguments.
#[derive(Debug, Deserialize)]
#[serde(tag = "verb", rename_all = "snake_case", deny_unknown_fields)]
enum Read {
    Affiliate {
        affiliate_id: String,
    },
    AffiliateByCode {
        code: String,
    },
    Affiliates {},
    ValidateCode {
        code: String,
        at: DateTime<Utc>,
    },
    Quote {
        order: Order,
        #[serde(default)]
        visitor_id: Option<String>,
        at: DateTime<Utc>,
    },
    Balance {
        affiliate_id: String,
        currency: Currency,
    },
    Stats {
        #[serde(default)]
        affiliate_id: Option<String>,
        #[serde(default)]
        currency: Option<Currency>,
    },
    Report {
        granularity: Granularity,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        #[serde(default)]
        affiliate_id: Option<String>,
        #[serde(default)]
        currency: Option<Currency>,
    },
    EventsSince {
        sequence: u64,
    },
    Plans {},
    WhatIf {
        plan: affiliate_kit::plan::PlanSpec,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        #[serde(default)]
        largest: Option<usize>,
        #[serde(default)]
        currency: Option<Currency>,
    },
    SignWebhook {
        sequence: u64,
        secret: String,
        at: DateTime<Utc>,
    },
    /// `headers` and `body` default to those of the last `sign_webhook` step.
    VerifyWebhook {
        #[serde(default)]
        headers: Option<WebhookHeaders>,
        #[serde(default)]
        body: Option<String>,
        secret: String,
        now: DateTime<Utc>,
    },
}

/// What a step answered: a JSON value, or an error code.
type Answer = Result<Value, String>;

/// Where a scenario's program lives: what the runner needs of it.
pub trait Host {
    /// A new, empty program.
    fn create(config: ProgramConfig) -> Result<Self, String>
    where
        Self: Sized;
    /// Runs one command.
    fn execute(&mut self, command: Command) -> Result<CommandOutcome, affiliate_kit::Error>;
    /// The program, for reads.
    fn program(&mut self) -> &Program;
    /// Events with a sequence above `sequence`.
    fn events_since(&mut self, sequence: u64) -> Vec<Event>;
    /// The state as compared before and after a step (a durable program's holds no events).
    fn snapshot(&mut self) -> String;
    /// Every command accepted so far, in order.
    fn log(&mut self) -> Vec<Command>;
    /// A `restore` step: the program as its snapshot (or its file) gives it back, checked equal.
    fn restore(&mut self) -> Result<(), String>;
    /// After each step (a durable host reopens its file here).
    fn after_step(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// Makes a program rebuilt from a snapshot or a log comparable with [`Host::snapshot`].
    fn comparable(&self, program: Program) -> Program {
        program
    }
}

/// A program in memory.
pub struct Memory {
    pub program: Program,
    /// Commands accepted before the last `restore` step (a restored program's log starts empty).
    pub earlier_log: Vec<Command>,
}

impl Host for Memory {
    fn create(config: ProgramConfig) -> Result<Memory, String> {
        let program = Program::new(config).map_err(|e| format!("Program::new failed: {e}"))?;
        Ok(Memory { program, earlier_log: Vec::new() })
    }

    fn execute(&mut self, command: Command) -> Result<CommandOutcome, affiliate_kit::Error> {
        // An erasure drops the program's command log (and is not logged): the runner keeps both.
        let erases = matches!(command, Command::EraseAffiliate { .. } | Command::EraseCustomer { .. });
        let log = erases.then(|| self.program.command_log().to_vec());
        let outcome = self.program.execute(command.clone())?;
        if let Some(log) = log {
            self.earlier_log.extend(log);
            self.earlier_log.push(command);
        }
        Ok(outcome)
    }

    fn program(&mut self) -> &Program {
        &self.program
    }

    fn events_since(&mut self, sequence: u64) -> Vec<Event> {
        self.program.events_since(sequence).to_vec()
    }

    fn snapshot(&mut self) -> String {
        self.program.snapshot()
    }

    fn log(&mut self) -> Vec<Command> {
        let mut log = self.earlier_log.clone();
        log.extend(self.program.command_log().iter().cloned());
        log
    }

    fn restore(&mut self) -> Result<(), String> {
        let before = self.program.snapshot();
        let restored = Program::restore(&before).map_err(|e| format!("Program::restore failed: {e}"))?;
        if restored.snapshot() != before {
            return Err("Program::restore(snapshot) gives a different snapshot".into());
        }
        self.earlier_log.extend(self.program.command_log().iter().cloned());
        self.program = restored;
        Ok(())
    }
}

/// Runs the scenario steps against one program.
struct Runner<H> {
    host: H,
    last_signed: Option<SignedWebhook>,
}

impl<H: Host> Runner<H> {
    fn read(&mut self, read: Read) -> Result<Answer, String> {
        if let Read::EventsSince { sequence } = read {
            return Ok(Ok(to_value(self.host.events_since(sequence))));
        }
        if let Read::SignWebhook { sequence, secret, at } = read {
            let events = self.host.events_since(sequence.saturating_sub(1));
            let event = events
                .first()
                .filter(|e| e.sequence == sequence && sequence > 0)
                .ok_or_else(|| format!("sign_webhook: no event with sequence {sequence}"))?;
            return Ok(match sign_webhook(event, &secret, at) {
                Ok(signed) => {
                    let value = to_value(&signed);
                    self.last_signed = Some(signed);
                    Ok(value)
                }
                Err(e) => Err(e.kind().code().to_string()),
            });
        }
        let p = self.host.program();
        let json = |r: Result<Value, affiliate_kit::Error>| r.map_err(|e| e.kind().code().to_string());
        Ok(match read {
            Read::Affiliate { affiliate_id } => json(p.affiliate(&affiliate_id).map(to_value)),
            Read::AffiliateByCode { code } => json(p.affiliate_by_code(&code).map(to_value)),
            Read::Affiliates {} => Ok(to_value(p.affiliates())),
            Read::ValidateCode { code, at } => Ok(to_value(p.validate_code(&code, at))),
            Read::Quote { order, visitor_id, at } => json(p.quote(&order, visitor_id.as_deref(), at).map(to_value)),
            Read::Balance { affiliate_id, currency } => json(p.balance(&affiliate_id, currency).map(to_value)),
            Read::Stats { affiliate_id, currency } => json(p.stats_in(affiliate_id.as_deref(), currency).map(to_value)),
            Read::Report { granularity, from, to, affiliate_id, currency } => {
                json(p.report_in(granularity, from, to, affiliate_id.as_deref(), currency).map(to_value))
            }
            Read::Plans {} => json(Ok(to_value(p.plans()))),
            Read::WhatIf { plan, from, to, largest, currency } => {
                let largest = largest.unwrap_or(affiliate_kit::program::WHAT_IF_LARGEST);
                json(p.what_if_in(&plan, from, to, largest, currency).map(to_value))
            }
            Read::EventsSince { .. } | Read::SignWebhook { .. } => unreachable!("answered above"),
            Read::VerifyWebhook { headers, body, secret, now } => {
                let last = self.last_signed.as_ref();
                let headers = headers
                    .or_else(|| last.map(|s| s.headers.clone()))
                    .ok_or("verify_webhook: no headers and no earlier sign_webhook step")?;
                let body = body
                    .or_else(|| last.map(|s| s.body.clone()))
                    .ok_or("verify_webhook: no body and no earlier sign_webhook step")?;
                json(verify_webhook(&headers, &body, &secret, now).map(to_value))
            }
        })
    }
}

fn to_value<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).expect("answers serialize to JSON")
}

/// A strictly written decimal (`-12.50`, `3`), as the library writes amounts.
fn as_decimal(value: &Value) -> Option<Decimal> {
    let s = value.as_str()?;
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return None;
    }
    Decimal::from_str_exact(s).ok()
}

/// Partial match: every key of `expected` must be in `actual` and match; arrays match element-wise
/// with the same length; decimal strings match when numerically equal; other scalars must be equal.
pub fn compare(expected: &Value, actual: &Value, path: &str, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let sub = format!("{path}.{key}");
                match a.get(key) {
                    Some(av) => compare(ev, av, &sub, diffs),
                    None => diffs.push(format!("{sub}: expected {ev}, but the key is absent")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                diffs.push(format!("{path}: expected {} elements, got {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare(ev, av, &format!("{path}[{i}]"), diffs);
            }
        }
        _ => {
            let equal = match (as_decimal(expected), as_decimal(actual)) {
                (Some(e), Some(a)) if !strict_decimals() => e == a,
                _ => expected == actual,
            };
            if !equal {
                diffs.push(format!("{path}: expected {expected}, got {actual}"));
            }
        }
    }
}

/// With `SCENARIO_STRICT_DECIMALS=1`, decimal strings must be written identically (`"0"` is not
/// `"0.00"`): a check of the library's formatting, which the shared format does not require.
fn strict_decimals() -> bool {
    std::env::var_os("SCENARIO_STRICT_DECIMALS").is_some_and(|v| v == "1")
}

/// Every path where two JSON values differ at all (decimal strings included: `"0"` is not `"0.00"`).
fn exact_diffs(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, xv) in x {
                match y.get(key) {
                    Some(yv) => exact_diffs(xv, yv, &format!("{path}.{key}"), out),
                    None => out.push(format!("{path}.{key}: {xv} vs absent")),
                }
            }
            for key in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("{path}.{key}: absent vs {}", y[key]));
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (xv, yv)) in x.iter().zip(y).enumerate() {
                exact_diffs(xv, yv, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} vs {b}")),
        _ => {}
    }
}

/// `actual` cut down to the keys `expected` names (for readable failure messages).
fn project(expected: &Value, actual: &Value) -> Value {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => Value::Object(
            e.iter().filter_map(|(k, ev)| a.get(k).map(|av| (k.clone(), project(ev, av)))).collect::<Map<_, _>>(),
        ),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            Value::Array(e.iter().zip(a).map(|(ev, av)| project(ev, av)).collect())
        }
        _ => actual.clone(),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default().replace('\n', "\n      ")
}

/// Runs one scenario file on a new `H`; returns the failure messages (empty when it passes).
pub fn run_file<H: Host>(path: &Path) -> Vec<String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match run_scenario::<H>(path) {
        Ok(()) => Vec::new(),
        Err(message) => vec![format!("{name}: {message}")],
    }
}

fn run_scenario<H: Host>(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let doc = doc.as_object().ok_or("a scenario is a JSON object")?;
    for key in doc.keys() {
        if !["name", "description", "note", "config", "steps", "final"].contains(&key.as_str()) {
            return Err(format!("unknown top-level key {key:?}"));
        }
    }
    for key in ["name", "description"] {
        if !doc.get(key).is_some_and(Value::is_string) {
            return Err(format!("missing {key:?} (a string)"));
        }
    }
    let config_json = doc.get("config").ok_or("missing \"config\"")?.to_string();
    let config = ProgramConfig::from_json(&config_json).map_err(|e| format!("config rejected: {e}"))?;
    let mut runner = Runner { host: H::create(config.clone())?, last_signed: None };
    let steps = doc.get("steps").and_then(Value::as_array).ok_or("missing \"steps\" (an array)")?;

    for (k, step) in steps.iter().enumerate() {
        let step_no = k + 1;
        let verb = step.get("verb").and_then(Value::as_str).unwrap_or("?").to_string();
        let at_step = |msg: String| format!("step {step_no} ({verb}): {msg}");
        let mut args = step.as_object().cloned().ok_or_else(|| at_step("a step is a JSON object".into()))?;
        let expect = args.remove("expect");
        let error = args.remove("error");
        for key in RUNNER_KEYS {
            args.remove(*key);
        }
        if expect.is_some() && error.is_some() {
            return Err(at_step("give \"expect\" or \"error\", not both".into()));
        }
        let error = match error {
            None => None,
            Some(Value::String(code)) => Some(code),
            Some(other) => return Err(at_step(format!("\"error\" must be an error code string, not {other}"))),
        };
        let before = runner.host.snapshot();
        let log_before = runner.host.log().len();
        let args = Value::Object(args);
        let answer: Answer = if verb == "restore" {
            if args.as_object().is_some_and(|a| a.len() != 1) {
                return Err(at_step("restore takes no arguments".into()));
            }
            runner.host.restore().map_err(at_step)?;
            Ok(Value::Null)
        } else if COMMAND_VERBS.contains(&verb.as_str()) {
            let command: Command =
                serde_json::from_value(args).map_err(|e| at_step(format!("not a valid command: {e}")))?;
            runner
                .host
                .execute(command)
                .map(|outcome| to_value(&outcome))
                .map_err(|e| format!("{} ({e})", e.kind().code()))
        } else {
            let read: Read = serde_json::from_value(args).map_err(|e| at_step(format!("not a valid read: {e}")))?;
            let answer = runner.read(read).map_err(at_step)?;
            if runner.host.snapshot() != before {
                return Err(at_step("a read changed the state (snapshot differs)".into()));
            }
            answer
        };
        match (answer, &error) {
            (Ok(actual), None) => {
                if let Some(expected) = &expect {
                    let mut diffs = Vec::new();
                    compare(expected, &actual, "$", &mut diffs);
                    if !diffs.is_empty() {
                        return Err(at_step(format!(
                            "answer does not match\n    {}\n    expected: {}\n    actual:   {}",
                            diffs.join("\n    "),
                            pretty(expected),
                            pretty(&project(expected, &actual))
                        )));
                    }
                }
            }
            (Ok(actual), Some(code)) => {
                return Err(at_step(format!(
                    "expected error {code}, but it succeeded with\n      {}",
                    pretty(&actual)
                )));
            }
            (Err(got), None) => return Err(at_step(format!("expected success, got error {got}"))),
            (Err(got), Some(code)) => {
                let got_code = got.split(' ').next().unwrap_or_default();
                if got_code != code {
                    return Err(at_step(format!("expected error {code}, got {got}")));
                }
                if runner.host.snapshot() != before {
                    return Err(at_step(format!("error {code} changed the state (snapshot differs)")));
                }
                if runner.host.log().len() != log_before {
                    return Err(at_step(format!("error {code} was written to the command log")));
                }
            }
        }
        runner.host.after_step().map_err(at_step)?;
    }

    check_final(doc.get("final"), &mut runner.host, &config)
}

/// The log a durable host's final replay takes: its journal, but once an erasure redacted the rows
/// before it (they no longer replay), the commands it accepted as given.
#[allow(dead_code)] // used by the store's hosts
pub fn log_to_replay(journal: Vec<Command>, accepted: &[Command]) -> Vec<Command> {
    let erases = |c: &Command| matches!(c, Command::EraseAffiliate { .. } | Command::EraseCustomer { .. });
    match journal.iter().any(erases) {
        true => accepted.to_vec(),
        false => journal,
    }
}

/// The end-of-scenario checks: balances, event types, money conservation, restore and replay.
fn check_final<H: Host>(fin: Option<&Value>, host: &mut H, config: &ProgramConfig) -> Result<(), String> {
    let log = host.log();
    let all_events = host.events_since(0);
    let live_snapshot = host.snapshot();
    let program = host.program();
    let empty = Map::new();
    let fin = match fin {
        Some(Value::Object(f)) => f,
        None => &empty,
        Some(other) => return Err(format!("\"final\" must be an object, not {other}")),
    };
    for key in fin.keys() {
        if !["balances", "event_types", "note"].contains(&key.as_str()) {
            return Err(format!("final: unknown key {key:?}"));
        }
    }
    let mut problems = Vec::new();
    if let Some(balances) = fin.get("balances") {
        let balances = balances.as_array().ok_or("final.balances must be an array")?;
        for b in balances {
            let id = b.get("affiliate_id").and_then(Value::as_str).ok_or("final.balances[].affiliate_id")?;
            let currency = b.get("currency").and_then(Value::as_str).ok_or("final.balances[].currency")?;
            let currency = Currency::from_code(currency).map_err(|e| format!("final.balances: {e}"))?;
            let actual = match program.balance(id, currency) {
                Ok(balance) => to_value(balance),
                Err(e) => {
                    problems.push(format!("final balance of {id}: {e}"));
                    continue;
                }
            };
            for (field, value) in b.as_object().into_iter().flatten() {
                if field == "affiliate_id" || field == "currency" {
                    continue;
                }
                if !BALANCE_FIELDS.contains(&field.as_str()) {
                    return Err(format!("final.balances: unknown field {field:?}"));
                }
                let got = &actual[field.as_str()]["amount"];
                let mut diffs = Vec::new();
                compare(value, got, &format!("balance {id} {currency} {field}"), &mut diffs);
                problems.extend(diffs);
            }
        }
    }
    let types: Vec<&str> = all_events.iter().map(|e| e.event_type()).collect();
    if let Some(expected) = fin.get("event_types") {
        let expected: Vec<String> =
            serde_json::from_value(expected.clone()).map_err(|e| format!("final.event_types: {e}"))?;
        if expected != types {
            let first =
                expected.iter().zip(&types).position(|(e, a)| e != a).unwrap_or(expected.len().min(types.len()));
            problems.push(format!(
                "event types differ (first difference at index {first}, sequence {})\n    expected: {expected:?}\n    actual:   {types:?}",
                first + 1
            ));
        }
    }
    for (affiliate, currency) in
        program.affiliates().iter().flat_map(|a| config.currencies().into_iter().map(move |c| (a, c)))
    {
        let b = program.balance(&affiliate.id, currency).map_err(|e| e.to_string())?;
        let left = b.earned.amount - b.reversed.amount;
        let right = b.pending.amount + b.held.amount + b.payable.amount + b.in_payout.amount + b.paid.amount;
        if left != right {
            problems.push(format!(
                "money is not conserved for {} in {currency}: earned - reversed = {left}, pending + held + payable + in_payout + paid = {right}",
                affiliate.id
            ));
        }
    }
    for event in &all_events {
        let json = event.to_json();
        match serde_json::from_str::<Event>(&json) {
            Ok(parsed) if parsed == *event && parsed.to_json() == json => {}
            Ok(parsed) => problems.push(format!(
                "event {} ({}) does not read back from its JSON as itself: {}",
                event.id,
                event.event_type(),
                parsed.to_json()
            )),
            Err(e) => problems.push(format!("event {} ({}) does not parse back: {e}", event.id, event.event_type())),
        }
    }
    let snapshot = program.snapshot();
    let reads = derived_reads(program);
    let rebuilt = [
        ("Program::restore(snapshot)", Program::restore(&snapshot)),
        ("Program::replay(config, command_log)", Program::replay(config.clone(), &log)),
    ];
    for (how, result) in rebuilt {
        match result.map(|p| host.comparable(p)) {
            Ok(other) if other.snapshot() != live_snapshot => {
                problems.push(format!("{how} gives a different snapshot"))
            }
            Ok(other) => {
                let mut diffs = Vec::new();
                exact_diffs(&reads, &derived_reads(&other), "$", &mut diffs);
                if !diffs.is_empty() {
                    diffs.truncate(8);
                    problems.push(format!(
                        "{how} answers reads differently (live vs rebuilt):\n      {}",
                        diffs.join("\n      ")
                    ));
                }
            }
            Err(e) => problems.push(format!("{how} failed: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("final checks:\n    {}", problems.join("\n    ")))
    }
}

/// What the reads derived from the indices answer (affiliate views with their stats, program and
/// affiliate stats, balances, in every currency): a restored or replayed program must answer the same.
fn derived_reads(program: &Program) -> Value {
    let currencies = program.config().currencies();
    let per_affiliate: Vec<Value> = program
        .affiliates()
        .iter()
        .flat_map(|a| currencies.iter().map(move |&c| (a.id.clone(), c)))
        .map(|(id, currency)| {
            serde_json::json!({
                "stats": program.stats_in(Some(&id), Some(currency)).map(to_value).unwrap_or_default(),
                "balance": program.balance(&id, currency).map(to_value).unwrap_or_default(),
            })
        })
        .collect();
    let stats: Vec<Value> =
        currencies.iter().map(|&c| program.stats_in(None, Some(c)).map(to_value).unwrap_or_default()).collect();
    serde_json::json!({
        "affiliates": to_value(program.affiliates()),
        "stats": stats,
        "per_affiliate": per_affiliate,
    })
}

/// The `*.json` files of `dir`, sorted by name, filtered by the `SCENARIO` environment variable.
pub fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let filter = std::env::var("SCENARIO").unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "json")
            && p.file_name().is_some_and(|n| n.to_string_lossy().contains(filter.as_str()))
    });
    files.sort();
    files
}

/// Runs every scenario file of `dir` on a new `H` each: (files run, failure messages).
pub fn run_dir<H: Host>(dir: &Path) -> (usize, Vec<String>) {
    let files = scenario_files(dir);
    let mut failures = Vec::new();
    for file in &files {
        let result = run_file::<H>(file);
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!("{} {name}", if result.is_empty() { "ok  " } else { "FAIL" });
        failures.extend(result);
    }
    (files.len(), failures)
}

/// The folder of the shared scenario files, `core/tests/scenarios`.
pub fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("core").join("tests").join("scenarios")
}

/// Runs every scenario on a new `H` each and fails with the list of failing files.
pub fn every_scenario_passes<H: Host>() {
    let (count, failures) = run_dir::<H>(&scenarios_dir());
    assert!(count > 0 || std::env::var("SCENARIO").is_ok(), "no scenario files found in {:?}", scenarios_dir());
    if !failures.is_empty() {
        let mut message = format!("{} of {count} scenario files failed:\n", failures.len());
        for f in &failures {
            let _ = writeln!(message, "\n{f}");
        }
        panic!("{message}");
    }
}
