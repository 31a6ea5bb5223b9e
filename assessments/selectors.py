from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q

from .models import Area, Assessment, CatalogueVersion, Discipline, Kpi, Organization, Response, Risk


def disciplines_with_content(version: CatalogueVersion, keys: Iterable[str] | None = None) -> list[Discipline]:
    """Disciplines of a version with areas, questions, KPIs and risks in five queries."""
    qs = Discipline.objects.filter(version=version)
    if keys is not None:
        qs = qs.filter(key__in=keys)
    return list(
        qs.prefetch_related(
            Prefetch("areas", queryset=Area.objects.prefetch_related("questions")),
            Prefetch("kpis", queryset=Kpi.objects.all()),
            Prefetch("risks", queryset=Risk.objects.prefetch_related("areas")),
        )
    )


def catalogue_export(version: CatalogueVersion) -> dict[str, Any]:
    return {
        "version": f"{version.label}+v{version.number}",
        "disciplines": [
            {
                "key": d.key,
                "name": d.name,
                "areas": [
                    {
                        "key": a.key,
                        "name": a.name,
                        "questions": [{"key": q.key, "text": q.text, "levels": q.levels} for q in a.questions.all()],
                    }
                    for a in d.areas.all()
                ],
                "kpis": [
                    {"key": k.key, "name": k.name, "unit": k.unit, "bands": k.bands, "source": k.source}
                    for k in d.kpis.all()
                ],
                "risks": [{"key": r.key, "text": r.text, "areas": [a.key for a in r.areas.all()]} for r in d.risks.all()],
            }
            for d in disciplines_with_content(version)
        ],
        "target_models": [
            {"key": m.key, "name": m.name, "targets": m.targets} for m in version.target_models.all()
        ],
    }


def home_organizations(user: object) -> list[Organization]:
    """The organisations a user works on, each with its assessments and their completion."""
    from .access import viewable_organizations

    assessments = Assessment.objects.annotate(
        invited=Count("invitations", filter=Q(invitations__revoked_at__isnull=True), distinct=True),
        submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED), distinct=True),
    ).order_by("-created_at")
    return list(
        viewable_organizations(user)
        .prefetch_related(Prefetch("assessments", queryset=assessments), "teams")
        .order_by("name")
    )
