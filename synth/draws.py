"""Random draws the value model needs, on a given random.Random (never the global one).

Counts in these reports are small for most agencies and heavy-tailed across them, so exact
sampling is used for small counts and normal approximations only where a count is large.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from itertools import accumulate

_EXACT = 40  # up to this many trials, sample trial by trial


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


def binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n <= _EXACT:
        return sum(rng.random() < p for _ in range(n))
    if n * p < 10:
        return min(n, poisson(rng, n * p))
    if n * (1 - p) < 10:
        return n - min(n, poisson(rng, n * (1 - p)))
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


def multinomial(rng: random.Random, n: int, weights: Sequence[float]) -> list[int]:
    """n items spread over len(weights) cells in proportion to the weights."""
    k = len(weights)
    if n <= 0:
        return [0] * k
    if n <= _EXACT:
        counts = [0] * k
        for i in rng.choices(range(k), cum_weights=list(accumulate(weights)), k=n):
            counts[i] += 1
        return counts
    counts, left, rest = [], n, float(sum(weights))
    for w in weights[:-1]:
        x = binomial(rng, left, w / rest) if rest > 0 else 0
        counts.append(x)
        left -= x
        rest -= w
    counts.append(left)
    return counts


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


def jitter(rng: random.Random, weights: Sequence[float], sigma: float = 0.7) -> list[float]:
    """Weights varied per agency and year (a log-normal factor on each)."""
    return [w * math.exp(rng.gauss(0.0, sigma)) for w in weights]


def decimal_text(value: float, places: int) -> str:
    """A decimal as a report prints it: at most `places` decimals, no trailing zeros."""
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
