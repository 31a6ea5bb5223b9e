"""Reading and validating the catalogue YAML (see assessments/catalogue/README.md).

Everything is checked before anything is loaded, and every problem is reported
with its file, its key path and what is wrong, e.g.
``sysops.yaml: areas[patching].questions[sla].levels: expected 5 level descriptions, found 4``.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
INDEX_FILE = "catalogue.yaml"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
SEVERITIES = ("low", "medium", "high")
LEVEL_COUNT = 5
EFFORTS = ("S", "M", "L")
OWNERS = (
    "team lead", "engineer", "platform engineer", "SRE", "security", "network engineer", "service owner",
    "architect", "management", "ML engineer", "compliance", "FinOps",
)
IMPROVE_LEVELS = (1, 2, 3, 4)  # "from level N to N+1"; level 5 has nowhere to go


class CatalogueError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Catalogue:
    """The validated catalogue as plain data, ready to load."""

    label: str
    disciplines: list[dict[str, Any]]
    target_models: list[dict[str, Any]]
    checksum: str = ""


@dataclass
class _Checker:
    file: str
    problems: list[str] = field(default_factory=list)
    strict: bool = False  # schema 2: provenance rules apply

    def fail(self, path: str, problem: str) -> None:
        self.problems.append(f"{self.file}: {path}: {problem}" if path else f"{self.file}: {problem}")

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, found {type(value).__name__}")
            return {}
        return value

    def items(self, parent: dict[str, Any], name: str, path: str, *, minimum: int = 1) -> list[dict[str, Any]]:
        value = parent.get(name)
        here = f"{path}.{name}" if path else name
        if not isinstance(value, list):
            self.fail(here, "is missing or not a list")
            return []
        if len(value) < minimum:
            self.fail(here, f"needs at least {minimum} entries, found {len(value)}")
        return [self.mapping(item, f"{here}[{i}]") for i, item in enumerate(value)]

    def text(self, parent: dict[str, Any], name: str, path: str, *, required: bool = True) -> str:
        value = parent.get(name)
        here = f"{path}.{name}" if path else name
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(here, "is missing or empty")
            return ""
        if not isinstance(value, str):
            self.fail(here, f"expected text, found {type(value).__name__}")
            return ""
        return value.strip()

    def number(self, parent: dict[str, Any], name: str, path: str) -> float | None:
        value = parent.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{path}.{name}", f"expected a number, found {value!r}")
            return None
        return float(value)

    def keyed(self, items: list[dict[str, Any]], path: str) -> list[tuple[str, dict[str, Any]]]:
        """Check each item's `key` and report duplicates; return (path, item) pairs."""
        seen: set[str] = set()
        result = []
        for i, item in enumerate(items):
            key = item.get("key")
            if not isinstance(key, str) or not KEY_PATTERN.match(key):
                self.fail(f"{path}[{i}].key", f"must be lowercase letters, digits and _, found {key!r}")
                continue
            if key in seen:
                self.fail(f"{path}[{key}]", f"duplicate key {key!r}")
                continue
            seen.add(key)
            result.append((f"{path}[{key}]", item))
        return result


def _check_sources(c: _Checker, doc: dict[str, Any]) -> dict[str, dict[str, str]]:
    sources: dict[str, dict[str, str]] = {}
    for i, source in enumerate(c.items(doc, "sources", "")):
        sid = source.get("id")
        if not isinstance(sid, str) or not sid:
            c.fail(f"sources[{i}].id", "is missing")
            continue
        if sid in sources:
            c.fail(f"sources[{sid}]", f"duplicate source id {sid!r}")
        title = c.text(source, "title", f"sources[{sid}]")
        sources[sid] = {"id": sid, "title": title, "url": str(source.get("url", ""))}
        year = source.get("year")
        if year is not None:
            if isinstance(year, bool) or not isinstance(year, int) or not 1950 <= year <= 2100:
                c.fail(f"sources[{sid}].year", f"must be a four-digit year, found {year!r}")
            else:
                sources[sid]["year"] = year
    return sources


def _cite(c: _Checker, sources: dict[str, dict[str, str]], sid: Any, path: str) -> dict[str, str]:
    if not sid:
        c.fail(path, "is missing: every KPI and risk cites a source")
        return {}
    if sid not in sources:
        c.fail(path, f"cites {sid!r}, which is not declared under sources")
        return {}
    return sources[sid]


def _check_keys(c: _Checker, value: Any, path: str, known: set[str] | None, what: str) -> list[str]:
    """A list of keys; with `known`, each must be one of them."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        c.fail(path, f"must be a list of {what}")
        return []
    if known is not None:
        for key in value:
            if key not in known:
                c.fail(path, f"unknown {what[:-1]} {key!r}")
    return [v for v in value if known is None or v in known]


def _check_action(c: _Checker, action: Any, path: str) -> dict[str, str]:
    action = c.mapping(action, path)
    text = c.text(action, "action", path)
    effort = action.get("effort")
    if effort not in EFFORTS:
        c.fail(f"{path}.effort", f"must be one of {', '.join(EFFORTS)}, found {effort!r}")
    owner = action.get("owner")
    if owner not in OWNERS:
        c.fail(f"{path}.owner", f"must be one of {', '.join(OWNERS)}, found {owner!r}")
    return {"action": text, "effort": str(effort), "owner": str(owner)}


def _check_improve(c: _Checker, value: Any, path: str) -> dict[str, list[dict[str, str]]]:
    """Actions from each level to the next, keyed "1".."4" (JSON keys are strings)."""
    if value is None:
        return {}
    value = c.mapping(value, path)
    improve: dict[str, list[dict[str, str]]] = {}
    for level, actions in value.items():
        here = f"{path}.{level}"
        if level not in IMPROVE_LEVELS:
            c.fail(here, f"must be a level from 1 to 4 (actions that reach the next level), found {level!r}")
            continue
        if not isinstance(actions, list) or not actions:
            c.fail(here, "must list at least one action")
            continue
        improve[str(level)] = [_check_action(c, a, f"{here}[{i}]") for i, a in enumerate(actions)]
    return improve


def _check_question(
    c: _Checker, q: dict[str, Any], path: str, sources: dict[str, Any], risk_keys: set[str]
) -> dict[str, Any]:
    levels = q.get("levels")
    if not isinstance(levels, list) or len(levels) != LEVEL_COUNT:
        found = len(levels) if isinstance(levels, list) else "none"
        c.fail(f"{path}.levels", f"expected {LEVEL_COUNT} level descriptions, found {found}")
        levels = []
    elif not all(isinstance(level, str) and level.strip() for level in levels):
        c.fail(f"{path}.levels", "every level description must be non-empty text")
    if q.get("help") and q.get("evidence"):
        c.fail(f"{path}.help", "give `evidence` only (`help` is its old name)")
    return {
        "key": q["key"],
        "text": c.text(q, "text", path),
        "why": c.text(q, "why", path, required=False),
        "evidence": c.text(q, "evidence", path, required=False) or c.text(q, "help", path, required=False),
        "references": _check_keys(c, q.get("references"), f"{path}.references", set(sources), "source ids"),
        "mitigates": _check_keys(c, q.get("mitigates"), f"{path}.mitigates", risk_keys, "risk keys"),
        "replaces": _check_keys(c, q.get("replaces"), f"{path}.replaces", None, "question keys"),
        "improve": _check_improve(c, q.get("improve"), f"{path}.improve"),
        "levels": [str(level).strip() for level in levels],
    }


def _check_area(
    c: _Checker, area: dict[str, Any], path: str, sources: dict[str, Any], risk_keys: set[str]
) -> dict[str, Any]:
    weight = area.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0.5 <= weight <= 2.0:
        c.fail(f"{path}.weight", f"must be a number from 0.5 to 2.0, found {weight!r}")
        weight = 1.0
    cited = [s for s in area.get("sources", []) or []]
    for sid in cited:
        _cite(c, sources, sid, f"{path}.sources")
    questions = c.keyed(c.items(area, "questions", path, minimum=3), f"{path}.questions")
    return {
        "key": area["key"],
        "name": c.text(area, "name", path),
        "description": c.text(area, "description", path, required=False),
        "weight": float(weight),
        "sources": [sources[s] for s in cited if s in sources],
        "questions": [_check_question(c, q, qpath, sources, risk_keys) for qpath, q in questions],
    }


def _check_bands(c: _Checker, kpi: dict[str, Any], path: str, higher_is_better: bool) -> list[dict[str, Any]]:
    bound = "min" if higher_is_better else "max"
    bands = c.items(kpi, "bands", path, minimum=2)
    result: list[dict[str, Any]] = []
    previous: float | None = None
    for i, band in enumerate(bands):
        here = f"{path}.bands[{i}]"
        name = c.text(band, "name", here)
        is_last = i == len(bands) - 1
        if is_last:
            result.append({"name": name})
            continue
        value = c.number(band, bound, here)
        if value is None:
            continue
        if previous is not None and (value >= previous if higher_is_better else value <= previous):
            c.fail(f"{here}.{bound}", "bands must go from best to worst")
        previous = value
        result.append({"name": name, bound: value})
    return result


def _check_kpi(c: _Checker, kpi: dict[str, Any], path: str, sources: dict[str, Any]) -> dict[str, Any]:
    higher = kpi.get("higher_is_better")
    if not isinstance(higher, bool):
        c.fail(f"{path}.higher_is_better", "must be true or false")
        higher = True
    bounds = kpi.get("range")
    if (
        not isinstance(bounds, list)
        or len(bounds) != 2
        or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
        or bounds[0] >= bounds[1]
    ):
        c.fail(f"{path}.range", f"expected [min, max] with min < max, found {bounds!r}")
        bounds = [0, 0]
    source = _cite(c, sources, kpi.get("source"), f"{path}.source")
    heuristic = c.text(kpi, "heuristic", path, required=False)
    if source and not heuristic and "year" not in source and c.strict:
        c.fail(f"{path}.source", f"{source['id']!r} has no `year`: a band threshold names the document and year "
                                 "that define it, or the KPI says `heuristic:` with its rationale")
    return {
        "key": kpi["key"],
        "name": c.text(kpi, "name", path),
        "unit": c.text(kpi, "unit", path),
        "higher_is_better": higher,
        "range": [float(bounds[0]), float(bounds[1])],
        "help": c.text(kpi, "help", path, required=False),
        "aka": _check_keys(c, kpi.get("aka"), f"{path}.aka", None, "search words"),
        "source": source,
        "heuristic": heuristic,
        "bands": _check_bands(c, kpi, path, higher),
    }


def _check_risk(c: _Checker, risk: dict[str, Any], path: str, sources: dict, area_keys: set[str]) -> dict[str, Any]:
    severity = risk.get("severity")
    if severity not in SEVERITIES:
        c.fail(f"{path}.severity", f"must be one of {', '.join(SEVERITIES)}, found {severity!r}")
    areas = risk.get("areas")
    if not isinstance(areas, list) or not areas:
        c.fail(f"{path}.areas", "must list the areas that mitigate the risk")
        areas = []
    for key in areas:
        if key not in area_keys:
            c.fail(f"{path}.areas", f"unknown area {key!r}")
    owner = risk.get("owner")
    if owner is not None and owner not in OWNERS:
        c.fail(f"{path}.owner", f"must be one of {', '.join(OWNERS)}, found {owner!r}")
    return {
        "key": risk["key"],
        "text": c.text(risk, "text", path),
        "severity": severity,
        "owner": owner or "",
        "areas": [a for a in areas if a in area_keys],
        "source": _cite(c, sources, risk.get("source"), f"{path}.source"),
    }


def check_discipline(doc: Any, file: str) -> tuple[dict[str, Any], list[str]]:
    c = _Checker(file)
    doc = c.mapping(doc, "")
    if not doc:
        return {}, c.problems
    key = doc.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        c.fail("key", f"must be lowercase letters, digits and _, found {key!r}")
    schema = doc.get("schema", 1)
    if schema not in (1, 2):
        c.fail("schema", f"must be 1 or 2, found {schema!r}")
    c.strict = schema == 2
    sources = _check_sources(c, doc)
    raw_risks = doc.get("risks") if isinstance(doc.get("risks"), list) else []
    risk_keys = {r["key"] for r in raw_risks if isinstance(r, dict) and isinstance(r.get("key"), str)}
    areas = [
        _check_area(c, a, p, sources, risk_keys) for p, a in c.keyed(c.items(doc, "areas", "", minimum=4), "areas")
    ]
    area_keys = {a["key"] for a in areas}
    kpis = [_check_kpi(c, k, p, sources) for p, k in c.keyed(c.items(doc, "kpis", "", minimum=3), "kpis")]
    risks = [
        _check_risk(c, r, p, sources, area_keys) for p, r in c.keyed(c.items(doc, "risks", "", minimum=3), "risks")
    ]
    order = doc.get("order", 0)
    discipline = {
        "key": key,
        "name": c.text(doc, "name", ""),
        "summary": c.text(doc, "summary", "", required=False),
        "order": order if isinstance(order, int) else 0,
        "sources": list(sources.values()),
        "areas": areas,
        "kpis": kpis,
        "risks": risks,
    }
    return discipline, c.problems


def _level(c: _Checker, value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LEVEL_COUNT:
        c.fail(path, f"must be a level from 1 to {LEVEL_COUNT}, found {value!r}")
        return 3
    return value


def check_target_model(
    c: _Checker, model: dict[str, Any], path: str, disciplines: dict[str, list[str]]
) -> dict[str, Any]:
    """Expand defaults so that the stored model has a target for every area."""
    default = _level(c, model.get("default", 3), f"{path}.default")
    by_discipline = c.mapping(model.get("disciplines", {}) or {}, f"{path}.disciplines")
    targets: dict[str, int] = {}
    for dkey, akeys in disciplines.items():
        spec = c.mapping(by_discipline.get(dkey, {}) or {}, f"{path}.disciplines.{dkey}")
        dlevel = _level(c, spec.get("default", default), f"{path}.disciplines.{dkey}.default")
        overrides = c.mapping(spec.get("areas", {}) or {}, f"{path}.disciplines.{dkey}.areas")
        for akey in overrides:
            if akey not in akeys:
                c.fail(f"{path}.disciplines.{dkey}.areas.{akey}", f"unknown area {akey!r} in discipline {dkey!r}")
        for akey in akeys:
            level = overrides.get(akey, dlevel)
            targets[f"{dkey}.{akey}"] = _level(c, level, f"{path}.disciplines.{dkey}.areas.{akey}")
    for dkey in by_discipline:
        if dkey not in disciplines:
            c.fail(f"{path}.disciplines.{dkey}", f"unknown discipline {dkey!r}")
    return {
        "key": model["key"],
        "name": c.text(model, "name", path),
        "description": c.text(model, "description", path, required=False),
        "rationale": c.text(model, "rationale", path, required=False),
        "targets": targets,
    }


def _load_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path.name}: file not found")
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: not valid YAML: {exc}".replace("\n", " "))
    return None


def read_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Read and validate the whole catalogue; raise CatalogueError listing every problem."""
    problems: list[str] = []
    index = _load_yaml(directory / INDEX_FILE, problems)
    c = _Checker(INDEX_FILE, problems)
    index = c.mapping(index, "") if index is not None else {}
    names = index.get("disciplines")
    if index and (not isinstance(names, list) or not names):
        c.fail("disciplines", "must list the discipline files to load")
        names = []
    disciplines: list[dict[str, Any]] = []
    for name in names or []:
        doc = _load_yaml(directory / f"{name}.yaml", problems)
        if doc is None:
            continue
        discipline, found = check_discipline(doc, f"{name}.yaml")
        problems.extend(found)
        if discipline.get("key") not in (None, name):
            problems.append(f"{name}.yaml: key: must match the file name, found {discipline['key']!r}")
        disciplines.append(discipline)
    area_keys = {d["key"]: [a["key"] for a in d["areas"]] for d in disciplines if d.get("key")}
    models = [
        check_target_model(c, m, p, area_keys) for p, m in c.keyed(c.items(index, "target_models", ""), "target_models")
    ] if index else []
    if problems:
        raise CatalogueError(problems)
    catalogue = Catalogue(label=str(index.get("version", "")), disciplines=disciplines, target_models=models)
    catalogue.checksum = _checksum(catalogue)
    return catalogue


def _checksum(catalogue: Catalogue) -> str:
    payload = json.dumps([catalogue.label, catalogue.disciplines, catalogue.target_models], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def question_lineage(question: dict[str, Any]) -> list[str]:
    """The keys a question continues: those it `replaces`, else its own."""
    return list(question.get("replaces") or [question["key"]])


def area_fingerprint(area: dict[str, Any]) -> str:
    """What an area asks, as a hash of the question keys it continues.

    Rewording a statement or an anchor keeps the fingerprint (a new meaning gets a new
    key, see the catalogue README); adding or removing questions changes it. A question
    that renames or splits an earlier one (`replaces`) counts as the earlier key, so an
    area whose questions were only renamed or split still compares with the old one.
    """
    payload = json.dumps(sorted({key for q in area["questions"] for key in question_lineage(q)}))
    return hashlib.sha256(payload.encode()).hexdigest()
