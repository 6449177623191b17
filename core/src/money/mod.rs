//! Decimal money: currencies, strict parsing, the rounding policy and largest-remainder allocation.

mod allocate;
mod amount;
mod currency;
pub mod decimal;
mod rounding;
mod text;

pub use allocate::allocate;
pub(crate) use allocate::allocate_with_scale;
pub use amount::Money;
pub(crate) use amount::{exact_mul, exact_sum};
pub use currency::Currency;
pub use decimal::{parse_decimal, parse_exact, parse_non_negative};
pub use rounding::{round_to_minor_units, RoundingMode};
pub(crate) use text::Text;
