"""The plans' Word documents, kept in the cache by the hash of what they are made from.

A document is made from the school's record, the plan (or training plan) and the sample mark,
by plansite's code: the key is the hash of those (the models as JSON) and of plansite's code, so
another plan or another plansite never reuses an entry. Entries live in .plansite-cache/docx/,
bound to this machine's secret like every cache entry (check/trust.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..check.cache import DIRNAME, EntryStore, code_digest
from . import docx

MAKERS = {"plan": docx.plan_docx, "training": docx.training_docx}


class DocxCache(EntryStore):
    def __init__(self, root: Path):
        super().__init__(root.resolve() / DIRNAME / "docx")

    def document(self, kind: str, school, doc, sample: bool, source_key: str | None = None) -> bytes:
        """The document's bytes, from the cache or made. doc may be a function that gives the plan,
        called only when it is needed. source_key, the school cache's key of the files the school
        was loaded from (check/cache.py), stands for the school's record and plans when given."""
        h = hashlib.sha256(f"{code_digest()}\0{kind}\0{sample}\0".encode())
        if source_key is not None:
            h.update(b"school files\0" + source_key.encode())
        else:
            h.update(school.model_dump_json().encode() + b"\0" + _doc(doc).model_dump_json().encode())
        key = h.hexdigest()
        data = self.get_bytes(key)
        if data is None:
            data = MAKERS[kind](school, _doc(doc), sample)
            self.put_bytes(key, data)
        return data


def _doc(doc):
    return doc() if callable(doc) else doc


@dataclass
class DocJob:
    """One Word document still to make: where it goes and what it is made from."""

    path: str
    kind: str  # "plan" or "training"
    school: object
    doc: object  # the plan, or a function that gives it (read when the document is made)
    sample: bool
    source_key: str | None = None  # the school cache's key of its files, when it has one

    def make(self, store: DocxCache | None) -> bytes:
        """Its bytes: from the store when it has them, else made (and stored)."""
        if store is not None:
            return store.document(self.kind, self.school, self.doc, self.sample, self.source_key)
        return MAKERS[self.kind](self.school, _doc(self.doc), self.sample)
