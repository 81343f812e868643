package jp.tamaru.gradle

import javax.inject.Inject
import org.gradle.api.DefaultTask
import org.gradle.api.file.ConfigurableFileCollection
import org.gradle.api.file.DirectoryProperty
import org.gradle.api.provider.ListProperty
import org.gradle.api.provider.Property
import org.gradle.api.tasks.Input
import org.gradle.api.tasks.InputFiles
import org.gradle.api.tasks.Internal
import org.gradle.api.tasks.OutputDirectory
import org.gradle.api.tasks.PathSensitive
import org.gradle.api.tasks.PathSensitivity
import org.gradle.api.tasks.TaskAction
import org.gradle.process.ExecOperations

/**
 * Builds the core for each Android ABI with cargo-ndk into a `jniLibs` layout
 * (`<abi>/libtamaru_ffi.so`) that AGP packages.
 *
 * Why `cargo rustc --crate-type cdylib` rather than `cargo build`: the crate also declares
 * `staticlib` (for iOS) and `lib`; building only the `.so` halves the LTO link time. The
 * `-C link-arg` after `--` reaches only this final link, so the 16 KB page alignment that
 * Android 15+ requires of native libraries does not invalidate the cached dependencies the
 * way a changed `RUSTFLAGS` would.
 *
 * The relocations are packed, as in the host build of the same library
 * (scripts/build-mobile-lib.sh, `-z pack-relative-relocs`): they are most of a position-
 * independent library's dynamic relocations (0.17 MB of the x86_64 library unpacked,
 * BENCHMARKS.md). Which packing a phone's loader reads depends on its Android version, so
 * it follows [platform] (the module's minSdk): see [relocationPacking].
 *
 * The rest is the host build's size settings too, so the phones get the library the size gate
 * measures: the linker wrapper `scripts/mobile-linker.sh` (drops the `UNIFFI_META_*` statics,
 * which only `uniffi-bindgen` reads, from the host build; it runs cargo-ndk's own linker),
 * identical code folding and linker optimisation (`--icf=all -O2`), and the C code (SQLite,
 * ring) without unwind tables ([noUnwindCflags]), since no panic unwinds through C.
 */
abstract class CargoNdkTask @Inject constructor(
    private val exec: ExecOperations,
) : DefaultTask() {
    /** Where cargo runs. The sources below are the inputs; the path itself is not. */
    @get:Internal
    abstract val workspaceDir: DirectoryProperty

    @get:InputFiles
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val rustSources: ConfigurableFileCollection

    @get:Input
    abstract val crate: Property<String>

    @get:Input
    abstract val cargoProfile: Property<String>

    @get:Input
    abstract val abis: ListProperty<String>

    @get:Input
    abstract val platform: Property<Int>

    /** The NDK AGP resolved from `android.ndkVersion`; cargo-ndk links with its clang. */
    @get:Internal
    abstract val ndkDirectory: DirectoryProperty

    /** The NDK's folder name is its version, so a new NDK re-runs the task. */
    @get:Input
    val ndkVersion: String
        get() = ndkDirectory.get().asFile.name

    /** Set by AGP (`addGeneratedSourceDirectory`). */
    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun build() {
        val out = outputDir.get().asFile
        out.deleteRecursively()
        out.mkdirs()
        val cargoArgs = buildList {
            add("ndk")
            abis.get().forEach { add("-t"); add(it) }
            add("--platform"); add(platform.get().toString())
            add("-o"); add(out.absolutePath)
            add("rustc")
            add("-p"); add(crate.get())
            add("--lib")
            add("--profile"); add(cargoProfile.get())
            add("--crate-type"); add("cdylib")
            add("--")
            add("-C"); add("linker=" + workspaceDir.get().file("scripts/mobile-linker.sh").asFile.absolutePath)
            add("-C"); add("link-arg=-Wl,-z,max-page-size=16384")
            relocationPacking(platform.get()).forEach { add("-C"); add("link-arg=$it") }
            add("-C"); add("link-arg=-Wl,--icf=all")
            add("-C"); add("link-arg=-Wl,-O2")
        }
        exec.exec {
            workingDir = workspaceDir.get().asFile
            environment("ANDROID_NDK_HOME", ndkDirectory.get().asFile.absolutePath)
            noUnwindCflags(abis.get()).forEach { (name, value) -> environment(name, value) }
            executable = cargoExecutable()
            args(cargoArgs)
        }
    }
}

/**
 * The relocation packing the oldest supported phone's loader understands: the standard
 * `DT_RELR` from API 30, Android's own RELR tags from API 28 (`android+relr`), and Android's
 * packed relocations (APS2, relative ones delta-encoded too) from API 23. minSdk 26 gets the
 * last; raising minSdk to 30 moves the build to `relr` with no other change.
 */
internal fun relocationPacking(platform: Int): List<String> = when {
    platform >= 30 -> listOf("-Wl,--pack-dyn-relocs=relr")
    platform >= 28 -> listOf("-Wl,--pack-dyn-relocs=android+relr", "-Wl,--use-android-relr-tags")
    else -> listOf("-Wl,--pack-dyn-relocs=android")
}

/** The Rust target of each Android ABI, as cargo-ndk names them. */
private val abiTargets = mapOf(
    "arm64-v8a" to "aarch64-linux-android",
    "armeabi-v7a" to "armv7-linux-androideabi",
    "x86_64" to "x86_64-linux-android",
    "x86" to "i686-linux-android",
)

/**
 * `CFLAGS_<target>` for each ABI's C code (read by the `cc` crate that builds SQLite and
 * ring): no unwind tables, as scripts/build-mobile-lib.sh does for the host library.
 */
internal fun noUnwindCflags(abis: List<String>): Map<String, String> =
    abis.mapNotNull { abiTargets[it] }.associate { target ->
        "CFLAGS_" + target.replace('-', '_') to "-fno-asynchronous-unwind-tables -fno-unwind-tables"
    }
