package jp.tamaru.gradle

import com.android.build.api.variant.LibraryAndroidComponentsExtension
import org.gradle.api.Plugin
import org.gradle.api.Project

/**
 * `id("jp.tamaru.rust-core")` on an Android library: per variant, builds the core's `.so`
 * files (cargo-ndk) and generates its Kotlin bindings (UniFFI), and hands both to AGP as
 * generated sources, so `assemble` builds the Rust side first and nothing generated is
 * committed.
 */
class RustCorePlugin : Plugin<Project> {
    override fun apply(project: Project) {
        val ext = project.extensions.create("rustCore", RustCoreExtension::class.java).apply {
            workspaceDir.convention(project.rootProject.layout.projectDirectory.dir(".."))
            crate.convention("tamaru-ffi")
            libName.convention("tamaru_ffi")
            bindgenCrate.convention("tamaru-bindgen")
            cargoProfile.convention("release-mobile")
            abis.convention(
                project.providers.gradleProperty("tamaru.abis")
                    .map { list -> list.split(',').map(String::trim).filter(String::isNotEmpty) }
                    .orElse(listOf("arm64-v8a", "armeabi-v7a", "x86_64")),
            )
            platform.convention(26)
        }
        val rustSourceFiles = project.files(ext.workspaceDir.map { it.rustSources() })

        project.pluginManager.withPlugin("com.android.library") {
            val android = project.extensions.getByType(LibraryAndroidComponentsExtension::class.java)
            android.onVariants { variant ->
                val suffix = variant.name.replaceFirstChar(Char::uppercaseChar)

                val bindings = project.tasks.register(
                    "generate${suffix}UniffiKotlin",
                    UniffiKotlinTask::class.java,
                ) {
                    group = "rust"
                    description = "Generates the UniFFI Kotlin bindings of the core."
                    workspaceDir.set(ext.workspaceDir)
                    rustSources.from(rustSourceFiles)
                    crate.set(ext.crate)
                    libName.set(ext.libName)
                    bindgenCrate.set(ext.bindgenCrate)
                }
                // Kotlin files in a Java source folder are compiled by the Kotlin plugin.
                variant.sources.kotlin?.addGeneratedSourceDirectory(bindings, UniffiKotlinTask::outputDir)

                val jniLibs = project.tasks.register(
                    "cargoNdk${suffix}",
                    CargoNdkTask::class.java,
                ) {
                    group = "rust"
                    description = "Builds the core for each Android ABI with cargo-ndk."
                    workspaceDir.set(ext.workspaceDir)
                    rustSources.from(rustSourceFiles)
                    crate.set(ext.crate)
                    cargoProfile.set(ext.cargoProfile)
                    abis.set(ext.abis)
                    platform.set(ext.platform)
                    ndkDirectory.set(android.sdkComponents.ndkDirectory)
                }
                variant.sources.jniLibs?.addGeneratedSourceDirectory(jniLibs, CargoNdkTask::outputDir)
            }
        }
    }
}
