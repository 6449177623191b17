//! Affiliate commands (register, update, status, delete) and their codes (add, generate, validate).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::codes::{
    check_format, generate_code_seeded, validate_code, CodeFormat, CodeProblem, CodeValidation, Discount, FoundCode,
    Incentive,
};
use crate::error::{Error, Result};
use crate::plan::MAX_RATE_DECIMALS;
use crate::program::affiliates::{
    check_id, check_name, email_key, Affiliate, AffiliateCode, AffiliateSource, AffiliateStatus, AffiliateUpdate,
    AffiliateView, Registration,
};
use crate::program::events::EventData;
use crate::program::Program;

/// How many seeds `generate_code` tries before giving up on collisions.
const GENERATE_ATTEMPTS: u64 = 16;

impl Program {
    pub(in crate::program) fn exec_register(&mut self, reg: &Registration, at: DateTime<Utc>) -> Result<AffiliateView> {
        self.check_new_affiliate(reg.id.as_deref(), &reg.name, &reg.email, reg.code.as_deref(), reg.group.as_deref())?;
        if let Some(parent) = &reg.parent {
            self.affiliate_index(parent)?;
        }
        let code = reg.code.as_deref().map(|c| self.issue_code(c)).transpose()?;
        let i = self.insert_affiliate(reg.id.clone(), reg, code, AffiliateSource::Registration, at);
        let view = self.view_at(i)?;
        self.state.events.emit(at, EventData::AffiliateRegistered { affiliate: view.clone() });
        Ok(view)
    }

    /// Validates what a new affiliate needs: free id, name, free e-mail, free code, group.
    pub(in crate::program) fn check_new_affiliate(
        &self,
        id: Option<&str>,
        name: &str,
        email: &str,
        code: Option<&str>,
        group: Option<&str>,
    ) -> Result<()> {
        if let Some(id) = id {
            check_id("id", id)?;
            if self.idx.affiliate_by_id.contains_key(id) {
                return Err(Error::conflict(format!("affiliate id {id:?} is taken")));
            }
        }
        check_name(name)?;
        let key = email_key(email)?;
        if self.idx.affiliate_by_email.contains_key(&key) {
            return Err(Error::conflict(format!("e-mail {email:?} belongs to another affiliate")));
        }
        if let Some(code) = code {
            self.issue_code(code)?;
        }
        if let Some(group) = group {
            check_id("group", group)?;
        }
        Ok(())
    }

    /// Inserts a validated affiliate; returns its index.
    pub(in crate::program) fn insert_affiliate(
        &mut self,
        id: Option<String>,
        reg: &Registration,
        code: Option<String>,
        source: AffiliateSource,
        at: DateTime<Utc>,
    ) -> usize {
        let id = id.unwrap_or_else(|| loop {
            self.state.next_affiliate = self.state.next_affiliate.wrapping_add(1);
            let candidate = format!("aff_{}", self.state.next_affiliate);
            if !self.idx.affiliate_by_id.contains_key(&candidate) {
                break candidate;
            }
        });
        let i = self.state.affiliates.len();
        let codes: Vec<AffiliateCode> = code
            .into_iter()
            .map(|code| AffiliateCode { code, incentive: None, expires_at: None, created_at: at })
            .collect();
        for c in &codes {
            self.idx.code_owner.insert(c.code.clone(), i);
        }
        self.idx.affiliate_by_id.insert(id.clone(), i);
        self.idx.affiliate_by_email.insert(reg.email.to_ascii_lowercase(), i);
        self.state.affiliates.push(Affiliate {
            id,
            name: Some(reg.name.clone()),
            email: Some(reg.email.clone()),
            status: if self.config.auto_approve { AffiliateStatus::Active } else { AffiliateStatus::Pending },
            group: reg.group.clone(),
            parent: reg.parent.clone(),
            commission_rate: None,
            source,
            codes,
            hold: None,
            created_at: at,
            updated_at: at,
        });
        i
    }

    pub(in crate::program) fn exec_update(
        &mut self,
        id: &str,
        update: &AffiliateUpdate,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let i = self.live_affiliate(id)?;
        if let Some(name) = &update.name {
            check_name(name)?;
        }
        let new_email = match &update.email {
            Some(email) => {
                let key = email_key(email)?;
                match self.idx.affiliate_by_email.get(&key) {
                    Some(&other) if other != i => {
                        return Err(Error::conflict(format!("e-mail {email:?} belongs to another affiliate")))
                    }
                    _ => Some((key, email.clone())),
                }
            }
            None => None,
        };
        if let Some(group) = update.group.as_deref().filter(|g| !g.is_empty()) {
            check_id("group", group)?;
        }
        let rate = update.commission_rate.as_deref().map(own_rate).transpose()?;
        let a = self.state.affiliates.get_mut(i).ok_or_else(|| Error::not_found("affiliate", id))?;
        if let Some(rate) = rate {
            a.commission_rate = rate;
        }
        if let Some(name) = &update.name {
            a.name = Some(name.clone());
        }
        if let Some((key, email)) = new_email {
            if let Some(old) = a.email.replace(email) {
                self.idx.affiliate_by_email.remove(&old.to_ascii_lowercase());
            }
            self.idx.affiliate_by_email.insert(key, i);
        }
        if let Some(group) = &update.group {
            a.group = if group.is_empty() { None } else { Some(group.clone()) };
        }
        a.updated_at = at;
        let view = self.view_at(i)?;
        self.state.events.emit(at, EventData::AffiliateUpdated { affiliate: view.clone() });
        Ok(view)
    }

    pub(in crate::program) fn exec_set_status(
        &mut self,
        id: &str,
        status: AffiliateStatus,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let i = self.live_affiliate(id)?;
        if status == AffiliateStatus::Deleted {
            return Err(Error::input("status", "use delete_affiliate to delete an affiliate"));
        }
        let from = self.affiliate_at(i)?.status;
        if from == status {
            return self.view_at(i);
        }
        if let Some(a) = self.state.affiliates.get_mut(i) {
            a.status = status;
            a.updated_at = at;
        }
        let view = self.view_at(i)?;
        if from == AffiliateStatus::Pending && status == AffiliateStatus::Active {
            self.state.events.emit(at, EventData::AffiliateApproved { affiliate: view.clone() });
        }
        self.state.events.emit(at, EventData::AffiliateStatusChanged { affiliate: view.clone(), from, to: status });
        Ok(view)
    }

    pub(in crate::program) fn exec_delete(&mut self, id: &str, at: DateTime<Utc>) -> Result<AffiliateView> {
        let i = self.live_affiliate(id)?;
        let a = self.state.affiliates.get_mut(i).ok_or_else(|| Error::not_found("affiliate", id))?;
        if let Some(email) = a.email.take() {
            self.idx.affiliate_by_email.remove(&email.to_ascii_lowercase());
        }
        a.name = None;
        a.status = AffiliateStatus::Deleted;
        a.updated_at = at;
        let view = self.view_at(i)?;
        self.state.events.emit(at, EventData::AffiliateDeleted { affiliate_id: id.to_string() });
        Ok(view)
    }

    pub(in crate::program) fn exec_add_code(
        &mut self,
        id: &str,
        code: &str,
        incentive: Option<&Incentive>,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let i = self.live_affiliate(id)?;
        let code = self.issue_code(code)?;
        self.attach_code(i, code, incentive, expires_at, at)
    }

    pub(in crate::program) fn exec_generate_code(
        &mut self,
        id: &str,
        seed: u64,
        incentive: Option<&Incentive>,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let i = self.live_affiliate(id)?;
        for attempt in 0..GENERATE_ATTEMPTS {
            let code = generate_code_seeded(&self.config.code_policy, seed.wrapping_add(attempt))?;
            if !self.idx.code_owner.contains_key(&code) {
                return self.attach_code(i, code, incentive, expires_at, at);
            }
        }
        Err(Error::conflict(format!("{GENERATE_ATTEMPTS} generated codes from seed {seed} are all taken")))
    }

    fn attach_code(
        &mut self,
        i: usize,
        code: String,
        incentive: Option<&Incentive>,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        if let Some(incentive) = incentive {
            incentive.validate()?;
            let amount_off = match &incentive.discount {
                Discount::AmountOff { amount } => Some(amount.currency),
                Discount::PercentOff { .. } => None,
            };
            for currency in amount_off.into_iter().chain(incentive.min_order.as_ref().map(|m| m.currency)) {
                if currency != self.config.currency {
                    return Err(Error::CurrencyMismatch {
                        expected: self.config.currency.code().to_string(),
                        found: currency.code().to_string(),
                    });
                }
            }
        }
        if expires_at.is_some_and(|e| e <= at) {
            return Err(Error::input("expires_at", "a new code cannot already be expired"));
        }
        self.idx.code_owner.insert(code.clone(), i);
        if let Some(a) = self.state.affiliates.get_mut(i) {
            a.codes.push(AffiliateCode { code, incentive: incentive.cloned(), expires_at, created_at: at });
            a.updated_at = at;
        }
        let view = self.view_at(i)?;
        self.state.events.emit(at, EventData::AffiliateUpdated { affiliate: view.clone() });
        Ok(view)
    }

    /// Checks a code for issuing (generated with a valid check symbol, or a valid vanity code) and that
    /// no affiliate has it; returns its canonical form.
    pub(in crate::program) fn issue_code(&self, input: &str) -> Result<String> {
        let code = match check_format(input, &self.config.code_policy) {
            CodeFormat::Generated { code } | CodeFormat::Vanity { code } => code,
            CodeFormat::LikelyTypo { .. } => {
                return Err(Error::InvalidCode { input: input.to_string(), reason: CodeProblem::BadCheckSymbol })
            }
            CodeFormat::Invalid { problem } => {
                return Err(Error::InvalidCode { input: input.to_string(), reason: problem })
            }
        };
        if self.idx.code_owner.contains_key(&code) {
            return Err(Error::conflict(format!("code {code:?} is taken")));
        }
        Ok(code)
    }

    /// Whether a typed code may be accepted at checkout at `at`, and its incentive. Never fails: a
    /// malformed input is answered `malformed`. The rule is
    /// [`CodeList::validate`](crate::codes::CodeList::validate)'s.
    pub fn validate_code(&self, input: &str, at: DateTime<Utc>) -> CodeValidation {
        validate_code(input, &self.config.code_policy, at, |code| {
            let a = self.idx.code_owner.get(code).and_then(|&i| self.state.affiliates.get(i))?;
            let record = a.codes.iter().find(|c| c.code == code)?;
            Some(FoundCode {
                affiliate_id: &a.id,
                expires_at: record.expires_at,
                active: a.status == AffiliateStatus::Active,
                incentive: record.incentive.as_ref(),
            })
        })
    }
}

/// An affiliate's own rate as `update_affiliate` gives it: `""` clears it, else a percentage
/// 0..=100 with at most [`MAX_RATE_DECIMALS`] decimals ([`Error::InvalidInput`] otherwise).
fn own_rate(text: &str) -> Result<Option<Decimal>> {
    if text.is_empty() {
        return Ok(None);
    }
    let rate = crate::money::parse_decimal(text).map_err(|e| Error::input("commission_rate", e.to_string()))?;
    if rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED || rate.normalize().scale() > MAX_RATE_DECIMALS {
        return Err(Error::input(
            "commission_rate",
            format!("{text:?} is not a percentage from 0 to 100 with at most {MAX_RATE_DECIMALS} decimals"),
        ));
    }
    Ok(Some(rate))
}
