#!/usr/bin/env bash
# The syntax floor for code no build here compiles: every hand-written Kotlin (.kt),
# Kotlin script (.kts) and Swift file of the checkout (tracked, or new and not ignored;
# generated bindings are ignored, so they are not read) is parsed with tree-sitter, and
# any ERROR or MISSING node fails. The parsers come from PyPI into a virtualenv kept in a
# cache folder outside the checkout, made once and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${TAMARU_CACHE_DIR:-$HOME/.cache/tamaru}"
venv="$cache/tree-sitter-venv"
want="tree-sitter==0.26.1 tree-sitter-kotlin==1.1.0 tree-sitter-swift==0.7.4"
if [ ! -f "$venv/.installed" ] || [ "$(cat "$venv/.installed")" != "$want" ]; then
  echo "syntax-floor: installing $want into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q $want
  echo "$want" >"$venv/.installed"
fi

mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.kt' '*.kts' '*.swift' |
  while read -r f; do [ -f "$f" ] && echo "$f"; done)
if [ "${#files[@]}" -eq 0 ]; then
  echo "syntax-floor: no Kotlin or Swift file found; refusing to pass an empty floor"
  exit 1
fi
exec "$venv/bin/python" scripts/syntax_floor.py "${files[@]}"
