"""The exports of a 1,000-respondent x 40-question assessment (the size at which the
closest peer needs 21 s and 41,000 queries for its raw export), through the views as
a consultant downloads them. Prints one JSON line: seconds and queries per export."""

import json
import time

from _setup import django_setup, peak_mb, synthetic_assessment, test_database

EXPORTS = (("answers_csv", ()), ("results_export", ("csv",)), ("results_export", ("json",)), ("roadmap_csv", ()))


def main() -> None:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from assessments.models import Membership

    figures: dict = {"respondents": 1000, "questions": 40, "database": connection.vendor}
    with test_database():
        assessment = synthetic_assessment(1000, shape=(2, 4, 5))
        consultant = get_user_model().objects.create_user("bench@example.com")
        Membership.objects.create(user=consultant, organization=assessment.organization,
                                  role=Membership.Role.CONSULTANT)
        client = Client()
        client.force_login(consultant)
        for name, args in EXPORTS:
            url = reverse(name, args=[assessment.pk, *args])
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                seconds = time.perf_counter() - start
            assert response.status_code == 200, (url, response.status_code)
            label = url.rsplit("/", 1)[-1]
            figures[label] = {"s": round(seconds, 3), "queries": len(queries), "rows": body.count(b"\n"),
                              "bytes": len(body)}
    figures["peak_mb"] = peak_mb()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
