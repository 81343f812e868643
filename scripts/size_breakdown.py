#!/usr/bin/env python3
"""Where the mobile library's bytes go: sections, crates and the largest functions.

Usage: scripts/size_breakdown.py LIB.so [TOP_N]

LIB.so must be unstripped (scripts/library-size-breakdown.sh builds one). Symbol sizes come
from `nm -S --demangle=rust`; a symbol is charged to the crate named first in its demangled
path (`<reqwest::Client as ..>::send` -> reqwest, `hashbrown::..::<tokio::..>` -> hashbrown),
the way cargo-bloat does without debug info; C symbols are named by their prefix
(`sqlite3*` -> libsqlite3-sys, `ring_core_*` -> ring). Generic code is charged to the crate
that defines it, not the one that instantiated it, so read "core"/"alloc" as partly ours.
"""

import re
import subprocess
import sys
from collections import defaultdict

C_PREFIXES = [
    ("sqlite3", "libsqlite3-sys (C)"),
    ("ring_core_", "ring (C/asm)"),
    ("ecp_nistz256", "ring (C/asm)"),
    ("GFp_", "ring (C/asm)"),
    ("uniffi_", "tamaru_ffi (uniffi exports)"),
    ("ffi_tamaru", "tamaru_ffi (uniffi exports)"),
]

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def crate_of(name: str) -> str:
    for prefix, crate in C_PREFIXES:
        if name.startswith(prefix):
            return crate
    if "::" not in name:
        return "[C or unknown]"
    text = name
    # `<impl X for Y>` and `<X as Y>`: the first path names the crate.
    while True:
        text = text.lstrip("<&*( ")
        for word in ("impl ", "dyn ", "mut ", "const "):
            if text.startswith(word):
                text = text[len(word):]
                break
        else:
            break
    m = IDENT.match(text)
    if not m:
        return "[unknown]"
    crate = m.group(0)
    # Primitive types (`<u8 as ..>`, `<[T] as ..>`): charge to the trait's crate.
    if crate in {"u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
                 "i128", "isize", "f32", "f64", "bool", "char", "str", "T"}:
        rest = text[m.end():]
        as_at = rest.find(" as ")
        if as_at >= 0:
            m2 = IDENT.match(rest[as_at + 4:].lstrip("<&*"))
            if m2:
                return m2.group(0)
        return "core"
    return crate


def main() -> None:
    lib = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    out = subprocess.run(
        ["nm", "-S", "--size-sort", "--demangle=rust", lib],
        check=True, capture_output=True, text=True,
    ).stdout
    by_crate_text = defaultdict(int)
    by_crate_data = defaultdict(int)
    functions = []
    text_total = 0
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4:
            continue
        size = int(parts[1], 16)
        kind = parts[2]
        name = parts[3]
        crate = crate_of(name)
        if kind in "tTwW":
            by_crate_text[crate] += size
            text_total += size
            functions.append((size, crate, name))
        elif kind in "rRdDbBvV":
            by_crate_data[crate] += size

    def kib(n: int) -> str:
        return f"{n / 1024:8.1f} KiB"

    crates = sorted(set(by_crate_text) | set(by_crate_data),
                    key=lambda c: -(by_crate_text[c] + by_crate_data[c]))
    print(f"## Crates (code in named functions: {kib(text_total).strip()})\n")
    print("| crate | code | data (named statics) |")
    print("|---|---:|---:|")
    shown = 0
    rest_t = rest_d = 0
    for c in crates:
        if shown < top:
            print(f"| {c} | {kib(by_crate_text[c]).strip()} | {kib(by_crate_data[c]).strip()} |")
            shown += 1
        else:
            rest_t += by_crate_text[c]
            rest_d += by_crate_data[c]
    if rest_t or rest_d:
        print(f"| {len(crates) - shown} more | {kib(rest_t).strip()} | {kib(rest_d).strip()} |")
    print(f"\n## Largest functions\n")
    print("| size | crate | function |")
    print("|---:|---|---|")
    for size, crate, name in sorted(functions, reverse=True)[:top]:
        short = name if len(name) <= 110 else name[:107] + "..."
        short = short.replace("|", "\\|")
        print(f"| {kib(size).strip()} | {crate} | `{short}` |")


if __name__ == "__main__":
    main()
