"""Load and score a synthetic assessment (10 disciplines, 300 questions, 20 teams)
at 100 and 1,000 respondents; compare with the bare GROUP BY. Prints one JSON line."""

import json
import statistics
import time

from _setup import django_setup, peak_mb, synthetic_assessment, test_database

SIZES = (100, 1000)
RUNS = 5


def main() -> None:
    django_setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.scoring import score_assessment
    from reports.selectors import assessment_data

    figures = {"respondents": list(SIZES), "load_score_s": [], "queries": [], "bare_groupby_s": [],
               "database": connection.vendor}
    with test_database():
        for size in SIZES:
            assessment = synthetic_assessment(size)
            timings, bare = [], []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    score_assessment(assessment_data(assessment))
                    timings.append(time.perf_counter() - start)
                start = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT a.question_id, a.level, COUNT(*) FROM assessments_answer a "
                        "JOIN assessments_response r ON r.id = a.response_id "
                        "WHERE r.assessment_id = %s AND r.status = 'submitted' GROUP BY a.question_id, a.level",
                        [assessment.pk],
                    )
                    cursor.fetchall()
                bare.append(time.perf_counter() - start)
            figures["load_score_s"].append(round(statistics.median(timings), 4))
            figures["bare_groupby_s"].append(round(statistics.median(bare), 4))
            figures["queries"].append(len(queries))
    figures["peak_mb"] = peak_mb()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
