#!/usr/bin/env bash
# Installs the servers LogPlatform runs on when they are missing, from Debian's packages.
# Usage: source eng/prerequisites.sh; ensure_prerequisites redis postgres [chromium] [node] [smtp]

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

# The Node clients' tree comes from their package-lock.json only (npm ci, exact versions and integrity hashes, the npm
# cache first: --prefer-offline); the tests run it once per run in their output folder. Here: node new enough for them.
_check_node_clients() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "Node.js 20 or newer is required by the Node client tests (found $(node --version 2>/dev/null || echo none))." >&2
    return 1
  fi
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
}

ensure_prerequisites() {
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; return 1; }
  local missing=()
  for need in "$@"; do
    case "$need" in
      redis)    command -v redis-server >/dev/null || missing+=(redis-server) ;;
      postgres) ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql) ;;
      chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
      # The Node.js log clients of the AppHost tests (tests/AppHost.Tests/NodeClients): node and npm.
      node)     { command -v node >/dev/null && command -v npm >/dev/null; } || missing+=(nodejs npm) ;;
      # The SMTP server the notification tests send email to (Debian's python3, not a pyenv one).
      smtp)     /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd) ;;
    esac
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    _apt_install "${missing[@]}"
  fi
  for need in "$@"; do
    if [ "$need" = node ]; then _check_node_clients || return 1; fi
  done
  # Debian's package starts its own Redis on 6379; LogPlatform runs its own servers, so it is left alone.
  return 0
}
