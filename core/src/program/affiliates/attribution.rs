//! Clicks and attribution: which affiliate an order belongs to (code > click in window > lifetime link).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::codes::canonical_code;
use crate::error::{Error, Result};
use crate::plan::Order;
use crate::program::affiliates::{check_id, AffiliateStatus};
use crate::program::config::AttributionModel;
use crate::program::sales::AttributionSource;
use crate::program::Program;

/// Most clicks remembered per visitor; older ones are forgotten first.
pub const MAX_CLICKS_PER_VISITOR: usize = 100;

/// A visit through an affiliate's link or code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Click {
    /// The affiliate the link belongs to.
    pub affiliate_id: String,
    /// The canonical code of the link.
    pub code: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Who an order is attributed to.
pub(in crate::program) struct Attribution {
    pub affiliate: usize,
    pub source: AttributionSource,
    pub code: Option<String>,
    /// When the click that attributed it was made (attributed by a click).
    pub click_at: Option<DateTime<Utc>>,
}

impl Program {
    pub(in crate::program) fn exec_record_click(
        &mut self,
        visitor_id: &str,
        code: &str,
        at: DateTime<Utc>,
    ) -> Result<Click> {
        check_id("visitor_id", visitor_id)?;
        let canonical = canonical_code(code, &self.config.code_policy)?;
        let i = *self.idx.code_owner.get(&canonical).ok_or_else(|| Error::not_found("code", canonical.as_str()))?;
        let click = Click { affiliate_id: self.affiliate_at(i)?.id.clone(), code: canonical, at };
        let clicks = self.state.clicks.entry(visitor_id.to_string()).or_default();
        let position = clicks.partition_point(|c| c.at <= at);
        clicks.insert(position, click.clone());
        if clicks.len() > MAX_CLICKS_PER_VISITOR {
            clicks.remove(0);
        }
        Ok(click)
    }

    /// The customer's key: their id, else their e-mail in lower case.
    pub(in crate::program) fn customer_key(order: &Order) -> Option<String> {
        Program::customer_key_of(order.customer.id.as_deref(), order.customer.email.as_deref())
    }

    /// The key of the customer with this id and e-mail: the id, else the lower-case e-mail.
    pub(in crate::program) fn customer_key_of(id: Option<&str>, email: Option<&str>) -> Option<String> {
        id.map(|id| format!("id:{id}")).or_else(|| email.map(|e| format!("email:{}", e.to_ascii_lowercase())))
    }

    /// Attributes an order: its code (existing and unexpired) when its affiliate is active, else the
    /// visitor's click in the window (last or first by the config; clicks made through a code already
    /// expired do not count), else the customer's lifetime link, else the code's non-active affiliate
    /// (so that the order is recorded with the reason it earns nothing).
    pub(in crate::program) fn attribute(
        &self,
        order: &Order,
        visitor_id: Option<&str>,
        at: DateTime<Utc>,
    ) -> Option<Attribution> {
        let policy = &self.config.code_policy;
        let mut inactive_code = None;
        if let Some(code) = order.code.as_deref().and_then(|c| canonical_code(c, policy).ok()) {
            if let Some(&i) = self.idx.code_owner.get(&code) {
                if self.code_live(i, &code, at) {
                    let attribution =
                        Attribution { affiliate: i, source: AttributionSource::Code, code: Some(code), click_at: None };
                    if self.state.affiliates.get(i).is_some_and(|a| a.status == AffiliateStatus::Active) {
                        return Some(attribution);
                    }
                    inactive_code = Some(attribution);
                }
            }
        }
        if let Some(clicks) = visitor_id.and_then(|v| self.state.clicks.get(v)) {
            let window = TimeDelta::days(i64::from(self.config.attribution.window_days));
            let from = at.checked_sub_signed(window).unwrap_or(DateTime::<Utc>::MIN_UTC);
            let mut in_window = clicks.iter().filter(|c| {
                c.at >= from
                    && c.at <= at
                    && self.idx.affiliate_by_id.get(&c.affiliate_id).is_some_and(|&i| self.code_live(i, &c.code, c.at))
            });
            let click = match self.config.attribution.model {
                AttributionModel::LastClick => in_window.next_back(),
                AttributionModel::FirstClick => in_window.next(),
            };
            if let Some(click) = click {
                if let Some(&i) = self.idx.affiliate_by_id.get(&click.affiliate_id) {
                    let click_at = Some(click.at);
                    return Some(Attribution { affiliate: i, source: AttributionSource::Click, code: None, click_at });
                }
            }
        }
        if self.config.attribution.lifetime_customers {
            let linked = Program::customer_key(order).and_then(|k| self.state.customers.get(&k)?.affiliate.get());
            if let Some(i) = linked {
                let source = AttributionSource::Lifetime;
                return Some(Attribution { affiliate: i as usize, source, code: None, click_at: None });
            }
        }
        inactive_code
    }

    /// Whether affiliate `i` has `code` and it has not expired at `at`.
    fn code_live(&self, i: usize, code: &str, at: DateTime<Utc>) -> bool {
        self.state
            .affiliates
            .get(i)
            .and_then(|a| a.codes.iter().find(|c| c.code == code))
            .is_some_and(|c| c.expires_at.is_none_or(|e| at < e))
    }
}
