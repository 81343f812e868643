//! The call status of every Kotlin → core call is taken from a small per-thread pool instead
//! of made anew, and JNA does not copy it to and from native memory around the call.
//!
//! Why: the generated `uniffiRustCallWithError` makes a new `UniffiRustCallStatus` for every
//! call, a JNA `Structure` holding a nested `RustBuffer.ByValue` structure, each with native
//! memory, a cleaner registration and reflective field set-up. Measured on the JVM here
//! (BENCHMARKS.md, `kotlin.primitive_call`): 7.0 µs per call with a new status, 0.55 µs with
//! one reused, 0.05 µs for JNA's call alone; ART on a phone is slower at reflection still. A
//! string call makes three such calls (allocate the argument's buffer, the call, free the
//! answer's buffer), so every screen action paid about 20 µs before reaching the core.
//! Reused, a status still cost 0.5 µs a call: JNA wrote all its fields to native memory before
//! the call and read them back after it, by reflection. The core writes a status only when a
//! call fails (uniffi_core `rust_call`: "no need to update out_status" on success, the caller
//! initialises it to success), so the pool turns JNA's copying off, zeroes the code byte
//! itself before the call, and reads the status only when the code byte says the call failed.
//!
//! How it stays correct:
//! - a status is taken for one call and given back only after the call's status has been
//!   read and its error lifted (`finally`), so a call made while another runs on the same
//!   thread (lifting an error frees its buffer with a call of its own; a callback the core
//!   calls may call back into the core) takes another status, never the running one;
//! - a taken status is reset first (success code in its Java fields and in native memory,
//!   empty error buffer), as a new one is;
//! - after the call, a non-success code byte makes the whole status be read from native
//!   memory (code and error buffer) before UniFFI's own check lifts the error;
//! - statuses are per thread (`ThreadLocal`), and at most 8 are kept per thread.

use crate::kotlin_patch::Patch;

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
        UniffiCallStatusPool.settle(status)
        uniffiCheckCallStatus(errorHandler, status)
        return return_value
    } finally {
        UniffiCallStatusPool.give(status)
    }
}

/**
 * Call statuses of this thread, reused (tamaru-bindgen, bindings/bindgen/src/kotlin_call_status.rs):
 * a new JNA Structure per call costs more than the call. A status is taken for one call and
 * given back after its result was read, so a call made during another gets its own. JNA does
 * not copy a pooled status around the call: the core writes it only when the call fails, which
 * [settle] sees in the code byte before reading the rest.
 *
 * @suppress
 */
private object UniffiCallStatusPool {
    private val free = object : ThreadLocal<java.util.ArrayDeque<UniffiRustCallStatus>>() {
        override fun initialValue() = java.util.ArrayDeque<UniffiRustCallStatus>()
    }

    fun take(): UniffiRustCallStatus {
        val status = free.get().pollFirst() ?: UniffiRustCallStatus().also { it.setAutoSynch(false) }
        status.code = UNIFFI_CALL_SUCCESS
        status.error_buf.capacity = 0
        status.error_buf.len = 0
        status.error_buf.data = null
        status.getPointer().setByte(0, UNIFFI_CALL_SUCCESS)
        return status
    }

    /** After the call: reads the status from native memory if the core wrote one. */
    fun settle(status: UniffiRustCallStatus) {
        if (status.getPointer().getByte(0) != UNIFFI_CALL_SUCCESS) status.read()
    }

    fun give(status: UniffiRustCallStatus) {
        val statuses = free.get()
        if (statuses.size < 8) statuses.addFirst(status)
    }
}
";

/// The marker of a file holding UniFFI's call helpers (one per generated Kotlin file).
const HELPER: &str = "private inline fun <U, E: kotlin.Exception> uniffiRustCallWithError(";

/// The change, in every generated file with call helpers.
pub const PATCH: Patch = Patch {
    name: "pooled call statuses (kotlin_call_status.rs)",
    marker: HELPER,
    generated: GENERATED,
    patched: POOLED,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kotlin_patch::apply;

    fn generated() -> String {
        format!("header\n{HELPER}errorHandler: X, callback: Y): U {{\n{GENERATED}\nrest\n")
    }

    #[test]
    fn the_generated_helper_gets_the_pool_and_nothing_else_changes() {
        let text = generated();
        let (out, names) = apply(&text, &[PATCH])
            .expect("patches")
            .expect("has the helper");
        assert_eq!(names, vec![PATCH.name]);
        assert!(out.starts_with(&format!("header\n{HELPER}")));
        assert!(out.ends_with("\nrest\n"));
        assert!(!out.contains("var status = UniffiRustCallStatus()"));
        assert_eq!(out.len(), text.len() - GENERATED.len() + POOLED.len());
    }

    #[test]
    fn the_status_is_read_after_the_call_before_its_error_is_lifted_and_given_back_last() {
        let at = |what: &str| POOLED.find(what).unwrap_or_else(|| panic!("{what}"));
        assert!(at("UniffiCallStatusPool.take()") < at("callback(status)"));
        assert!(at("callback(status)") < at("UniffiCallStatusPool.settle(status)"));
        assert!(at("UniffiCallStatusPool.settle(status)") < at("uniffiCheckCallStatus("));
        assert!(at("uniffiCheckCallStatus(") < at("} finally {"));
        assert!(at("} finally {") < at("UniffiCallStatusPool.give(status)"));
        // JNA's copying is off only for statuses the pool made, and their code byte is reset.
        assert!(POOLED.contains("UniffiRustCallStatus().also { it.setAutoSynch(false) }"));
        assert!(POOLED.contains("status.getPointer().setByte(0, UNIFFI_CALL_SUCCESS)"));
        assert!(POOLED.contains("!= UNIFFI_CALL_SUCCESS) status.read()"));
    }

    #[test]
    fn a_changed_helper_fails_loudly() {
        let changed = generated().replace("var status =", "val status =");
        let error = apply(&changed, &[PATCH]).unwrap_err();
        assert!(error.contains("pooled call statuses"), "{error}");
    }
}
