"""Twinning pairs: an optimal maximum-weight matching of sign-ups (pure Python, no Django).

Each sign-up is a `Candidate`: its role (mentor, mentee or peer), its sector (state or
NGO, from the organisation type), the kinds of pair it accepts, its resettlement context,
working languages, the topics it signed up for, and the topics and modalities of its
latest submitted needs and offers.

A pair is allowed when the roles fit (mentor with mentee, peer with peer), both sides
accept the pair's kind (state-state, state-NGO, NGO-NGO), the two are different
organisations, they share a working language (when both named one), it is not excluded by
the caller (e.g. declined before) and there is some complementarity at all. Its weight is

    coverage x 0.5 + shared interests x 0.15 + modalities x 0.1 + context x 0.15
    + language x 0.1

(see `Weights` and docs/decisions/0012). The set of pairs with the largest total weight,
each organisation at most once, is found exactly as a 0/1 programme solved by HiGHS: one
binary per allowed pair, one row "at most one pair" per sign-up. The graph is not
bipartite (peers pair among themselves), so an assignment solver would not do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from welcomehub.core.highs import new_highs

MENTOR, MENTEE, PEER = "mentor", "mentee", "peer"
STATE, NGO = "state", "ngo"
TRADITIONAL, EMERGING = "traditional", "emerging"
STATE_ORGANISATION_TYPES = frozenset({"state", "municipality"})
# Placement solves on two threads; using the same pool size avoids rebuilding HiGHS's
# shared pool when both run in one process (see core/highs.py).
THREADS = 2


def sector_of(organisation_type: str) -> str:
    """State for state and municipal bodies; every other organisation counts as an NGO."""
    return STATE if organisation_type in STATE_ORGANISATION_TYPES else NGO


def pair_kind(first_sector: str, second_sector: str) -> str:
    sectors = sorted((first_sector, second_sector), key=lambda s: (s != STATE, s))
    return f"{sectors[0]}_{sectors[1]}"  # state_state, state_ngo or ngo_ngo


@dataclass(frozen=True)
class Candidate:
    id: int
    role: str
    sector: str
    pair_kinds: frozenset[str]
    context: str = ""  # TRADITIONAL, EMERGING or "" when unknown
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()  # topics of the sign-up
    need_topics: frozenset[str] = frozenset()
    offer_topics: frozenset[str] = frozenset()
    need_modalities: frozenset[str] = frozenset()
    offer_modalities: frozenset[str] = frozenset()
    organisation: int | None = None  # two sign-ups of one organisation never pair

    @property
    def wants(self) -> frozenset[str]:
        return self.need_topics | self.interests


@dataclass(frozen=True)
class Weights:
    coverage: float = 0.5
    interests: float = 0.15
    modalities: float = 0.1
    context: float = 0.15
    language: float = 0.1


@dataclass(frozen=True)
class Reason:
    """A machine-readable reason; the web layer words it in the reader's language.

    codes: covers (first's offers cover second's wants: `values` are topics), covers_back,
    shared_interests, modalities, languages, mentor_context (traditional mentor, new or
    emerging mentee), same_context, pair_kind."""

    code: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pairing:
    first: int  # the mentor of a mentor-mentee pair; the lower id of two peers
    second: int
    pair_kind: str
    score: float
    reasons: tuple[Reason, ...]
    parts: dict[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Result:
    pairs: tuple[Pairing, ...]
    total: float
    status: str  # "optimal"; "time_limit" (best found, not proven); "empty": no pair allowed
    unmatched: tuple[int, ...]


def _ratio(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def _sorted(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(values))


def orient(a: Candidate, b: Candidate) -> tuple[Candidate, Candidate]:
    if a.role == MENTEE or (a.role == b.role and a.id > b.id):
        return b, a
    return a, b


def allowed(a: Candidate, b: Candidate) -> bool:
    """The hard rules of a pair (in either order)."""
    if a.id == b.id or (a.organisation is not None and a.organisation == b.organisation):
        return False
    roles = {a.role, b.role}
    if not (roles == {MENTOR, MENTEE} or (a.role == PEER and b.role == PEER)):
        return False
    kind = pair_kind(a.sector, b.sector)
    if kind not in a.pair_kinds or kind not in b.pair_kinds:
        return False
    return not (a.languages and b.languages and not (a.languages & b.languages))


def _context(first: Candidate, second: Candidate) -> tuple[float, Reason | None]:
    if not first.context or not second.context:
        return 0.5, None
    if first.role == MENTOR:
        if first.context == TRADITIONAL and second.context == EMERGING:
            return 1.0, Reason("mentor_context")
        if first.context == second.context:
            return 0.5, Reason("same_context", (first.context,))
        return 0.25, None
    if first.context == second.context:
        return 1.0, Reason("same_context", (first.context,))
    return 0.5, None


def evaluate(a: Candidate, b: Candidate, weights: Weights = Weights()) -> Pairing | None:
    """The pair of two sign-ups with its score and reasons, or None if not allowed or
    without any complementarity (nothing offered that the other wants, no shared topic)."""
    if not allowed(a, b):
        return None
    first, second = orient(a, b)
    forward = _ratio(first.offer_topics, second.wants)
    back = _ratio(second.offer_topics, first.wants)
    coverage = 0.75 * forward + 0.25 * back if first.role == MENTOR else (forward + back) / 2
    union = first.interests | second.interests
    interests = len(first.interests & second.interests) / len(union) if union else 0.0
    if coverage == 0 and interests == 0:
        return None
    modalities_fwd = _ratio(first.offer_modalities, second.need_modalities)
    modalities_back = _ratio(second.offer_modalities, first.need_modalities)
    modalities = modalities_fwd if first.role == MENTOR else (modalities_fwd + modalities_back) / 2
    context, context_reason = _context(first, second)
    shared_languages = first.languages & second.languages
    language = 1.0 if shared_languages else 0.5
    parts = {
        "coverage": coverage,
        "interests": interests,
        "modalities": modalities,
        "context": context,
        "language": language,
    }
    score = sum(getattr(weights, name) * value for name, value in parts.items())
    reasons: list[Reason] = []
    covered = first.offer_topics & second.wants
    if covered:
        reasons.append(Reason("covers", _sorted(covered)))
    covered_back = second.offer_topics & first.wants
    if covered_back:
        reasons.append(Reason("covers_back", _sorted(covered_back)))
    if first.interests & second.interests:
        reasons.append(Reason("shared_interests", _sorted(first.interests & second.interests)))
    shared_modalities = (first.offer_modalities & second.need_modalities) | (
        second.offer_modalities & first.need_modalities
    )
    if shared_modalities:
        reasons.append(Reason("modalities", _sorted(shared_modalities)))
    if shared_languages:
        reasons.append(Reason("languages", _sorted(shared_languages)))
    if context_reason is not None:
        reasons.append(context_reason)
    kind = pair_kind(first.sector, second.sector)
    reasons.append(Reason("pair_kind", (kind,)))
    return Pairing(first.id, second.id, kind, round(score, 6), tuple(reasons), parts)


def candidate_pairs(
    candidates: Sequence[Candidate],
    *,
    weights: Weights = Weights(),
    excluded: Iterable[frozenset[int]] = (),
) -> list[Pairing]:
    """Every allowed pair, each once, best first."""
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("candidate ids must be unique")
    banned = set(excluded)
    found = []
    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            if frozenset((a.id, b.id)) in banned:
                continue
            pairing = evaluate(a, b, weights)
            if pairing is not None:
                found.append(pairing)
    found.sort(key=lambda p: (-p.score, p.first, p.second))
    return found


def _solve_matching(
    n_vertices: int, edges: Sequence[tuple[int, int, float]], time_limit: float
) -> tuple[list[int], str]:
    """Indices of the edges of a maximum-weight matching (HiGHS, exact unless the time
    limit stops it first with a feasible matching)."""
    highs = new_highs(time_limit=time_limit, threads=THREADS)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)
    n = len(edges)
    costs = np.array([w for _u, _v, w in edges], dtype=np.float64)
    starts = np.arange(0, 2 * n + 1, 2, dtype=np.int32)
    index = np.array([x for u, v, _w in edges for x in (u, v)], dtype=np.int32)
    values = np.ones(2 * n, dtype=np.float64)
    highs.passModel(
        n,
        n_vertices,
        2 * n,
        1,  # column-wise
        -1,  # maximise
        0.0,
        costs,
        np.zeros(n),
        np.ones(n),
        np.full(n_vertices, -highspy.kHighsInf),
        np.ones(n_vertices),
        starts,
        index,
        values,
        np.ones(n, dtype=np.int32),
    )
    highs.run()
    model_status = highs.getModelStatus()
    feasible = highs.getInfo().primal_solution_status == highspy.kSolutionStatusFeasible
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = "optimal"
    elif model_status == highspy.HighsModelStatus.kTimeLimit and feasible:
        status = "time_limit"
    else:
        raise RuntimeError(f"the matching was not solved: {model_status}")
    solution = highs.getSolution().col_value
    return [k for k in range(n) if solution[k] > 0.5], status


def propose(
    candidates: Sequence[Candidate],
    *,
    weights: Weights = Weights(),
    excluded: Iterable[frozenset[int]] = (),
    time_limit: float = 60.0,
) -> Result:
    """The pairs of maximum total score, each candidate in at most one pair."""
    pairs = candidate_pairs(candidates, weights=weights, excluded=excluded)
    if not pairs:
        return Result((), 0.0, "empty", tuple(sorted(c.id for c in candidates)))
    position = {c.id: k for k, c in enumerate(candidates)}
    edges = [(position[p.first], position[p.second], p.score) for p in pairs]
    picked, status = _solve_matching(len(candidates), edges, time_limit)
    chosen = [pairs[k] for k in picked]
    chosen.sort(key=lambda p: (-p.score, p.first, p.second))
    matched = {p.first for p in chosen} | {p.second for p in chosen}
    return Result(
        tuple(chosen),
        round(sum(p.score for p in chosen), 6),
        status,
        tuple(sorted(c.id for c in candidates if c.id not in matched)),
    )
