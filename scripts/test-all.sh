#!/usr/bin/env bash
# Every test: installs what is missing (kotlinc, JNA, JUnit 5), checks formatting, runs the
# Rust tests (unit, sandbox scenarios, QA CLI), the Kotlin binding tests on the JVM and the
# Swift tests (scripts/swift-test.sh), and parses every hand-written Kotlin and Swift file
# (scripts/syntax-floor.sh). Ends with one "tests: N passed, N failed" line over all.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
scripts/install-deps.sh || exit 1

echo "== cargo fmt --check"
cargo fmt --all -- --check || { echo "test-all: run 'cargo fmt --all'"; exit 1; }

echo "== Syntax floor (tree-sitter) for the Kotlin and Swift no build here compiles"
scripts/syntax-floor.sh 2>&1 | tee build/syntax-floor.log
if [ "${PIPESTATUS[0]}" -eq 0 ]; then floor_passed=1; floor_failed=0; else floor_passed=0; floor_failed=1; fi

echo "== Rust tests"
rm -f build/soak.txt
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast 2>&1 | tee build/rust-tests.log
  rust_status=${PIPESTATUS[0]}
  rust_passed=$(grep -oE '[0-9]+ tests run: [0-9]+ passed' build/rust-tests.log | tail -1 | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
  rust_failed=$(grep -oE '[0-9]+ failed' build/rust-tests.log | tail -1 | grep -oE '[0-9]+' || echo 0)
else
  cargo test --workspace --no-fail-fast 2>&1 | tee build/rust-tests.log
  rust_status=${PIPESTATUS[0]}
  rust_passed=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' build/rust-tests.log | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  rust_failed=$(grep -oE '; [0-9]+ failed' build/rust-tests.log | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
fi
[ "$rust_status" -eq 0 ] || [ "${rust_failed:-0}" -gt 0 ] || rust_failed=1
# The soak's counts (tests/scenarios/tests/soak.rs writes them; the runner hides a passing
# test's output).
if [ -f build/soak.txt ]; then echo "== Soak counts"; cat build/soak.txt; fi

echo "== The secure store on the Linux kernel keyring (keyring-core + keyutils)"
keyctl session - cargo test -q -p tamaru-core --features linux-keyring --lib \
  secure_store::tests::keyring_store_round_trip_on_the_linux_kernel_keyring >build/keyring-test.log 2>&1
keyring_status=$?
tail -3 build/keyring-test.log
if [ "$keyring_status" -eq 0 ] && grep -q "1 passed" build/keyring-test.log; then
  rust_passed=$((rust_passed + 1))
else
  rust_failed=$((rust_failed + 1)); rust_status=1
fi

echo "== Mobile library size budget (scripts/check-library-size.sh)"
scripts/check-library-size.sh >build/library-size.log 2>&1
size_status=$?
tail -3 build/library-size.log
if [ "$size_status" -eq 0 ]; then
  rust_passed=$((rust_passed + 1))
else
  rust_failed=$((rust_failed + 1)); rust_status=1
fi

echo "== Kotlin binding tests"
scripts/kotlin-test.sh 2>&1 | tee build/kotlin-tests.log
kotlin_status=${PIPESTATUS[0]}
k_line=$(grep -E '^kotlin: [0-9]+ passed, [0-9]+ failed' build/kotlin-tests.log | tail -1)
k_passed=$(echo "$k_line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
k_failed=$(echo "$k_line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
[ "$kotlin_status" -eq 0 ] || [ "${k_failed:-0}" -gt 0 ] || k_failed=1

# Swift: the bindings, TamaruKit and the app's models, built and tested against a sandbox
# (provisions the Debian 13 Swift root once where no Swift is on PATH).
echo "== Swift tests"
scripts/swift-test.sh 2>&1 | tee build/swift-tests.log
swift_status=${PIPESTATUS[0]}
s_line=$(grep -E '^swift: [0-9]+ passed, [0-9]+ failed' build/swift-tests.log | tail -1)
s_passed=$(echo "$s_line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
s_failed=$(echo "$s_line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
[ "$swift_status" -eq 0 ] || [ "${s_failed:-0}" -gt 0 ] || s_failed=1

# The failing tests by name, last, where CI's tail shows them (a long log loses the middle).
{
  grep -E '^\s+FAIL \[' build/rust-tests.log | sort -u
  [ "$keyring_status" -eq 0 ] || echo "keyring: secure_store::tests::keyring_store_round_trip_on_the_linux_kernel_keyring (build/keyring-test.log)"
  [ "$size_status" -eq 0 ] || echo "library size: $(tail -1 build/library-size.log)"
  grep -A2 -E '✘' build/kotlin/junit.log 2>/dev/null | cut -c1-300
  grep -E "error: |' failed \(|✘ Test" build/swift-tests.log 2>/dev/null | cut -c1-300
} >build/failures.txt
if [ -s build/failures.txt ]; then
  echo "== Failures"
  head -60 build/failures.txt
fi

passed=$(( ${rust_passed:-0} + ${k_passed:-0} + ${s_passed:-0} + floor_passed ))
failed=$(( ${rust_failed:-0} + ${k_failed:-0} + ${s_failed:-0} + floor_failed ))
echo "rust: ${rust_passed:-0} passed, ${rust_failed:-0} failed; kotlin: ${k_passed:-0} passed, ${k_failed:-0} failed; swift: ${s_passed:-0} passed, ${s_failed:-0} failed; syntax floor: $floor_passed passed, $floor_failed failed"
echo "tests: $passed passed, $failed failed"
[ "$rust_status" -eq 0 ] && [ "$kotlin_status" -eq 0 ] && [ "$swift_status" -eq 0 ] && [ "$floor_failed" -eq 0 ]
