//! Embeds every program profile of `profiles/*.toml` in the core, as JSON.
//!
//! Why JSON made at build time: the core already links serde_json for the member API, so the
//! phone's library parses its shipped profiles with code it has anyway. The TOML parser and
//! the field-naming loader (`Profile::from_toml`, `from_json`, `from_file`, about 0.1 MB) are
//! then only in builds that load operators' files at run time (feature `profile-files`: QA,
//! the sandbox, the tests), not in the mobile library.
//!
//! A new program is a new file here: its name (without `.toml`) must be the profile's `id`.
//! The build only checks that each file is TOML with that `id`; the core's tests load every
//! embedded profile through the full rules (`Profile::builtin`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let dir = Path::new("profiles");
    println!("cargo::rerun-if-changed=profiles");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("core/profiles is readable")
        .map(|entry| entry.expect("core/profiles entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "core/profiles holds no profile");

    let mut table = String::from(
        "/// The profiles embedded at build time (core/build.rs): ID and JSON text, by ID.\n\
         pub(crate) const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("profile file names are UTF-8");
        let text = std::fs::read_to_string(path).expect("profile file is readable");
        let document: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()));
        let id = document.get("id").and_then(|v| v.as_str());
        assert_eq!(
            id,
            Some(stem),
            "{}: the profile's id must be its file name",
            path.display()
        );
        let json = serde_json::to_string(&document).expect("a JSON value serialises");
        let json_file = out.join(format!("{stem}.json"));
        std::fs::write(&json_file, json).expect("OUT_DIR is writable");
        writeln!(
            table,
            "    ({stem:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{stem}.json\"))),"
        )
        .expect("writing to a String");
    }
    table.push_str("];\n");
    std::fs::write(out.join("builtin_profiles.rs"), table).expect("OUT_DIR is writable");
}
