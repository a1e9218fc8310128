#!/usr/bin/env bash
# The page benchmarks (timeline, work-up board, transplant) on SQLite, then on a throwaway
# PostgreSQL server each (a fresh one per benchmark, so each starts from an empty database).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
export PYTHONPATH=benchmarks
trap pg_stop EXIT
for bench in bench_timeline bench_workup_board bench_transplant; do
    echo "--- $bench, SQLite"
    .venv/bin/python "benchmarks/$bench.py"
    pg_start
    echo "--- $bench, PostgreSQL"
    DATABASE_URL="$PG_URL" .venv/bin/python "benchmarks/$bench.py"
    pg_stop
done
