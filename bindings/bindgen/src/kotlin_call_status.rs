//! One change to UniFFI's generated Kotlin: the call status of every Kotlin → core call is
//! taken from a small per-thread pool instead of made anew.
//!
//! Why: the generated `uniffiRustCallWithError` makes a new `UniffiRustCallStatus` for every
//! call, a JNA `Structure` holding a nested `RustBuffer.ByValue` structure, each with native
//! memory, a cleaner registration and reflective field set-up. Measured on the JVM here
//! (BENCHMARKS.md, `kotlin.primitive_call`): 7.0 µs per call with a new status, 0.55 µs with
//! one reused, 0.05 µs for JNA's call alone; ART on a phone is slower at reflection still. A
//! string call makes three such calls (allocate the argument's buffer, the call, free the
//! answer's buffer), so every screen action paid about 20 µs before reaching the core.
//!
//! How it stays correct:
//! - a status is taken for one call and given back only after the call's status has been
//!   read and its error lifted (`finally`), so a call made while another runs on the same
//!   thread (lifting an error frees its buffer with a call of its own; a callback the core
//!   calls may call back into the core) takes another status, never the running one;
//! - a taken status is reset first (success code, empty error buffer), as a new one is;
//! - statuses are per thread (`ThreadLocal`), and at most 8 are kept per thread.
//!
//! The generated text is matched exactly; when a UniFFI upgrade changes it, the bindgen
//! fails and names the file, so the change is never silently lost (`scripts/gen-bindings.sh`,
//! the Gradle build and the Kotlin tests all generate through this binary).

/// The body of `uniffiRustCallWithError` as UniFFI 0.32 generates it.
const GENERATED: &str = "    var status = UniffiRustCallStatus()
    val return_value = callback(status)
    uniffiCheckCallStatus(errorHandler, status)
    return return_value
}
";

/// The same body with a pooled status, and the pool.
const POOLED: &str = "    val status = UniffiCallStatusPool.take()
    try {
        val return_value = callback(status)
        uniffiCheckCallStatus(errorHandler, status)
        return return_value
    } finally {
        UniffiCallStatusPool.give(status)
    }
}

/**
 * Call statuses of this thread, reused (tamaru-bindgen, bindings/bindgen/src/kotlin_call_status.rs):
 * a new JNA Structure per call costs more than the call. A status is taken for one call and
 * given back after its result was read, so a call made during another gets its own.
 *
 * @suppress
 */
private object UniffiCallStatusPool {
    private val free = object : ThreadLocal<java.util.ArrayDeque<UniffiRustCallStatus>>() {
        override fun initialValue() = java.util.ArrayDeque<UniffiRustCallStatus>()
    }

    fun take(): UniffiRustCallStatus {
        val status = free.get().pollFirst() ?: UniffiRustCallStatus()
        status.code = 0
        status.error_buf.capacity = 0
        status.error_buf.len = 0
        status.error_buf.data = null
        return status
    }

    fun give(status: UniffiRustCallStatus) {
        val statuses = free.get()
        if (statuses.size < 8) statuses.addFirst(status)
    }
}
";

/// The marker of a file holding UniFFI's call helpers (one per generated Kotlin file).
const HELPER: &str = "private inline fun <U, E: kotlin.Exception> uniffiRustCallWithError(";

/// The patched text of one generated Kotlin file; `Ok(None)` when it holds no call helper.
pub fn patch(text: &str) -> Result<Option<String>, String> {
    if !text.contains(HELPER) {
        return Ok(None);
    }
    if text.contains("UniffiCallStatusPool") {
        return Err("already patched".into());
    }
    let start = text.find(HELPER).unwrap_or_default();
    let body_start = text[start..]
        .find('\n')
        .map(|i| start + i + 1)
        .ok_or("the call helper has no body")?;
    if !text[body_start..].starts_with(GENERATED) || text.matches(GENERATED).count() != 1 {
        return Err(
            "uniffiRustCallWithError is not the text UniFFI 0.32 generates; update \
             bindings/bindgen/src/kotlin_call_status.rs for this UniFFI"
                .into(),
        );
    }
    let mut out = String::with_capacity(text.len() + POOLED.len());
    out.push_str(&text[..body_start]);
    out.push_str(POOLED);
    out.push_str(&text[body_start + GENERATED.len()..]);
    Ok(Some(out))
}

/// Patches every `.kt` file under `dir`; returns how many were patched.
pub fn patch_dir(dir: &std::path::Path) -> Result<usize, String> {
    let mut patched = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            patched += patch_dir(&path)?;
        } else if path.extension().is_some_and(|x| x == "kt") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(new) = patch(&text).map_err(|e| format!("{}: {e}", path.display()))? {
                std::fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))?;
                patched += 1;
            }
        }
    }
    Ok(patched)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> String {
        format!("header\n{HELPER}errorHandler: X, callback: Y): U {{\n{GENERATED}\nrest\n")
    }

    #[test]
    fn the_generated_helper_gets_the_pool_and_nothing_else_changes() {
        let text = generated();
        let out = patch(&text).expect("patches").expect("has the helper");
        assert!(out.starts_with(&format!("header\n{HELPER}")));
        assert!(out.ends_with("\nrest\n"));
        assert!(out.contains("val status = UniffiCallStatusPool.take()"));
        assert!(out.contains("UniffiCallStatusPool.give(status)"));
        assert!(!out.contains("var status = UniffiRustCallStatus()"));
        assert_eq!(out.len(), text.len() - GENERATED.len() + POOLED.len());
    }

    #[test]
    fn a_file_without_the_helper_is_left_alone() {
        assert_eq!(patch("package x\nclass A\n"), Ok(None));
    }

    #[test]
    fn a_changed_helper_fails_loudly_and_a_patched_file_is_not_patched_twice() {
        let changed = generated().replace("var status =", "val status =");
        assert!(patch(&changed).is_err());
        let once = patch(&generated()).expect("ok").expect("some");
        assert_eq!(patch(&once), Err("already patched".into()));
    }
}
