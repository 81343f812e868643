#!/usr/bin/env bash
# Builds what TamaruKit needs from the Rust workspace, on a Mac with Xcode 16+:
#   TamaruKit/TamaruFFI.xcframework   static libraries of tamaru-ffi (profile release-mobile) for
#                                     devices (aarch64-apple-ios) and simulators (aarch64 + x86_64),
#                                     with the C headers and one module map
#   TamaruKit/Sources/Tamaru/Generated the generated Swift bindings (both modules' files)
# Neither is committed. Usage: ios/build-xcframework.sh [--sources-only]
#   --sources-only  only the Swift sources, headers and module map (any OS; no iOS toolchain),
#                   e.g. to check that the bindings generate.
# Env: TAMARU_CARGO_PROFILE (default release-mobile), IPHONEOS_DEPLOYMENT_TARGET (default 17.0).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
kit="$here/TamaruKit"
out="$here/build"
profile="${TAMARU_CARGO_PROFILE:-release-mobile}"
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-17.0}"
sources_only=false
[ "${1:-}" = "--sources-only" ] && sources_only=true

cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# 1. Bindings, from the unstripped debug build for this computer: library mode reads the
#    UNIFFI_META symbols, which release-mobile strips. The API is the same for every target.
cargo build -q -p tamaru-ffi --lib
case "$(uname -s)" in
  Darwin) host_lib="$target_dir/debug/libtamaru_ffi.dylib" ;;
  *) host_lib="$target_dir/debug/libtamaru_ffi.so" ;;
esac
rm -rf "$out/bindings" && mkdir -p "$out/bindings"
cargo run -q -p tamaru-bindgen -- generate --no-format "$host_lib" --language swift --out-dir "$out/bindings"

# 2. Headers and one module map for both FFI modules (an xcframework takes one module.modulemap).
rm -rf "$out/headers" && mkdir -p "$out/headers"
cp "$out"/bindings/*.h "$out/headers/"
for map in "$out"/bindings/*.modulemap; do cat "$map"; echo; done > "$out/headers/module.modulemap"

# 3. The Swift sources, into the package's `Tamaru` target.
rm -rf "$kit/Sources/Tamaru/Generated" && mkdir -p "$kit/Sources/Tamaru/Generated"
cp "$out"/bindings/*.swift "$kit/Sources/Tamaru/Generated/"

if $sources_only; then
  echo "build-xcframework: Swift sources and headers ready (no libraries built)"
  exit 0
fi

# 4. Static libraries. `cargo rustc --crate-type staticlib` builds only the .a (the crate also
#    declares cdylib for Android), with LTO and size optimisation from the profile.
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
for t in "${targets[@]}"; do
  echo "build-xcframework: $t ($profile)"
  cargo rustc -q -p tamaru-ffi --lib --profile "$profile" --target "$t" --crate-type staticlib
done
lib() { echo "$target_dir/$1/$profile/libtamaru_ffi.a"; }

# 5. One simulator library for both simulator architectures.
mkdir -p "$out/simulator"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$out/simulator/libtamaru_ffi.a"

# 6. The xcframework.
rm -rf "$kit/TamaruFFI.xcframework"
xcodebuild -create-xcframework \
  -library "$(lib aarch64-apple-ios)" -headers "$out/headers" \
  -library "$out/simulator/libtamaru_ffi.a" -headers "$out/headers" \
  -output "$kit/TamaruFFI.xcframework"
echo "build-xcframework: $kit/TamaruFFI.xcframework"
