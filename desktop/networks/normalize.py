"""DNA's normalisations of one-mode (congruence and conflict) networks, as published.

Source: Leifeld, Gruber and Bossner, *Discourse Network Analyzer Manual* (DNA 2.0,
2018), chapter 2, "Normalisation for One-Mode Networks" (repository leifeld/dna,
manual/dna-manual.Rnw); Leifeld (2017), "Discourse network analysis: policy debates as
dynamic networks", Oxford Handbook of Political Networks.

Notation: x_ijk counts how often actor i relates to item j (a target, an allegation)
with qualifier level k; a profile is {(j, k): x_ijk}; the activity of i is
a_i = sum_j sum_k x_ijk; w is the raw edge weight between i and i'.

- average:  w / (1/2 (a_i + a_i'))
- jaccard:  w / (sum_jk x_ijk [x_i'jk = 0] + sum_jk x_i'jk [x_ijk = 0] + sum_jk x_ijk x_i'jk)
- cosine:   w / (sqrt(a_i^2) sqrt(a_i'^2)) = w / (a_i a_i')

The cosine denominator is the product of the two activities, as the manual writes it
(not the Euclidean norms of the profiles). A zero denominator (only possible when w is
zero) gives 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Profile = Mapping[Any, int]
NORMALIZATIONS = ("average", "jaccard", "cosine")


def activity(profile: Profile) -> int:
    """a_i: the sum of an actor's counts over items and qualifier levels."""
    return sum(profile.values())


def average(weight: float, mine: Profile, theirs: Profile) -> float:
    """w divided by the mean activity of the two actors."""
    return _divided(weight, (activity(mine) + activity(theirs)) / 2)


def jaccard(weight: float, mine: Profile, theirs: Profile) -> float:
    """w divided by the counts only one actor has plus the products of shared counts."""
    only_mine = sum(n for key, n in mine.items() if not theirs.get(key))
    only_theirs = sum(n for key, n in theirs.items() if not mine.get(key))
    shared = sum(n * theirs.get(key, 0) for key, n in mine.items())
    return _divided(weight, only_mine + only_theirs + shared)


def cosine(weight: float, mine: Profile, theirs: Profile) -> float:
    """w divided by the product of the two activities."""
    return _divided(weight, activity(mine) * activity(theirs))


def _divided(weight: float, denominator: float) -> float:
    return weight / denominator if denominator else 0.0


def normalizer(name: str) -> Callable[[float, Profile, Profile], float]:
    """The normalisation called `name` (one of NORMALIZATIONS)."""
    functions = {"average": average, "jaccard": jaccard, "cosine": cosine}
    if name not in functions:
        raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}, got {name!r}")
    return functions[name]
