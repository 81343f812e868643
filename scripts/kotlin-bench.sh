#!/usr/bin/env bash
# The Kotlin round-trip benchmark (tests/kotlin/bench): Kotlin -> core -> Kotlin on the JVM
# through the generated bindings and JNA, against the phones' build of the core (the
# stripped release-mobile library from scripts/build-mobile-lib.sh). Same set-up as
# scripts/kotlin-test.sh (and the same cached bindings jar). Writes build/kotlin/bench.json,
# which `tamaru-qa bench` reads, and prints it. A benchmark: it is not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="$root/build/kotlin"
mkdir -p "$build"
scripts/install-deps.sh >/dev/null

KOTLIN_HOME="$(npm root -g)/kotlin-compiler"
KOTLINC="$KOTLIN_HOME/bin/kotlinc"
export JAVA_OPTS="${JAVA_OPTS:--Xmx1g -Xms128M -XX:TieredStopAtLevel=1}"
J=/usr/share/java
KLIB="$KOTLIN_HOME/lib"
CP_BASE="$J/jna.jar:$KLIB/kotlinx-coroutines-core-jvm.jar"

lib="$(scripts/build-mobile-lib.sh | tail -1)"
# Bindings come from the unstripped debug build (library mode reads its metadata); the sandbox
# for the history page is the debug tamaru-qa.
cargo build -q -p tamaru-ffi -p tamaru-qa
scripts/gen-bindings.sh kotlin "$build/gen" >/dev/null
hash="$(cat "$build"/gen/kotlin/jp/tamaru/*.kt "$build"/gen/kotlin/jp/tamaru/core/*.kt | sha256sum | cut -c1-16)"
bindings_jar="$build/bindings-$hash.jar"
if [ ! -f "$bindings_jar" ]; then
  rm -f "$build"/bindings-*.jar
  echo "kotlin-bench: compiling the generated bindings"
  "$KOTLINC" -nowarn -jvm-target 17 -cp "$CP_BASE" -d "$bindings_jar" \
    "$build"/gen/kotlin/jp/tamaru/*.kt "$build"/gen/kotlin/jp/tamaru/core/*.kt
fi

echo "kotlin-bench: compiling the benchmark"
rm -rf "$build/bench" && mkdir -p "$build/bench"
"$KOTLINC" -nowarn -jvm-target 17 -cp "$CP_BASE:$bindings_jar" -d "$build/bench" \
  tests/kotlin/bench/jp/tamaru/bench/*.kt tests/kotlin/src/jp/tamaru/test/Sandbox.kt

export TAMARU_QA="$root/target/debug/tamaru-qa"
# The measured JVM runs with its default JIT (the compile-time JAVA_OPTS above are not used).
unset JAVA_OPTS
java -Djna.library.path="$(dirname "$lib")" \
  -cp "$build/bench:$bindings_jar:$CP_BASE:$KLIB/kotlin-stdlib.jar" \
  jp.tamaru.bench.CallBenchKt "$build/bench.json"
