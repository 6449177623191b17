//! Generation of random codes: prefix, Crockford base32 payload, check symbol.
//!
//! Which entry point to use:
//! * Rust callers with their own random source: [`generate_code`] (e.g. with a `rand` OS RNG).
//! * Production through bindings: [`generate_code_from_seed_bytes`] with 32 fresh bytes of the host's
//!   cryptographic randomness (`crypto.getRandomValues`, `secrets.token_bytes(32)`, `SecRandomCopyBytes`,
//!   ...) for every code.
//! * Tests, fixtures and reproducible examples: [`generate_code_seeded`] and [`generate_codes_seeded`]
//!   with a `u64` seed. Only 2⁶⁴ seeds exist, so seeded codes must not be used where codes have to be
//!   unguessable.

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::check::{check_value, step, symbol};
use super::policy::to_usize;
use super::CodePolicy;
use crate::error::{Error, Result};

/// Generates a code: the normalized policy prefix, `generated_length` random Crockford base32
/// symbols (five bits of a random byte each, `byte & 31`, so without modulo bias) and the check
/// symbol. Validates the policy first ([`Error::InvalidPolicy`]). Uniqueness against codes already
/// issued is the caller's concern.
pub fn generate_code<R: rand_core::Rng + ?Sized>(policy: &CodePolicy, rng: &mut R) -> Result<String> {
    policy.validate()?;
    let prefix = policy.normalized_prefix().map_err(|problem| Error::InvalidPolicy { reason: problem.to_string() })?;
    // A valid policy has `generated_length <= MAX_CODE_LENGTH`, so this is a small allocation.
    let mut bytes = vec![0u8; to_usize(policy.generated_length)];
    rng.fill_bytes(&mut bytes);
    let mut code = String::with_capacity(prefix.len() + bytes.len() + 1);
    code.push_str(&prefix);
    let mut state = 0;
    for byte in bytes {
        let value = byte & 31;
        code.push(symbol(value));
        state = step(state, value);
    }
    code.push(symbol(check_value(state)));
    Ok(code)
}

/// [`generate_code`] with a `ChaCha8Rng` seeded from `seed`: the same seed gives the same code.
///
/// For tests and reproducible examples only: a `u64` seed has just 64 bits, so codes from guessable
/// seeds are guessable. In production use [`generate_code_from_seed_bytes`] with 32 bytes of host
/// entropy, or [`generate_code`] with a cryptographic RNG.
pub fn generate_code_seeded(policy: &CodePolicy, seed: u64) -> Result<String> {
    generate_code(policy, &mut ChaCha8Rng::seed_from_u64(seed))
}

/// [`generate_code`] with a `ChaCha8Rng` built from a full 256-bit `seed` (`ChaCha8Rng::from_seed`).
///
/// The production entry point for bindings, which cannot pass a Rust RNG: pass 32 fresh bytes from
/// the host's cryptographic random source for every code (never reuse a seed; the same seed gives
/// the same code). For tests and determinism, [`generate_code_seeded`] with a `u64` is simpler.
pub fn generate_code_from_seed_bytes(policy: &CodePolicy, seed: [u8; 32]) -> Result<String> {
    generate_code(policy, &mut ChaCha8Rng::from_seed(seed))
}

/// `count` codes from one `ChaCha8Rng` seeded from `seed`, in order; deterministic. Duplicates are
/// not removed (with the default 40 bits they are very unlikely). For tests, like
/// [`generate_code_seeded`].
pub fn generate_codes_seeded(policy: &CodePolicy, seed: u64, count: u32) -> Result<Vec<String>> {
    policy.validate()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count).map(|_| generate_code(policy, &mut rng)).collect()
}
