//! The checkout functions, in both builds: normalize and check a typed code, validate it against a
//! list of codes the page was given, preview a code's incentive. Arguments cross as strings, numbers
//! and the small input classes here (`Policy`, `IncentiveInput`, `OrderInput`): the JS package takes
//! the objects apart, so the checkout module carries no JSON reader. Answers cross as JSON text,
//! except `checkFormat`'s, which crosses in the module's memory (see [`CodeBytes`]).

// Building one export group alone (to measure its size) leaves some of these unused.
#![cfg_attr(not(feature = "checkout"), allow(unused_imports, dead_code))]
use affiliate_kit::codes::{self, CodeFormat, CodeList as CoreCodeList, CodePolicy, Discount, Incentive, ListedCode};
use affiliate_kit::money::{parse_decimal, Currency, Money};
use affiliate_kit::plan::{Order, OrderLine};
use affiliate_kit::Error as CoreError;
use wasm_bindgen::prelude::*;

use crate::error::Result;
#[cfg(feature = "checkout-codes")]
use crate::flat::flat_record;
use crate::text::{at, json, rounding};

/// A code policy from its fields (each absent field takes the default), validated.
#[wasm_bindgen]
pub struct Policy(CodePolicy);

#[wasm_bindgen]
impl Policy {
    /// The policy with these fields, else `InvalidPolicy`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        min_length: Option<u32>,
        max_length: Option<u32>,
        reserved: Option<Vec<String>>,
        generated_length: Option<u32>,
        prefix: Option<String>,
    ) -> Result<Policy> {
        let default = CodePolicy::default();
        let policy = CodePolicy {
            min_length: min_length.unwrap_or(default.min_length),
            max_length: max_length.unwrap_or(default.max_length),
            reserved: reserved.unwrap_or(default.reserved),
            generated_length: generated_length.unwrap_or(default.generated_length),
            prefix: prefix.unwrap_or(default.prefix),
        };
        policy.validate()?;
        Ok(Policy(policy))
    }
}

/// The given policy, or the default one (built once: checking a code as the shopper types should not
/// rebuild it on every keystroke).
fn policy_or_default(policy: &Option<Policy>) -> &CodePolicy {
    static DEFAULT: std::sync::OnceLock<CodePolicy> = std::sync::OnceLock::new();
    match policy {
        Some(policy) => &policy.0,
        None => DEFAULT.get_or_init(CodePolicy::default),
    }
}

#[cfg(feature = "checkout-codes")]
/// `normalize` under a policy or the default policy.
#[wasm_bindgen]
pub fn normalize(code: &str, policy: Option<Policy>) -> Result<String> {
    Ok(codes::normalize(code, policy_or_default(&policy))?)
}

#[cfg(feature = "checkout-codes")]
/// The memory `checkFormat` crosses with, one per JS package: the package writes the typed code's
/// UTF-8 bytes at [`CodeBytes::reserve`]'s address and reads the answer from the same place, so a
/// keystroke's check allocates nothing and crosses no JSON unless the code is invalid.
#[wasm_bindgen]
#[derive(Default)]
pub struct CodeBytes(Vec<u8>);

#[cfg(feature = "checkout-codes")]
#[wasm_bindgen]
impl CodeBytes {
    /// No room yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> CodeBytes {
        CodeBytes(Vec::new())
    }

    /// Room for at least `len` bytes: their address in the module's memory, valid until a later
    /// call needs more room (an answer longer than the room reserved).
    pub fn reserve(&mut self, len: usize) -> *mut u8 {
        if self.0.len() < len {
            self.0.resize(len, 0);
        }
        self.0.as_mut_ptr()
    }

    /// `check_format` of the first `len` bytes reserved (a code in UTF-8). The answer is written at
    /// the start of the room: the normalized code or, for an invalid code, its problem as a
    /// [flat record](crate::flat) (JSON if it ever is not flat). Returns `answer's length << 2 |
    /// verdict`, the verdict being its index in [`format_verdicts`].
    #[wasm_bindgen(js_name = checkFormat)]
    pub fn check_format(&mut self, len: usize, policy: Option<Policy>) -> Result<u32> {
        let typed = self
            .0
            .get(..len)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .ok_or_else(|| CoreError::InvalidInput { field: "code".into(), reason: "is not UTF-8 text".into() })?;
        let format = codes::check_format(typed, policy_or_default(&policy));
        let verdict = format.verdict_index();
        let problem;
        let answer = match &format {
            CodeFormat::Invalid { problem: why } => {
                problem = match flat_record(why) {
                    Some(record) => record,
                    None => json(why)?,
                };
                problem.as_bytes()
            }
            _ => format.code().unwrap_or_default().as_bytes(),
        };
        if self.0.len() < answer.len() {
            self.0.resize(answer.len(), 0);
        }
        if let Some(room) = self.0.get_mut(..answer.len()) {
            room.copy_from_slice(answer);
        }
        let length = u32::try_from(answer.len())
            .ok()
            .and_then(|n| n.checked_mul(4))
            .ok_or_else(|| CoreError::InvalidInput { field: "code".into(), reason: "is too long".into() })?;
        Ok(length | verdict)
    }
}

#[cfg(feature = "checkout-codes")]
/// The names of `checkFormat`'s verdicts, by index ([`CodeFormat::VERDICTS`]), separated by spaces.
#[wasm_bindgen(js_name = formatVerdicts)]
pub fn format_verdicts() -> String {
    codes::CodeFormat::VERDICTS.join(" ")
}

#[cfg(feature = "checkout-codes")]
/// The module's memory, where [`CodeBytes`] lives.
#[wasm_bindgen(js_name = moduleMemory)]
pub fn module_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[cfg(any(feature = "checkout-previews", feature = "checkout-list"))]
/// An incentive given to [`preview_incentive`], [`preview_incentive_order`] or [`CodeList::add`]:
/// a percentage off, or an amount off in a currency; the smallest subtotal and the expiry, if any.
#[wasm_bindgen]
pub struct IncentiveInput(Incentive);

#[cfg(any(feature = "checkout-previews", feature = "checkout-list"))]
#[wasm_bindgen]
impl IncentiveInput {
    /// The incentive of these fields, validated ([`Incentive::validate`]).
    #[wasm_bindgen(constructor)]
    pub fn new(
        percent: Option<String>,
        amount_off: Option<String>,
        amount_off_currency: Option<String>,
        min_order: Option<String>,
        min_order_currency: Option<String>,
        expires_at: Option<String>,
    ) -> Result<IncentiveInput> {
        let discount = match (percent, amount_off) {
            (Some(percent), _) => Discount::PercentOff {
                percent: parse_decimal(&percent).map_err(|e| CoreError::InvalidInput {
                    field: "incentive.discount.percent".into(),
                    reason: e.to_string(),
                })?,
            },
            (None, amount) => Discount::AmountOff {
                amount: Money::parse(&amount.unwrap_or_default(), &amount_off_currency.unwrap_or_default())?,
            },
        };
        let min_order = match min_order {
            Some(amount) => Some(Money::parse(&amount, &min_order_currency.unwrap_or_default())?),
            None => None,
        };
        let expires_at = expires_at.map(|t| at("incentive.expires_at", &t)).transpose()?;
        let incentive = Incentive { discount, min_order, expires_at };
        incentive.validate()?;
        Ok(IncentiveInput(incentive))
    }
}

#[cfg(feature = "checkout-previews")]
/// `Incentive::preview` of a subtotal: the preview as JSON.
#[wasm_bindgen(js_name = previewIncentive)]
pub fn preview_incentive(
    incentive: IncentiveInput,
    amount: &str,
    currency: &str,
    at_: &str,
    mode: Option<String>,
) -> Result<String> {
    let subtotal = Money::parse(amount, currency)?;
    json(&incentive.0.preview(subtotal, at("at", at_)?, rounding("rounding", mode)?)?)
}

#[cfg(feature = "checkout-previews")]
/// An order being given to [`preview_incentive_order`], field by field.
#[wasm_bindgen]
pub struct OrderInput(Order);

#[cfg(feature = "checkout-previews")]
#[wasm_bindgen]
impl OrderInput {
    /// An order with no lines yet; amounts are decimal strings, absent ones zero.
    #[wasm_bindgen(constructor)]
    pub fn new(
        id: String,
        currency: &str,
        discount: Option<String>,
        shipping: Option<String>,
        tax: Option<String>,
        country: Option<String>,
    ) -> Result<OrderInput> {
        let mut order: Order = Order {
            id,
            currency: Currency::from_code(currency).map_err(|e| order_error("currency".into(), e.to_string()))?,
            lines: Vec::new(),
            discount: order_amount("discount", discount)?,
            shipping: order_amount("shipping", shipping)?,
            tax: order_amount("tax", tax)?,
            customer: Default::default(),
            code: None,
        };
        order.customer.country = country;
        Ok(OrderInput(order))
    }

    /// Adds a line; `quantity` is the text of a whole number.
    #[allow(clippy::too_many_arguments)]
    pub fn line(
        &mut self,
        id: String,
        product: String,
        category: Option<String>,
        quantity: &str,
        unit_price: &str,
        discount: Option<String>,
        tax: Option<String>,
    ) -> Result<()> {
        let i = self.0.lines.len();
        let path = |field: &str| format!("lines[{i}].{field}");
        let quantity = quantity.parse().map_err(|_| {
            order_error(path("quantity"), format!("{quantity} is not a whole number from 0 to {}", u32::MAX))
        })?;
        let unit_price = order_amount(&path("unit_price"), Some(unit_price.to_string()))?;
        let discount = order_amount(&path("discount"), discount)?;
        let tax = order_amount(&path("tax"), tax)?;
        self.0.lines.push(OrderLine { id, product, category, quantity, unit_price, discount, tax });
        Ok(())
    }
}

#[cfg(feature = "checkout-previews")]
/// `InvalidOrder` at `path`.
fn order_error(path: String, reason: String) -> CoreError {
    CoreError::InvalidOrder { path, reason }
}

#[cfg(feature = "checkout-previews")]
/// An order amount: absent is zero, a malformed one `InvalidOrder` at `path`.
fn order_amount(path: &str, text: Option<String>) -> Result<rust_decimal::Decimal> {
    Ok(text
        .map(|t| parse_decimal(&t).map_err(|e| order_error(path.into(), e.to_string())))
        .transpose()?
        .unwrap_or_default())
}

#[cfg(feature = "checkout-previews")]
/// `Incentive::preview_order`: the preview of a whole order as JSON (the order validated as
/// `Order::from_json` would).
#[wasm_bindgen(js_name = previewIncentiveOrder)]
pub fn preview_incentive_order(
    incentive: IncentiveInput,
    order: OrderInput,
    at_: &str,
    mode: Option<String>,
) -> Result<String> {
    json(&incentive.0.preview_order(&order.0, at("at", at_)?, rounding("rounding", mode)?)?)
}

#[cfg(feature = "checkout-list")]
/// The codes a checkout page was given ([`affiliate_kit::codes::CodeList`]).
#[wasm_bindgen]
pub struct CodeList(CoreCodeList);

#[cfg(feature = "checkout-list")]
#[wasm_bindgen]
impl CodeList {
    /// An empty list under a policy (the default one when absent).
    #[wasm_bindgen(constructor)]
    pub fn new(policy: Option<Policy>) -> Result<CodeList> {
        Ok(CodeList(CoreCodeList::new(policy.map(|p| p.0).unwrap_or_default())?))
    }

    /// Adds a code (an incentive given is taken by the list; `active` absent is the core's default).
    pub fn add(
        &mut self,
        code: String,
        affiliate_id: String,
        expires_at: Option<String>,
        active: Option<bool>,
        incentive: Option<IncentiveInput>,
    ) -> Result<()> {
        let expires_at = expires_at.map(|t| at("expires_at", &t)).transpose()?;
        let active = active.unwrap_or(ListedCode::ACTIVE_BY_DEFAULT);
        let incentive = incentive.map(|i| i.0);
        Ok(self.0.add(ListedCode { code, affiliate_id, incentive, expires_at, active })?)
    }

    /// How many codes are listed.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.0.len()
    }

    /// `CodeList::validate` of a typed code at an instant: the validation as JSON.
    pub fn validate(&self, code: &str, at_: &str) -> Result<String> {
        json(&self.0.validate(code, at("at", at_)?))
    }
}
