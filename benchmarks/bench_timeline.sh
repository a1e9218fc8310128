#!/usr/bin/env bash
# The timeline benchmark on SQLite, then on a throwaway PostgreSQL server on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
echo "--- SQLite"
.venv/bin/python benchmarks/bench_timeline.py
trap pg_stop EXIT
pg_start
echo "--- PostgreSQL"
DATABASE_URL="$PG_URL" .venv/bin/python benchmarks/bench_timeline.py
