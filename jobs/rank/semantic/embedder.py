"""The semantic ranker's I/O side: load the model once (lazily, in the digest worker), embed
each text once, keeping its vector in the catalog (store/embeddings.py) so every group and every
later digest reuses it, and rerank a group's lexical order with it.

It runs in the digest worker thread. In the running bot it keeps vectors through the catalog's
one writer (waited for in that thread); without one (benches, an in-memory catalog) through a
connection of its own per thread, each tracked and closed by close().
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import numpy as np

from jobs.rank.catalog_model import CatalogModel
from jobs.rank.lexical import Ranked, explain
from jobs.rank.listing_index import ListingIndex, RankInput
from jobs.rank.semantic.bert import Array
from jobs.rank.semantic.encoder import TextEncoder
from jobs.rank.semantic.errors import EncodingStopped
from jobs.rank.semantic.onnx_encoder import load_text_encoder
from jobs.rank.semantic.ranker import EmbeddedListing, SemanticProfile, add_meaning_reasons, fuse
from store.chinese import CJK_TEXT_RUN
from store.db import BUSY_TIMEOUT_MS, Database, connect, open_db
from store.digests import CatalogText
from store.embeddings import prune_vectors, save_vectors, use_vectors
from store.workers import CatalogWorkers

P = ParamSpec("P")
T = TypeVar("T")
KEEP_UNUSED = timedelta(days=30)  # a vector no digest used for this long is dropped
CHUNK = 64  # texts encoded and stored together: a stop or a crash loses at most these
_SPACES = re.compile(r"\s+")


def english_text(text: str) -> str:
    """The text an English model can read: Chinese (and other CJK) runs dropped."""
    return _SPACES.sub(" ", CJK_TEXT_RUN.sub(" ", text)).strip()


def paper_text(title: str, abstract: str) -> str:
    """How a paper is embedded: its title, then its abstract."""
    return english_text(f"{title}. {abstract}" if abstract else title)


class SemanticRanker:
    """A model folder and the catalog its vectors are kept in."""

    def __init__(
        self, folder: Path, db_path: Path | None, catalog: CatalogWorkers | None = None
    ) -> None:
        self.folder, self.db_path = folder, db_path  # db_path None: vectors kept in memory
        self.catalog = catalog if catalog is not None and catalog.threaded else None
        self._encoder: TextEncoder | None = None
        self._loading = threading.Lock()
        self._local = threading.local()
        self._opened: list[Database] = []  # every thread's connection, closed by close()
        self._stop = threading.Event()  # set by close(): a running encode gives up
        self.encoded = 0  # texts run through the model (the rest came from the catalog)

    @property
    def db(self) -> Database:
        """This thread's connection to the catalog."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            opened = open_db(self.db_path)  # creates and migrates the file if need be
            if self.db_path is not None:  # one that close() may close from another thread
                opened.conn.close()
                opened = connect(Path(self.db_path), BUSY_TIMEOUT_MS, any_thread=True)
            with self._loading:
                self._opened.append(opened)
            db = self._local.db = opened
        return db

    def stop(self) -> None:
        """Make a running encode give up at its next batch (a stop signal came)."""
        self._stop.set()

    def close(self) -> None:
        """Stop a running encode, then close every connection a thread opened (at shutdown)."""
        self.stop()
        with self._loading:
            opened, self._opened = self._opened, []
        for db in opened:
            # an in-memory one cannot be closed from another thread: it goes with its thread
            with contextlib.suppress(sqlite3.ProgrammingError):
                db.conn.close()

    def _write(
        self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Through the one writer when the bot runs, else on this thread's own connection."""
        if self.catalog is not None:
            return self.catalog.write_from_thread(fn, *args, **kwargs)
        return fn(self.db, *args, **kwargs)

    def encoder(self) -> TextEncoder:
        """The model, loaded on first use (about a second and 180 MB)."""
        with self._loading:
            if self._encoder is None:
                self._encoder = load_text_encoder(self.folder)
            return self._encoder

    def embed(self, texts: Sequence[str], day: date) -> Array:
        """Unit vectors for `texts`, from the catalog where stored, else computed and stored;
        raises EncodingStopped once close() was called (its connections are going away)."""
        try:
            return self._embed(texts, day)
        except sqlite3.ProgrammingError:  # a connection close() closed under us
            if self._stop.is_set():
                raise EncodingStopped("stopping") from None
            raise

    def _embed(self, texts: Sequence[str], day: date) -> Array:
        if self._stop.is_set():
            raise EncodingStopped("stopping")
        encoder = self.encoder()
        keys = [text_key(encoder.name, text) for text in texts]
        stored = self._write(use_vectors, encoder.name, keys, day)
        missing = list(dict.fromkeys(k for k in keys if k not in stored))
        first = {key: text for key, text in zip(keys, texts, strict=True)}
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            fresh = encoder.encode([first[key] for key in chunk], stop=self._stop)
            self.encoded += len(chunk)
            new = {key: row.astype("<f2").tobytes() for key, row in zip(chunk, fresh, strict=True)}
            self._write(save_vectors, encoder.name, new, day)
            stored.update(new)
        rows = np.zeros((len(texts), encoder.dimensions), dtype=np.float32)
        for row, key in enumerate(keys):
            rows[row] = np.frombuffer(stored[key], dtype="<f2")
        return rows

    def listing(self, candidates: Sequence[RankInput], day: date) -> EmbeddedListing:
        """A listing's candidates, embedded once for every group that ranks it."""
        self._write(prune_vectors, day - KEEP_UNUSED)
        vectors = self.embed([paper_text(c.title, c.abstract) for c in candidates], day)
        return EmbeddedListing(tuple(c.arxiv_id for c in candidates), vectors)

    def embed_entries(self, catalog: Sequence[CatalogText], day: date) -> int:
        """Store the vectors of catalog entries not stored yet (done when the catalog changes,
        so the group's digests find them); how many were encoded."""
        before = self.encoded
        self.embed([text for _, text in entry_texts(catalog)], day)
        return self.encoded - before

    def profile(
        self, catalog: Sequence[CatalogText], keywords: Sequence[str], day: date
    ) -> SemanticProfile:
        """A group's catalog entries and wanted keyword phrases (their English part)."""
        entries = entry_texts(catalog)
        phrases = [english_text(k) for k in keywords if not k.strip().startswith("-")]
        phrases = list(dict.fromkeys(p for p in phrases if p))
        vectors = self.embed([text for _, text in entries] + phrases, day)
        return SemanticProfile(
            tuple(t.title or t.key for t, _ in entries),
            tuple(t.has_notes for t, _ in entries),
            vectors[: len(entries)],
            tuple(phrases),
            vectors[len(entries) :],
        )

    def rerank(
        self,
        embedded: EmbeddedListing,
        catalog: Sequence[CatalogText],
        keywords: Sequence[str],
        lexical: Sequence[Ranked],
        index: ListingIndex,
        model: CatalogModel | None,
        size: int,
        day: date,
    ) -> list[Ranked]:
        """The group's lexical order fused with the semantic one, the first `size` explained
        (lexical reasons, else meaning) and those with a reason first."""
        profile = self.profile(catalog, keywords, day)
        fused = fuse(lexical, embedded, profile)
        explained = add_meaning_reasons(explain(index, model, fused, size), embedded, profile, size)
        # As the lexical digest does: of the papers explained, those with a reason go first.
        explained[:size] = sorted(explained[:size], key=lambda r: r.reasons[0].kind == "order")
        return explained


def entry_texts(catalog: Sequence[CatalogText]) -> list[tuple[CatalogText, str]]:
    """Each catalog entry with the text it is embedded as (entries with none left out)."""
    entries = [(t, english_text(t.text)) for t in catalog]
    return [(t, text) for t, text in entries if text]


def text_key(model: str, text: str) -> str:
    """What a stored vector is found by: the model and the exact text embedded."""
    return hashlib.sha256(f"{model}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
