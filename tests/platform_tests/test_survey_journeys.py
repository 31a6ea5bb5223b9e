"""The survey-cost benchmark's short form: whole journeys under gunicorn (2 workers, its
own SQLite file), with and without the script. Every journey ends submitted, nothing
fails, and a page costs one request: a respondent without JavaScript sends each page's
form to the next page, which saves it and shows itself, with no redirect in between."""

import json
import subprocess
import sys

from tests.live_worker import ROOT


def test_complete_journeys_take_one_request_per_page_and_lose_nothing():
    run = subprocess.run([sys.executable, "benchmarks/survey_journeys.py", "--journeys", "2", "--warmup", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    print(result)
    assert result["lost"] == 0 and result["submitted"] == result["submitted_expected"] == 12
    for size in ("40_questions", "whole_catalogue"):
        pages = result[f"{size}_page_get"]["pages"]
        forms, js = result[f"{size}_forms"], result[f"{size}_js"]
        assert forms["errors"] == js["errors"] == result[f"{size}_page_get"]["errors"] == 0, (forms, js)
        # The intro, choosing a role (and its redirect to page 1), one request per page, the
        # submit and the thank-you page.
        assert forms["requests_per_response"] == pages + 5
        assert js["requests_per_response"] > pages + 5 + forms["questions"]  # plus an autosave per answer
    assert result["whole_catalogue_page_get"]["pages"] > 5 * result["40_questions_page_get"]["pages"]
