#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Referral codes: normalization, check symbol, generation, vanity codes and format verdicts.

use affiliate_kit::codes::*;
use affiliate_kit::{Error, ErrorKind};
use proptest::prelude::*;

fn policy() -> CodePolicy {
    CodePolicy::default()
}

fn problem(result: Result<String, Error>) -> CodeProblem {
    match result {
        Err(Error::InvalidCode { reason, .. }) => reason,
        other => panic!("expected InvalidCode, got {other:?}"),
    }
}

fn policy_reason(policy: &CodePolicy) -> String {
    match policy.validate() {
        Err(Error::InvalidPolicy { reason }) => reason,
        other => panic!("expected InvalidPolicy, got {other:?}"),
    }
}

#[test]
fn normalize_trims_removes_separators_and_upper_cases() {
    assert_eq!(normalize(" ab-c 12 ", &policy()).unwrap(), "ABC12");
    assert_eq!(normalize("\tjohn-25\n", &policy()).unwrap(), "JOHN25");
}

#[test]
fn normalize_names_cyrillic_look_alike_and_its_position() {
    // 'А' is U+0410 CYRILLIC CAPITAL LETTER A; positions count the leading spaces.
    let err = normalize("  JOHNА25", &policy()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCode);
    assert_eq!(
        err,
        Error::InvalidCode {
            input: "  JOHNА25".to_string(),
            reason: CodeProblem::InvalidCharacter { character: '\u{0410}', position: 6 },
        }
    );
    assert!(err.to_string().contains("U+0410"), "{err}");
    assert!(err.to_string().contains("position 6"), "{err}");
}

#[test]
fn normalize_rejects_zero_width_space_emoji_underscore_and_inner_tab() {
    let cases = [
        ("JOHN\u{200B}25", '\u{200B}', 4),
        ("JOHN25\u{200B}", '\u{200B}', 6),
        ("🎉JOHN", '🎉', 0),
        ("a🎉", '🎉', 1),
        ("JOHN_25", '_', 4),
        ("JO\tHN", '\t', 2),
        ("ÉCOLE", 'É', 0),
    ];
    for (input, character, position) in cases {
        assert_eq!(
            problem(normalize(input, &policy())),
            CodeProblem::InvalidCharacter { character, position },
            "{input:?}"
        );
    }
}

#[test]
fn normalize_length_bounds() {
    assert_eq!(problem(normalize("   ", &policy())), CodeProblem::Empty);
    assert_eq!(problem(normalize(" - - ", &policy())), CodeProblem::Empty);
    assert_eq!(problem(normalize("a-b", &policy())), CodeProblem::TooShort { length: 2, min: 3 });
    assert_eq!(normalize("abc", &policy()).unwrap(), "ABC");
    assert_eq!(normalize(&"A".repeat(32), &policy()).unwrap(), "A".repeat(32));
    assert_eq!(problem(normalize(&"A".repeat(33), &policy())), CodeProblem::TooLong { length: 33, max: 32 });
}

#[test]
fn normalize_huge_input_fails_fast() {
    let huge = "A".repeat(10_000);
    assert_eq!(problem(normalize(&huge, &policy())), CodeProblem::TooLong { length: 10_000, max: 32 });
    let huge_invalid = format!("{}!{}", "B".repeat(40), "A".repeat(10_000));
    assert_eq!(
        problem(normalize(&huge_invalid, &policy())),
        CodeProblem::InvalidCharacter { character: '!', position: 40 }
    );
    let start = std::time::Instant::now();
    for _ in 0..100 {
        let _ = check_format(&huge, &policy());
    }
    assert!(start.elapsed().as_secs() < 5);
}

proptest! {
    #[test]
    fn normalize_is_idempotent(input in any::<String>()) {
        if let Ok(code) = normalize(&input, &policy()) {
            prop_assert_eq!(normalize(&code, &policy()), Ok(code.clone()));
        }
    }

    /// Checking code after code into one buffer answers what `check_format` answers for each,
    /// whatever the buffer held (prefixed policies included).
    #[test]
    fn check_format_into_a_reused_buffer_is_check_format(
        inputs in proptest::collection::vec("[ a-zA-Z0-9_-]{0,14}|.{0,12}", 1..6),
        prefix in "|R|sum-mer",
    ) {
        let policy = CodePolicy { prefix, ..policy() };
        let mut code = "LEFT OVER".to_string();
        for input in &inputs {
            let into = check_format_into(input, &policy, &mut code);
            let expected = check_format(input, &policy);
            match (&into, &expected) {
                (Ok(kind), _) => {
                    prop_assert_eq!(kind.verdict_index(), expected.verdict_index());
                    prop_assert_eq!(Some(code.as_str()), expected.code());
                }
                (Err(problem), CodeFormat::Invalid { problem: expected }) => prop_assert_eq!(problem, expected),
                (Err(_), _) => prop_assert!(false, "{input:?}: {into:?} but {expected:?}"),
            }
        }
    }

    #[test]
    fn normalize_is_idempotent_on_code_like_input(input in "[ a-zA-Z0-9-]{0,40}") {
        if let Ok(code) = normalize(&input, &policy()) {
            prop_assert_eq!(normalize(&code, &policy()), Ok(code.clone()));
        }
    }
}

fn replace_at(code: &str, index: usize, c: char) -> String {
    code.chars().enumerate().map(|(i, old)| if i == index { c } else { old }).collect()
}

fn swap_at(code: &str, index: usize) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    chars.swap(index, index + 1);
    chars.into_iter().collect()
}

#[test]
fn check_symbol_detects_every_substitution_and_adjacent_transposition() {
    let mut codes = generate_codes_seeded(&policy(), 2024, 200).unwrap();
    for payload in ["00000000", "ZZZZZZZZ", "0123456V", "Z0Z0Z0Z0", "10000000", "00000001"] {
        codes.push(format!("{payload}{}", check_symbol(payload).unwrap()));
    }
    let mut substitutions = 0;
    let mut transpositions = 0;
    for code in &codes {
        assert_eq!(code.chars().count(), 9);
        assert!(has_valid_check(code), "{code}");
        for (index, original) in code.chars().enumerate() {
            for other in ALPHABET.chars().filter(|c| *c != original) {
                let typo = replace_at(code, index, other);
                assert!(!has_valid_check(&typo), "substitution {code} -> {typo} undetected");
                substitutions += 1;
            }
        }
        let chars: Vec<char> = code.chars().collect();
        for index in 0..chars.len() - 1 {
            if chars[index] != chars[index + 1] {
                let typo = swap_at(code, index);
                assert!(!has_valid_check(&typo), "transposition {code} -> {typo} undetected");
                transpositions += 1;
            }
        }
    }
    assert_eq!(substitutions, codes.len() * 9 * 31);
    assert!(transpositions > 200 * 7, "{transpositions}");
}

#[test]
fn check_symbol_values() {
    assert_eq!(check_symbol("0"), Some('0'));
    assert_eq!(check_symbol("00000000"), Some('0'));
    // state 1 → check 2·1 = 2.
    assert_eq!(check_symbol("1"), Some('2'));
    assert_eq!(check_symbol("l"), Some('2'));
    assert_eq!(check_symbol("U"), None);
    assert!(has_valid_check("12"));
    assert!(!has_valid_check(""));
    assert!(!has_valid_check("1U"));
}

#[test]
fn generated_codes_have_default_shape_and_validate() {
    let policy = policy();
    assert_eq!(policy.generated_length, 8);
    // 8 payload symbols × 5 bits = 40 bits of randomness, plus the check symbol.
    assert!(policy.generated_length * 5 >= 40);
    let codes = generate_codes_seeded(&policy, 7, 50).unwrap();
    for code in &codes {
        assert_eq!(code.len(), 9, "{code}");
        assert!(code.chars().all(|c| ALPHABET.contains(c)), "{code}");
        assert_eq!(parse_generated(code, &policy).unwrap(), *code);
        assert_eq!(check_format(code, &policy), CodeFormat::Generated { code: code.clone() });
    }
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len());
}

#[test]
fn generation_is_deterministic_and_pinned() {
    let code = generate_code_seeded(&policy(), 42).unwrap();
    // Checked by hand: states 1, 25, 10, 13, 15, 1, 18, 15; check = 2·15 = 30 = 'Y'.
    assert_eq!(code, "1VXSNZGEY");
    assert_eq!(generate_code_seeded(&policy(), 42).unwrap(), code);
    assert_ne!(generate_code_seeded(&policy(), 43).unwrap(), code);
    assert!(has_valid_check(&code));
    let many = generate_codes_seeded(&policy(), 42, 3).unwrap();
    assert_eq!(many.first(), Some(&code));
}

#[test]
fn prefix_is_normalized_and_kept() {
    let policy = CodePolicy { prefix: "summer".to_string(), ..CodePolicy::default() };
    let code = generate_code_seeded(&policy, 1).unwrap();
    assert!(code.starts_with("SUMMER"), "{code}");
    assert_eq!(code.len(), 15);
    assert!(has_valid_check(&code["SUMMER".len()..]));
    assert_eq!(parse_generated(&code.to_lowercase(), &policy).unwrap(), code);
    assert_eq!(check_format(&code, &policy), CodeFormat::Generated { code: code.clone() });
    assert_eq!(
        problem(parse_generated("WINTER12345678", &policy)),
        CodeProblem::PrefixMismatch { expected: "SUMMER".to_string() }
    );
    assert_eq!(problem(parse_generated("SUMMER123", &policy)), CodeProblem::NotGenerated);
}

#[test]
fn o_i_l_read_as_digits() {
    // Payload 0000000 then 1 gives state 1, so the check symbol is 2.
    assert_eq!(check_symbol("00000001"), Some('2'));
    let typed = "oOoO-000-l2";
    let canonical = "000000012".to_string();
    assert_eq!(check_format(typed, &policy()), CodeFormat::Generated { code: canonical.clone() });
    assert_eq!(check_format("O000000I2", &policy()), CodeFormat::Generated { code: canonical.clone() });
    assert_eq!(parse_generated(typed, &policy()).unwrap(), canonical);
    let code = generate_code_seeded(&policy(), 5).unwrap();
    let with_o = code.replace('0', "O").replace('1', "i");
    assert_eq!(check_format(&with_o, &policy()), CodeFormat::Generated { code });
}

#[test]
fn check_format_verdicts() {
    let policy = policy();
    let code = generate_code_seeded(&policy, 9).unwrap();
    let generated = check_format(&code, &policy);
    assert!(generated.is_acceptable());
    assert_eq!(generated.code(), Some(code.as_str()));

    let first = code.chars().next().unwrap();
    let other = if first == 'Z' { 'Y' } else { 'Z' };
    let typo = replace_at(&code, 0, other);
    let verdict = check_format(&typo, &policy);
    assert_eq!(verdict, CodeFormat::LikelyTypo { code: typo.clone() });
    assert!(!verdict.is_acceptable());
    assert_eq!(problem(parse_generated(&typo, &policy)), CodeProblem::BadCheckSymbol);

    assert_eq!(check_format("john-25", &policy), CodeFormat::Vanity { code: "JOHN25".to_string() });
    assert!(check_format("JOHN25", &policy).is_acceptable());
    assert_eq!(
        check_format("!!", &policy),
        CodeFormat::Invalid { problem: CodeProblem::InvalidCharacter { character: '!', position: 0 } }
    );
    assert_eq!(check_format("!!", &policy).code(), None);
    assert_eq!(
        check_format(" admin ", &policy),
        CodeFormat::Invalid { problem: CodeProblem::Reserved { word: "ADMIN".to_string() } }
    );
    // Nine characters with a U cannot be generated: it is an ordinary vanity code.
    assert_eq!(check_format("SUPERUSER", &policy), CodeFormat::Vanity { code: "SUPERUSER".to_string() });
}

#[test]
fn check_format_serializes_with_verdict_tag() {
    let json = serde_json::to_value(check_format("JOHN25", &policy())).unwrap();
    assert_eq!(json, serde_json::json!({"verdict": "vanity", "code": "JOHN25"}));
    let json = serde_json::to_value(check_format("JOHN_25", &policy())).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"verdict": "invalid",
            "problem": {"type": "invalid_character", "character": "_", "position": 4}})
    );
}

#[test]
fn vanity_codes() {
    let policy = policy();
    assert_eq!(validate_vanity(" john-25 ", &policy).unwrap(), "JOHN25");
    let err = validate_vanity("Support", &policy).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidCode {
            input: "Support".to_string(),
            reason: CodeProblem::Reserved { word: "SUPPORT".to_string() }
        }
    );
    assert_eq!(err.to_string(), "invalid code \"Support\": SUPPORT is a reserved word");
    // A reserved word as a prefix of a longer code is fine.
    assert_eq!(validate_vanity("SUPPORTME", &policy).unwrap(), "SUPPORTME");
    // Nine Crockford-readable characters (O, I and L included) look generated.
    assert_eq!(problem(validate_vanity("BESTPRICE", &policy)), CodeProblem::GeneratedShape);
    assert_eq!(problem(validate_vanity("HELLOWORL", &policy)), CodeProblem::GeneratedShape);
    assert_eq!(validate_vanity("HELLOWORLD", &policy).unwrap(), "HELLOWORLD");
    assert_eq!(validate_vanity("HELLOUSER", &policy).unwrap(), "HELLOUSER");
    let code = generate_code_seeded(&policy, 3).unwrap();
    assert_eq!(problem(validate_vanity(&code, &policy)), CodeProblem::GeneratedShape);

    let prefixed = CodePolicy { prefix: "VIP".to_string(), ..CodePolicy::default() };
    assert_eq!(problem(validate_vanity("VIP-ABCD-EFGH-J", &prefixed)), CodeProblem::GeneratedShape);
    assert_eq!(validate_vanity("BESTPRICE", &prefixed).unwrap(), "BESTPRICE");
}

#[test]
fn code_problem_serializes_with_type_tag() {
    let json = serde_json::to_value(CodeProblem::TooShort { length: 2, min: 3 }).unwrap();
    assert_eq!(json, serde_json::json!({"type": "too_short", "length": 2, "min": 3}));
    assert_eq!(
        serde_json::to_value(CodeProblem::GeneratedShape).unwrap(),
        serde_json::json!({"type": "generated_shape"})
    );
}

#[test]
fn policy_validation() {
    assert_eq!(policy().validate(), Ok(()));
    let policy: CodePolicy = serde_json::from_str("{}").unwrap();
    assert_eq!(policy, CodePolicy::default());
    assert!(serde_json::from_str::<CodePolicy>(r#"{"min_len": 3}"#).is_err());

    let bad = |p: CodePolicy| policy_reason(&p);
    let d = CodePolicy::default;
    assert_eq!(bad(CodePolicy { min_length: 0, ..d() }), "min_length must be at least 1");
    assert_eq!(bad(CodePolicy { min_length: 10, max_length: 5, ..d() }), "min_length 10 exceeds max_length 5");
    assert_eq!(bad(CodePolicy { max_length: 1000, ..d() }), "max_length 1000 exceeds the limit of 256");
    assert_eq!(bad(CodePolicy { generated_length: 0, ..d() }), "generated_length must be at least 1");
    assert!(bad(CodePolicy { prefix: "SUMMER_".to_string(), ..d() }).starts_with("prefix \"SUMMER_\""));
    assert!(bad(CodePolicy { max_length: 8, ..d() }).starts_with("generated codes have 9 characters"));
    assert!(bad(CodePolicy { min_length: 10, ..d() }).starts_with("generated codes have 9 characters"));
    assert!(bad(CodePolicy { prefix: "X".repeat(30), ..d() }).starts_with("generated codes have 39 characters"));
    assert!(
        bad(CodePolicy { reserved: vec!["ad min".into(), "röot".into()], ..d() }).starts_with("reserved word \"röot\"")
    );

    let err = generate_code_seeded(&CodePolicy { generated_length: 0, ..d() }, 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(
        validate_vanity("JOHN25", &CodePolicy { min_length: 0, ..d() }).unwrap_err().kind(),
        ErrorKind::InvalidPolicy
    );
}

#[test]
fn generation_from_seed_bytes_is_deterministic_and_pinned() {
    let policy = policy();
    let seed = [7u8; 32];
    let code = generate_code_from_seed_bytes(&policy, seed).unwrap();
    // ChaCha8Rng::from_seed([7; 32]); check symbol verified independently: states 4, 24, 30, 0, 31,
    // 7, 16, 28; check = 2·28 = 29 = 'X'.
    assert_eq!(code, "4GBSZWYSX");
    assert_eq!(generate_code_from_seed_bytes(&policy, seed).unwrap(), code);
    let mut other = seed;
    other[31] = 8;
    assert_ne!(generate_code_from_seed_bytes(&policy, other).unwrap(), code);
    assert_eq!(parse_generated(&code, &policy).unwrap(), code);
    let prefixed = CodePolicy { prefix: "r".to_string(), ..CodePolicy::default() };
    assert_eq!(generate_code_from_seed_bytes(&prefixed, seed).unwrap(), format!("R{code}"));
    assert_eq!(
        generate_code_from_seed_bytes(&CodePolicy { generated_length: 0, ..CodePolicy::default() }, seed)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidPolicy
    );
}

#[test]
fn canonical_code_is_the_storage_key() {
    let policy = policy();
    let key = canonical_code("1vxs-nzgey", &policy).unwrap();
    assert_eq!(key, "1VXSNZGEY");
    assert_eq!(canonical_code("1VXSNZGEY", &policy).unwrap(), key);
    assert_eq!(canonical_code("IVXSNZGEY", &policy).unwrap(), key);
    assert_eq!(canonical_code(" l-vxs nzgey ", &policy).unwrap(), key);
    assert_eq!(canonical_code("john25", &policy).unwrap(), "JOHN25");
    assert_eq!(canonical_code(" John-25 ", &policy).unwrap(), "JOHN25");
    // Exactly the code of check_format's Generated and LikelyTypo verdicts.
    assert_eq!(check_format("IVXSNZGEY", &policy), CodeFormat::Generated { code: key.clone() });
    assert_eq!(check_format("OVXSNZGEY", &policy), CodeFormat::LikelyTypo { code: "0VXSNZGEY".to_string() });
    assert_eq!(canonical_code("OVXSNZGEY", &policy).unwrap(), "0VXSNZGEY");
    // Vanity codes keep O, I and L.
    assert_eq!(canonical_code("lolipop", &policy).unwrap(), "LOLIPOP");
    // After the prefix only.
    let prefixed = CodePolicy { prefix: "LOL".to_string(), ..CodePolicy::default() };
    assert_eq!(canonical_code("lol-ivxs-nzgey", &prefixed).unwrap(), "LOL1VXSNZGEY");
    assert_eq!(canonical_code("IVXSNZGEY", &prefixed).unwrap(), "IVXSNZGEY");
    // Errors as normalize's.
    assert_eq!(
        problem(canonical_code("JOHN_25", &policy)),
        CodeProblem::InvalidCharacter { character: '_', position: 4 }
    );
    assert_eq!(problem(canonical_code("a-b", &policy)), CodeProblem::TooShort { length: 2, min: 3 });
    assert_eq!(canonical_code("  ", &policy), normalize("  ", &policy));
}

#[test]
fn nine_letter_vanity_names_need_a_prefix_for_generated_codes() {
    // Under the default policy a 9-letter name reads as a generated code.
    assert_eq!(problem(validate_vanity("JOHNSMITH", &policy())), CodeProblem::GeneratedShape);
    assert_eq!(check_format("JOHNSMITH", &policy()), CodeFormat::LikelyTypo { code: "J0HNSM1TH".to_string() });
    // A prefix for generated codes frees every vanity length.
    let prefixed = CodePolicy { prefix: "R".to_string(), ..CodePolicy::default() };
    assert_eq!(validate_vanity("JOHNSMITH", &prefixed).unwrap(), "JOHNSMITH");
    assert_eq!(check_format("john-smith", &prefixed), CodeFormat::Vanity { code: "JOHNSMITH".to_string() });
    for length in prefixed.min_length..=prefixed.max_length {
        let name = "J".repeat(usize::try_from(length).unwrap());
        assert_eq!(validate_vanity(&name, &prefixed).unwrap(), name);
    }
    // Only codes that start with the prefix and have the generated length stay refused.
    assert_eq!(problem(validate_vanity("RJOHNSMITH", &prefixed)), CodeProblem::GeneratedShape);
}
