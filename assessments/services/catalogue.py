from django.db import transaction
from django.db.models import Max

from ..catalogue_schema import Catalogue, area_fingerprint
from ..models import Area, CatalogueVersion, Discipline, Kpi, Question, Risk, TargetModel

QUESTION_FIELDS = ("key", "text", "why", "evidence", "levels", "improve", "references", "mitigates", "replaces")


@transaction.atomic
def catalogue_load(*, catalogue: Catalogue) -> tuple[CatalogueVersion, bool]:
    """Store a validated catalogue as a new version, unless that content is loaded already.

    Returns the version and whether it was created. Idempotent by content checksum.
    """
    existing = CatalogueVersion.objects.filter(checksum=catalogue.checksum).first()
    if existing is not None:
        return existing, False
    number = (CatalogueVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CatalogueVersion.objects.create(number=number, label=catalogue.label, checksum=catalogue.checksum)
    for order, spec in enumerate(catalogue.disciplines):
        _discipline_create(version, spec, order)
    TargetModel.objects.bulk_create(
        TargetModel(version=version, order=order, **model) for order, model in enumerate(catalogue.target_models)
    )
    return version, True


def _discipline_create(version: CatalogueVersion, spec: dict, order: int) -> Discipline:
    discipline = Discipline.objects.create(
        version=version,
        key=spec["key"],
        name=spec["name"],
        summary=spec["summary"],
        order=order,
        sources=spec["sources"],
    )
    areas = Area.objects.bulk_create(
        Area(
            discipline=discipline,
            key=a["key"],
            name=a["name"],
            description=a["description"],
            weight=a["weight"],
            order=i,
            sources=a["sources"],
            fingerprint=area_fingerprint(a),
        )
        for i, a in enumerate(spec["areas"])
    )
    Question.objects.bulk_create(
        Question(area=area, order=i, **{field: q[field] for field in QUESTION_FIELDS})
        for area, a in zip(areas, spec["areas"], strict=True)
        for i, q in enumerate(a["questions"])
    )
    Kpi.objects.bulk_create(
        Kpi(
            discipline=discipline,
            key=k["key"],
            name=k["name"],
            unit=k["unit"],
            higher_is_better=k["higher_is_better"],
            range_min=k["range"][0],
            range_max=k["range"][1],
            help=k["help"],
            aka=k["aka"],
            bands=k["bands"],
            source=k["source"],
            heuristic=k["heuristic"],
            order=i,
        )
        for i, k in enumerate(spec["kpis"])
    )
    area_ids = {area.key: area.pk for area in areas}
    risks = Risk.objects.bulk_create(
        Risk(discipline=discipline, key=r["key"], text=r["text"], severity=r["severity"], owner=r["owner"],
             source=r["source"], order=i)
        for i, r in enumerate(spec["risks"])
    )
    Risk.areas.through.objects.bulk_create(
        Risk.areas.through(risk_id=risk.pk, area_id=area_ids[key])
        for risk, r in zip(risks, spec["risks"], strict=True)
        for key in r["areas"]
    )
    return discipline
