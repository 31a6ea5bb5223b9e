"""The load benchmark's short form: 40 respondents answering at once under gunicorn."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import skip_or_fail
from tests.live_worker import ROOT


@pytest.mark.services
def test_forty_respondents_at_once_all_submit_with_no_error_and_no_answer_lost():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        skip_or_fail("needs a PostgreSQL DATABASE_URL (the benchmark makes its own <name>_load database there)",
                     "OPSASSESS_REQUIRE_SERVICES")
    run = subprocess.run(
        [sys.executable, "benchmarks/load_survey.py", "--respondents", "40", "--answers", "10", "--think", "0.2",
         "--ramp", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    print(result)
    assert (result["errors"], result["answers_lost"], result["submitted"]) == (0, 0, 40), result["error_examples"]
    assert result["answers_saved_acknowledged"] == result["answers_stored"] == 400
