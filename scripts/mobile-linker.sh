#!/usr/bin/env bash
# Linker wrapper of the mobile library (scripts/build-mobile-lib.sh; the Android build passes
# the same `-C linker`): leaves the `UNIFFI_META_*` statics out of the library's exports, so
# the linker's --gc-sections drops them (413 statics, about 0.14 MB with their dynamic symbol
# names). They only describe the API to `uniffi-bindgen`, which reads them from the host
# build (scripts/gen-bindings.sh, target/debug); Kotlin and Swift never look them up at run
# time (they call the `uniffi_*` functions and check the `uniffi_*_checksum_*` ones, all kept).
#
# rustc hands the linker a version script listing every exported symbol; a second
# `--version-script` cannot take a name back out of it (an exact `global:` name wins over any
# `local:` pattern), so this wrapper removes those lines from rustc's own script, then runs
# the real linker: $TAMARU_REAL_LINKER, else the target's CARGO_TARGET_<TRIPLE>_LINKER (what
# cargo-ndk sets), else `cc`.
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    -Wl,--version-script=*) sed -i '/UNIFFI_META_/d' "${arg#-Wl,--version-script=}" ;;
  esac
done
real="${TAMARU_REAL_LINKER:-}"
if [ -z "$real" ]; then
  while IFS='=' read -r name value; do
    case "$name" in
      CARGO_TARGET_*_LINKER) [ "$value" != "$0" ] && real="$value" ;;
    esac
  done < <(env)
fi
exec "${real:-cc}" "$@"
