#!/usr/bin/env bash
# Finds or provisions a Swift >= 5.10 toolchain for scripts/swift-test.sh. Sourced, not run.
#
# A Swift already on PATH (a Mac, the official Linux toolchain) is used as it is. Otherwise
# (this Debian 12 machine has none in its apt suites) Debian 13 "trixie" packages `swiftlang`,
# so a trixie root is made with debootstrap ONCE into a cache folder outside the checkout and
# reused by every later run (../shared/TOOLCHAIN.md, "Swift on this machine"). A marker file
# is written only after a complete install, so a root left half-made by an interrupted run is
# removed and made again.
#
# After `swift_toolchain_init` (run as root when provisioning is needed):
#   swift_in_toolchain CMD...   runs CMD with the Swift toolchain, in the checkout at the same
#                               absolute path (bind-mounted into the root; unmounted again by
#                               `swift_toolchain_cleanup`, which the caller traps on EXIT).
# Env: TAMARU_CACHE_DIR (default ~/.cache/tamaru), TAMARU_SWIFT_MIRROR (default: the Debian
# mirror the machine's own apt sources name), TAMARU_SWIFT_ROOT (use that root instead).

swift_min_major=5
swift_min_minor=10
swift_mode=""          # "path" or "chroot"
swift_root=""
swift_mounted=()       # mount points to undo, innermost last
swift_checkout=""

swift_log() { echo "swift-test: $*" >&2; }

# True when `swift --version` (first argument: its output) is at least 5.10.
swift_version_ok() {
  local v major minor
  v="$(echo "$1" | grep -oE 'Swift version [0-9]+\.[0-9]+' | head -1 | grep -oE '[0-9]+\.[0-9]+')" || return 1
  major="${v%%.*}"; minor="${v#*.}"
  [ "$major" -gt "$swift_min_major" ] || { [ "$major" -eq "$swift_min_major" ] && [ "$minor" -ge "$swift_min_minor" ]; }
}

# The Debian mirror this machine's apt already uses (deb822 .sources or a one-line list).
swift_debian_mirror() {
  local m=""
  if [ -n "${TAMARU_SWIFT_MIRROR:-}" ]; then echo "$TAMARU_SWIFT_MIRROR"; return; fi
  m="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -E '^URIs:' | grep -v security \
        | awk '{print $2}' | grep -E '/debian/?$' | head -1)" || true
  if [ -z "$m" ]; then
    m="$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
          | grep -v security | awk '{print $2}' | grep -E '/debian/?$' | head -1)" || true
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

# Mount points at or below $1 (from /proc/self/mountinfo, deepest first).
swift_mounts_below() {
  awk -v r="$1" '$5 == r || index($5, r "/") == 1 {print $5}' /proc/self/mountinfo | sort -r
}

swift_provision_root() {
  local cache="${TAMARU_CACHE_DIR:-$HOME/.cache/tamaru}"
  swift_root="${TAMARU_SWIFT_ROOT:-$cache/swift-trixie}"
  local marker="$swift_root/.tamaru-swift-ready"
  [ -f "$marker" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    swift_log "no Swift >= 5.10 on PATH, and making the Debian 13 root in $swift_root needs root (debootstrap, chroot, mount)"
    return 1
  fi
  if [ -n "$(swift_mounts_below "$swift_root")" ]; then
    swift_log "$swift_root is half-made and something is still mounted below it; unmount it first:"
    swift_mounts_below "$swift_root" >&2
    return 1
  fi
  local started=$SECONDS
  swift_log "provisioning Swift (Debian 13 swiftlang) into $swift_root, once (a few minutes)"
  if ! command -v debootstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } \
      || { swift_log "could not install debootstrap"; return 1; }
  fi
  # A half-made root (no marker) is made again from nothing. --one-file-system: never follow
  # into anything mounted below it (checked above, belt and braces).
  rm -rf --one-file-system "$swift_root"
  mkdir -p "$(dirname "$swift_root")"
  local mirror; mirror="$(swift_debian_mirror)"
  debootstrap --variant=minbase trixie "$swift_root" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { swift_log "debootstrap trixie from $mirror failed; see $cache/debootstrap.log"; return 1; }
  cp /etc/resolv.conf "$swift_root/etc/resolv.conf"
  swift_mount -t proc proc "$swift_root/proc" || return 1
  local ok=0
  chroot "$swift_root" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
    'apt-get update -qq && apt-get install -y -qq --no-install-recommends swiftlang libc6-dev' \
    >"$cache/swiftlang-install.log" 2>&1 || ok=1
  # swift finds its libraries through /proc/self/exe: check it while proc is mounted.
  [ "$ok" -eq 0 ] && { chroot "$swift_root" /usr/bin/swift --version >/dev/null 2>&1 || ok=2; }
  swift_unmount_all
  [ "$ok" -ne 1 ] || { swift_log "installing swiftlang in the root failed; see $cache/swiftlang-install.log"; return 1; }
  [ "$ok" -eq 0 ] || { swift_log "swift does not run in $swift_root"; return 1; }
  date -u +%FT%TZ >"$marker"
  swift_log "Swift provisioned in $((SECONDS - started)) s"
}

swift_mount() {
  local target="${*: -1}"
  mount "$@" || { swift_log "mount $* failed"; return 1; }
  swift_mounted+=("$target")
}

# Unmounts everything this script mounted, innermost first, and checks nothing stayed.
swift_unmount_all() {
  local i
  for ((i = ${#swift_mounted[@]} - 1; i >= 0; i--)); do
    umount "${swift_mounted[$i]}" 2>/dev/null || umount -l "${swift_mounted[$i]}" 2>/dev/null \
      || swift_log "could not unmount ${swift_mounted[$i]}"
  done
  swift_mounted=()
  if [ -n "$swift_root" ] && [ -n "$(swift_mounts_below "$swift_root")" ]; then
    swift_log "still mounted below $swift_root:"; swift_mounts_below "$swift_root" >&2
    return 1
  fi
}

swift_toolchain_cleanup() { [ "$swift_mode" = chroot ] && swift_unmount_all; return 0; }

# $1: the checkout's absolute path (bind-mounted at the same path inside the root).
swift_toolchain_init() {
  swift_checkout="$1"
  if command -v swift >/dev/null 2>&1 && swift_version_ok "$(swift --version 2>&1)"; then
    swift_mode=path
    swift_log "using $(command -v swift): $(swift --version 2>&1 | head -1)"
    return 0
  fi
  command -v swift >/dev/null 2>&1 && swift_log "the swift on PATH is older than 5.10; using the Debian 13 root"
  swift_provision_root || return 1
  swift_mode=chroot
  cp /etc/resolv.conf "$swift_root/etc/resolv.conf" 2>/dev/null || true
  mkdir -p "$swift_root$swift_checkout"
  swift_mount -t proc proc "$swift_root/proc" || return 1
  swift_mount --bind "$swift_checkout" "$swift_root$swift_checkout" || return 1
  swift_log "using swiftlang in $swift_root: $(chroot "$swift_root" /usr/bin/swift --version 2>&1 | head -1)"
}

# Runs "$@" with the toolchain, in the current directory (which must be inside the checkout).
swift_in_toolchain() {
  if [ "$swift_mode" = path ]; then
    "$@"
  else
    local env_args=() v
    for v in $(compgen -e | grep -E '^TAMARU_'); do env_args+=("$v=${!v}"); done
    chroot "$swift_root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
      PATH=/usr/libexec/swift/bin:/usr/bin:/bin "${env_args[@]}" \
      sh -c 'cd "$0" && exec "$@"' "$PWD" "$@"
  fi
}
