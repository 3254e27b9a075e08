#!/usr/bin/env bash
# Load run: starts the app (Release, demo workspace with every sandbox source connected, its own database
# in a temp folder), waits until it is ready, then drives it with N API clients for S seconds through the
# benchmarks project's `load` scenario (dashboard aggregates, pipeline and connector lists, sync requests,
# self-test runs). Prints p50/p95/p99 per request kind; exits non-zero on any 5xx or transport error.
#   deploy/load.sh [clients=50] [seconds=60]
# To load an already running deployment instead, call the scenario directly:
#   dotnet run -c Release --project WorkPipelines.Benchmarks -- load --url URL --email E --password P
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-50}
seconds=${2:-60}
port=5091
data=$(mktemp -d)
password="Load-Password-1!"
trap 'rm -rf "$data"' EXIT

for project in WorkPipelines.Web WorkPipelines.Benchmarks; do
  dotnet build -c Release "$project" -v q -nologo | grep -E "error|warn" || true
done
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  ConnectionStrings__Work="Data Source=$data/work.db" \
  Demo__Enabled=true Demo__Email="load@demo.test" Demo__Password="$password" Demo__SandboxHistoryDays=30 Connectors__SandboxHistoryDays=30 \
  Logging__LogLevel__Default=Warning \
  dotnet WorkPipelines.Web/bin/Release/net10.0/WorkPipelines.Web.dll --contentRoot "$PWD/WorkPipelines.Web" >"$data/app.log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "the app did not become ready"; tail -n 50 "$data/app.log"; exit 1; }

dotnet WorkPipelines.Benchmarks/bin/Release/net10.0/WorkPipelines.Benchmarks.dll load \
  --url "http://127.0.0.1:$port/" --email load@demo.test --password "$password" --clients "$clients" --seconds "$seconds"
echo "engine after the run: $(curl -fsS "http://127.0.0.1:$port/health/ready" | tr -d '\n ' | grep -o '"engine":{[^}]*}[^}]*}')"
