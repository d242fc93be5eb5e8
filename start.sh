#!/usr/bin/env bash
# Starts the whole platform: Redis, PostgreSQL, ingest, two workers, stats, gateway and dashboard.
# Installs missing servers first. Options go to the AppHost, e.g. ./start.sh --clean (start from empty data).
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh
ensure_prerequisites redis postgres

echo "==> building (Release)"
dotnet build AppHost/AppHost.csproj -c Release -v quiet -nologo -clp:ErrorsOnly
exec dotnet AppHost/bin/Release/net10.0/AppHost.dll "$@"
