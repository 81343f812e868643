#!/usr/bin/env bash
# Every test: installs what is missing (kotlinc, JNA, JUnit 5), checks formatting, runs the
# Rust tests (unit, sandbox scenarios, QA CLI) and the Kotlin binding tests on the JVM.
# Ends with one "tests: N passed, N failed" line over both.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
scripts/install-deps.sh || exit 1

echo "== cargo fmt --check"
cargo fmt --all -- --check || { echo "test-all: run 'cargo fmt --all'"; exit 1; }

echo "== Rust tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast 2>&1 | tee build/rust-tests.log
  rust_status=${PIPESTATUS[0]}
  rust_passed=$(grep -oE '[0-9]+ tests run: [0-9]+ passed' build/rust-tests.log | tail -1 | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
  rust_failed=$(grep -oE '[0-9]+ failed' build/rust-tests.log | tail -1 | grep -oE '[0-9]+' || echo 0)
else
  cargo test --workspace --no-fail-fast 2>&1 | tee build/rust-tests.log
  rust_status=${PIPESTATUS[0]}
  rust_passed=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' build/rust-tests.log | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' | paste -sd+ | bc)
  rust_failed=$(grep -oE '; [0-9]+ failed' build/rust-tests.log | grep -oE '[0-9]+' | paste -sd+ | bc)
fi
[ "$rust_status" -eq 0 ] || [ "${rust_failed:-0}" -gt 0 ] || rust_failed=1

echo "== Kotlin binding tests"
scripts/kotlin-test.sh
kotlin_status=$?
k_passed=$(grep -oE '\[ *[0-9]+ tests successful *\]' build/kotlin/junit.log 2>/dev/null | grep -oE '[0-9]+' || echo 0)
k_failed=$(grep -oE '\[ *[0-9]+ tests failed *\]' build/kotlin/junit.log 2>/dev/null | grep -oE '[0-9]+' || echo 0)
[ "$kotlin_status" -eq 0 ] || [ "${k_failed:-0}" -gt 0 ] || k_failed=1

passed=$(( ${rust_passed:-0} + ${k_passed:-0} ))
failed=$(( ${rust_failed:-0} + ${k_failed:-0} ))
echo "rust: ${rust_passed:-0} passed, ${rust_failed:-0} failed; kotlin: ${k_passed:-0} passed, ${k_failed:-0} failed"
echo "tests: $passed passed, $failed failed"
[ "$rust_status" -eq 0 ] && [ "$kotlin_status" -eq 0 ]
