"""What other apps may react to without this app importing them (the reports app stores
a closed assessment's result; `assessments` never imports `reports`)."""

from django.dispatch import Signal

# Sent inside the transaction that changes the status, with `assessment`.
assessment_closed = Signal()
assessment_reopened = Signal()
# Sent after the transaction that submitted a response has committed, with `assessment`.
response_submitted = Signal()
