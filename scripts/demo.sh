#!/usr/bin/env bash
# The main job: builds tamaru-qa (Rust only; cargo fetches the crates) and runs the demo
# against the embedded sandbox on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "demo: needs Rust (cargo); see README" >&2; exit 1; }
cargo run -q -p tamaru-qa -- demo "$@"
