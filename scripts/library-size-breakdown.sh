#!/usr/bin/env bash
# Where the mobile library's bytes go (BENCHMARKS.md, "Library size"): the sections of the
# stripped library, then crates and the largest functions from an unstripped build of the
# very same code (scripts/size_breakdown.py reads its symbol table with nm).
#
# Usage: scripts/library-size-breakdown.sh [TOP_N]    (default 30)
# Cost: two release-mobile links of tamaru-ffi (a few minutes each on 2 cores): the stripped
# one, then one with `-C strip=none`; the dependencies stay cached. The stripped build is made
# again at the end, so target/release-mobile holds what the size gate measures.
set -euo pipefail
cd "$(dirname "$0")/.."
top="${1:-30}"
mkdir -p build/size
lib="$(scripts/build-mobile-lib.sh | tail -1)"
cp "$lib" build/size/libtamaru_ffi.so
scripts/build-mobile-lib.sh -C strip=none >/dev/null
cp "$lib" build/size/libtamaru_ffi.unstripped.so
scripts/build-mobile-lib.sh >/dev/null
echo "## Sections of the stripped library ($(stat -c %s build/size/libtamaru_ffi.so) bytes)"
echo
echo "| section | size |"
echo "|---|---:|"
size -A build/size/libtamaru_ffi.so | awk 'NR > 2 && $2 > 4096 { printf "| %s | %.1f KiB |\n", $1, $2 / 1024 }'
echo
python3 scripts/size_breakdown.py build/size/libtamaru_ffi.unstripped.so "$top"
