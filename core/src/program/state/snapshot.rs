//! Creating a program, versioned JSON snapshots, and replay of the command log.

use serde::{de, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::program::events::EventLogDoc;
use crate::program::ledger::payouts::PayoutStatus;
use crate::program::ledger::{EntryKind, Settlement};
use crate::program::state::restore::{Restoring, StateSeed};
use crate::program::state::{CustomerLink, Indices, State};
use crate::program::{Command, Program, ProgramConfig};

/// The newest snapshot format this library reads and writes. Version 2: a sale keeps the `context`
/// its quote was computed from instead of the explained quote (version 1 kept the quote in its
/// `outcome`, which a restored version-1 sale keeps). Version 3: the state holds the plan versions
/// set after the config's (`state.plans`); a program without them is still written as version 2,
/// which libraries before plan versions read.
pub const SCHEMA_VERSION: u32 = 3;

/// Reads a snapshot document (`schema_version`, `config`, `state`, in that order) into its config
/// and the state being restored, each record made as it is parsed.
struct SnapshotSeed<'a>(&'a mut Restoring);

impl<'de> de::DeserializeSeed<'de> for SnapshotSeed<'_> {
    type Value = ProgramConfig;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<ProgramConfig, D::Error> {
        deserializer.deserialize_struct("Snapshot", &["schema_version", "config", "state"], self)
    }
}

impl<'de> de::Visitor<'de> for SnapshotSeed<'_> {
    type Value = ProgramConfig;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a program snapshot")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<ProgramConfig, A::Error> {
        let (mut version, mut config) = (None, None);
        let mut state = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema_version" if version.is_none() => {
                    let v: u32 = map.next_value()?;
                    // Versions 1 and 2 read the same (a version-1 sale keeps its quote).
                    let refused = match v {
                        0 => Some(Error::snapshot("schema_version 0 does not exist")),
                        v if v > SCHEMA_VERSION => Some(Error::UnsupportedVersion {
                            document: "snapshot schema_version".into(),
                            found: v,
                            supported: SCHEMA_VERSION,
                        }),
                        _ => None,
                    };
                    if let Some(refused) = refused {
                        let message = refused.to_string();
                        self.0.refuse(refused);
                        return Err(de::Error::custom(message));
                    }
                    version = Some(v);
                }
                "config" if config.is_none() => config = Some(map.next_value::<ProgramConfig>()?),
                "state" if !state && version.is_some() => {
                    map.next_value_seed(StateSeed(&mut *self.0))?;
                    state = true;
                }
                "schema_version" | "config" | "state" => {
                    return Err(de::Error::custom(format!("field `{key}` is repeated or before `schema_version`")))
                }
                other => return Err(de::Error::unknown_field(other, &["schema_version", "config", "state"])),
            }
        }
        match (version, config, state) {
            (Some(_), Some(config), true) => Ok(config),
            (None, _, _) => Err(de::Error::missing_field("schema_version")),
            (_, None, _) => Err(de::Error::missing_field("config")),
            _ => Err(de::Error::missing_field("state")),
        }
    }
}

impl Program {
    /// A new, empty program. Errors: [`Error::InvalidConfig`] or [`Error::InvalidPlan`].
    pub fn new(config: ProgramConfig) -> Result<Program> {
        let plan = config.compile()?;
        let (state, idx) = (State::default(), Indices::default());
        Ok(Program { config, plan, later_plans: Vec::new(), state, idx, log: Vec::new(), keep_log: true })
    }

    /// The whole state as JSON, with a `schema_version`. Deterministic: the same state gives the
    /// same bytes (a replayed program's snapshot equals the live one's).
    pub fn snapshot(&self) -> String {
        let doc = SnapshotRef { schema_version: self.snapshot_version(), config: &self.config, state: StateOut(self) };
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string(&doc).unwrap_or_default()
    }

    /// The format its snapshot is written in: 2, or 3 once the plan has versions.
    fn snapshot_version(&self) -> u32 {
        if self.state.plan_versions.is_empty() {
            2
        } else {
            SCHEMA_VERSION
        }
    }

    /// Rebuilds a program from [`Program::snapshot`] output, checking its consistency (entries against
    /// commissions, payouts against entries). A newer `schema_version` is
    /// [`Error::UnsupportedVersion`]; malformed or inconsistent input is [`Error::InvalidSnapshot`].
    /// The command log of a restored program starts empty.
    pub fn restore(json: &str) -> Result<Program> {
        let value: Value = serde_json::from_str(json).map_err(|e| Error::snapshot(e.to_string()))?;
        let version = value
            .get("schema_version")
            .and_then(Value::as_u64)
            .ok_or_else(|| Error::snapshot("missing schema_version"))?;
        let version = u32::try_from(version).unwrap_or(u32::MAX);
        if version > SCHEMA_VERSION {
            return Err(Error::UnsupportedVersion {
                document: "snapshot schema_version".into(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let value = upgrade(value, version)?;
        let Value::Object(mut doc) = value else { return Err(Error::snapshot("expected a snapshot object")) };
        let known = ["schema_version", "config", "state"];
        if let Some(unknown) = doc.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Error::snapshot(format!("unknown field `{unknown}`")));
        }
        let config = doc.remove("config").ok_or_else(|| Error::snapshot("missing field `config`"))?;
        let config: ProgramConfig = crate::error::deserialize_with_path(config).map_err(|(path, reason)| {
            Error::snapshot(format!("at config{}{path}: {reason}", if path.is_empty() { "" } else { "." }))
        })?;
        let mut restoring = Restoring::default();
        restoring.read_state_value(doc.remove("state").ok_or_else(|| Error::snapshot("missing field `state`"))?)?;
        Program::from_restoring(config, restoring)
    }

    /// Writes [`Program::snapshot`] to `out` as it is serialized, without holding the document in
    /// memory (the same bytes). Errors: the writer's, as [`Error::Storage`].
    pub fn write_snapshot(&self, out: impl std::io::Write) -> Result<()> {
        let doc = SnapshotRef { schema_version: self.snapshot_version(), config: &self.config, state: StateOut(self) };
        serde_json::to_writer(out, &doc)
            .map_err(|e| Error::Storage { operation: "write snapshot".into(), reason: e.to_string() })
    }

    /// [`Program::restore`] of a snapshot read from `input` as it is parsed: each sale, commission
    /// and entry becomes its record as it is read, so the document is never in memory. Reads the
    /// fields in the order [`Program::write_snapshot`] writes them (a document whose keys were
    /// reordered goes through [`Program::restore`]) and the versions that need no upgrade (1 and this
    /// library's [`SCHEMA_VERSION`]; a newer one is [`Error::UnsupportedVersion`]). Anything else is
    /// [`Error::InvalidSnapshot`], whose reason gives the line and column (not the field's path:
    /// tracking it costs a third of the time).
    pub fn restore_from_reader(input: impl std::io::Read) -> Result<Program> {
        let mut de = serde_json::Deserializer::from_reader(input);
        let mut restoring = Restoring::default();
        let config = de::DeserializeSeed::deserialize(SnapshotSeed(&mut restoring), &mut de);
        let config = match (config, restoring.take_error()) {
            (_, Some(inconsistent)) => return Err(inconsistent),
            (Err(e), None) => return Err(Error::snapshot(e.to_string())),
            (Ok(config), None) => config,
        };
        de.end().map_err(|e| Error::snapshot(e.to_string()))?;
        Program::from_restoring(config, restoring)
    }

    /// The program a snapshot read into `restoring` describes, indexed and checked.
    fn from_restoring(config: ProgramConfig, restoring: Restoring) -> Result<Program> {
        let plan = config.compile()?;
        let (state, idx) = restoring.finish(&config)?;
        let later_plans = crate::program::plans::compile_later(&config, &state.plan_versions)?;
        let mut program = Program { config, plan, later_plans, state, idx, log: Vec::new(), keep_log: true };
        program.rebuild_totals()?;
        program.check_consistency()?;
        program.compact_events();
        Ok(program)
    }

    /// Runs a command log against a new program with `config`. The result equals the program that
    /// produced the log (byte-equal snapshots). A command that fails is [`Error::InvalidSnapshot`]
    /// naming its position and the error.
    pub fn replay(config: ProgramConfig, log: &[Command]) -> Result<Program> {
        Program::new(config)?.run_log(log)
    }

    /// The program a checkpoint ([`Program::snapshot`]) and the commands accepted after it make: how a
    /// host that keeps its own journal (a browser's storage, a server) rebuilds its program. Errors
    /// as [`Program::restore`] and [`Program::replay`].
    pub fn resume(snapshot: &str, log: &[Command]) -> Result<Program> {
        Program::restore(snapshot)?.run_log(log)
    }

    fn run_log(mut self, log: &[Command]) -> Result<Program> {
        for (k, command) in log.iter().enumerate() {
            self.execute(command.clone())
                .map_err(|e| Error::snapshot(format!("command {k} ({}) was rejected: {e}", command.verb())))?;
        }
        Ok(self)
    }

    /// Drops the events with a sequence up to `sequence` from memory (a durable host keeps them on
    /// disk): [`Program::events_since`] and [`Program::drain_events`] no longer return them, and
    /// snapshots no longer hold them. Not a command: nothing else changes and nothing is logged.
    pub fn forget_events(&mut self, sequence: u64) {
        self.state.events.forget_through(sequence);
    }

    /// The sequence number the next event will get (1 for a new program).
    pub fn next_event_sequence(&self) -> u64 {
        self.state.events.next_sequence()
    }

    /// Takes the command log, leaving it empty (a durable host, whose journal holds the commands,
    /// takes it after each command so that it does not grow in memory).
    pub fn take_command_log(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.log)
    }

    /// Checks what a tampered snapshot would break: each commission's first entry is its amount, and
    /// each payout's amount is the sum of its entries.
    fn check_consistency(&self) -> Result<()> {
        for (i, c) in self.state.commissions.iter().enumerate() {
            let first = self.state.entries.get(c.entry as usize);
            if !first.is_some_and(|e| e.kind() == EntryKind::Commission && e.amount() == c.amount.get()) {
                return Err(Error::snapshot(format!("commission com_{} does not match its ledger entry", i + 1)));
            }
        }
        for p in &self.state.payouts {
            if p.status == PayoutStatus::Failed {
                // A failed payout gave its entries back: none may still be in it.
                if !p.entries.is_empty() {
                    return Err(Error::snapshot(format!("failed payout {} still holds entries", p.id)));
                }
                continue;
            }
            let mut sum = rust_decimal::Decimal::ZERO;
            for &e in &p.entries {
                let entry = self.state.entries.get(e).ok_or_else(|| Error::snapshot("payout entry"))?;
                let expected = match p.status {
                    PayoutStatus::Paid => matches!(entry.settlement(), Settlement::Paid(_)),
                    _ => matches!(entry.settlement(), Settlement::InPayout(_)),
                };
                if !expected {
                    return Err(Error::snapshot(format!("payout {} and its entries disagree on status", p.id)));
                }
                sum = sum.checked_add(entry.amount()).ok_or_else(|| Error::overflow("payout sum"))?;
            }
            if sum != p.amount.amount || p.entries.len() as u64 != p.entry_count {
                return Err(Error::snapshot(format!("payout {} amount does not match its entries", p.id)));
            }
        }
        Ok(())
    }
}

/// A snapshot document as [`Program::snapshot`] writes it.
#[derive(Serialize)]
struct SnapshotRef<'a> {
    schema_version: u32,
    config: &'a ProgramConfig,
    state: StateOut<'a>,
}

/// A program's [`State`] as snapshots write it: its fields in order, the events rendered.
struct StateOut<'a>(&'a Program);

impl Serialize for StateOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let state = &self.0.state;
        let mut out = serializer.serialize_struct("State", 12)?;
        out.serialize_field("affiliates", &state.affiliates)?;
        out.serialize_field("next_affiliate", &state.next_affiliate)?;
        out.serialize_field("invitations", &state.invitations)?;
        out.serialize_field("clicks", &state.clicks)?;
        out.serialize_field("customers", &CustomersOut(self.0))?;
        let sales = (0..state.sales.len()).filter_map(|i| self.0.sale_doc(i));
        out.serialize_field("sales", &Seq(std::cell::Cell::new(Some(sales))))?;
        out.serialize_field("refunds", &state.refunds)?;
        let commissions = (0..state.commissions.len()).filter_map(|i| self.0.commission_at(i));
        out.serialize_field("commissions", &Seq(std::cell::Cell::new(Some(commissions))))?;
        let entries = (0..state.entries.len()).filter_map(|i| self.0.entry_at(i));
        out.serialize_field("entries", &Seq(std::cell::Cell::new(Some(entries))))?;
        out.serialize_field("payouts", &state.payouts)?;
        let log = &state.events;
        let events =
            EventLogDoc { events: EventsOut(self.0), outbox_start: log.outbox_start, forgotten: log.forgotten };
        out.serialize_field("events", &events)?;
        if !state.plan_versions.is_empty() {
            out.serialize_field("plans", &state.plan_versions)?;
        }
        out.end()
    }
}

/// The customers as snapshots hold them: a map in key order to their link.
struct CustomersOut<'a>(&'a Program);

impl Serialize for CustomersOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let p = self.0;
        serializer.collect_map(p.state.customers.sorted().into_iter().map(|(key, c)| {
            let affiliate = c.affiliate.get().map(|a| p.affiliate_id_at(a).to_string());
            (key, CustomerLink { first_at: c.first_at, affiliate })
        }))
    }
}

/// Items made one at a time as they are written (serialized once).
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
}

/// The events of a program, rendered one at a time as they are written.
struct EventsOut<'a>(&'a Program);

impl Serialize for EventsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let log = &self.0.state.events;
        let rendered = log.events.iter().enumerate().filter_map(|(k, e)| self.0.render_event(e, log.sequence_at(k)));
        serializer.collect_seq(rendered)
    }
}

/// Brings an older snapshot document up to [`SCHEMA_VERSION`], one version at a time. Version 1 reads
/// as version 2 does (its sales' quotes stay in their outcomes); version 0 never existed.
fn upgrade(value: Value, version: u32) -> Result<Value> {
    match version {
        0 => Err(Error::snapshot("schema_version 0 does not exist")),
        _ => Ok(value),
    }
}
