//! Referral codes: normalization, Crockford base32 generated codes with a Damm check symbol,
//! vanity codes, an offline format verdict for browsers, and the customer incentive a code carries.
//!
//! Two kinds of code coexist under one [`CodePolicy`]:
//!
//! * **Generated** codes: the policy prefix, `generated_length` random Crockford base32 symbols and
//!   one check symbol ([`generate_code`], [`parse_generated`]). A single mistyped symbol or a swap of
//!   two adjacent symbols is always detected.
//! * **Vanity** codes chosen by affiliates (`JOHN25`), validated by [`validate_vanity`]. They may not
//!   be reserved words, nor have the shape of a generated code, so [`check_format`] is never ambiguous.
//!   Under the default policy (no prefix) this refuses 9-character names such as `JOHNSMITH`; setting
//!   a [`CodePolicy::prefix`] for generated codes (e.g. `R`) frees every vanity length.
//!
//! Store and look up every code under [`canonical_code`], so all spellings of a code find it.

mod check;
mod format;
mod generate;
mod incentive;
mod normalize;
mod policy;
mod validation;
mod vanity;

pub use crate::error::CodeProblem;
pub use check::{check_symbol, has_valid_check, ALPHABET};
pub use format::{canonical_code, check_format, check_format_into, parse_generated, CodeFormat, CodeKind};
pub use generate::{generate_code, generate_code_from_seed_bytes, generate_code_seeded, generate_codes_seeded};
pub use incentive::{Discount, Incentive, IncentivePreview, IneligibleReason};
pub use normalize::normalize;
pub use policy::{CodePolicy, MAX_CODE_LENGTH};
pub(crate) use validation::{validate_code, FoundCode};
pub use validation::{CodeList, CodeValidation, CodeValidity, ListedCode};
pub use vanity::validate_vanity;
