#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| affiliate_kit_fuzz::snapshot_restore::run(data));
