#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| affiliate_kit_fuzz::money_parse::run(data));
