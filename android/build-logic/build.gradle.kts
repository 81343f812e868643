plugins {
    `kotlin-dsl`
}

group = "jp.tamaru.buildlogic"

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(17)
    }
}

dependencies {
    // The public Variant API only (not the whole plugin), so build-logic cannot lean on internals.
    compileOnly(libs.android.gradle.api)
}

gradlePlugin {
    plugins {
        register("rustCore") {
            id = "jp.tamaru.rust-core"
            implementationClass = "jp.tamaru.gradle.RustCorePlugin"
        }
    }
}
