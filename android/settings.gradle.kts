// The Android projects of Tamaru: the core as an Android library (:tamaru) and the member app (:app).
// The Rust workspace is this folder's parent; build-logic knows how to build it for Android.
pluginManagement {
    includeBuild("build-logic")
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "tamaru-android"
include(":tamaru", ":app")
