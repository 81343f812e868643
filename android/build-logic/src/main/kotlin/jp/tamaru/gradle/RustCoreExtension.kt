package jp.tamaru.gradle

import org.gradle.api.file.DirectoryProperty
import org.gradle.api.provider.ListProperty
import org.gradle.api.provider.Property

/**
 * `rustCore { … }` in a module's build script. The defaults fit this repository; they are
 * properties so a developer can, say, build one ABI while iterating (`tamaru.abis` in
 * gradle.properties) without editing build scripts.
 */
abstract class RustCoreExtension {
    /** The Cargo workspace (the folder with the root Cargo.toml): `android/..` by default. */
    abstract val workspaceDir: DirectoryProperty

    /** The FFI crate, built as the `.so` the app loads: `tamaru-ffi`. */
    abstract val crate: Property<String>

    /** The crate's library name (`[lib] name`), which names the `.so`: `tamaru_ffi`. */
    abstract val libName: Property<String>

    /** The workspace's bindgen binary crate: `tamaru-bindgen` (kept apart so clap never links into the app). */
    abstract val bindgenCrate: Property<String>

    /** Cargo profile of the Android libraries: `release-mobile` (size-optimised, LTO, stripped). */
    abstract val cargoProfile: Property<String>

    /** Android ABIs to build: arm64-v8a, armeabi-v7a, x86_64. */
    abstract val abis: ListProperty<String>

    /** The API level cargo-ndk links against; keep it equal to the module's minSdk. */
    abstract val platform: Property<Int>
}
