"""Which groups may be shown, and which responses may be published, so that no group
smaller than k can be computed from what managers see, even by subtraction.

Every published figure is a sum over a set of responses: the whole organisation, a
shown team, a shown role, in each publication. Anyone holding several of them can add
and subtract, and so learn the sums over the *atoms*: the responses that fall in
exactly the same published sets. (Any combination of published sums is constant on an
atom, so one response is never separated from the others in its atom.) The rule is
therefore one line: **every atom holds none or at least k responses.**

It covers at once:
- a hidden team recovered as the total minus the shown teams (all hidden teams form
  one atom, which must be k or more: `suppress_complements`);
- a team crossed with a role (team A minus engineers leaves A's non-engineers less the
  engineers of other teams: the team x role atoms must be k or more, else roles are
  not shown);
- two publications differenced (the responses published since the last one, per team
  and role, form new atoms that must be k or more).

A response is described by its team, role and the number of the publication that first
included it; the atoms are computed from counts of those, never from identities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

HIDDEN = "*"  # every hidden group of one dimension, taken together

Cell = tuple[Hashable, str]  # (team, role); role "" when not given


@dataclass(frozen=True)
class Release:
    """What one publication showed: its number and the teams and roles shown on their own
    (roles None when the role breakdown was withheld)."""

    number: int
    teams: frozenset[Hashable]
    roles: frozenset[str] | None


@dataclass(frozen=True)
class ReleasePlan:
    release: Release
    cells: frozenset[Cell]  # the cells whose pending responses this publication includes
    responses: int  # responses in the publication, old and new


def suppress_complements(sizes: Mapping[Hashable, int], k: int, *, hidden_already: int = 0) -> list:
    """The groups of one dimension that may be shown, in sort order.

    Primary suppression: a group under k respondents is hidden. Secondary suppression:
    everyone not in a shown group can be computed by subtracting the shown groups from
    the organisation's total, so the hidden people together must be none or at least k;
    while they are fewer, the smallest shown groups (all of that size) are hidden too.
    """
    shown = {name for name, size in sizes.items() if size >= k}
    hidden = hidden_already + sum(size for name, size in sizes.items() if name not in shown)
    while shown and 0 < hidden < k:
        # Every group of the smallest size goes at once: choosing one of them by name would
        # make renaming a team change what is shown.
        size = min(sizes[name] for name in shown)
        smallest = {name for name in shown if sizes[name] == size}
        shown -= smallest
        hidden += size * len(smallest)
    return sorted(shown, key=str)


def atoms(counts: Mapping[tuple[Hashable, str, int], int], releases: Sequence[Release]) -> dict[tuple, int]:
    """Responses per atom. `counts` maps (team, role, first publication) to a number of
    responses; a response belongs to every publication from its first one on."""
    sizes: dict[tuple, int] = defaultdict(int)
    for (team, role, first), n in counts.items():
        if n <= 0:
            continue
        signature = tuple(
            None if first > r.number else (
                team if team in r.teams else HIDDEN,
                role if r.roles is not None and role in r.roles else HIDDEN,
            )
            for r in releases
        )
        sizes[signature] += n
    return dict(sizes)


def is_safe(counts: Mapping[tuple[Hashable, str, int], int], releases: Sequence[Release], k: int) -> bool:
    """No atom holds between 1 and k-1 responses. Responses in no publication at all are
    not published and do not count."""
    return all(n >= k for signature, n in atoms(counts, releases).items()
               if any(part is not None for part in signature))


def _sizes(cells: Mapping[Cell, int]) -> tuple[dict, int, dict, int]:
    teams: dict[Hashable, int] = defaultdict(int)
    roles: dict[str, int] = defaultdict(int)
    no_team = no_role = 0
    for (team, role), n in cells.items():
        if team in ("", None):
            no_team += n
        else:
            teams[team] += n
        if role:
            roles[role] += n
        else:
            no_role += n
    return dict(teams), no_team, dict(roles), no_role


def visible_groups(cells: Mapping[Cell, int], k: int) -> tuple[list, list[str] | None]:
    """The teams and the roles that may be shown for these respondents (counted per team
    and role) in a single publication; roles None when no role breakdown is safe."""
    teams, roles = _shown(cells, k)
    counts = {(team, role, 1): n for (team, role), n in cells.items()}
    for release in _options(1, teams, roles):
        if release is not None and is_safe(counts, (release,), k):
            return sorted(release.teams, key=str), (sorted(release.roles) if release.roles is not None else None)
    return [], None


def roles_alone(cells: Mapping[Cell, int], k: int) -> list[str]:
    """The roles that could be shown if there were no teams to cross them with."""
    return _shown(cells, k)[1]


def _shown(cells: Mapping[Cell, int], k: int) -> tuple[list, list[str]]:
    teams_sizes, no_team, roles_sizes, no_role = _sizes(cells)
    return (suppress_complements(teams_sizes, k, hidden_already=no_team),
            suppress_complements(roles_sizes, k, hidden_already=no_role))


def _options(number: int, teams: Sequence, roles: Sequence[str]) -> list[Release | None]:
    """From the most detailed to the least: teams and roles (None when no role may be
    shown), teams only, the whole only."""
    return [Release(number, frozenset(teams), frozenset(roles)) if roles else None,
            Release(number, frozenset(teams), None),
            Release(number, frozenset(), None)]


def plan_release(published: Mapping[tuple[Hashable, str, int], int], pending: Mapping[Cell, int],
                 history: Sequence[Release], k: int) -> ReleasePlan | None:
    """The next publication, or None when nothing can be published safely.

    `published` counts the responses already published per (team, role, first
    publication); `pending` the submitted responses not yet published per (team, role);
    `history` what each earlier publication showed. It tries teams and roles, then teams
    only, then the whole only; at each level it tries every pending response, then only
    the cells with at least k pending responses. A plan that would show fewer than k
    responses in all, or add none, is no plan.
    """
    number = (history[-1].number + 1) if history else 1
    already: dict[Cell, int] = defaultdict(int)
    for (team, role, _), n in published.items():
        already[(team, role)] += n
    candidates: list[frozenset[Cell]] = [frozenset(c for c, n in pending.items() if n > 0)]
    candidates.append(frozenset(c for c, n in pending.items() if n >= k))
    plans = []
    for chosen in _unique(candidates):
        cells = dict(already)
        for cell in chosen:
            cells[cell] = cells.get(cell, 0) + pending[cell]
        total = sum(cells.values())
        if not chosen or total < k:
            continue
        counts = dict(published)
        for cell in chosen:
            key = (cell[0], cell[1], number)
            counts[key] = counts.get(key, 0) + pending[cell]
        plans.append((chosen, counts, total, _options(number, *_shown(cells, k))))
    # Detail first: a team breakdown is worth more to the client than a few more responses
    # in a figure without one; those responses wait for the next publication.
    for detail in range(3):
        for chosen, counts, total, options in plans:
            release = options[detail]
            if release is not None and is_safe(counts, (*history, release), k):
                return ReleasePlan(release=release, cells=chosen, responses=total)
    return None


def _unique(items: Iterable[frozenset]) -> list[frozenset]:
    seen: list[frozenset] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
