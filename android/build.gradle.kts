// AGP 9 compiles Kotlin itself (built-in Kotlin: no kotlin-android plugin) with the Kotlin
// Gradle plugin it depends on (2.2.10); this pins that plugin to the compiler the JVM tests
// use, as the AGP 9 migration guide describes.
buildscript {
    dependencies {
        classpath(libs.kotlin.gradle.plugin)
    }
}

// Plugins are declared here once (not applied) so every module resolves the same versions.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.android.library) apply false
    alias(libs.plugins.kotlin.compose) apply false
}
