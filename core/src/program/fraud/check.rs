//! Running the fraud rules over an order about to be credited.

use chrono::{DateTime, TimeDelta, Utc};

use crate::plan::Order;
use crate::program::affiliates::attribution::Attribution;
use crate::program::fraud::email::same_mailbox;
use crate::program::fraud::recent::{OrderKeys, NO_AFFILIATE};
use crate::program::fraud::{FraudCode, FraudFlags};
use crate::program::Program;

impl Program {
    /// The rules an order attributed by `attribution` breaks (before it is counted itself).
    pub(in crate::program) fn fraud_flags(
        &self,
        order: &Order,
        attribution: &Attribution,
        visitor_id: Option<&str>,
        at: DateTime<Utc>,
    ) -> FraudFlags {
        let rules = &self.config.fraud;
        let mut flags = FraudFlags::default();
        let affiliate = self.state.affiliates.get(attribution.affiliate);
        if rules.self_referral {
            let own = affiliate.and_then(|a| a.email.as_deref());
            if let (Some(own), Some(customer)) = (own, order.customer.email.as_deref()) {
                if same_mailbox(own, customer) {
                    flags.add(FraudCode::SelfReferral);
                }
            }
        }
        if let (Some(served), Some(country)) = (&rules.countries, &order.customer.country) {
            if !served.iter().any(|c| c.eq_ignore_ascii_case(country)) {
                flags.add(FraudCode::CountryNotServed);
            }
        }
        if let (Some(seconds), Some(click_at)) = (rules.min_click_seconds, attribution.click_at) {
            if at.signed_duration_since(click_at) < TimeDelta::seconds(i64::from(seconds)) {
                flags.add(FraudCode::FastOrder);
            }
        }
        if rules.customer_orders.is_none() && rules.affiliate_orders.is_none() && rules.many_affiliates.is_none() {
            return flags;
        }
        let before = |minutes: u32| at.checked_sub_signed(TimeDelta::minutes(i64::from(minutes)));
        let customer = Program::customer_key(order).and_then(|k| self.state.customers.find(&k)).map(|c| c as u32);
        let number = u32::try_from(attribution.affiliate).unwrap_or(NO_AFFILIATE);
        let recent = &self.idx.recent;
        if let (Some(rate), Some(c)) = (rules.customer_orders, customer) {
            let from = before(rate.per.minutes());
            if from.is_some_and(|from| recent.customer_orders(c, from, at) + 1 > rate.orders as usize) {
                flags.add(FraudCode::CustomerOrders);
            }
        }
        if let Some(rate) = rules.affiliate_orders {
            let from = before(rate.per.minutes());
            if from.is_some_and(|from| recent.affiliate_orders(number, from, at) + 1 > rate.orders as usize) {
                flags.add(FraudCode::AffiliateOrders);
            }
        }
        if let Some(many) = rules.many_affiliates {
            if let Some(from) = before(many.minutes) {
                let mut seen = recent.affiliates_of(customer, visitor_id, from, at);
                if !seen.contains(&number) {
                    seen.push(number);
                }
                if seen.len() >= many.affiliates as usize {
                    flags.add(FraudCode::ManyAffiliates);
                }
            }
        }
        flags
    }

    /// Counts a tracked order in the recent windows, when a rule counts them.
    pub(in crate::program) fn note_recent(&mut self, keys: &OrderKeys<'_>, at: DateTime<Utc>) {
        let minutes = self.config.fraud.window_minutes();
        if minutes > 0 {
            self.idx.recent.note(keys, at, TimeDelta::minutes(i64::from(minutes)));
        }
    }
}
