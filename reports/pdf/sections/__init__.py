"""One module per report section; each turns Inputs into a list of flowables."""

from collections.abc import Callable

from reportlab.platypus import Flowable

from .base import Inputs
from .cover import cover, no_responses, table_of_contents
from .disciplines import disciplines
from .distributions import distributions
from .gaps import gaps_and_roadmap
from .groups import teams_and_roles
from .heatmap import heatmap_section
from .hotspots import hotspots
from .methodology import methodology
from .risks import risk_register
from .summary import executive_summary
from .trend import trend_section

Section = Callable[[Inputs], list[Flowable]]

# In reading order; each starts on a new page.
BODY: tuple[Section, ...] = (
    executive_summary,
    disciplines,
    heatmap_section,
    gaps_and_roadmap,
    risk_register,
    teams_and_roles,
    hotspots,
    trend_section,
    methodology,
    distributions,
)

__all__ = ["BODY", "Inputs", "Section", "cover", "no_responses", "table_of_contents"]
