"""System checks on the product's privacy settings (run by every manage.py command)."""

from django.conf import settings
from django.core import checks

NORM = 5  # the minimum group size of engagement-survey tools (Qualtrics, Glint, Lattice, …)


@checks.register()
def min_group_size(app_configs, **kwargs) -> list[checks.CheckMessage]:
    k = settings.OPSASSESS_MIN_GROUP_SIZE
    if k < 3:
        return [checks.Error(
            f"OPSASSESS_MIN_GROUP_SIZE is {k}: results of one or two people identify them.",
            hint="Set it to 5 (the default), or to 3 at the very least.", id="opsassess.E001")]
    if k < NORM:
        return [checks.Warning(
            f"OPSASSESS_MIN_GROUP_SIZE is {k}, below the norm of {NORM}: groups that small are easier to "
            "tell apart.", hint="Keep it for very small client teams only.", id="opsassess.W001")]
    return []
