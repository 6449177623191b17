#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Codes in a program: vanity and generated codes, seeded generation, validation verdicts, lookups.

mod program_support;

use affiliate_kit::codes::{generate_code_seeded, CodeList, CodePolicy, Discount, Incentive, ListedCode, ALPHABET};
use affiliate_kit::program::{AffiliateStatus, CodeValidity, Program};
use affiliate_kit::{Error, ErrorKind};
use program_support::*;
use serde_json::json;

/// A generated code with its check symbol replaced by another symbol.
fn with_bad_check(code: &str) -> String {
    let last = code.chars().last().unwrap();
    let other = ALPHABET.chars().find(|c| *c != last).unwrap();
    format!("{}{other}", &code[..code.len() - 1])
}

fn ten_percent_off() -> Incentive {
    serde_json::from_value(json!({"discount": {"type": "percent_off", "percent": "10"}})).unwrap()
}

#[test]
fn vanity_and_generated_codes_are_added() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("alice-10"), None), at("2026-01-01T00:00:00Z"))
        .unwrap();
    let seq = last_sequence(&p);
    let v = p.add_code("aff_1", "summer 26", None, None, at("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!(v.codes, vec!["ALICE10", "SUMMER26"]);
    assert_eq!(v.code.as_deref(), Some("ALICE10"));
    let generated = generate_code_seeded(&CodePolicy::default(), 7).unwrap();
    let v = p.add_code("aff_1", &generated.to_lowercase(), None, None, at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(v.codes, vec!["ALICE10".to_string(), "SUMMER26".to_string(), generated.clone()]);
    assert_eq!(types_since(&p, seq), vec!["affiliate.updated", "affiliate.updated"]);

    let before = p.snapshot();
    let t = at("2026-01-04T00:00:00Z");
    let bad = with_bad_check(&generated);
    match p.add_code("aff_1", &bad, None, None, t) {
        Err(Error::InvalidCode { reason, .. }) => {
            assert_eq!(reason, affiliate_kit::codes::CodeProblem::BadCheckSymbol)
        }
        other => panic!("expected InvalidCode, got {other:?}"),
    }
    assert_eq!(err_kind(p.add_code("aff_1", "Summer-26", None, None, t)), ErrorKind::Conflict);
    assert_eq!(err_kind(p.add_code("aff_1", "ab", None, None, t)), ErrorKind::InvalidCode);
    assert_eq!(err_kind(p.add_code("aff_1", "null", None, None, t)), ErrorKind::InvalidCode);
    assert_eq!(err_kind(p.add_code("aff_1", "JOHNSMITH", None, None, t)), ErrorKind::InvalidCode);
    assert_eq!(err_kind(p.add_code("aff_9", "FREE1", None, None, t)), ErrorKind::NotFound);
    let bad_incentive: Incentive =
        serde_json::from_value(json!({"discount": {"type": "percent_off", "percent": "120"}})).unwrap();
    assert_eq!(err_kind(p.add_code("aff_1", "FREE1", Some(bad_incentive), None, t)), ErrorKind::InvalidAmount);
    assert_eq!(p.snapshot(), before);
}

#[test]
fn generate_code_is_deterministic_by_seed_and_skips_taken_codes() {
    let policy = CodePolicy::default();
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    let v = p.generate_code("aff_1", 42, None, None, at("2026-01-02T00:00:00Z")).unwrap();
    let expected = generate_code_seeded(&policy, 42).unwrap();
    assert_eq!(v.code.as_deref(), Some(expected.as_str()));
    // A second program with the same seed makes the same code.
    let mut q = program();
    q.register_affiliate(reg("Alice", "alice@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(q.generate_code("aff_1", 42, None, None, at("2026-01-02T00:00:00Z")).unwrap().code, v.code);
    // Seed 42 is taken now: Bob gets seed 43's code.
    let w = p.generate_code("aff_2", 42, None, None, at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(w.code, Some(generate_code_seeded(&policy, 43).unwrap()));
    assert_eq!(p.affiliate_by_code(&expected).unwrap().id, "aff_1");
    // Replay reproduces the generated codes.
    let replayed = Program::replay(config(), p.command_log()).unwrap();
    assert_eq!(replayed.snapshot(), p.snapshot());
}

#[test]
fn validate_code_answers_every_verdict() {
    let mut p = program();
    let t0 = at("2026-01-01T00:00:00Z");
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE10"), None), t0).unwrap();
    p.register_affiliate(reg("Sam", "sam@example.com", Some("SAMSUSP"), None), t0).unwrap();
    p.set_affiliate_status("aff_2", AffiliateStatus::Suspended, t0).unwrap();
    p.add_code("aff_1", "SPRING", Some(ten_percent_off()), Some(at("2026-04-01T00:00:00Z")), t0).unwrap();
    let generated = generate_code_seeded(&CodePolicy::default(), 1).unwrap();
    p.add_code("aff_1", &generated, None, None, t0).unwrap();
    let now = at("2026-03-01T00:00:00Z");

    let v = p.validate_code("spring", now);
    assert!(v.valid);
    assert_eq!(v.reason, CodeValidity::Valid);
    assert_eq!(v.code.as_deref(), Some("SPRING"));
    assert_eq!(v.affiliate_id.as_deref(), Some("aff_1"));
    assert_eq!(v.incentive, Some(ten_percent_off()));

    let v = p.validate_code("alice-10", now);
    assert_eq!((v.valid, v.reason, v.code.as_deref(), v.incentive), (true, CodeValidity::Valid, Some("ALICE10"), None));

    // A generated code typed with dashes and lower case, O for 0 and so on.
    let spaced = format!("{}-{}", &generated[..4], &generated[4..]).to_lowercase();
    let v = p.validate_code(&spaced, now);
    assert_eq!((v.reason, v.code.as_deref()), (CodeValidity::Valid, Some(generated.as_str())));

    let typo = with_bad_check(&generated);
    let v = p.validate_code(&typo, now);
    assert_eq!(
        (v.valid, v.reason, v.code.as_deref(), v.affiliate_id),
        (false, CodeValidity::LikelyTypo, Some(typo.as_str()), None)
    );

    let v = p.validate_code("NOBODY1", now);
    assert_eq!((v.valid, v.reason, v.code.as_deref()), (false, CodeValidity::Unknown, Some("NOBODY1")));

    // Expired: at the expiry instant.
    let v = p.validate_code("SPRING", at("2026-04-01T00:00:00Z"));
    assert_eq!(
        (v.valid, v.reason, v.affiliate_id.as_deref(), v.incentive),
        (false, CodeValidity::Expired, Some("aff_1"), None)
    );
    assert!(p.validate_code("SPRING", at("2026-03-31T23:59:59Z")).valid);

    let v = p.validate_code("samsusp", now);
    assert_eq!(
        (v.valid, v.reason, v.affiliate_id.as_deref()),
        (false, CodeValidity::AffiliateNotActive, Some("aff_2"))
    );

    for malformed in ["", "a!", "x", "ADMIN", "çava"] {
        let v = p.validate_code(malformed, now);
        assert_eq!((v.valid, v.reason), (false, CodeValidity::Malformed), "{malformed:?}");
    }
    assert_eq!(p.validate_code("", now).code, None);
}

#[test]
fn affiliate_by_code_takes_any_spelling() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE10"), None), at("2026-01-01T00:00:00Z")).unwrap();
    for spelling in ["ALICE10", "alice10", "Alice-10", " al-ice 10 "] {
        assert_eq!(p.affiliate_by_code(spelling).unwrap().id, "aff_1", "{spelling:?}");
    }
    assert_eq!(err_kind(p.affiliate_by_code("BOB10")), ErrorKind::NotFound);
    assert_eq!(err_kind(p.affiliate_by_code("b@d")), ErrorKind::InvalidCode);
}

#[test]
fn a_code_list_answers_as_the_program_does() {
    let mut p = program();
    let t0 = at("2026-01-01T00:00:00Z");
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE10"), None), t0).unwrap();
    p.register_affiliate(reg("Sam", "sam@example.com", Some("SAMSUSP"), None), t0).unwrap();
    p.set_affiliate_status("aff_2", AffiliateStatus::Suspended, t0).unwrap();
    let spring_ends = at("2026-04-01T00:00:00Z");
    p.add_code("aff_1", "SPRING", Some(ten_percent_off()), Some(spring_ends), t0).unwrap();
    let generated = generate_code_seeded(&CodePolicy::default(), 1).unwrap();
    p.add_code("aff_1", &generated, None, None, t0).unwrap();
    // The same codes as a server would hand them to a checkout page, in other spellings.
    let listed = |code: &str, affiliate_id: &str, incentive, expires_at, active| ListedCode {
        code: code.to_string(),
        affiliate_id: affiliate_id.to_string(),
        incentive,
        expires_at,
        active,
    };
    let list = CodeList::with_codes(
        CodePolicy::default(),
        [
            listed("alice-10", "aff_1", None, None, true),
            listed("samsusp", "aff_2", None, None, false),
            listed("Spring", "aff_1", Some(ten_percent_off()), Some(spring_ends), true),
            listed(&generated.to_lowercase(), "aff_1", None, None, true),
        ],
    )
    .unwrap();
    assert_eq!(list.len(), 4);

    let now = at("2026-03-01T00:00:00Z");
    let typo = with_bad_check(&generated);
    for input in ["spring", "ALICE10", &generated, &typo, "NOBODY1", "samsusp", "", "a!", "ADMIN"] {
        for t in [now, spring_ends] {
            assert_eq!(list.validate(input, t), p.validate_code(input, t), "{input:?} at {t}");
        }
    }
    let v = list.validate("spring", now);
    assert_eq!(
        (v.valid, v.reason, v.code.as_deref(), v.affiliate_id.as_deref(), v.incentive),
        (true, CodeValidity::Valid, Some("SPRING"), Some("aff_1"), Some(ten_percent_off()))
    );
    assert_eq!(list.validate("SPRING", spring_ends).reason, CodeValidity::Expired);
    assert_eq!(list.validate("sam-susp", now).reason, CodeValidity::AffiliateNotActive);

    // What a list refuses: the same code twice in any spelling, an impossible code, a bad incentive
    // or policy; the list is unchanged after each.
    let mut list = list;
    let twice = list.add(listed("ALICE-10", "aff_9", None, None, true)).unwrap_err();
    assert_eq!(twice.kind(), ErrorKind::Conflict);
    assert_eq!(twice.to_string(), "conflict: code \"ALICE10\" is listed twice");
    assert_eq!(list.add(listed("a!", "aff_9", None, None, true)).unwrap_err().kind(), ErrorKind::InvalidCode);
    let mut over = ten_percent_off();
    over.discount = Discount::PercentOff { percent: "150".parse().unwrap() };
    assert_eq!(
        list.add(listed("NEWCODE", "aff_9", Some(over), None, true)).unwrap_err().kind(),
        ErrorKind::InvalidAmount
    );
    assert_eq!(list.len(), 4);
    let policy = CodePolicy { generated_length: 0, ..CodePolicy::default() };
    assert_eq!(CodeList::new(policy).unwrap_err().kind(), ErrorKind::InvalidPolicy);
}
