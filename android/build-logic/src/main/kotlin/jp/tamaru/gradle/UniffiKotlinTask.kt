package jp.tamaru.gradle

import java.io.File
import javax.inject.Inject
import org.gradle.api.DefaultTask
import org.gradle.api.GradleException
import org.gradle.api.file.ConfigurableFileCollection
import org.gradle.api.file.DirectoryProperty
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
 * Generates the Kotlin bindings (`jp.tamaru`, `jp.tamaru.core`) with the workspace's own
 * bindgen, in library mode, so they are never committed and never drift from the core.
 * That bindgen (bindings/bindgen) makes three measured changes to UniFFI's output: pooled
 * call statuses JNA does not copy around successful calls, cheaper RustBuffer structures, and
 * string bytes copied without a new encoder or buffer view (a string call 20.6 µs to 3.4 µs on
 * the JVM; bindings/bindgen/src/main.rs lists them), so the app gets exactly what the Kotlin
 * tests ran.
 *
 * Why from a host build: library mode reads the `UNIFFI_META` symbols, which the
 * `release-mobile` profile strips from the Android libraries. The bindings do not depend on
 * the target, so the unstripped debug build for this computer (the one
 * `scripts/gen-bindings.sh` and `scripts/kotlin-test.sh` use, already in cargo's cache) gives
 * the same API and checksums as the `.so` files packaged beside them.
 */
abstract class UniffiKotlinTask @Inject constructor(
    private val exec: ExecOperations,
) : DefaultTask() {
    @get:Internal
    abstract val workspaceDir: DirectoryProperty

    @get:InputFiles
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val rustSources: ConfigurableFileCollection

    @get:Input
    abstract val crate: Property<String>

    @get:Input
    abstract val libName: Property<String>

    @get:Input
    abstract val bindgenCrate: Property<String>

    /** Set by AGP (`addGeneratedSourceDirectory`). */
    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun generate() {
        val workspace = workspaceDir.get().asFile
        val out = outputDir.get().asFile
        out.deleteRecursively()
        out.mkdirs()
        cargo(workspace, "build", "-p", crate.get(), "--lib")
        val library = File(cargoTargetDir(workspace), "debug/" + System.mapLibraryName(libName.get()))
        if (!library.isFile) throw GradleException("cargo built no host library at $library")
        cargo(
            workspace,
            "run", "-q", "-p", bindgenCrate.get(), "--",
            "generate", "--no-format", library.absolutePath,
            "--language", "kotlin", "--out-dir", out.absolutePath,
        )
    }

    private fun cargo(workspace: File, vararg cargoArgs: String) {
        exec.exec {
            workingDir = workspace
            executable = cargoExecutable()
            args(*cargoArgs)
        }
    }
}
