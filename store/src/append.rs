//! Running commands inside a store's write transaction, whatever the store: a command sent again with
//! its request id answers what it answered the first time; a rejected command is its error and writes
//! nothing; an accepted one is journaled with its events at the next seq.

use affiliate_kit::program::{Command, CommandOutcome, Erasure, Program};
use affiliate_kit::{Error, Result};

use crate::faults::Faults;
use crate::journal::{self, Pending, Rendered, Requested};

/// What an append needs of a store's open write transaction (the SQLite file's, a PostgreSQL
/// program's).
pub(crate) trait JournalTx {
    /// The journal row written for `request_id`, if any.
    fn by_request_id(&mut self, request_id: &str) -> Result<Option<Requested>>;
    /// Writes the journal row of a command that just ran, at `seq`, and its events.
    fn insert(
        &mut self,
        seq: u64,
        pending: &Pending,
        request_id: Option<&str>,
        answer: Option<&str>,
        events: &Rendered,
    ) -> Result<()>;
    /// Adds to `erasure` what the store's event history says of its affiliate ([`Erasure::harvest`]).
    fn harvest(&mut self, erasure: &mut Erasure) -> Result<()>;
    /// Rewrites the journal rows before `seq` (the erase command's), their events and answers
    /// without what `erasure` names, records it, and replaces every checkpoint by one of `program`
    /// at `seq` in the snapshot format: the rows before an erasure no longer replay.
    fn erase(&mut self, seq: u64, verb: &str, erasure: &Erasure, program: &Program) -> Result<()>;
}

/// An appending transaction under way.
pub(crate) struct Append<'a> {
    /// The store's open write transaction.
    pub tx: &'a mut dyn JournalTx,
    pub program: &'a mut Program,
    /// The seq of the last row written (or of the store's head before any).
    pub applied: u64,
    /// Whether a command ran in the replica (then a failure must drop it).
    pub ran: bool,
    pub faults: &'a Faults,
    pub rendered: &'a mut journal::Rendered,
}

impl Append<'_> {
    /// Runs one command: the answer (a rejected command is its error, with nothing written), or the
    /// storage error that fails the whole append.
    pub(crate) fn run(&mut self, command: Command, request_id: Option<&str>) -> Result<Result<CommandOutcome>> {
        if let Command::DrainEvents {} = command {
            return Ok(Err(Error::InvalidInput {
                field: "verb".into(),
                reason: "drain_events is not journaled: call drain_events, or pending_events and ack_events".into(),
            }));
        }
        let pending = Pending::new(command);
        if let Some(id) = request_id {
            if let Some(journal::Requested { verb, digest, answer }) = self.tx.by_request_id(id)? {
                if digest != pending.digest {
                    return Ok(Err(Error::Conflict {
                        reason: format!("request id {id:?} was used for another command"),
                    }));
                }
                let answer =
                    answer.ok_or_else(|| Error::CorruptJournal { reason: format!("request {id:?} has no answer") })?;
                return Ok(CommandOutcome::from_json(&verb, &answer)
                    .map_err(|e| Error::CorruptJournal { reason: format!("the answer of request {id:?}: {e}") }));
            }
        }
        let first = self.program.next_event_sequence();
        let erases = matches!(pending.command, Command::EraseAffiliate { .. } | Command::EraseCustomer { .. });
        let (outcome, erasure) = if erases {
            let mut history = Erasure::default();
            if let Command::EraseAffiliate { affiliate_id, .. } = &pending.command {
                history.affiliate = Some(affiliate_id.clone());
                self.tx.harvest(&mut history)?;
            }
            match self.program.execute_erasure(pending.command.clone(), &history) {
                Ok((outcome, erasure)) => (outcome, Some(erasure)),
                Err(rejected) => return Ok(Err(rejected)),
            }
        } else {
            match self.program.execute(pending.command.clone()) {
                Ok(outcome) => (outcome, None),
                Err(rejected) => return Ok(Err(rejected)),
            }
        };
        self.ran = true;
        let answer = match request_id {
            Some(_) => Some(
                serde_json::to_string(&outcome)
                    .map_err(|e| Error::Storage { operation: "append".into(), reason: e.to_string() })?,
            ),
            None => None,
        };
        self.rendered.render(self.program, first)?;
        self.faults.step("append.journal")?;
        self.tx.insert(self.applied + 1, &pending, request_id, answer.as_deref(), self.rendered)?;
        journal::forget(self.program);
        if let Some(erasure) = &erasure {
            self.faults.step("append.erase")?;
            self.tx.erase(self.applied + 1, pending.command.verb(), erasure, self.program)?;
        }
        self.applied += 1;
        Ok(Ok(outcome))
    }
}

/// Writes the ways to run commands for `$ty`, a journaled program, once for every store. `$ty` has
/// `append(&mut self, Vec<(Command, Option<String>)>)` (its appending transaction: each command run,
/// journaled with its events and committed before it is answered), `drain_events`, `cursor` and
/// `events_since`.
macro_rules! journaled_program {
    ($ty:ty) => {
        impl $ty {
            /// Runs one command durably: answered once committed. A rejected command is its error
            /// and writes nothing. `drain_events` is not journaled: it is this program's
            /// `drain_events`.
            pub fn execute(&mut self, command: Command) -> Result<CommandOutcome> {
                if let Command::DrainEvents {} = command {
                    return Ok(CommandOutcome::Events(self.drain_events()?));
                }
                self.append(vec![(command, None)])?.pop().unwrap_or_else(|| Err($crate::append::lost_answer()))
            }

            /// `execute` with the caller's request id: when a command with this id is already in the
            /// journal (a retry after an unknown outcome, from any process or machine), its first
            /// answer is returned and nothing runs again; the same id with another command is
            /// `CONFLICT`.
            pub fn execute_once(&mut self, command: Command, request_id: &str) -> Result<CommandOutcome> {
                if request_id.is_empty() {
                    return Err(Error::InvalidInput { field: "request_id".into(), reason: "is empty".into() });
                }
                let batch = vec![(command, Some(request_id.to_string()))];
                self.append(batch)?.pop().unwrap_or_else(|| Err($crate::append::lost_answer()))
            }

            /// Runs the commands in one transaction (one commit for all: the fast way to load many).
            /// Each answer is its command's: a rejected command is its error and writes nothing, the
            /// others are all committed together. An error of the whole (storage, busy) commits
            /// none of them.
            pub fn execute_many(&mut self, commands: Vec<Command>) -> Result<Vec<Result<CommandOutcome>>> {
                self.append(commands.into_iter().map(|c| (c, None)).collect())
            }

            /// The events `consumer` has not acknowledged yet, oldest first, at most `limit`.
            /// Delivery is at least once: they come again until `ack_events` moves the cursor past
            /// them.
            pub fn pending_events(&mut self, consumer: &str, limit: u64) -> Result<Vec<Event>> {
                let from = self.cursor(consumer)?;
                self.events_since(from, limit)
            }
        }
    };
}
pub(crate) use journaled_program;

/// An append that answered nothing for a command it was given (a bug, never a user's error).
pub(crate) fn lost_answer() -> Error {
    Error::InvalidState { reason: "the store gave no answer".into() }
}
