//! `uniffi-bindgen` for this workspace: `cargo run -p tamaru-bindgen -- generate --no-format target/debug/libtamaru_ffi.so --language kotlin --out-dir DIR`.
//!
//! UniFFI's own bindgen, then one change to the Kotlin it wrote (kotlin_call_status.rs): the
//! per-call status comes from a pool. Swift's generated code keeps its status on the stack and
//! is left as it is.

mod kotlin_call_status;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value_of = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let kotlin_out = (args.iter().any(|a| a == "generate")
        && value_of("--language").as_deref() == Some("kotlin"))
    .then(|| value_of("--out-dir"))
    .flatten();
    uniffi::uniffi_bindgen_main();
    if let Some(dir) = kotlin_out {
        match kotlin_call_status::patch_dir(std::path::Path::new(&dir)) {
            Ok(0) => {
                eprintln!("uniffi-bindgen: no generated Kotlin call helper found under {dir}");
                std::process::exit(1);
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("uniffi-bindgen: {e}");
                std::process::exit(1);
            }
        }
    }
}
