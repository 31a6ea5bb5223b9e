"""One module per report section; each turns Inputs into a list of flowables."""

from collections.abc import Callable

from reportlab.platypus import Flowable

from .actions import actions_appendix
from .base import Inputs
from .cover import cover, no_responses, table_of_contents
from .disciplines import disciplines
from .distributions import distributions
from .gaps import gaps_and_roadmap
from .groups import teams_and_roles
from .heatmap import heatmap_section
from .hotspots import hotspots
from .kpis import kpi_section
from .methodology import methodology
from .risks import risk_register
from .trend import trend_section
from .verdict import verdict

Section = Callable[[Inputs], list[Flowable]]

# In reading order; True: the section starts on a new page. The others follow on,
# starting a new page only when their heading and first rows would not fit.
BODY: tuple[tuple[Section, bool], ...] = (
    (verdict, True),
    (disciplines, False),  # its own conditional break: see disciplines()
    (heatmap_section, False),
    (gaps_and_roadmap, False),
    (risk_register, False),
    (kpi_section, False),
    (teams_and_roles, False),
    (hotspots, False),
    (trend_section, False),
    (methodology, True),
    (actions_appendix, True),
    (distributions, True),
)

__all__ = ["BODY", "Inputs", "Section", "cover", "no_responses", "table_of_contents"]
