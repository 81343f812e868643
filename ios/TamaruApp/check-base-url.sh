#!/bin/sh
# Fails a Release build of the member app whose member API base URL is unset or not https.
#
# Xcode runs it before compiling (project.yml, preBuildScripts) with the target's build
# settings in the environment: CONFIGURATION, and TAMARU_BASE_URL, which a Release build
# takes from TAMARU_RELEASE_BASE_URL (set per program by the release pipeline). Without this
# check an unset URL builds fine and the app ships talking to nothing. Debug builds talk to
# the sandbox on loopback and are not checked.
#
# Lines starting with "error:" show as build errors in Xcode. scripts/swift-test.sh runs
# this script's cases on Linux (Xcode is not there).
set -u
configuration="${CONFIGURATION:-}"
url="${TAMARU_BASE_URL:-}"

case "$configuration" in
  Release*) ;;
  *) exit 0 ;;
esac

if [ -z "$url" ]; then
  echo "error: TAMARU_RELEASE_BASE_URL is not set: a $configuration build needs the member API's https base URL (set it in the build settings or on the xcodebuild command line)"
  exit 1
fi
case "$url" in
  *'$('*|*'${'*)
    echo "error: TAMARU_BASE_URL is not resolved ($url): set TAMARU_RELEASE_BASE_URL"
    exit 1
    ;;
  https://?*) ;;
  *)
    echo "error: TAMARU_BASE_URL must be an https URL for a $configuration build, not $url"
    exit 1
    ;;
esac
host="${url#https://}"
host="${host%%/*}"
case "$host" in
  ''|*' '*)
    echo "error: TAMARU_BASE_URL has no host name: $url"
    exit 1
    ;;
esac
exit 0
