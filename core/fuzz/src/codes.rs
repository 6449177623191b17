//! Referral codes: `normalize`, `canonical_code`, `check_format`, `validate_vanity`,
//! `parse_generated`, the check symbol and generated codes, under a pool of policies or a fuzzed one.
//!
//! Input: byte 1 picks a policy from [`policies`] (or, past the pool, reads a `CodePolicy` as JSON
//! from the first line of the rest); bytes 2 and 3 pick a position and a symbol for the typo checks;
//! the rest (UTF-8, lossy) is the typed code. A hash of the whole input seeds a generated code.
//!
//! Invariants (valid policies):
//! - nothing panics;
//! - `normalize` equals an independent reference (trim, drop spaces and hyphens, upper-case ASCII;
//!   the first other character is `InvalidCharacter` at its position in the original input; then
//!   `Empty`, `TooShort`, `TooLong`), is idempotent, and ignores case, hyphens and spaces;
//! - `canonical_code` succeeds exactly when `normalize` does and is idempotent;
//! - `check_format` agrees with the other functions: `Generated` is the canonical code, passes the
//!   check symbol and `parse_generated`, and is its own verdict again; `LikelyTypo` fails
//!   `parse_generated` with `BadCheckSymbol`; `Vanity` is `validate_vanity`'s and `normalize`'s answer;
//!   `Invalid` carries `normalize`'s problem, or `Reserved`;
//! - `check_symbol` completes any readable payload into a code that `has_valid_check`;
//! - a generated code is `Generated` in any spelling (lower case, hyphens, O/I/L for 0/1), is refused
//!   as a vanity code, and every single substitution and adjacent transposition of its symbols is a
//!   `LikelyTypo`;
//! - an invalid policy is refused (`INVALID_POLICY`) by every function that validates it.

use affiliate_kit::codes::{
    canonical_code, check_format, check_symbol, generate_code_seeded, has_valid_check, normalize, parse_generated,
    validate_vanity, CodeFormat, CodePolicy, CodeProblem, ALPHABET,
};
use affiliate_kit::Error;

/// The policies the first byte picks from.
pub fn policies() -> Vec<CodePolicy> {
    let policy = |min: u32, max: u32, generated: u32, prefix: &str, reserved: &[&str]| CodePolicy {
        min_length: min,
        max_length: max,
        reserved: reserved.iter().map(|w| (*w).to_string()).collect(),
        generated_length: generated,
        prefix: prefix.to_string(),
    };
    vec![
        CodePolicy::default(),
        CodePolicy { prefix: "R".into(), ..CodePolicy::default() },
        policy(1, 12, 4, "summer-", &["summer", "x"]),
        policy(1, 256, 1, "", &["ab", "x-y", "0"]),
        policy(5, 9, 8, "", &[]),
        policy(2, 20, 3, "0o1-il", &["0O1IL"]),
        policy(3, 32, 8, "", &["1VXSNZGEY", "admin"]),
    ]
}

/// The target: see the module documentation.
pub fn run(data: &[u8]) {
    let [selector, position, symbol, rest @ ..] = data else { return };
    let text = crate::text(rest);
    let pool = policies();
    let (policy, input) = match pool.get(usize::from(*selector)) {
        Some(policy) => (policy.clone(), &*text),
        None => {
            let (json, input) = text.split_once('\n').unwrap_or((&text, ""));
            match serde_json::from_str::<CodePolicy>(json) {
                Ok(policy) => (policy, input),
                Err(_) => return,
            }
        }
    };
    if let Err(e) = policy.validate() {
        check_invalid_policy(&policy, input, &e);
        return;
    }
    check_normalize(input, &policy);
    check_canonical_and_format(input, &policy);
    check_symbols(input);
    check_generated(&policy, seed_of(data), usize::from(*position), *symbol);
}

/// FNV-1a of the input, the seed of the generated code.
fn seed_of(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}

/// The problem of an `InvalidCode` error (anything else is a finding).
fn problem(e: &Error, what: &str) -> CodeProblem {
    match e {
        Error::InvalidCode { reason, .. } => reason.clone(),
        other => panic!("{what}: expected INVALID_CODE, got {other:?}"),
    }
}

/// The documented normalization, written independently.
fn reference_normalize(input: &str, policy: &CodePolicy) -> Result<String, CodeProblem> {
    let leading = input.chars().take_while(|c| c.is_whitespace()).count();
    let mut code = String::new();
    for (index, c) in input.trim().chars().enumerate() {
        match c {
            ' ' | '-' => {}
            c if c.is_ascii_alphanumeric() => code.push(c.to_ascii_uppercase()),
            character => {
                let position = u32::try_from(leading + index).unwrap_or(u32::MAX);
                return Err(CodeProblem::InvalidCharacter { character, position });
            }
        }
    }
    let length = u32::try_from(code.len()).unwrap_or(u32::MAX);
    if length == 0 {
        Err(CodeProblem::Empty)
    } else if length < policy.min_length {
        Err(CodeProblem::TooShort { length, min: policy.min_length })
    } else if length > policy.max_length {
        Err(CodeProblem::TooLong { length, max: policy.max_length })
    } else {
        Ok(code)
    }
}

/// `code` in another spelling that normalizes the same: lower case, hyphens, surrounding spaces.
fn respell(code: &str) -> String {
    let mut out = String::from("  ");
    for (i, c) in code.chars().enumerate() {
        if i > 0 && i % 3 == 0 {
            out.push(if i % 2 == 0 { '-' } else { ' ' });
        }
        out.push(c.to_ascii_lowercase());
    }
    out.push('\t');
    out
}

fn check_normalize(input: &str, policy: &CodePolicy) {
    let got = normalize(input, policy).map_err(|e| problem(&e, "normalize"));
    let expected = reference_normalize(input, policy);
    assert_eq!(got, expected, "normalize({input:?}) differs from the reference");
    if let Ok(code) = got {
        assert_eq!(normalize(&code, policy).ok().as_ref(), Some(&code), "normalize is not idempotent on {code:?}");
        let respelled = respell(&code);
        assert_eq!(normalize(&respelled, policy).ok().as_ref(), Some(&code), "{respelled:?} normalizes differently");
    }
}

fn check_canonical_and_format(input: &str, policy: &CodePolicy) {
    let normalized = normalize(input, policy);
    let canonical = canonical_code(input, policy);
    assert_eq!(canonical.is_ok(), normalized.is_ok(), "canonical_code({input:?}) = {canonical:?}");
    if let Ok(key) = &canonical {
        assert_eq!(canonical_code(key, policy).as_ref(), Ok(key), "canonical_code is not idempotent on {key:?}");
        if let Ok(n) = &normalized {
            assert_eq!(canonical_code(n, policy).as_ref(), Ok(key), "canonical of the normalized {n:?}");
            assert_eq!(key.len(), n.len(), "canonical {key:?} of {n:?} changes the length");
        }
    }
    let format = check_format(input, policy);
    let prefix =
        normalize(&policy.prefix, &CodePolicy { min_length: 0, max_length: 256, ..policy.clone() }).unwrap_or_default();
    let what = format!("check_format({input:?}) = {format:?}");
    match &format {
        CodeFormat::Generated { code } => {
            assert_eq!(canonical.as_ref(), Ok(code), "{what}: not the canonical code");
            assert!(code.starts_with(&prefix), "{what}: no prefix {prefix:?}");
            assert!(has_valid_check(&code[prefix.len()..]), "{what}: the check symbol fails");
            assert_eq!(parse_generated(input, policy).as_ref(), Ok(code), "{what}: parse_generated disagrees");
            assert_eq!(&check_format(code, policy), &format, "{what}: the code's own verdict differs");
            let vanity = validate_vanity(input, policy).map_err(|e| problem(&e, "validate_vanity"));
            assert!(
                matches!(vanity, Err(CodeProblem::GeneratedShape | CodeProblem::Reserved { .. })),
                "{what}: validate_vanity = {vanity:?}"
            );
        }
        CodeFormat::LikelyTypo { code } => {
            assert_eq!(canonical.as_ref(), Ok(code), "{what}: not the canonical code");
            let parsed = parse_generated(input, policy).map_err(|e| problem(&e, "parse_generated"));
            assert_eq!(parsed, Err(CodeProblem::BadCheckSymbol), "{what}: parse_generated disagrees");
            assert_eq!(&check_format(code, policy), &format, "{what}: the code's own verdict differs");
        }
        CodeFormat::Vanity { code } => {
            assert_eq!(validate_vanity(input, policy).as_ref(), Ok(code), "{what}: validate_vanity disagrees");
            assert_eq!(normalized.as_ref(), Ok(code), "{what}: not the normalized code");
            assert_eq!(&check_format(code, policy), &format, "{what}: the code's own verdict differs");
            assert!(parse_generated(input, policy).is_err(), "{what}: parse_generated accepts it");
        }
        CodeFormat::Invalid { problem: p } => match &normalized {
            Err(e) => assert_eq!(&problem(e, "normalize"), p, "{what}: not normalize's problem"),
            Ok(_) => {
                assert!(matches!(p, CodeProblem::Reserved { .. }), "{what}: a normalized code refused");
                let vanity = validate_vanity(input, policy).map_err(|e| problem(&e, "validate_vanity"));
                assert_eq!(vanity.as_ref().err(), Some(p), "{what}: validate_vanity = {vanity:?}");
            }
        },
    }
    assert_eq!(format.is_acceptable(), matches!(format, CodeFormat::Generated { .. } | CodeFormat::Vanity { .. }));
}

/// The value of a symbol read leniently (the documented Crockford reading), written independently.
fn symbol_value(c: char) -> Option<usize> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET.find(c).filter(|_| c.is_ascii())
}

fn check_symbols(input: &str) {
    let readable = input.chars().all(|c| symbol_value(c).is_some());
    let check = check_symbol(input);
    assert_eq!(check.is_some(), readable, "check_symbol({input:?}) = {check:?}");
    if let Some(c) = check {
        assert!(ALPHABET.contains(c), "check_symbol({input:?}) = {c:?}, not in the alphabet");
        let code = format!("{input}{c}");
        assert!(has_valid_check(&code), "{code:?} fails its own check symbol");
    }
    if let Some(last) = input.chars().last() {
        let init = &input[..input.len() - last.len_utf8()];
        let expected = check_symbol(init).and_then(symbol_value) == symbol_value(last) && symbol_value(last).is_some();
        assert_eq!(has_valid_check(input), expected, "has_valid_check({input:?})");
    } else {
        assert!(!has_valid_check(input), "the empty code passes the check");
    }
}

fn check_generated(policy: &CodePolicy, seed: u64, position: usize, symbol: u8) {
    let code = generate_code_seeded(policy, seed).unwrap_or_else(|e| panic!("generate_code({policy:?}): {e}"));
    let generated = CodeFormat::Generated { code: code.clone() };
    let prefix_len = code.len() - usize::try_from(policy.generated_length).unwrap_or(0) - 1;
    assert_eq!(check_format(&code, policy), generated, "a fresh code {code:?} under {policy:?}");
    assert_eq!(canonical_code(&code, policy).as_ref(), Ok(&code));
    assert_eq!(parse_generated(&code, policy).as_ref(), Ok(&code));
    assert!(validate_vanity(&code, policy).is_err(), "{code:?} accepted as a vanity code");
    assert_eq!(check_format(&respell(&code), policy), generated, "{code:?} respelled");
    let (prefix, part) = code.split_at(prefix_len);
    let lenient: String = part
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' if position.is_multiple_of(2) => 'I',
            '1' => 'l',
            c => c,
        })
        .collect();
    assert_eq!(check_format(&format!("{prefix}{lenient}"), policy), generated, "{code:?} with O/I/L");

    // A single substitution.
    let symbols: Vec<char> = part.chars().collect();
    let k = position % symbols.len();
    let mut typo = symbols.clone();
    let alphabet: Vec<char> = ALPHABET.chars().collect();
    let mut replacement = alphabet[usize::from(symbol) % alphabet.len()];
    if replacement == typo[k] {
        replacement = alphabet[(usize::from(symbol) + 1) % alphabet.len()];
    }
    typo[k] = replacement;
    let typo: String = prefix.chars().chain(typo).collect();
    let verdict = check_format(&typo, policy);
    assert!(matches!(verdict, CodeFormat::LikelyTypo { .. }), "{code:?} → {typo:?} (substitution) is {verdict:?}");

    // An adjacent transposition.
    if symbols.len() >= 2 {
        let k = position % (symbols.len() - 1);
        if symbols[k] != symbols[k + 1] {
            let mut swapped = symbols.clone();
            swapped.swap(k, k + 1);
            let swapped: String = prefix.chars().chain(swapped).collect();
            let verdict = check_format(&swapped, policy);
            assert!(
                matches!(verdict, CodeFormat::LikelyTypo { .. }),
                "{code:?} → {swapped:?} (transposition) is {verdict:?}"
            );
        }
    }
}

fn check_invalid_policy(policy: &CodePolicy, input: &str, error: &Error) {
    assert_eq!(error.kind().code(), "INVALID_POLICY", "{policy:?}: {error}");
    let refused = |result: Result<String, Error>, what: &str| match result {
        Err(e) => assert_eq!(e.kind().code(), "INVALID_POLICY", "{what} under {policy:?}: {e}"),
        Ok(code) => panic!("{what} under the invalid {policy:?} gave {code:?}"),
    };
    refused(validate_vanity(input, policy), "validate_vanity");
    refused(parse_generated(input, policy), "parse_generated");
    refused(generate_code_seeded(policy, 1), "generate_code_seeded");
    // The functions that assume a valid policy still must not panic.
    let _ = normalize(input, policy);
    let _ = canonical_code(input, policy);
    let _ = check_format(input, policy);
}
