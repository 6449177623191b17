//! Fraud rules: checks of a tracked order that hold its commissions and say why. Each rule has a
//! stable code ([`FraudCode`]); its reason text is built from the config's thresholds, so that a
//! sale keeps only which rules flagged it ([`FraudFlags`], a byte) and renders the same reasons
//! whenever it is read. Every rule is off by default but the normalized self-referral.

pub(in crate::program) mod check;
pub(crate) mod email;
pub(in crate::program) mod recent;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The fraud rules of a program (config `fraud`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct FraudRules {
    /// Hold a sale whose customer e-mail is the affiliate's own once normalized: case, a `+tag`,
    /// and dots for Gmail (`gmail.com`, `googlemail.com`). On by default. (An e-mail equal to the
    /// affiliate's but for case earns nothing at all: reason `self_referral`.)
    pub self_referral: bool,
    /// Hold a sale when its customer or visitor bought through this many affiliates or more
    /// (this one included) within the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub many_affiliates: Option<ManyAffiliates>,
    /// Hold a sale when its customer placed more than `orders` orders (this one included) in the
    /// hour or day up to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_orders: Option<OrderRate>,
    /// Hold a sale when its affiliate got more than `orders` orders (this one included) in the hour
    /// or day up to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliate_orders: Option<OrderRate>,
    /// The countries the program serves (ISO 3166 alpha-2, upper case): hold a sale whose
    /// customer's country is another one (a sale without a country is not held).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
    /// Hold a sale attributed by a click made less than this many seconds before the order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_click_seconds: Option<u32>,
}

impl Default for FraudRules {
    fn default() -> Self {
        FraudRules {
            self_referral: true,
            many_affiliates: None,
            customer_orders: None,
            affiliate_orders: None,
            countries: None,
            min_click_seconds: None,
        }
    }
}

/// How many affiliates in how long (see [`FraudRules::many_affiliates`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ManyAffiliates {
    /// Distinct affiliates, at least 2.
    pub affiliates: u32,
    /// The window, in minutes (1 to a week, 10080).
    pub minutes: u32,
}

/// How many orders per hour or day (see [`FraudRules::customer_orders`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderRate {
    /// The most orders allowed in the window, at least 1.
    pub orders: u32,
    /// The window: the hour or the day (24 hours) up to the order.
    pub per: RatePeriod,
}

/// The window of an [`OrderRate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RatePeriod {
    /// The 60 minutes up to the order.
    Hour,
    /// The 24 hours up to the order.
    Day,
}

impl RatePeriod {
    fn minutes(self) -> u32 {
        match self {
            RatePeriod::Hour => 60,
            RatePeriod::Day => 24 * 60,
        }
    }

    fn text(self) -> &'static str {
        match self {
            RatePeriod::Hour => "an hour",
            RatePeriod::Day => "a day",
        }
    }
}

/// The longest `many_affiliates` window, in minutes (a week).
pub const MAX_FRAUD_MINUTES: u32 = 7 * 24 * 60;

/// Which rule flagged a sale: a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FraudCode {
    /// The customer's e-mail is the affiliate's own once normalized.
    SelfReferral,
    /// The customer or visitor bought through many affiliates in a short window.
    ManyAffiliates,
    /// Too many orders from the customer in the hour or day.
    CustomerOrders,
    /// Too many orders through the affiliate in the hour or day.
    AffiliateOrders,
    /// The customer's country is not one the program serves.
    CountryNotServed,
    /// The order came too soon after the click that attributed it.
    FastOrder,
}

crate::names::snake_names!(FraudCode {
    SelfReferral => "self_referral",
    ManyAffiliates => "many_affiliates",
    CustomerOrders => "customer_orders",
    AffiliateOrders => "affiliate_orders",
    CountryNotServed => "country_not_served",
    FastOrder => "fast_order",
});

impl FraudCode {
    /// Every code, in the order of their bits in a sale's flags.
    pub const ALL: [FraudCode; 6] = [
        FraudCode::SelfReferral,
        FraudCode::ManyAffiliates,
        FraudCode::CustomerOrders,
        FraudCode::AffiliateOrders,
        FraudCode::CountryNotServed,
        FraudCode::FastOrder,
    ];

    fn bit(self) -> u8 {
        let k = FraudCode::ALL.iter().position(|&c| c == self).unwrap_or(0);
        1 << k
    }
}

/// A rule that flagged a sale, and why (its text comes from the config's thresholds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FraudFlag {
    /// The rule.
    pub code: FraudCode,
    /// Why, e.g. `"more than 3 orders from the same customer within an hour"`.
    pub reason: String,
}

/// The rules that flagged a sale, one bit per [`FraudCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct FraudFlags(pub u8);

impl FraudFlags {
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn add(&mut self, code: FraudCode) {
        self.0 |= code.bit();
    }

    pub fn codes(self) -> impl Iterator<Item = FraudCode> {
        FraudCode::ALL.into_iter().filter(move |c| self.0 & c.bit() != 0)
    }

    /// The flags of these codes.
    pub fn of(codes: impl IntoIterator<Item = FraudCode>) -> FraudFlags {
        let mut flags = FraudFlags::default();
        codes.into_iter().for_each(|c| flags.add(c));
        flags
    }

    /// A byte read back (from a checkpoint): only known bits.
    pub fn from_bits(bits: u8) -> Option<FraudFlags> {
        (bits >> FraudCode::ALL.len() == 0).then_some(FraudFlags(bits))
    }
}

impl FraudRules {
    pub(crate) fn is_default(&self) -> bool {
        *self == FraudRules::default()
    }

    /// Checks thresholds and countries; errors are [`Error::InvalidConfig`] at `fraud.…`.
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(m) = self.many_affiliates {
            if m.affiliates < 2 {
                return Err(Error::config("fraud.many_affiliates.affiliates", "must be at least 2"));
            }
            if m.minutes == 0 || m.minutes > MAX_FRAUD_MINUTES {
                return Err(Error::config(
                    "fraud.many_affiliates.minutes",
                    format!("must be 1 to {MAX_FRAUD_MINUTES} (a week)"),
                ));
            }
        }
        for (path, rate) in [("customer_orders", self.customer_orders), ("affiliate_orders", self.affiliate_orders)] {
            if rate.is_some_and(|r| r.orders == 0) {
                return Err(Error::config(format!("fraud.{path}.orders"), "must be at least 1"));
            }
        }
        for (i, c) in self.countries.iter().flatten().enumerate() {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::config(
                    format!("fraud.countries[{i}]"),
                    format!("{c:?} is not an ISO 3166 alpha-2 code in upper case, e.g. \"FR\""),
                ));
            }
        }
        if self.min_click_seconds.is_some_and(|s| s == 0 || s > 86_400) {
            return Err(Error::config("fraud.min_click_seconds", "must be 1 to 86400 (a day)"));
        }
        Ok(())
    }

    /// The flags of these codes with their reasons, in code order.
    pub(crate) fn explain(&self, flags: FraudFlags) -> Vec<FraudFlag> {
        flags.codes().map(|code| FraudFlag { code, reason: self.reason(code) }).collect()
    }

    /// Why `code` flags a sale, in this config's terms.
    fn reason(&self, code: FraudCode) -> String {
        match code {
            FraudCode::SelfReferral => {
                "the customer's e-mail is the affiliate's own once normalized (case, +tag, dots at Gmail)".into()
            }
            FraudCode::ManyAffiliates => match self.many_affiliates {
                Some(m) => format!(
                    "the same customer or visitor bought through {} affiliates or more within {} minutes",
                    m.affiliates, m.minutes
                ),
                None => "the same customer or visitor bought through many affiliates".into(),
            },
            FraudCode::CustomerOrders => match self.customer_orders {
                Some(r) => format!("more than {} orders from the same customer within {}", r.orders, r.per.text()),
                None => "too many orders from the same customer".into(),
            },
            FraudCode::AffiliateOrders => match self.affiliate_orders {
                Some(r) => format!("more than {} orders through the same affiliate within {}", r.orders, r.per.text()),
                None => "too many orders through the same affiliate".into(),
            },
            FraudCode::CountryNotServed => match &self.countries {
                Some(list) => {
                    format!("the customer's country is not one the program serves ({})", list.join(", "))
                }
                None => "the customer's country is not one the program serves".into(),
            },
            FraudCode::FastOrder => match self.min_click_seconds {
                Some(s) => format!("ordered less than {s} seconds after the click"),
                None => "ordered too soon after the click".into(),
            },
        }
    }

    /// The longest window a rule looks back, in minutes (0 when no rule counts recent orders).
    pub(crate) fn window_minutes(&self) -> u32 {
        let rates = [self.customer_orders, self.affiliate_orders].into_iter().flatten().map(|r| r.per.minutes());
        rates.chain(self.many_affiliates.map(|m| m.minutes)).max().unwrap_or(0)
    }
}
