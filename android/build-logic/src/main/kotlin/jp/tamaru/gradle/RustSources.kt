package jp.tamaru.gradle

import org.gradle.api.file.Directory
import org.gradle.api.file.FileTree

/**
 * The files whose change means the core must be rebuilt: the manifests, the lock file and the
 * two crates the FFI library is made of (with their profiles and uniffi.toml). Gradle uses
 * this to skip cargo entirely when nothing changed; cargo's own cache handles the rest.
 */
internal fun Directory.rustSources(): FileTree = asFileTree.matching {
    include("Cargo.toml", "Cargo.lock", "rust-toolchain*")
    include("core/**", "bindings/**")
    exclude("**/target/**")
}
