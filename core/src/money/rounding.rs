//! The rounding policy and the one function that rounds money to a currency's minor units.
//!
//! Every rounding in affiliate-kit goes through [`round_to_minor_units`]: commissions, prorated
//! discounts, incentive previews. Bindings never round. Intermediate results (base × rate) stay exact
//! until this point.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::Currency;

/// How a value between two minor units is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Half away from zero: 29.9985 → 30.00, 100.5 JPY → 101, -0.125 → -0.13. The default, as in
    /// most affiliate systems.
    #[default]
    HalfUp,
    /// Half to even (banker's rounding): 100.5 JPY → 100, 0.125 → 0.12.
    HalfEven,
    /// Truncate toward zero: 0.129 → 0.12, -0.129 → -0.12.
    TowardZero,
    /// Any fraction away from zero: 0.121 → 0.13, -0.121 → -0.13.
    AwayFromZero,
}

crate::names::snake_names!(RoundingMode {
    HalfUp => "half_up",
    HalfEven => "half_even",
    TowardZero => "toward_zero",
    AwayFromZero => "away_from_zero",
});

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::TowardZero => RoundingStrategy::ToZero,
            RoundingMode::AwayFromZero => RoundingStrategy::AwayFromZero,
        }
    }
}

/// Rounds `amount` to the minor units of `currency` with `mode`, and pads it to exactly that many
/// decimals (`30` EUR becomes `30.00`). This is the only rounding point of the library.
///
/// It cannot fail. Near Decimal's limit the padding stops where the 96-bit mantissa is full:
/// `79228162514264337593543950335` EUR stays without decimals (its value is exact all the same).
pub fn round_to_minor_units(amount: Decimal, currency: Currency, mode: RoundingMode) -> Decimal {
    let dp = currency.minor_units();
    let mut rounded = amount.round_dp_with_strategy(dp, mode.strategy());
    // `rescale` only adds zeros here: the value already has at most `dp` decimals.
    rounded.rescale(dp);
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    rounded
}
