"""The indicator definitions: one editable TOML file (name, level, weight, weight source, citation).

The packaged file ``indicators.toml`` cites its sources; a user may point the ``indicators_file``
setting at an edited copy. Loading validates every entry, so a typo in a user's file is one clear
error, never a silently ignored indicator. Each text indicator's patterns compile into one regular
expression; one alternation of all indicators would be no faster (measured) and would hide
overlapping matches ("out of town girls" is both movement and third-person language).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from threadline.errors import ConfigError

PACKAGED = Path(__file__).with_name("indicators.toml")
LEVELS = ("ad", "edit", "network")


@dataclass(frozen=True, slots=True)
class Indicator:
    name: str
    level: str  # ad | edit | network
    description: str
    weight: float  # log-odds points added to a network's risk score
    weight_source: str
    citation: str
    patterns: tuple[str, ...] = ()
    threshold: float = 0.0  # network level: value above which the indicator starts to count
    saturate: float = 1.0  # network level: value at which it counts in full


@dataclass(frozen=True, slots=True)
class Rules:
    indicators: tuple[Indicator, ...]
    scanners: tuple[tuple[str, re.Pattern[str]], ...]  # (indicator, its patterns as one expression)
    source: str  # the file they came from

    def get(self, name: str) -> Indicator:
        for ind in self.indicators:
            if ind.name == name:
                return ind
        raise KeyError(name)

    def weight(self, name: str) -> float:
        return self.get(name).weight

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.indicators)

    def of_level(self, level: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.level == level)


def _indicator(raw: object, where: str) -> Indicator:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: each [[indicator]] must be a table")
    missing = [k for k in ("name", "level", "description", "weight", "weight_source", "citation") if k not in raw]
    if missing:
        raise ConfigError(f"{where}: indicator {raw.get('name', '?')!r} lacks {', '.join(missing)}")
    name = str(raw["name"])
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", name):
        raise ConfigError(f"{where}: indicator name {name!r} must be lower_snake_case, at most 40 characters")
    if raw["level"] not in LEVELS:
        raise ConfigError(f"{where}: indicator {name!r}: level must be one of {', '.join(LEVELS)}")
    patterns = tuple(str(p) for p in raw.get("patterns", ()))
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ConfigError(f"{where}: indicator {name!r}: bad pattern {p!r}: {exc}") from None
    try:
        return Indicator(
            name,
            str(raw["level"]),
            str(raw["description"]),
            float(raw["weight"]),
            str(raw["weight_source"]),
            str(raw["citation"]),
            patterns,
            float(raw.get("threshold", 0.0)),
            float(raw.get("saturate", 1.0)),
        )
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: indicator {name!r}: weight, threshold and saturate must be numbers") from None


def _scanners(indicators: tuple[Indicator, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    flags = re.IGNORECASE | re.MULTILINE
    return tuple(
        (i.name, re.compile("|".join(f"(?:{p})" for p in i.patterns), flags)) for i in indicators if i.patterns
    )


@lru_cache(maxsize=8)
def load_rules(path: str = "") -> Rules:
    """The indicators of ``path`` (the packaged file when empty)."""
    file = Path(path) if path else PACKAGED
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read indicators file {file}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"indicators file {file} is not valid TOML: {exc}") from None
    raws = data.get("indicator", [])
    if not isinstance(raws, list) or not raws:
        raise ConfigError(f"indicators file {file} defines no [[indicator]] tables")
    indicators = tuple(_indicator(r, str(file)) for r in raws)
    names = [i.name for i in indicators]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"indicators file {file}: duplicate indicator {', '.join(dupes)}")
    return Rules(indicators, _scanners(indicators), str(file))
