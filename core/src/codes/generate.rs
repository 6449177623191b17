//! Generation of random codes: prefix, Crockford base32 payload, check symbol.

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::check::{check_value, step, symbol};
use super::CodePolicy;
use crate::error::{Error, Result};

/// Generates a code: the normalized policy prefix, `generated_length` random Crockford base32
/// symbols (five bits of a random byte each, `byte & 31`, so without modulo bias) and the check
/// symbol. Validates the policy first ([`Error::InvalidPolicy`]). Uniqueness against codes already
/// issued is the caller's concern.
pub fn generate_code<R: rand_core::Rng + ?Sized>(policy: &CodePolicy, rng: &mut R) -> Result<String> {
    policy.validate()?;
    let prefix = policy.normalized_prefix().map_err(|problem| Error::InvalidPolicy { reason: problem.to_string() })?;
    let mut bytes = vec![0u8; policy.generated_length];
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
pub fn generate_code_seeded(policy: &CodePolicy, seed: u64) -> Result<String> {
    generate_code(policy, &mut ChaCha8Rng::seed_from_u64(seed))
}

/// `count` codes from one `ChaCha8Rng` seeded from `seed`, in order; deterministic. Duplicates are
/// not removed (with the default 40 bits they are very unlikely).
pub fn generate_codes_seeded(policy: &CodePolicy, seed: u64, count: usize) -> Result<Vec<String>> {
    policy.validate()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count).map(|_| generate_code(policy, &mut rng)).collect()
}
