import com.android.build.api.variant.BuildConfigField

// The member app: Compose screens that show what the core decides. One flavour per program;
// the program's rules come from its profile in the core, never from the flavour's name.
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "jp.tamaru.app"
    compileSdk = libs.versions.sdk.compile.get().toInt()

    defaultConfig {
        applicationId = "jp.tamaru.app"
        minSdk = libs.versions.sdk.min.get().toInt()
        targetSdk = libs.versions.sdk.target.get().toInt()
        versionCode = 1
        versionName = "0.1.0"
    }

    flavorDimensions += "program"
    productFlavors {
        create("wester") {
            dimension = "program"
            applicationIdSuffix = ".wester"
            buildConfigField("String", "TAMARU_PROGRAM", "\"wester\"")
        }
        create("waon") {
            dimension = "program"
            applicationIdSuffix = ".waon"
            buildConfigField("String", "TAMARU_PROGRAM", "\"waon\"")
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    // Built-in Kotlin (AGP 9) takes Kotlin's jvmTarget from targetCompatibility.
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    packaging {
        // Stored uncompressed and page-aligned in the APK, so the 16 KB-aligned core is
        // mapped straight from it (the default for minSdk 23+, stated because it matters).
        jniLibs.useLegacyPackaging = false
    }
}

// The member API each variant talks to. Debug: the sandbox on the computer, reached through
// `adb reverse` on the phone's own loopback (the core sends plain http to loopback only).
// Release: an https URL from a Gradle property, required only when a release is built.
val sandboxPort = providers.gradleProperty("tamaru.sandboxPort").orElse("8787")
androidComponents {
    onVariants { variant ->
        val program = variant.productFlavors.first { it.first == "program" }.second
        val baseUrl = if (variant.buildType == "debug") {
            sandboxPort.map { port -> "http://127.0.0.1:$port/$program/" }
        } else {
            providers.gradleProperty("tamaru.releaseBaseUrl.$program").orElse(
                providers.provider<String> {
                    throw GradleException("Set tamaru.releaseBaseUrl.$program (https) to build a release.")
                },
            )
        }
        variant.buildConfigFields.put(
            "TAMARU_BASE_URL",
            baseUrl.map { BuildConfigField("String", "\"$it\"", "The member API of this build") },
        )
    }
}

dependencies {
    implementation(project(":tamaru"))

    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.material3)
    implementation(libs.compose.ui.tooling.preview)
    debugImplementation(libs.compose.ui.tooling)

    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.navigation.compose)
}
