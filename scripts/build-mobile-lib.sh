#!/usr/bin/env bash
# Builds the mobile library for this computer (x86_64 Linux) the way the phones get it, and
# prints its path: tamaru-ffi as a cdylib only, profile release-mobile (size-optimised, LTO,
# stripped, panics unwind), linked with packed relative relocations (DT_RELR).
#
# Why `cargo rustc --crate-type cdylib` rather than `cargo build`: the crate also declares
# staticlib (iOS) and lib; built together with them the cdylib keeps the Rust-level symbols
# LTO would otherwise drop (6.28 against 5.01 MB, BENCHMARKS.md), and it links twice. The
# Android build (android/build-logic CargoNdkTask) runs the same command through cargo-ndk.
# The link argument after `--` reaches only this crate's final link, so the cached
# dependencies stay valid (a changed RUSTFLAGS would rebuild them all).
#
# `--icf=all -O2` (lld, the linker of Rust's x86_64 Linux target and of the NDK): identical
# code folding merges the many byte-identical functions generic code leaves behind, and -O2
# merges string tails: 29 KB less. Rust never promises distinct addresses for distinct
# functions, so folding them changes no behaviour.
#
# The linker is scripts/mobile-linker.sh, which keeps UniFFI's `UNIFFI_META_*` statics (API
# descriptions for bindgen, which reads them from the host build) out of the exports so the
# linker drops them: 147 KB less. It then runs the real linker (cc here; for cargo-ndk the
# NDK clang cargo-ndk names in CARGO_TARGET_<TRIPLE>_LINKER).
#
# The C code (SQLite, ring's C parts) is compiled without unwind tables: no Rust panic ever
# unwinds through a C frame (the core registers no SQLite callback; ring calls none), so
# their .eh_frame entries were dead weight: 93 KB less. cc-rs reads CFLAGS_<target triple>;
# the Android build sets the same for each ABI.
#
# Usage: scripts/build-mobile-lib.sh [extra rustc args, e.g. -C strip=none]
set -euo pipefail
cd "$(dirname "$0")/.."
host="$(rustc -vV | sed -n 's/^host: //p')"
cflags="CFLAGS_${host//-/_}"
export "$cflags=${!cflags:-} -fno-asynchronous-unwind-tables -fno-unwind-tables"
cargo rustc -q -p tamaru-ffi --lib --profile release-mobile --crate-type cdylib -- \
  -C linker="$PWD/scripts/mobile-linker.sh" \
  -C link-arg=-Wl,-z,pack-relative-relocs -C link-arg=-Wl,--icf=all -C link-arg=-Wl,-O2 "$@"
echo "${CARGO_TARGET_DIR:-$PWD/target}/release-mobile/libtamaru_ffi.so"
