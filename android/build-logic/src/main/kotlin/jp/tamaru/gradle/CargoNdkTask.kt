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
            add("-C"); add("link-arg=-Wl,-z,max-page-size=16384")
        }
        exec.exec {
            workingDir = workspaceDir.get().asFile
            environment("ANDROID_NDK_HOME", ndkDirectory.get().asFile.absolutePath)
            executable = cargoExecutable()
            args(cargoArgs)
        }
    }
}
