"""The discipline catalogue, one immutable copy per loaded version.

Rows are never edited after loading: a changed YAML file becomes a new
CatalogueVersion, and assessments keep pointing at the version they were answered
on. Results are compared across versions by the stable keys, not by row ids.
"""

from django.db import models


class CatalogueVersion(models.Model):
    number = models.PositiveIntegerField(unique=True)
    label = models.CharField(max_length=40)
    checksum = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.label} (v{self.number})"

    @classmethod
    def latest(cls) -> "CatalogueVersion | None":
        return cls.objects.order_by("-number").first()


class Discipline(models.Model):
    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="disciplines")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    summary = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    sources = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="discipline_key_per_version")]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    discipline = models.ForeignKey(Discipline, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    weight = models.FloatField(default=1.0)
    order = models.PositiveIntegerField(default=0)
    sources = models.JSONField(default=list, blank=True)
    # A hash of what the area asks; a different fingerprint under the same key means
    # the area changed meaning between versions and its trend is not comparable.
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["discipline", "order"]
        constraints = [models.UniqueConstraint(fields=["discipline", "key"], name="area_key_per_discipline")]

    def __str__(self) -> str:
        return self.name

    @property
    def full_key(self) -> str:
        return f"{self.discipline.key}.{self.key}"


class Question(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60)
    text = models.TextField()
    why = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    levels = models.JSONField(help_text="Five anchored level descriptions, level 1 first.")
    # {"1": [{"action", "effort", "owner"}, ...], ..., "4": [...]}: what reaches the next level
    improve = models.JSONField(default=dict, blank=True)
    references = models.JSONField(default=list, blank=True)  # source ids of the discipline
    mitigates = models.JSONField(default=list, blank=True)  # risk keys of the discipline
    replaces = models.JSONField(default=list, blank=True)  # question keys of an earlier catalogue
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["area", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "key"], name="question_key_per_area")]

    def __str__(self) -> str:
        return self.text[:80]


class Kpi(models.Model):
    discipline = models.ForeignKey(Discipline, on_delete=models.CASCADE, related_name="kpis")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    unit = models.CharField(max_length=40)
    higher_is_better = models.BooleanField()
    range_min = models.FloatField()
    range_max = models.FloatField()
    help = models.TextField(blank=True)
    aka = models.JSONField(default=list, blank=True)  # the words users search for
    bands = models.JSONField(help_text="Best band first: [{name, min|max}], the last unbounded.")
    source = models.JSONField(help_text="The cited source: {id, title, url, year}.")
    heuristic = models.TextField(blank=True, help_text="Set when no published source defines the bands: why these.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["discipline", "order"]
        constraints = [models.UniqueConstraint(fields=["discipline", "key"], name="kpi_key_per_discipline")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Risk(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    discipline = models.ForeignKey(Discipline, on_delete=models.CASCADE, related_name="risks")
    key = models.SlugField(max_length=60)
    text = models.TextField()
    severity = models.CharField(max_length=10, choices=Severity.choices)
    owner = models.CharField(max_length=40, blank=True)
    areas = models.ManyToManyField(Area, related_name="risks")
    source = models.JSONField(default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["discipline", "order"]
        constraints = [models.UniqueConstraint(fields=["discipline", "key"], name="risk_key_per_discipline")]

    def __str__(self) -> str:
        return self.text[:80]


class TargetModel(models.Model):
    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="target_models")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    rationale = models.TextField(blank=True, help_text="Why these levels: printed in the report's methodology.")
    targets = models.JSONField(help_text='Target level per area: {"<discipline>.<area>": 1..5}.')
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="target_model_key_per_version")]

    def __str__(self) -> str:
        return self.name
