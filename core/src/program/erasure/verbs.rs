//! `erase_affiliate` and `erase_customer` on a program: what to erase, found in the state and the
//! events held; then the state rewritten without it. A customer's id becomes `erased:<the id of
//! their first sale>`, so that caps, lifetime links and new-customer counts stay as they were.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::program::affiliates::{AffiliateStatus, AffiliateView};
use crate::program::commands::{Command, CommandOutcome};
use crate::program::erasure::{CustomerErasure, Erasure};
use crate::program::events::EventData;
use crate::program::fraud::recent::Recent;
use crate::program::Program;

impl Program {
    /// Runs an erase command (`erase_affiliate`, `erase_customer`) with what a store's history adds
    /// to what this program finds itself (the values [`Erasure::harvest`] took from the events it
    /// keeps beyond this program's memory), and answers the whole erasure applied, for the store to
    /// redact its journal with. Any other command is [`Error::InvalidInput`].
    pub fn execute_erasure(&mut self, command: Command, history: &Erasure) -> Result<(CommandOutcome, Erasure)> {
        match command {
            Command::EraseAffiliate { affiliate_id, at } => {
                let erasure = self.affiliate_erasure(&affiliate_id, history)?;
                let view = self.exec_erase_affiliate(&affiliate_id, &erasure, at)?;
                Ok((CommandOutcome::Affiliate(view), erasure))
            }
            Command::EraseCustomer { customer, at } => {
                let (erasure, positions) = self.customer_erasure(&customer, history)?;
                let erased = self.exec_erase_customer(&erasure, &positions, at)?;
                Ok((CommandOutcome::CustomerErased(erased), erasure))
            }
            other => Err(Error::input("verb", format!("{} erases nothing", other.verb()))),
        }
    }

    /// What erasing affiliate `id` removes: from their record, their invitations, the events held
    /// and `history`, then every sale of their e-mails.
    pub(in crate::program) fn affiliate_erasure(&self, id: &str, history: &Erasure) -> Result<Erasure> {
        let a = self.affiliate_at(self.affiliate_index(id)?)?;
        let mut erasure = Erasure { affiliate: Some(a.id.clone()), ..Erasure::default() };
        erasure.names.extend(a.name.iter().cloned());
        erasure.emails.extend(a.email.iter().map(|e| e.to_ascii_lowercase()));
        for inv in self.state.invitations.iter().filter(|i| i.affiliate_id.as_deref() == Some(id)) {
            erasure.emails.insert(inv.email.to_ascii_lowercase());
            erasure.invitations.insert(inv.id.clone());
        }
        for event in self.state.events.emitted_all() {
            erasure.harvest(event);
        }
        erasure.merge(history);
        // Their own purchases (orders with their e-mail) are theirs too.
        self.close_over_sales(&mut erasure)?;
        Ok(erasure)
    }

    /// The erasure of the customer with this e-mail (it contains `@`) or customer id, and the
    /// positions of their sales.
    pub(in crate::program) fn customer_erasure(&self, who: &str, history: &Erasure) -> Result<(Erasure, Vec<usize>)> {
        let mut erasure = history.clone();
        erasure.affiliate = None;
        match who.contains('@') {
            true => erasure.emails.insert(who.to_ascii_lowercase()),
            false => erasure.customer_ids.insert(who.to_string()),
        };
        let sales = self.close_over_sales(&mut erasure)?;
        if sales.is_empty() {
            return Err(Error::not_found("customer", who));
        }
        Ok((erasure, sales))
    }

    /// Adds the ids, e-mails and visitor ids of every sale whose customer the erasure names, until
    /// none is new (a customer id seen with an erased e-mail is erased, and the other way round);
    /// answers those sales' positions.
    fn close_over_sales(&self, erasure: &mut Erasure) -> Result<Vec<usize>> {
        loop {
            let before = (erasure.emails.len(), erasure.customer_ids.len());
            let mut matched = Vec::new();
            for (i, sale) in self.state.sales.iter().enumerate() {
                let (id, email) = sale.packed.customer()?;
                let theirs = id.is_some_and(|id| erasure.customer_ids.contains(id))
                    || email.is_some_and(|e| erasure.has_email(e));
                if !theirs {
                    continue;
                }
                erasure.customer_ids.extend(id.map(str::to_string));
                erasure.emails.extend(email.map(|e| e.to_ascii_lowercase()));
                erasure.visitors.extend(sale.packed.visitor().map(str::to_string));
                matched.push(i);
            }
            if (erasure.emails.len(), erasure.customer_ids.len()) == before {
                return Ok(matched);
            }
        }
    }

    pub(in crate::program) fn exec_erase_affiliate(
        &mut self,
        id: &str,
        erasure: &Erasure,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let i = self.affiliate_index(id)?;
        self.apply_erasure(erasure)?;
        if let Some(a) = self.state.affiliates.get_mut(i) {
            if let Some(email) = a.email.take() {
                self.idx.affiliate_by_email.remove(&email.to_ascii_lowercase());
            }
            a.name = None;
            a.status = AffiliateStatus::Deleted;
            a.updated_at = at;
        }
        self.state.events.emit(at, EventData::AffiliateErased { affiliate_id: id.to_string() });
        self.view_at(i)
    }

    pub(in crate::program) fn exec_erase_customer(
        &mut self,
        erasure: &Erasure,
        positions: &[usize],
        at: DateTime<Utc>,
    ) -> Result<CustomerErasure> {
        self.apply_erasure(erasure)?;
        let sales: Vec<String> =
            positions.iter().filter_map(|&i| self.state.sales.get(i)).map(|s| s.id().to_string()).collect();
        self.state.events.emit(at, EventData::CustomerErased { sales: sales.clone() });
        Ok(CustomerErasure { sales })
    }

    /// Rewrites the state without what `erasure` names: its customers' orders (ids become
    /// `erased:<first sale id>`, e-mails and visitor ids go), their keys, clicks of their visitors, invitations,
    /// the events held; and drops the command log (it held the personal data as given).
    fn apply_erasure(&mut self, erasure: &Erasure) -> Result<()> {
        // Each erased customer's new id, `erased:<their first sale's id>`: the same whatever the
        // customers' numbering (a restored program numbers them in key order).
        let mut tokens: BTreeMap<String, String> = BTreeMap::new();
        for sale in self.state.sales.iter() {
            let (id, email) = sale.packed.customer()?;
            let theirs =
                id.is_some_and(|id| erasure.customer_ids.contains(id)) || email.is_some_and(|e| erasure.has_email(e));
            if let Some(key) = Program::customer_key_of(id, email).filter(|_| theirs) {
                tokens.entry(key).or_insert_with(|| format!("erased:{}", sale.id()));
            }
        }
        let sales = self.state.sales.repacked(|_, sale| {
            let (id, email) = sale.packed.customer().ok()?;
            let key = Program::customer_key_of(id, email)?;
            let token = tokens.get(&key)?;
            let mut order = sale.order().ok()?;
            order.customer.id = Some(token.clone());
            order.customer.email = None;
            Some((order, None))
        });
        self.state.customers = self.state.customers.renamed(|_, key| tokens.get(key).map(|t| format!("id:{t}")));
        self.state.sales = sales;
        self.state.clicks.retain(|visitor, _| !erasure.visitors.contains(visitor));
        for invitation in self.state.invitations.iter_mut() {
            erasure.invitation(invitation);
        }
        self.idx.pending_invitation.clear();
        self.idx.invitation_expiry.clear();
        self.idx.index_invitations(&self.state.invitations);
        for event in self.state.events.emitted_mut() {
            erasure.event(event);
        }
        self.log = Vec::new();
        if self.config.fraud.window_minutes() > 0 {
            self.idx.recent = Recent::default();
            let sales = std::mem::take(&mut self.state.sales);
            let noted = sales.iter().try_for_each(|sale| self.note_restored(&sale));
            self.state.sales = sales;
            noted?;
        }
        Ok(())
    }
}
