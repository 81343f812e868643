package jp.tamaru.bench

import com.sun.jna.Native
import com.sun.jna.Pointer
import com.sun.jna.Structure

/**
 * Where a UniFFI call's time goes on the JVM, measured beside the bindings' own calls: the
 * same exported Rust functions called through JNA's direct mapping, as the generated code
 * calls them, but without its per-call status object, or with one reused.
 *
 * - [contractVersion]: a core function with no call status at all (UniFFI's contract version
 *   check): JNA's floor for one call into the library.
 * - [historyPageLimitReused]: `historyPageLimit` with one status structure reused for every
 *   call (JNA still writes it before and reads it after each call).
 * UniFFI's generated `historyPageLimit()` made a new status structure (and its nested
 * RustBuffer structure) on every call: 7.0 µs against 0.55 µs here. tamaru-bindgen has the
 * bindings take statuses from a per-thread pool and turns JNA's copying of them off (the core
 * writes a status only when a call fails; bindings/bindgen/src/kotlin_call_status.rs), so
 * `primitive_call` should now sit between [contractVersion] and this figure: what is left of
 * this one above it is JNA copying the status both ways. Diagnostic only: the apps call the
 * generated bindings.
 */
object JnaFloor {
    init {
        Native.register(JnaFloor::class.java, "tamaru_ffi")
    }

    @JvmStatic external fun ffi_tamaru_ffi_uniffi_contract_version(): Int

    @JvmStatic external fun uniffi_tamaru_ffi_fn_func_history_page_limit(status: CallStatus): Int

    /** UniFFI's `RustCallStatus` layout: a code byte, then the error RustBuffer. */
    @Structure.FieldOrder("code", "capacity", "len", "data")
    class CallStatus : Structure() {
        @JvmField var code: Byte = 0
        @JvmField var capacity: Long = 0
        @JvmField var len: Long = 0
        @JvmField var data: Pointer? = null
    }

    private val reused = CallStatus()

    fun contractVersion(): Int = ffi_tamaru_ffi_uniffi_contract_version()

    fun historyPageLimitReused(): Int {
        val limit = uniffi_tamaru_ffi_fn_func_history_page_limit(reused)
        check(reused.code.toInt() == 0)
        return limit
    }
}
