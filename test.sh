#!/usr/bin/env bash
# Runs every test: unit, integration (real Redis and PostgreSQL on free ports) and end to end (real browser).
# Installs missing servers first. Ends with one line: "N passed, N failed" (", N skipped" when any).
set -uo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh
ensure_prerequisites redis postgres chromium node smtp || exit 1

echo "==> building (Release)"
dotnet build LogPlatform.sln -c Release -v quiet -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
echo "==> testing"
dotnet test LogPlatform.sln -c Release --no-build -nologo --results-directory TestResults "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host crashed or a project failed without a summary: count it as a failure, never as a pass.
  failed=1
fi
rm -f "$log"
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
