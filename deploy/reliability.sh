#!/usr/bin/env bash
# The full reliability suite: the two-instance tests at full size on PostgreSQL and Redis (and the browser on one
# instance watching runs the other executes), one class after the
# other (so their figures do not share the machine with each other), then the figures they printed.
#   deploy/reliability.sh
# Uses the throwaway PostgreSQL cluster of deploy/pg-test.sh and a Redis on 127.0.0.1:63790; starts either
# when nothing listens on its port yet (and stops only what it started). Needs the Debian packages
# `postgresql` and `redis-server`. Sizes (environment, defaults = full run):
#   WORKPIPELINES_TWO_INSTANCE_RUNS=1000       self-test runs across two instances, one of them SIGKILLed mid-way
#   WORKPIPELINES_FAULT_STORM_WORKSPACES=8     workspaces × 4 sandbox providers failing ~30% of their requests
#   WORKPIPELINES_LOAD_CLIENTS=50 WORKPIPELINES_LOAD_SECONDS=60   API clients, half on each instance
# Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export WORKPIPELINES_TWO_INSTANCE_RUNS="${WORKPIPELINES_TWO_INSTANCE_RUNS:-1000}"
export WORKPIPELINES_FAULT_STORM_WORKSPACES="${WORKPIPELINES_FAULT_STORM_WORKSPACES:-8}"
export WORKPIPELINES_LOAD_CLIENTS="${WORKPIPELINES_LOAD_CLIENTS:-50}"
export WORKPIPELINES_LOAD_SECONDS="${WORKPIPELINES_LOAD_SECONDS:-60}"

pg_port=54329
redis_port=63790
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
work=$(mktemp -d)
cleanup=()
trap 'for step in "${cleanup[@]}"; do eval "$step" || true; done; rm -rf "$work"' EXIT

if listening "$pg_port"; then
  echo "== PostgreSQL already listening on 127.0.0.1:$pg_port: using it"
else
  echo "== starting the throwaway PostgreSQL cluster on 127.0.0.1:$pg_port"
  deploy/pg-test.sh start >/dev/null
  cleanup+=("deploy/pg-test.sh stop")
fi
export WORKPIPELINES_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

if listening "$redis_port"; then
  echo "== Redis already listening on 127.0.0.1:$redis_port: using it"
else
  command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install -y redis-server)" >&2; exit 1; }
  echo "== starting Redis on 127.0.0.1:$redis_port"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work" --daemonize yes --pidfile "$work/redis.pid" >/dev/null
  cleanup+=("kill \"\$(cat '$work/redis.pid')\"")
fi
export WORKPIPELINES_TEST_REDIS="127.0.0.1:$redis_port"

echo "== building the tests (Release)"
dotnet build WorkPipelines.Tests -c Release -v q -nologo | grep -E " error | warning " || true

status=0
# By class name and trait: the test folders mirror the source, so these live in several namespaces; Category=Postgres
# leaves out the SQLite twins (BadInputTests picks PostgresDevelopmentBadInputTests and PostgresProductionBadInputTests).
for class in TwoInstanceTests CrossInstanceTests FaultStormTests TwoInstanceLoadTests BadInputTests; do
  echo "== $class"
  dotnet test WorkPipelines.Tests -c Release --no-build --filter "Category=Postgres&FullyQualifiedName~$class" \
    --logger "console;verbosity=detailed" >"$work/$class.log" 2>&1 || status=1
  # What each test printed (ITestOutputHelper), then its verdict and duration.
  awk '/Standard Output Messages:/ { show = 1; next } /^ *(Passed|Failed|Skipped) WorkPipelines|^Test Run|^Total tests/ { show = 0 } show && NF' "$work/$class.log"
  grep -E "^ *(Passed|Failed) WorkPipelines" "$work/$class.log" || true
  if grep -q "Failed WorkPipelines" "$work/$class.log"; then
    grep -A30 "Error Message:" "$work/$class.log" | head -n 60
  fi
done

echo "== sizes: $WORKPIPELINES_TWO_INSTANCE_RUNS two-instance runs, $WORKPIPELINES_FAULT_STORM_WORKSPACES fault-storm workspaces, $WORKPIPELINES_LOAD_CLIENTS load clients × $WORKPIPELINES_LOAD_SECONDS s"
[ "$status" = 0 ] && echo "reliability suite: all passed" || echo "reliability suite: FAILED (logs above)"
exit $status
