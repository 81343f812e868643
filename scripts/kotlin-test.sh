#!/usr/bin/env bash
# Runs the Kotlin binding tests on the JVM against the host build of the core:
# generated bindings (compiled once into a jar, reused while unchanged), the tests in
# tests/kotlin/src, JUnit 5's console launcher. Prints "N passed, N failed" last.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="$root/build/kotlin"
mkdir -p "$build"

KOTLIN_HOME="$(npm root -g)/kotlin-compiler"
KOTLINC="$KOTLIN_HOME/bin/kotlinc"
export JAVA_OPTS="${JAVA_OPTS:--Xmx1g -Xms128M -XX:TieredStopAtLevel=1}"
J=/usr/share/java
KLIB="$KOTLIN_HOME/lib"
CP_BASE="$J/jna.jar:$KLIB/kotlinx-coroutines-core-jvm.jar"
CP_TEST="$CP_BASE:$KLIB/kotlin-test.jar:$KLIB/kotlin-test-junit5.jar:$J/junit-jupiter-api.jar:$J/apiguardian-api.jar:$J/opentest4j.jar:$J/junit4.jar:$J/hamcrest-core.jar"

# The Android library's plain-Kotlin helpers (no Android API) and their JUnit 4 tests run
# here too; the two files that need the Android SDK are left to Gradle.
ANDROID_HELPERS="android/tamaru/src/main/kotlin/jp/tamaru/android"
android_sources() {
  find "$ANDROID_HELPERS" -name '*.kt' ! -name 'AndroidTamaruCore.kt' ! -name 'KeystoreSecureStore.kt'
  find android/tamaru/src/test/kotlin -name '*.kt'
}

# qa-hooks: the QA-only panics FfiSafetyTest triggers (bindings/src/qa_hooks.rs).
export TAMARU_FFI_FEATURES=qa-hooks
cargo build -q -p tamaru-ffi -p tamaru-qa --features tamaru-ffi/qa-hooks
scripts/gen-bindings.sh kotlin "$build/gen" >/dev/null

# Compile the bindings only when they changed (kotlinc is the slow part).
hash="$(cat "$build"/gen/kotlin/jp/tamaru/*.kt "$build"/gen/kotlin/jp/tamaru/core/*.kt | sha256sum | cut -c1-16)"
bindings_jar="$build/bindings-$hash.jar"
if [ ! -f "$bindings_jar" ]; then
  rm -f "$build"/bindings-*.jar
  echo "kotlin-test: compiling the generated bindings"
  "$KOTLINC" -nowarn -jvm-target 17 -cp "$CP_BASE" -d "$bindings_jar" \
    "$build"/gen/kotlin/jp/tamaru/*.kt "$build"/gen/kotlin/jp/tamaru/core/*.kt
fi

echo "kotlin-test: compiling the tests"
rm -rf "$build/tests" && mkdir -p "$build/tests"
"$KOTLINC" -nowarn -jvm-target 17 -cp "$CP_TEST:$bindings_jar" -d "$build/tests" \
  $(find tests/kotlin/src -name '*.kt') $(android_sources)

export TAMARU_QA="$root/target/debug/tamaru-qa"
# FfiSafetyTest's panics on purpose would each print a backtrace of a hundred lines and bury
# the JUnit tree; a panic's message still prints.
export RUST_BACKTRACE=0
set +e
java -Djna.library.path="$root/target/debug" -jar "$J/junit-platform-console-standalone.jar" \
  --class-path "$build/tests:$bindings_jar:$CP_TEST:$KLIB/kotlin-stdlib.jar:$KLIB/kotlin-reflect.jar" \
  --scan-class-path "$build/tests" --disable-banner --details=tree \
  --reports-dir "$build/reports" 2>&1 | tee "$build/junit.log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE '\[ *[0-9]+ tests successful *\]' "$build/junit.log" | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '\[ *[0-9]+ tests failed *\]' "$build/junit.log" | grep -oE '[0-9]+' || echo 0)
# JUnit silently skips a @Test whose function returns a value (e.g. `= runBlocking { … }`
# ending in an expression): count the annotations and insist every one ran.
declared=$(grep -rhoE '^\s*@Test\b' tests/kotlin/src android/tamaru/src/test/kotlin | wc -l)
found=$(grep -oE '\[ *[0-9]+ tests found *\]' "$build/junit.log" | grep -oE '[0-9]+' || echo 0)
if [ "$declared" -ne "$found" ]; then
  echo "kotlin-test: $declared @Test functions declared but $found found; use runBlocking<Unit>"
  failed=$((failed + declared - found))
  status=1
fi
echo "kotlin: $passed passed, $failed failed"
exit "$status"
