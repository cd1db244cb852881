"""A small tokeniser that treats every script the exchange receives alike.

No language detection and no dictionaries: case and accent folding, a few Arabic
spelling normalisations, prefix truncation as a crude stemmer for inflected languages
(French, Ukrainian, German...), and character bigrams for Japanese and Chinese, which are
written without spaces. Good enough for a lexical signal; meaning across languages comes
from the embedder.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from bm25s import stopwords as bm25s_stopwords

PREFIX_LENGTH = 6

_WORD = re.compile(r"\w+")
# Han, Hiragana and Katakana runs: no spaces between words, so they become bigrams.
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Alef with hamza or madda -> bare alef, ta marbuta -> ha, alef maksura -> ya, no tatweel.
_ARABIC = str.maketrans(
    {
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0622": "\u0627",
        "\u0629": "\u0647",
        "\u0649": "\u064a",
        "\u0640": None,
    }
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC)


@cache
def _stopwords() -> frozenset[str]:
    lists = [
        bm25s_stopwords.STOPWORDS_EN,
        bm25s_stopwords.STOPWORDS_GERMAN,
        bm25s_stopwords.STOPWORDS_FRENCH,
        bm25s_stopwords.STOPWORDS_SPANISH,
        bm25s_stopwords.STOPWORDS_PORTUGUESE,
        bm25s_stopwords.STOPWORDS_ITALIAN,
        bm25s_stopwords.STOPWORDS_DUTCH,
    ]
    extra = json.loads((Path(__file__).with_name("stopwords.json")).read_text("utf-8"))
    lists += [words for code, words in extra.items() if code != "about"]
    return frozenset(_fold(word) for words in lists for word in words)


def _word_tokens(word: str) -> list[str]:
    if word.isdigit() or len(word) < 2 or word in _stopwords():
        return []
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return [word[:PREFIX_LENGTH]]


def _cjk_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokenise(text: str) -> list[str]:
    tokens: list[str] = []
    for match in _WORD.finditer(_fold(text)):
        word = match.group()
        position = 0
        for cjk in _CJK_RUN.finditer(word):
            tokens += _word_tokens(word[position : cjk.start()])
            tokens += _cjk_tokens(cjk.group())
            position = cjk.end()
        tokens += _word_tokens(word[position:])
    return tokens
