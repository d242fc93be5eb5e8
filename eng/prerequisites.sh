#!/usr/bin/env bash
# Installs the servers LogPlatform runs on when they are missing, from Debian's packages.
# Usage: source eng/prerequisites.sh; ensure_prerequisites redis postgres [chromium]

_apt_updated=0
_apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ "$_apt_updated" -eq 0 ]; then
    echo "==> apt-get update"
    $sudo apt-get update -qq >/dev/null
    _apt_updated=1
  fi
  echo "==> apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_prerequisites() {
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; return 1; }
  local missing=()
  for need in "$@"; do
    case "$need" in
      redis)    command -v redis-server >/dev/null || missing+=(redis-server) ;;
      postgres) ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql) ;;
      chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    esac
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    _apt_install "${missing[@]}"
  fi
  # Debian's package starts its own Redis on 6379; LogPlatform runs its own servers, so it is left alone.
  return 0
}
