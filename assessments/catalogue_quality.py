"""The catalogue's quality figures, for `manage.py check_catalogue` (and CI).

Hard errors (the command exits non-zero): a question without guidance, a KPI whose
bands name neither a dated source nor a heuristic, a near-duplicate question pair above
the threshold, a target model that breaks a relation that must hold between models.
Reported for a human to judge: multi-barrelled candidates (a heuristic).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from .catalogue_schema import IMPROVE_LEVELS, Catalogue

# Two question texts at or above this similarity (difflib ratio on lowercased words)
# ask the same thing: one of them should be a shared practice or be reworded.
DUPLICATE_THRESHOLD = 0.85
# Phrases that read as two words joined by "and" but name one practice; a question
# containing one of them is not multi-barrelled for that reason (see README.md).
ONE_PRACTICE = (
    "monitoring and alerting", "backup and restore", "backup and recovery", "joiners, movers and leavers",
    "build and run", "detection and response", "trial and error", "roles and responsibilities",
)
BARRELS = re.compile(r"\band\b|;|\bas well as\b")
SECURITY_WORDS = ("secur", "backup", "recover", "incident", "patch", "vulnerab", "identity", "access", "compliance",
                  "governance", "privacy", "change", "disaster")


@dataclass
class QualityReport:
    questions: int = 0
    without_guidance: list[str] = field(default_factory=list)
    multi_barrelled: list[tuple[str, str]] = field(default_factory=list)
    near_duplicates: list[tuple[float, str, str]] = field(default_factory=list)
    kpis: int = 0
    kpis_without_provenance: list[str] = field(default_factory=list)
    model_coverage: dict[str, int] = field(default_factory=dict)
    areas: int = 0
    relation_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [
            *(f"no guidance (why, evidence, improve 1-4): {key}" for key in self.without_guidance),
            *(f"KPI bands name no dated source and no heuristic: {key}" for key in self.kpis_without_provenance),
            *(f"near-duplicate questions ({ratio:.2f}): {a} ~ {b}" for ratio, a, b in self.near_duplicates),
            *self.relation_errors,
        ]


def _questions(catalogue: Catalogue) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    for discipline in catalogue.disciplines:
        for area in discipline["areas"]:
            for question in area["questions"]:
                yield f"{discipline['key']}.{area['key']}.{question['key']}", area, question


def has_guidance(question: dict[str, Any]) -> bool:
    improve = question.get("improve") or {}
    return bool(question.get("why") and question.get("evidence")
                and all(improve.get(str(level)) for level in IMPROVE_LEVELS))


def is_multi_barrelled(text: str) -> bool:
    lowered = text.lower()
    for phrase in ONE_PRACTICE:
        lowered = lowered.replace(phrase, "")
    return bool(BARRELS.search(lowered))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def near_duplicates(catalogue: Catalogue, threshold: float = DUPLICATE_THRESHOLD) -> list[tuple[float, str, str]]:
    """Question pairs in different disciplines whose texts are nearly the same."""
    items = [(key, _words(q["text"])) for key, _, q in _questions(catalogue)]
    found = []
    for (key_a, a), (key_b, b) in combinations(items, 2):
        if key_a.split(".")[0] == key_b.split(".")[0]:
            continue
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        ratio = matcher.ratio()
        if ratio >= threshold:
            found.append((ratio, key_a, key_b))
    return sorted(found, reverse=True)


def target_relations(catalogue: Catalogue) -> list[str]:
    """Relations that must hold between the target models (where both models exist)."""
    models = {m["key"]: m["targets"] for m in catalogue.target_models}
    names = {f"{d['key']}.{a['key']}": f"{a['key']} {a['name']}".lower()
             for d in catalogue.disciplines for a in d["areas"]}
    errors = []

    def check(low: str, high: str, areas: list[str], why: str) -> None:
        if low not in models or high not in models:
            return
        for area in areas:
            if models[high][area] < models[low][area]:
                errors.append(f"target model {high} is below {low} on {area} "
                              f"({models[high][area]} < {models[low][area]}): {why}")

    guarded = [k for k, name in names.items()
               if k.split(".")[0] in ("secops", "devsecops", "netsecops") or any(w in name for w in SECURITY_WORDS)]
    check("balanced_baseline", "regulated_enterprise", guarded,
          "a regulated organisation never aims lower on security, recovery, incident and compliance areas")
    check("balanced_baseline", "high_velocity_product", [k for k in names if k.startswith("devops.")],
          "a high-velocity product organisation aims at least as high on delivery")
    check("balanced_baseline", "cloud_native", [k for k in names if k.split(".")[0] in ("cloudops", "devops")],
          "a cloud-native organisation aims at least as high on cloud operations and delivery")
    return errors


def explicit_targets(index: dict[str, Any]) -> dict[str, int]:
    """How many areas each target model names explicitly in catalogue.yaml."""
    counts = {}
    for model in index.get("target_models") or []:
        disciplines = model.get("disciplines") or {}
        counts[model.get("key", "?")] = sum(len((spec or {}).get("areas") or {}) for spec in disciplines.values())
    return counts


def quality_report(catalogue: Catalogue, index: dict[str, Any]) -> QualityReport:
    report = QualityReport()
    for key, _, question in _questions(catalogue):
        report.questions += 1
        if not has_guidance(question):
            report.without_guidance.append(key)
        if is_multi_barrelled(question["text"]):
            report.multi_barrelled.append((key, question["text"]))
    for discipline in catalogue.disciplines:
        for kpi in discipline["kpis"]:
            report.kpis += 1
            if not kpi.get("heuristic") and "year" not in (kpi.get("source") or {}):
                report.kpis_without_provenance.append(f"{discipline['key']}.{kpi['key']}")
    report.areas = sum(len(d["areas"]) for d in catalogue.disciplines)
    report.near_duplicates = near_duplicates(catalogue)
    report.model_coverage = explicit_targets(index)
    report.relation_errors = target_relations(catalogue)
    return report
