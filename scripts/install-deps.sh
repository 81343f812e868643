#!/usr/bin/env bash
# Installs what the tests need beyond Rust: kotlinc (npm), JNA and JUnit 5 (Debian).
# Idempotent: anything already present is left alone. Only the registries this project
# may use are asked (Debian packages, the npm registry).
set -euo pipefail

KOTLIN_VERSION="${KOTLIN_VERSION:-2.4.20}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_apt=()
[ -f /usr/share/java/jna.jar ] || need_apt+=(libjna-java)
[ -f /usr/share/java/junit-platform-console-standalone.jar ] || need_apt+=(junit5)
command -v keyctl >/dev/null 2>&1 || need_apt+=(keyutils)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

kotlinc_home() {
  local root
  root="$(npm root -g 2>/dev/null)/kotlin-compiler"
  [ -x "$root/bin/kotlinc" ] && echo "$root"
}
if [ -z "$(kotlinc_home || true)" ]; then
  echo "install-deps: npm install -g kotlin-compiler@$KOTLIN_VERSION"
  npm install -g --silent "kotlin-compiler@$KOTLIN_VERSION" >/dev/null
fi
echo "install-deps: kotlinc at $(kotlinc_home), JNA and JUnit 5 in /usr/share/java"
