//! Running commands inside a store's write transaction, whatever the store: a command sent again with
//! its request id answers what it answered the first time; a rejected command is its error and writes
//! nothing; an accepted one is journaled with its events at the next seq.

use affiliate_kit::program::{Command, CommandOutcome, Program};
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
        let outcome = match self.program.execute(pending.command.clone()) {
            Ok(outcome) => outcome,
            Err(rejected) => return Ok(Err(rejected)),
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
        self.applied += 1;
        Ok(Ok(outcome))
    }
}
