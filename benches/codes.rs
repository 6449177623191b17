//! Code checks: `Program::validate_code` (normalize, look up among 100 000 affiliates' codes, check
//! expiry and status, answer with the incentive) in the benchmark program of `lib.rs`, and the
//! offline `codes::check_format` verdict, on a vanity code typed in lower case, a generated code,
//! a generated code with one mistyped symbol, and an unknown or malformed input.
//!
//! Run with `cargo bench -p affiliate-kit-benches --bench codes`. Benchmarks
//! `validate_code/<case>` and `check_format/<case>`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use affiliate_kit::codes::{check_format, CodeFormat, CodePolicy};
use affiliate_kit::program::CodeValidity;
use affiliate_kit_benches::{program, start, AFFILIATES};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// `code` with its second symbol replaced by another (a one-symbol typo the check symbol catches).
fn typo(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    if let Some(c) = chars.get_mut(1) {
        *c = if *c == '7' { '8' } else { '7' };
    }
    chars.into_iter().collect()
}

fn bench(c: &mut Criterion) {
    let mut p = program(AFFILIATES).unwrap();
    let view = p.generate_code("aff_4242", 7, None, None, start()).unwrap();
    let generated = view.codes.last().unwrap().clone();
    let typed = generated.to_lowercase();
    let cases = [
        ("vanity", "aff12345".to_string(), CodeValidity::Valid),
        ("generated", typed.clone(), CodeValidity::Valid),
        ("typo", typo(&typed), CodeValidity::LikelyTypo),
        ("unknown", "NOSUCHCODE".to_string(), CodeValidity::Unknown),
    ];
    let at = start();
    let mut group = c.benchmark_group("validate_code");
    group.throughput(Throughput::Elements(1));
    for (name, input, expected) in &cases {
        assert_eq!(p.validate_code(input, at).reason, *expected, "{name}");
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| black_box(p.validate_code(black_box(input), at)))
        });
    }
    group.finish();

    let policy: CodePolicy = p.config().code_policy.clone();
    let cases = [
        ("vanity", "aff12345".to_string()),
        ("generated", typed.clone()),
        ("typo", typo(&typed)),
        ("invalid", "no/such*code".to_string()),
    ];
    let mut group = c.benchmark_group("check_format");
    group.throughput(Throughput::Elements(1));
    for (name, input) in &cases {
        let verdict = check_format(input, &policy);
        let expected = match *name {
            "vanity" => matches!(verdict, CodeFormat::Vanity { .. }),
            "generated" => matches!(verdict, CodeFormat::Generated { .. }),
            "typo" => matches!(verdict, CodeFormat::LikelyTypo { .. }),
            _ => matches!(verdict, CodeFormat::Invalid { .. }),
        };
        assert!(expected, "{name}: {verdict:?}");
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| black_box(check_format(black_box(input), &policy)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
