//! `uniffi-bindgen` for this workspace: `cargo run -p tamaru-bindgen -- generate --no-format target/debug/libtamaru_ffi.so --language kotlin --out-dir DIR`.
fn main() {
    uniffi::uniffi_bindgen_main()
}
