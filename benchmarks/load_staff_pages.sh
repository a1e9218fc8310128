#!/usr/bin/env bash
# Bounded load test of the staff pages, on loopback only (issue 15: 20 signed-in users).
#
#   bash benchmarks/load_staff_pages.sh [--users N] [--seconds S]
#
# A throwaway PostgreSQL server on 127.0.0.1, the demo cohort loaded into it (plus 1,000
# blood draws for one child, for the timeline), gunicorn on a free loopback port with the
# production settings less HTTPS (settings/loadtest.py), the second factor and care teams
# off for the run (the demo accounts have no phone and no team), then
# benchmarks/load_staff_pages.py. Everything is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/loadtest_lib.sh

pg_start
export DJANGO_SETTINGS_MODULE=engraft.web.settings.loadtest DATABASE_URL="$PG_URL"
export ENGRAFT_SECRET_KEY
ENGRAFT_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
export ENGRAFT_ALLOWED_HOSTS=127.0.0.1 ENGRAFT_DATA_DIR="$RUN_DIR/data"
export ENGRAFT_REQUIRE_SECOND_FACTOR=0 ENGRAFT_CARE_TEAMS=0 ENGRAFT_TRUSTED_PROXIES=0

.venv/bin/engraft manage migrate --noinput >/dev/null
.venv/bin/engraft manage collectstatic --noinput >/dev/null
IDS=$(.venv/bin/python - <<'PY'
import django
django.setup()
from datetime import datetime, time, timedelta
from django.utils import timezone
from engraft.web.demo import prepare_demo
from engraft.record.models import LabResult, Patient
prepare_demo()
patients = list(Patient.objects.order_by("pk"))
heavy = patients[0]
# 1,000 draws spread from the day after birth to yesterday (several a day for an infant).
start = timezone.make_aware(datetime.combine(heavy.birth_date + timedelta(days=1), time(8)))
span = (timezone.now() - timedelta(days=1)) - start
LabResult.objects.bulk_create(
    LabResult(patient=heavy, analyte="haemoglobin", collected_at=start + span * i / 1000,
              value=9.0 + (i % 20) / 10, unit="g/dL", entered_value="9", entered_unit="g/dL")
    for i in range(1000)
)
print(",".join(str(p.public_id) for p in patients[:30]), heavy.public_id)
PY
)
read -r PATIENTS HEAVY <<< "$IDS"
start_gunicorn
.venv/bin/python benchmarks/load_staff_pages.py --url "http://127.0.0.1:$PORT" \
    --patients "$PATIENTS" --heavy "$HEAVY" \
    --server "gunicorn, $WORKERS sync workers; PostgreSQL (fsync off)" \
    --output benchmarks/results/load_staff_pages.json "$@"
