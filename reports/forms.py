"""The consultant's review of a report: commentary and a decision per recommendation."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import ReportReview, TrackedAction
from .presentation import ReportDocument
from .presentation.narrative import MAX_LENGTH

MARKDOWN_HELP = ("Plain paragraphs; *italic*, **bold**, lists (lines starting with - or 1.) and links "
                 "[text](https://…) are kept in every format.")
UNDECIDED = ""


def _text(label: str, *, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=MAX_LENGTH, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ReviewForm(forms.Form):
    executive = _text("Your commentary for the client’s leadership", rows=7, help_text=MARKDOWN_HELP)

    def __init__(self, *args: Any, document: ReportDocument, review: ReportReview | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        decisions = review.decisions if review else {}
        disciplines = review.disciplines if review else {}
        self.fields["executive"].initial = review.executive if review else ""
        for view in document.disciplines:
            name = f"discipline-{view.key}"
            self.fields[name] = _text(f"Commentary on {view.name}")
            self.fields[name].initial = disciplines.get(view.key, "")
        choices = [(UNDECIDED, "Not decided yet"), *ReportReview.Decision.choices]
        for gap in document.gaps:
            key, saved = gap.area.key, decisions.get(gap.area.key, {})
            self.fields[f"decision-{key}"] = forms.ChoiceField(
                label="Decision", choices=choices, required=False, initial=saved.get("decision", UNDECIDED),
                widget=forms.RadioSelect)
            self.fields[f"note-{key}"] = _text("Note for the client (printed under the recommendation)", rows=2)
            self.fields[f"note-{key}"].initial = saved.get("note", "")
            self.fields[f"internal-{key}"] = _text("Internal note (never printed, never leaves the firm)", rows=2)
            self.fields[f"internal-{key}"].initial = saved.get("internal_note", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for gap in self.document.gaps:
            key = gap.area.key
            if data.get(f"decision-{key}") == ReportReview.Decision.EDIT and not data.get(f"note-{key}", "").strip():
                self.add_error(f"note-{key}", "Write the note the client will read, or choose Keep.")
        return data

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField, forms.BoundField]]:
        """(gap row, decision, client note, internal note) per recommendation, for the template."""
        return [(gap, self[f"decision-{gap.area.key}"], self[f"note-{gap.area.key}"],
                 self[f"internal-{gap.area.key}"]) for gap in self.document.gaps]

    def discipline_fields(self) -> list[forms.BoundField]:
        return [self[f"discipline-{view.key}"] for view in self.document.disciplines]

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "executive": data["executive"],
            "disciplines": {view.key: data[f"discipline-{view.key}"] for view in self.document.disciplines},
            "decisions": {gap.area.key: {"decision": data[f"decision-{gap.area.key}"],
                                         "note": data[f"note-{gap.area.key}"],
                                         "internal_note": data[f"internal-{gap.area.key}"]}
                          for gap in self.document.gaps},
        }


class ActionForm(forms.Form):
    """One tracked action's status, owner, due date and notes."""

    status = forms.ChoiceField(choices=TrackedAction.Status.choices)
    owner_user = forms.ModelChoiceField(queryset=None, required=False, label="Owner (a manager account)",
                                        empty_label="Nobody with an account")
    owner_name = forms.CharField(max_length=120, required=False, label="or owner’s name")
    due_on = forms.DateField(required=False, label="Due",  # ISO: what type="date" shows (en-gb's would be dropped)
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    notes = forms.CharField(max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, action: TrackedAction, managers: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"status": action.status, "owner_user": action.owner_user_id,
                                      "owner_name": action.owner_name, "due_on": action.due_on,
                                      "notes": action.notes})
        kwargs.setdefault("prefix", f"action-{action.pk}")
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = managers
        self.fields["owner_user"].label_from_instance = lambda user: user.get_full_name() or user.email
