#!/usr/bin/env bash
# Runs the Swift tests against the host build of the core and a real sandbox:
#   1. builds tamaru-ffi (debug cdylib) and tamaru-qa, and generates the Swift bindings
#      (ios/build-xcframework.sh --sources-only) plus the headers for the Linux module map;
#   2. finds a Swift >= 5.10 (PATH, or a Debian 13 root provisioned once into a cache folder
#      outside the checkout: scripts/swift-toolchain.sh);
#   3. starts `tamaru-qa serve` (outside the root: it shares loopback) and passes its URL in
#      TAMARU_SANDBOX_URL; builds ios/TamaruKit and runs its XCTest suites; stops the sandbox.
# Also runs the cases of the iOS release base URL check (ios/TamaruApp/check-base-url.sh).
# Fails when fewer tests ran than are declared (XCTest `func test…`, Swift Testing `@Test`). Prints "swift: N passed, N failed"
# last. A missing toolchain is a failure, never a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="$root/build/swift"
kit="$root/ios/TamaruKit"
mkdir -p "$build"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# shellcheck source=scripts/swift-toolchain.sh
source "$root/scripts/swift-toolchain.sh"

sandbox_pid=""
finish() {
  local status=$?
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  swift_toolchain_cleanup || status=1
  exit "$status"
}
trap finish EXIT
trap 'echo "swift-test: interrupted"; exit 130' INT TERM HUP

fail() { echo "swift-test: $*"; echo "swift: 0 passed, 1 failed"; exit 1; }

# The iOS app's release base URL check (ios/TamaruApp/check-base-url.sh, an Xcode build
# phase: Xcode is not here, so its cases run as shell tests and count with the Swift tests).
url_checks_passed=0
url_checks_failed=0
base_url_case() { # expected exit status, CONFIGURATION, TAMARU_BASE_URL
  local out code
  out="$(CONFIGURATION="$2" TAMARU_BASE_URL="$3" sh ios/TamaruApp/check-base-url.sh 2>&1)"
  code=$?
  if [ "$code" -eq "$1" ] && { [ "$1" -eq 0 ] || printf '%s\n' "$out" | grep -q '^error: '; }; then
    url_checks_passed=$((url_checks_passed + 1))
  else
    url_checks_failed=$((url_checks_failed + 1))
    echo "swift-test: check-base-url.sh with CONFIGURATION='$2' TAMARU_BASE_URL='$3' exited $code (expected $1): $out"
  fi
}
base_url_case 1 Release ""
base_url_case 1 Release '$(TAMARU_RELEASE_BASE_URL)'
base_url_case 1 Release "http://api.example.jp/wester/"
base_url_case 1 Release "https:///wester/"
base_url_case 1 Release "api.example.jp"
base_url_case 0 Release "https://api.example.jp/wester/"
base_url_case 0 Debug ""
base_url_case 0 Debug "http://127.0.0.1:8787/wester/"
echo "swift-test: release base URL check: $url_checks_passed passed, $url_checks_failed failed"

echo "swift-test: building the core and generating the Swift bindings"
cargo build -q -p tamaru-ffi -p tamaru-qa || fail "cargo build failed"
ios/build-xcframework.sh --sources-only >/dev/null || fail "generating the Swift bindings failed"
cp ios/build/bindings/TamaruFFI.h ios/build/bindings/TamaruCoreFFI.h "$kit/Sources/TamaruFFISystem/"
lib_dir="$target_dir/debug"
case "$(uname -s)" in Darwin) lib="$lib_dir/libtamaru_ffi.dylib" ;; *) lib="$lib_dir/libtamaru_ffi.so" ;; esac
[ -f "$lib" ] || fail "no $lib"
# The library where the toolchain can see it (a CARGO_TARGET_DIR outside the checkout is not
# bind-mounted into the root).
mkdir -p "$build/lib"
cp -p "$lib" "$build/lib/"

# One lock per cache: provisioning and the mounts of one run are never interleaved with another's.
cache="${TAMARU_CACHE_DIR:-$HOME/.cache/tamaru}"
mkdir -p "$cache"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/swift.lock"
  flock 9 || fail "could not lock $cache/swift.lock"
fi

swift_toolchain_init "$root" || fail "no Swift toolchain: install Swift 5.10+ (swift.org) or run as root on Debian/Ubuntu so the Debian 13 swiftlang root can be provisioned (see above)"

"$target_dir/debug/tamaru-qa" serve --port 0 >"$build/sandbox.out" 2>"$build/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 1 100); do
  grep -q '"url"' "$build/sandbox.out" 2>/dev/null && break
  kill -0 "$sandbox_pid" 2>/dev/null || break
  sleep 0.1
done
url="$(grep -oE '"url": *"[^"]+"' "$build/sandbox.out" | head -1 | sed -E 's/.*"(http[^"]+)"/\1/')"
[ -n "$url" ] || fail "tamaru-qa serve printed no url: $(cat "$build/sandbox.out" "$build/sandbox.err")"
export TAMARU_SANDBOX_URL="$url"
echo "swift-test: sandbox at $url"

link=(-Xlinker -L"$build/lib" -Xlinker -rpath -Xlinker "$build/lib")
# Debian 13's libswiftObservation.so refers to swift::threading::fatal, which no library of
# the package exports (a packaging bug; it is only called to report a fatal error). Let the
# link through; the reference is bound lazily, on that call only.
[ "$swift_mode" = chroot ] && link+=(-Xlinker --allow-shlib-undefined)
export TAMARU_FFI_SYSTEM_LIBRARY=1
cd "$kit"
echo "swift-test: building ios/TamaruKit"
swift_in_toolchain swift build --build-tests --scratch-path "$build/spm" "${link[@]}" 2>&1 | tee "$build/build.log"
build_status=${PIPESTATUS[0]}
status=1
if [ "$build_status" -eq 0 ]; then
  swift_in_toolchain swift test --skip-build --scratch-path "$build/spm" "${link[@]}" 2>&1 | tee "$build/test.log"
  status=${PIPESTATUS[0]}
else
  echo "swift-test: the Swift package does not build" | tee "$build/test.log"
fi
cd "$root"

# XCTest's closing summary: "Executed N tests, with M failures".
summary="$(grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$build/test.log" | tail -1)"
ran=$(echo "$summary" | grep -oE 'Executed [0-9]+' | grep -oE '[0-9]+' || echo 0)
failed=$(echo "$summary" | grep -oE 'with [0-9]+ failure' | grep -oE '[0-9]+' || echo 0)
# A test that failed more than once still counts once: count failing test cases.
failed_cases=$(grep -cE "^Test Case '.*' failed" "$build/test.log" || true)
failed=${failed_cases:-$failed}
ran=${ran:-0}
passed=$((ran - failed))
[ "$passed" -ge 0 ] || passed=0
# Swift Testing (`@Test`) reports apart: "Test run with N tests passed|failed …", one
# "✘ Test name() failed after S seconds" line per failing test.
st_line="$(grep -E 'Test run with [0-9]+ tests?' "$build/test.log" | tail -1)"
st_ran=$(echo "$st_line" | grep -oE 'with [0-9]+ test' | grep -oE '[0-9]+' || echo 0)
st_failed=$(grep -E '^✘ Test .* failed after [0-9.]+ seconds' "$build/test.log" | grep -vc 'Test run with' || true)
ran=$((ran + ${st_ran:-0}))
passed=$((passed + ${st_ran:-0} - ${st_failed:-0}))
failed=$((failed + ${st_failed:-0}))
declared=$(( $(grep -rhoE '^\s*(@MainActor\s+)?func test[A-Za-z0-9_]*\(' "$kit/Tests" | wc -l) \
  + $(grep -rhoE '^\s*@Test\b' "$kit/Tests" | wc -l) ))
if [ "$ran" -ne "$declared" ]; then
  echo "swift-test: $declared tests declared in ios/TamaruKit/Tests (func test…, @Test) but $ran ran"
  [ "$ran" -lt "$declared" ] && failed=$((failed + declared - ran))
  status=1
fi
passed=$((passed + url_checks_passed))
failed=$((failed + url_checks_failed))
[ "$url_checks_failed" -eq 0 ] || status=1
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "swift: $passed passed, $failed failed"
exit "$status"
