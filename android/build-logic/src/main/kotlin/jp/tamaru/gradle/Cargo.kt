package jp.tamaru.gradle

import java.io.File

/**
 * The cargo binary. Android Studio starts Gradle from the desktop, often without the shell's
 * PATH, so rustup's default location is tried before the bare name.
 */
internal fun cargoExecutable(): String {
    System.getenv("CARGO")?.let { return it }
    val home = System.getenv("CARGO_HOME")?.let(::File)
        ?: File(System.getProperty("user.home"), ".cargo")
    val name = if (System.getProperty("os.name").startsWith("Windows")) "cargo.exe" else "cargo"
    val rustup = File(home, "bin/$name")
    return if (rustup.canExecute()) rustup.absolutePath else name
}

/** Cargo's target folder: `CARGO_TARGET_DIR` when set, else the workspace's `target/`. */
internal fun cargoTargetDir(workspace: File): File =
    System.getenv("CARGO_TARGET_DIR")?.let { File(it).absoluteFile } ?: File(workspace, "target")
