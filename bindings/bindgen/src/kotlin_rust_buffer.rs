//! Making a `RustBuffer` structure on the JVM costs a fifth of what JNA's defaults cost.
//!
//! Why: every string or record that crosses the FFI travels in a `RustBuffer`, and JNA makes a
//! new `RustBuffer.ByValue` for every one the core returns (a string call gets two: the buffer
//! allocated for its argument and its answer). JNA's `Structure` constructor looks the class's
//! fields up by reflection again for every instance (`getFieldList`, copying each `Field`), and
//! its native memory (`Memory`) is entered in a global `ConcurrentHashMap` of all allocations and
//! removed from it by the cleaner thread, a map both threads contend on. Measured here:
//! 1.29 µs for a new `RustBuffer.ByValue`, 0.25 µs with both changes below; the string call
//! (`kotlin.small_call` in BENCHMARKS.md) went from 6.4 to 3.3 µs with them and the string
//! copies of kotlin_strings.rs.
//!
//! The changes use the extension points JNA documents for this (`Structure.autoAllocate`:
//! "override to use a different memory allocator"; `getFieldList` is protected for
//! subclasses):
//! - `autoAllocate` gives each buffer structure memory of its own, from `Native.malloc`, freed
//!   by JNA's own cleaner when the structure is unreachable, exactly as JNA's `Memory` is, but
//!   without the global map (used only by `Memory.disposeAll` when JNA is unloaded);
//! - `getFieldList` asks JNA once per class and hands out copies of that list (the field list
//!   of a class never changes).
//!
//! Only the generated `RustBuffer` (and its `ByValue`/`ByReference`) change; the structure's
//! layout, its fields and how JNA passes it are as UniFFI made them.

use crate::kotlin_patch::Patch;

/// The nested classes of the generated `RustBuffer`, which the overrides follow.
const GENERATED: &str = "    class ByValue: RustBuffer(), Structure.ByValue
    class ByReference: RustBuffer(), Structure.ByReference
";

const PATCHED: &str = "    class ByValue: RustBuffer(), Structure.ByValue
    class ByReference: RustBuffer(), Structure.ByReference

    // tamaru-bindgen (bindings/bindgen/src/kotlin_rust_buffer.rs): a new RustBuffer structure
    // for every string or record crossing the FFI; JNA's defaults made each cost more than a call.

    /** Native memory of its own, freed by JNA's cleaner as JNA's own is, without JNA's global map. */
    override fun autoAllocate(size: Int): com.sun.jna.Memory = UniffiStructMemory(size)

    /** The class's fields, found once per class (JNA looks them up for every new structure). */
    override fun getFieldList(): MutableList<java.lang.reflect.Field> =
        ArrayList(UniffiFieldLists.of(javaClass) { super.getFieldList() })

    private class UniffiStructMemory(size: Int) : com.sun.jna.Memory() {
        init {
            val address = Native.malloc(size.toLong())
            if (address == 0L) throw OutOfMemoryError(\"RustBuffer: malloc($size) failed\")
            peer = address
            this.size = size.toLong()
            clear()
            com.sun.jna.internal.Cleaner.getCleaner().register(this) { Native.free(address) }
        }
    }

    private object UniffiFieldLists {
        private val lists = java.util.concurrent.ConcurrentHashMap<Class<*>, List<java.lang.reflect.Field>>()

        fun of(type: Class<*>, find: () -> List<java.lang.reflect.Field>): List<java.lang.reflect.Field> =
            lists.getOrPut(type, find)
    }
";

/// The change, in every generated file (each has its own `RustBuffer`).
pub const PATCH: Patch = Patch {
    name: "cheaper RustBuffer structures (kotlin_rust_buffer.rs)",
    marker: "open class RustBuffer : Structure() {",
    generated: GENERATED,
    patched: PATCHED,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kotlin_patch::apply;

    #[test]
    fn the_overrides_follow_the_nested_classes_and_nothing_else_changes() {
        let text = format!(
            "open class RustBuffer : Structure() {{\n    @JvmField var len: Long = 0\n\n{GENERATED}\n    companion object {{}}\n}}\n"
        );
        let (out, _) = apply(&text, &[PATCH])
            .expect("applies")
            .expect("has RustBuffer");
        assert_eq!(out, text.replace(GENERATED, PATCHED));
        assert!(out.contains("override fun autoAllocate(size: Int)"));
        assert!(out.contains("override fun getFieldList()"));
    }

    #[test]
    fn the_memory_cleaner_does_not_hold_the_memory_it_frees() {
        // A cleaner task that captured the Memory would keep it reachable for ever: the task
        // captures the address only.
        let task = PATCHED
            .lines()
            .find(|l| l.contains("Cleaner.getCleaner().register"))
            .expect("registers a cleaner");
        assert!(task.ends_with("{ Native.free(address) }"), "{task}");
    }
}
