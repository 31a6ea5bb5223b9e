import io
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import yaml
from django.db import transaction
from django.db.models import Max

from ..catalogue_schema import INDEX_FILE, Catalogue, CatalogueError, area_fingerprint, read_catalogue
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


MAX_UPLOAD_FILE_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_FILES = 60


def _uploaded_yaml(files: Sequence[tuple[str, bytes]]) -> dict[str, bytes]:
    """The YAML files of an upload by bare name: the files themselves, or those inside a
    .zip (any folder in it; other files, such as the README, are left out). Refuses what
    could hurt the server: too many or too large files, and YAML aliases (a few lines of
    them can stand for billions of values)."""
    found: dict[str, bytes] = {}
    for name, data in files:
        if name.lower().endswith(".zip"):
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
                members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".yaml")]
                if len(members) > MAX_UPLOAD_FILES or sum(m.file_size for m in members) > MAX_UPLOAD_BYTES:
                    raise CatalogueError([f"{name}: holds more than {MAX_UPLOAD_FILES} files or "
                                          f"{MAX_UPLOAD_BYTES // 2**20} MB of YAML"])
                for member in members:
                    found[PurePosixPath(member.filename).name] = archive.read(member)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as exc:
                raise CatalogueError([f"{name}: not a readable .zip file ({exc})"]) from exc
        elif name.lower().endswith((".yaml", ".yml")):
            found[PurePosixPath(name).name.removesuffix(".yml").removesuffix(".yaml") + ".yaml"] = data
        else:
            raise CatalogueError([f"{name}: upload the catalogue's .yaml files, or a .zip of its folder"])
    problems = []
    if len(found) > MAX_UPLOAD_FILES or sum(len(d) for d in found.values()) > MAX_UPLOAD_BYTES:
        problems.append(f"the upload holds more than {MAX_UPLOAD_FILES} files or {MAX_UPLOAD_BYTES // 2**20} MB")
    for name, data in sorted(found.items()):
        if len(data) > MAX_UPLOAD_FILE_BYTES:
            problems.append(f"{name}: larger than {MAX_UPLOAD_FILE_BYTES // 2**20} MB")
            continue
        try:
            if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(data.decode("utf-8"))):
                problems.append(f"{name}: uses YAML aliases (*name); write the values out")
        except UnicodeDecodeError:
            problems.append(f"{name}: not UTF-8 text")
        except yaml.YAMLError:
            pass  # read_catalogue says where the YAML is broken
    if INDEX_FILE not in found:
        problems.append(f"{INDEX_FILE}: missing; the upload needs the index with the discipline list and the "
                        "target models, and a file per discipline")
    if problems:
        raise CatalogueError(problems)
    return found


def catalogue_upload(*, files: Sequence[tuple[str, bytes]]) -> tuple[CatalogueVersion, bool]:
    """Validate an uploaded catalogue exactly as `load_catalogue` does and store it as a new
    version; raises CatalogueError with every problem, and then nothing is stored."""
    found = _uploaded_yaml(files)
    with tempfile.TemporaryDirectory(prefix="catalogue-") as folder:
        for name, data in found.items():
            (Path(folder) / name).write_bytes(data)
        catalogue = read_catalogue(Path(folder))
    return catalogue_load(catalogue=catalogue)
