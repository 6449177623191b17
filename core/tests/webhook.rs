#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Standard Webhooks: signing, verification, secrets and headers.

use affiliate_kit::webhook::*;
use affiliate_kit::{Error, ErrorKind};
use chrono::{DateTime, Utc};

// The test vector of the standard-webhooks reference libraries.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: i64 = 1614265330;
const BODY: &str = r#"{"test": 2432232314}"#;
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

fn reference_headers() -> WebhookHeaders {
    WebhookHeaders { id: MSG_ID.to_string(), timestamp: TIMESTAMP, signature: SIGNATURE.to_string() }
}

fn verify_at(headers: &WebhookHeaders, body: &str, secret: &str, now: i64) -> Result<(), Error> {
    verify_payload(headers, body, secret, at(now), DEFAULT_TOLERANCE_SECONDS)
}

fn signature_reason(result: Result<(), Error>) -> String {
    match result {
        Err(Error::InvalidSignature { reason }) => reason,
        other => panic!("expected InvalidSignature, got {other:?}"),
    }
}

#[test]
fn reproduces_the_reference_signature_exactly() {
    let headers = sign_payload(MSG_ID, at(TIMESTAMP), BODY, SECRET).unwrap();
    assert_eq!(headers, reference_headers());
}

#[test]
fn verifies_the_reference_signature() {
    verify_at(&reference_headers(), BODY, SECRET, TIMESTAMP).unwrap();
}

#[test]
fn sign_truncates_sub_second_time() {
    let precise = DateTime::from_timestamp(TIMESTAMP, 999_000_000).unwrap();
    let headers = sign_payload(MSG_ID, precise, BODY, SECRET).unwrap();
    assert_eq!(headers, reference_headers());
}

#[test]
fn round_trip_sign_then_verify() {
    let body = r#"{"type":"commission.approved","data":{"id":"c_1","amount":"12.50"}}"#;
    let headers = sign_payload("msg_1", at(1_700_000_000), body, SECRET).unwrap();
    assert_eq!(headers.id, "msg_1");
    assert_eq!(headers.timestamp, 1_700_000_000);
    assert!(headers.signature.starts_with("v1,"));
    verify_at(&headers, body, SECRET, 1_700_000_000).unwrap();
}

#[test]
fn tampered_body_is_rejected() {
    let result = verify_at(&reference_headers(), r#"{"test": 2432232315}"#, SECRET, TIMESTAMP);
    assert_eq!(signature_reason(result), "no matching signature");
    // Whitespace matters: the body is compared byte for byte.
    let result = verify_at(&reference_headers(), r#"{"test":2432232314}"#, SECRET, TIMESTAMP);
    assert_eq!(result.unwrap_err().kind(), ErrorKind::InvalidSignature);
}

#[test]
fn tampered_id_or_timestamp_is_rejected() {
    let mut headers = reference_headers();
    headers.id = "msg_p5jXN8AQM9LWM0D4loKWxJel".to_string();
    assert_eq!(signature_reason(verify_at(&headers, BODY, SECRET, TIMESTAMP)), "no matching signature");

    let mut headers = reference_headers();
    headers.timestamp += 1;
    assert_eq!(signature_reason(verify_at(&headers, BODY, SECRET, TIMESTAMP)), "no matching signature");
}

#[test]
fn wrong_secret_is_rejected() {
    let other = WebhookSecret::from_bytes(b"a completely different key!").unwrap().to_string();
    let err = verify_at(&reference_headers(), BODY, &other, TIMESTAMP).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSignature);
}

#[test]
fn stale_timestamp_is_rejected() {
    let result = verify_at(&reference_headers(), BODY, SECRET, TIMESTAMP + 301);
    assert_eq!(signature_reason(result), "timestamp too old");
}

#[test]
fn future_timestamp_is_rejected() {
    let result = verify_at(&reference_headers(), BODY, SECRET, TIMESTAMP - 301);
    assert_eq!(signature_reason(result), "timestamp too new");
}

#[test]
fn timestamp_within_tolerance_is_accepted() {
    for now in [TIMESTAMP - 300, TIMESTAMP - 1, TIMESTAMP + 1, TIMESTAMP + 300] {
        verify_at(&reference_headers(), BODY, SECRET, now).unwrap();
    }
}

#[test]
fn custom_tolerance_is_honoured() {
    let headers = reference_headers();
    verify_payload(&headers, BODY, SECRET, at(TIMESTAMP + 10), 10).unwrap();
    let result = verify_payload(&headers, BODY, SECRET, at(TIMESTAMP + 11), 10);
    assert_eq!(signature_reason(result), "timestamp too old");
    verify_payload(&headers, BODY, SECRET, at(TIMESTAMP), 0).unwrap();
    let err = verify_payload(&headers, BODY, SECRET, at(TIMESTAMP), -1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn extreme_timestamps_do_not_overflow() {
    let mut headers = reference_headers();
    headers.timestamp = i64::MIN;
    assert_eq!(signature_reason(verify_at(&headers, BODY, SECRET, TIMESTAMP)), "timestamp too old");
    headers.timestamp = i64::MAX;
    assert_eq!(signature_reason(verify_at(&headers, BODY, SECRET, TIMESTAMP)), "timestamp too new");
    verify_payload(&reference_headers(), BODY, SECRET, at(TIMESTAMP), i64::MAX).unwrap();
}

#[test]
fn any_matching_signature_in_the_header_passes() {
    let mut headers = reference_headers();
    headers.signature = format!("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {SIGNATURE}");
    verify_at(&headers, BODY, SECRET, TIMESTAMP).unwrap();
}

#[test]
fn other_versions_and_malformed_entries_are_skipped() {
    let mut headers = reference_headers();
    let digest = SIGNATURE.trim_start_matches("v1,");
    headers.signature = format!("v1a,{digest} garbage v1,not*base64! v1, {SIGNATURE}");
    verify_at(&headers, BODY, SECRET, TIMESTAMP).unwrap();

    // The right digest under another version tag does not count.
    headers.signature = format!("v2,{digest} v1a,{digest} {digest}");
    assert_eq!(signature_reason(verify_at(&headers, BODY, SECRET, TIMESTAMP)), "no matching signature");
}

#[test]
fn missing_or_truncated_signature_is_rejected() {
    let mut headers = reference_headers();
    headers.signature = String::new();
    assert_eq!(signature_reason(verify_at(&headers, BODY, SECRET, TIMESTAMP)), "no matching signature");

    // A prefix of the correct MAC is not accepted.
    headers.signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE".to_string();
    assert_eq!(signature_reason(verify_at(&headers, BODY, SECRET, TIMESTAMP)), "no matching signature");
}

#[test]
fn empty_message_id_is_rejected() {
    let mut headers = reference_headers();
    headers.id = String::new();
    let err = verify_at(&headers, BODY, SECRET, TIMESTAMP).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSignature);

    let err = sign_payload("", at(TIMESTAMP), BODY, SECRET).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.path(), Some("msg_id"));
}

#[test]
fn secret_without_prefix_is_accepted() {
    let bare = SECRET.trim_start_matches("whsec_");
    let headers = sign_payload(MSG_ID, at(TIMESTAMP), BODY, bare).unwrap();
    assert_eq!(headers.signature, SIGNATURE);
    verify_at(&reference_headers(), BODY, bare, TIMESTAMP).unwrap();
}

#[test]
fn malformed_secret_is_invalid_input() {
    for secret in ["whsec_", "", "whsec_not base64!", "whsec_abc", "%%%%"] {
        let err = WebhookSecret::parse(secret).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{secret:?}");
        assert_eq!(err.path(), Some("secret"));

        let err = sign_payload(MSG_ID, at(TIMESTAMP), BODY, secret).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{secret:?}");
        let err = verify_at(&reference_headers(), BODY, secret, TIMESTAMP).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{secret:?}");
    }
    assert_eq!(WebhookSecret::from_bytes(&[]).unwrap_err().kind(), ErrorKind::InvalidInput);
}

#[test]
fn secret_round_trips_through_display_and_hides_key_in_debug() {
    let secret = WebhookSecret::parse(SECRET).unwrap();
    assert_eq!(secret.to_string(), SECRET);
    assert_eq!(WebhookSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap(), secret);
    assert_eq!(SECRET.parse::<WebhookSecret>().unwrap(), secret);

    let from_bytes = WebhookSecret::from_bytes(b"key").unwrap();
    assert_eq!(from_bytes.to_string(), "whsec_a2V5");

    let debug = format!("{secret:?}");
    assert!(!debug.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "{debug}");
}

#[test]
fn headers_as_pairs_and_json() {
    let headers = reference_headers();
    assert_eq!(
        headers.to_pairs(),
        [
            ("webhook-id", MSG_ID.to_string()),
            ("webhook-timestamp", "1614265330".to_string()),
            ("webhook-signature", SIGNATURE.to_string()),
        ]
    );
    let json = serde_json::to_string(&headers).unwrap();
    assert_eq!(serde_json::from_str::<WebhookHeaders>(&json).unwrap(), headers);
}
