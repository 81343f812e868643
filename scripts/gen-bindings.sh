#!/usr/bin/env bash
# Generates the Kotlin and Swift bindings from the built (unstripped) tamaru-ffi library, in
# library mode. Usage: scripts/gen-bindings.sh [kotlin|swift|all] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
lang="${1:-all}"
out="${2:-build/bindings}"
lib="target/debug/libtamaru_ffi.so"
# TAMARU_FFI_FEATURES: extra features of tamaru-ffi (kotlin-test.sh sets qa-hooks).
cargo build -q -p tamaru-ffi ${TAMARU_FFI_FEATURES:+--features "$TAMARU_FFI_FEATURES"}
cargo build -q -p tamaru-bindgen
for l in kotlin swift; do
  if [ "$lang" = "$l" ] || [ "$lang" = all ]; then
    target/debug/uniffi-bindgen generate --no-format "$lib" --language "$l" --out-dir "$out/$l"
  fi
done
