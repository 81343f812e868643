// The Rust core as an Android library: the `.so` per ABI and the generated Kotlin bindings
// (both built by jp.tamaru.rust-core, never committed), plus thin Android helpers.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.tamaru.rust.core)
}

android {
    namespace = "jp.tamaru.android"
    compileSdk = libs.versions.sdk.compile.get().toInt()
    ndkVersion = libs.versions.ndk.get()

    defaultConfig {
        minSdk = libs.versions.sdk.min.get().toInt()
        consumerProguardFiles("consumer-rules.pro")
    }

    // Built-in Kotlin (AGP 9) takes Kotlin's jvmTarget from targetCompatibility.
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        // The JVM unit tests exercise the pure-Kotlin helpers only.
        unitTests.isReturnDefaultValues = true
    }
}

rustCore {
    platform.set(libs.versions.sdk.min.get().toInt())
}

dependencies {
    // `@aar`: the Android flavour of JNA, which carries libjnidispatch.so for each ABI.
    api("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
    api(libs.kotlinx.coroutines.android)

    testImplementation(libs.junit4)
}
