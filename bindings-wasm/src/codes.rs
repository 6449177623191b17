//! The checkout functions, in both builds: normalize and check a typed code, validate it against a
//! list of codes the page was given, preview a code's incentive. Arguments cross as strings, numbers
//! and the small input classes here (`Policy`, `IncentiveInput`, `OrderInput`): the JS package takes
//! the objects apart, so the checkout module carries no JSON reader. Answers cross as JSON text,
//! except `checkFormat`'s, which crosses in the module's memory (see [`CodeBytes`]).

// Building one export group alone (to measure its size) leaves some of these unused.
#![cfg_attr(not(feature = "checkout"), allow(unused_imports, dead_code))]
use affiliate_kit::codes::{
    self, CodeFormat, CodeList as CoreCodeList, CodePolicy, CodeProblem, Discount, Incentive, ListedCode,
};
use affiliate_kit::money::{parse_decimal, Currency, Money};
use affiliate_kit::plan::{Order, OrderLine};
use affiliate_kit::Error as CoreError;
use wasm_bindgen::prelude::*;

use crate::error::Result;
#[cfg(feature = "checkout-codes")]
use crate::flat::flat_record_into;
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
pub struct CodeBytes {
    /// Where the typed code is written, and the answer read.
    room: Vec<u8>,
    /// The normalized code of the last check (its room reused by the next).
    code: String,
    /// The last new invalid code's problem as a flat record (its room reused too).
    problem: String,
    /// The problems answered lately, by slot (at most [`PROBLEM_SLOTS`]): a problem met again
    /// crosses as its slot alone, the page keeping what it read for each slot. A shopper's
    /// keystrokes meet the same few problems again and again, and reading a problem's text costs
    /// the page more than the check itself.
    recent: Vec<CodeProblem>,
    /// The slot the next new problem replaces, once every slot is taken.
    next_slot: usize,
}

/// How many problems [`CodeBytes`] remembers (the slot takes four bits of the answer).
const PROBLEM_SLOTS: usize = 16;

#[cfg(feature = "checkout-codes")]
#[wasm_bindgen]
impl CodeBytes {
    /// No room yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> CodeBytes {
        CodeBytes::default()
    }

    /// Room for at least `len` bytes: their address in the module's memory, valid until a later
    /// call needs more room (an answer longer than the room reserved).
    pub fn reserve(&mut self, len: usize) -> *mut u8 {
        if self.room.len() < len {
            self.room.resize(len, 0);
        }
        self.room.as_mut_ptr()
    }

    /// `check_format` of the first `len` bytes reserved (a code in UTF-8; a byte that is not is read
    /// as U+FFFD, as `TextEncoder` writes a lone surrogate, and is then an invalid character).
    ///
    /// Returns `length << 8 | slot << 4 | known << 3 | same << 2 | verdict`, where `verdict` is its
    /// index in [`format_verdicts`], and the answer is one of:
    /// - `same` (1): the normalized code is the typed code itself, byte for byte; nothing written;
    /// - `known` (1): an invalid code whose problem is the one last answered in `slot`; nothing written;
    /// - else `length` bytes written at the start of the room: the normalized code or, for an invalid
    ///   code, its problem as a [flat record](crate::flat) (JSON if it ever is not flat), which
    ///   `slot` now holds.
    ///
    /// Never fails (an answer is a few hundred bytes at most: a code is at most `MAX_CODE_LENGTH`
    /// characters), so nothing but a number crosses back.
    #[wasm_bindgen(js_name = checkFormat)]
    pub fn check_format(&mut self, len: usize, policy: Option<Policy>) -> u32 {
        let bytes = self.room.get(..len).unwrap_or_default();
        let typed = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text), // as JS writes it
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let kind = codes::check_format_into(&typed, policy_or_default(&policy), &mut self.code);
        let (answer, tag) = match kind {
            Ok(kind) if self.code.as_bytes() == bytes => return 1 << 2 | kind.verdict_index(),
            Ok(kind) => (self.code.as_bytes(), kind.verdict_index()),
            Err(why) => {
                if let Some(slot) = self.recent.iter().position(|known| *known == why) {
                    return to_u32(slot) << 4 | 1 << 3 | CodeFormat::INVALID_INDEX;
                }
                if !flat_record_into(&why, &mut self.problem) {
                    self.problem = serde_json::to_string(&why).unwrap_or_default();
                    // cannot fail: no map
                }
                let slot = if self.recent.len() < PROBLEM_SLOTS {
                    self.recent.push(why);
                    self.recent.len() - 1
                } else {
                    let slot = self.next_slot;
                    self.next_slot = (slot + 1) % PROBLEM_SLOTS;
                    if let Some(known) = self.recent.get_mut(slot) {
                        *known = why;
                    }
                    slot
                };
                (self.problem.as_bytes(), to_u32(slot) << 4 | CodeFormat::INVALID_INDEX)
            }
        };
        if self.room.len() < answer.len() {
            self.room.resize(answer.len(), 0);
        }
        if let Some(room) = self.room.get_mut(..answer.len()) {
            room.copy_from_slice(answer);
        }
        to_u32(answer.len()).min(u32::MAX >> 8) << 8 | tag
    }
}

#[cfg(feature = "checkout-codes")]
/// `n` as a `u32`, saturating (lengths and slots here are small).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
