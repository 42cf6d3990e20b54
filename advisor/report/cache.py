"""A disk cache of rendered PDFs, keyed by a hash of everything the report shows.

Files live under `<directory>/<owner>/<key>.pdf`: deleting an assessment deletes its owner folder,
and a new note or comparison changes the context, so the key, so a stale PDF is never served.
Beside them, `about-<variant>-<language>.json` says which file is the latest report of that kind
without notes, with its size and pages: the results page names them on its download links without
building a context or rendering anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _render_pdf(context: dict[str, Any]) -> bytes:
    from .render import render_pdf  # WeasyPrint loads at the first render, not with the cache

    return render_pdf(context)


# Bump when the template, the CSS or the context builder changes what a PDF looks like.
TEMPLATE_VERSION = "report-5"  # report-5: the short report's own template, headers follow sections
NOTED_PREFIX = "n-"
OWNER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
_STREAM = re.compile(rb"stream\r?\n")
_PDF_NAME = re.compile(r"[0-9a-f]{64}\.pdf")


def page_count(pdf: bytes) -> int | None:
    """The number of pages of a PDF this app wrote (the page tree's /Count), None if not found.

    WeasyPrint puts the page tree in a compressed object stream, so the Flate streams are opened one
    by one until it shows up; no PDF library is needed at run time for one number."""
    found = _PAGES.search(pdf)
    for m in [] if found else _STREAM.finditer(pdf):
        end = pdf.find(b"endstream", m.end())
        try:
            found = _PAGES.search(zlib.decompressobj().decompress(pdf[m.end() : end]))
        except zlib.error:
            continue
        if found:
            break
    return int(found.group(1) or found.group(2)) if found else None


class CacheWriteError(OSError):
    """The rendered PDF could not be stored (a full disk, a folder the worker may not write): an
    operator's problem, which the download page names instead of "preparing" for ever."""


def cache_key(context: dict[str, Any]) -> str:
    """sha256 over the canonical JSON of the context (which names its language and the digest of that
    language's compiled catalogues, so a translation fix never serves an old PDF) and the template
    version."""
    canonical = json.dumps(context, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256()
    for part in (TEMPLATE_VERSION, canonical):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class PdfCache:
    def __init__(
        self, directory: str | os.PathLike[str], render: Callable[[dict[str, Any]], bytes] = _render_pdf
    ) -> None:
        self.directory = Path(directory)
        self._render = render

    def _owner_dir(self, owner: str) -> Path:
        # Owners name folders: letters, digits, '-' and '_' only, so no '..', '/' or hidden files.
        if not isinstance(owner, str) or not OWNER_RE.fullmatch(owner):
            raise ValueError(f"invalid cache owner: {owner!r}")
        return self.directory / owner

    def path_for(self, owner: str, context: dict[str, Any]) -> Path:
        # A report that shows notes is named apart (`n-<key>.pdf`): adding or deleting a note drops
        # exactly these files (`delete_noted`), so a deleted note's text is not left on disk.
        prefix = NOTED_PREFIX if context.get("notes") else ""
        return self._owner_dir(owner) / f"{prefix}{cache_key(context)}.pdf"

    def get_or_render(self, owner: str, context: dict[str, Any]) -> tuple[bytes, bool]:
        """(pdf, True) when served from the cache, else renders, stores and returns (pdf, False)."""
        path = self.path_for(owner, context)
        try:
            return path.read_bytes(), True
        except (FileNotFoundError, NotADirectoryError):  # not rendered yet (or no cache folder at all)
            pass
        pdf = self._render(context)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename: a reader sees the whole old file or the whole new one, never a part.
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
        except OSError as exc:
            raise self._unwritable(exc) from exc
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise self._unwritable(exc) from exc
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if not context.get("notes"):
            self._note_latest(path, context, pdf)
        return pdf, False

    def _about_path(self, owner: str, variant: str, language: str) -> Path:
        if not OWNER_RE.fullmatch(f"{variant}-{language}"):
            raise ValueError(f"invalid report kind: {variant!r}, {language!r}")
        return self._owner_dir(owner) / f"about-{variant}-{language}.json"

    def _note_latest(self, path: Path, context: dict[str, Any], pdf: bytes) -> None:
        about = {"file": path.name, "bytes": len(pdf), "pages": page_count(pdf)}
        target = self._about_path(path.parent.name, str(context.get("variant")), str(context.get("language")))
        with contextlib.suppress(OSError):  # only the link's words depend on it; the PDF is stored
            target.write_text(json.dumps(about), encoding="utf-8")

    def about(self, owner: str, variant: str, language: str) -> dict[str, int] | None:
        """{"bytes": ..., "pages": ...} of the latest stored report of this kind without notes, while
        its file is still there; None when there is none (nothing is rendered to find out)."""
        try:
            about = json.loads(self._about_path(owner, variant, language).read_text(encoding="utf-8"))
            name = str(about["file"])
            if not _PDF_NAME.fullmatch(name) or not (self._owner_dir(owner) / name).is_file():
                return None
            if not about.get("pages"):
                return None
            return {"bytes": int(about["bytes"]), "pages": int(about["pages"])}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _unwritable(self, exc: OSError) -> CacheWriteError:
        return CacheWriteError(exc.errno, f"PDF cache {self.directory} is not writable: {exc.strerror}")

    def delete_noted(self, owner: str) -> int:
        """Deletes this owner's cached PDFs that show notes; returns how many went."""
        folder = self._owner_dir(owner)
        if not folder.is_dir():
            return 0
        doomed = list(folder.glob(f"{NOTED_PREFIX}*.pdf"))
        for path in doomed:
            path.unlink(missing_ok=True)
        return len(doomed)

    def delete_owner(self, owner: str) -> int:
        """Deletes every cached PDF of one owner; returns how many files went."""
        folder = self._owner_dir(owner)
        if not folder.is_dir():
            return 0
        count = sum(1 for p in folder.iterdir() if p.suffix == ".pdf" and not p.name.startswith("."))
        shutil.rmtree(folder)
        return count

    def clear(self) -> int:
        """Deletes the whole cache; returns how many PDFs went."""
        if not self.directory.is_dir():
            return 0
        count = 0
        for folder in self.directory.iterdir():
            if folder.is_dir() and OWNER_RE.fullmatch(folder.name):
                count += self.delete_owner(folder.name)
        return count
