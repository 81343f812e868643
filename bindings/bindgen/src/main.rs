//! `uniffi-bindgen` for this workspace: `cargo run -p tamaru-bindgen -- generate --no-format target/debug/libtamaru_ffi.so --language kotlin --out-dir DIR`.
//!
//! UniFFI's own bindgen, then three changes to the Kotlin it wrote, each measured on the JVM
//! (BENCHMARKS.md) and explained in its file: call statuses from a pool, not copied around
//! successful calls (kotlin_call_status.rs); cheaper `RustBuffer` structures
//! (kotlin_rust_buffer.rs); strings copied without a new encoder or buffer view
//! (kotlin_strings.rs). How they are applied, and why they fail loudly when UniFFI's text
//! changes: kotlin_patch.rs. Swift's generated code keeps its status on the stack and its
//! buffers in Swift structs, and is left as it is.

mod kotlin_call_status;
mod kotlin_patch;
mod kotlin_rust_buffer;
mod kotlin_strings;

use kotlin_patch::Patch;

fn kotlin_patches() -> Vec<Patch> {
    let mut patches = vec![kotlin_call_status::PATCH, kotlin_rust_buffer::PATCH];
    patches.extend(kotlin_strings::PATCHES);
    patches
}

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
        let patches = kotlin_patches();
        match kotlin_patch::patch_dir(std::path::Path::new(&dir), &patches) {
            Ok(made) => {
                // Every change must have been made somewhere: one that found no file is one a
                // UniFFI upgrade lost.
                if let Some(lost) = patches.iter().find(|p| !made.contains(&p.name)) {
                    eprintln!(
                        "uniffi-bindgen: no generated Kotlin under {dir} got `{}`",
                        lost.name
                    );
                    std::process::exit(1);
                }
            }
            Err(e) => {
                eprintln!("uniffi-bindgen: {e}");
                std::process::exit(1);
            }
        }
    }
}
