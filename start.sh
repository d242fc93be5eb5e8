#!/usr/bin/env bash
# Starts the whole platform under .NET Aspire: Redis, PostgreSQL, the schema migrator, ingest, two workers, stats, the
# gateway and the dashboard, with the Aspire dashboard for traces, logs and metrics. Installs missing servers first.
# ./start.sh --clean starts from empty data; any other option goes to the AppHost, e.g. --Ports:dashboard=8080.
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh
ensure_prerequisites redis postgres

args=()
for arg in "$@"; do
  if [ "$arg" = "--clean" ]; then args+=("--AppHost:Clean=true"); else args+=("$arg"); fi
done

echo "==> building (Release)"
dotnet build AppHost/AppHost.csproj -c Release -v quiet -nologo -clp:ErrorsOnly

# What AppHost/Properties/launchSettings.json gives `dotnet run --project AppHost`: the Aspire dashboard's addresses.
# The AppHost runs as this script's own process (no `dotnet run` in between), so Ctrl+C and kill reach it directly.
cd AppHost
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:18888}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL:-http://localhost:18889}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT="${ASPIRE_ALLOW_UNSECURED_TRANSPORT:-true}"
exec dotnet bin/Release/net10.0/AppHost.dll "${args[@]}"
