//! `uniffi-bindgen generate --library <lib> --language kotlin --out-dir <dir>`: kept in its own crate
//! so that the library itself never builds uniffi's heavy `cli` feature.

fn main() {
    uniffi::uniffi_bindgen_main()
}
