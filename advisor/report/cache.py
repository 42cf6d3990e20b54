"""A disk cache of rendered PDFs, keyed by what the report shows.

Files live under `<directory>/<owner>/`: deleting an assessment deletes its owner folder, and a new
note or comparison changes the context, so the key, so a stale PDF is never served.

Two names lead to one file. The content file `.content/<content key>.pdf` is named by a hash of the
report's HTML (with the templates, the stylesheet and the renderer's version): what the PDF is made
of. Each context that rendered to it gets a hard link `<context key>.pdf` beside the folder, so a
repeated request finds its PDF without building any HTML. The short and the full report, the
owner's and the advisor's copy and the four languages are different contexts; when two of them
make the same HTML (a language with no words of its own yet, a copy whose extra part is empty), the
second finds the first's content file and WeasyPrint runs once: a variant costs a Jinja render, not
a PDF render.

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
import secrets
import shutil
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ..paths import PACKAGE_DIR, packaged_or_checkout


def _render_html(context: dict[str, Any]) -> str:
    from .render import render_html  # WeasyPrint loads at the first render, not with the cache

    return render_html(context)


def _pdf_of_html(markup: str) -> bytes:
    from .render import pdf_of_report_html

    return pdf_of_report_html(markup)


# Bump when the renderer's code (render.py, textlayer.py) changes what a PDF looks like; the
# templates, the stylesheet and the catalogues key the cache by their own digests.
TEMPLATE_VERSION = "report-5"  # report-5: content files shared by contexts that make the same HTML
NOTED_PREFIX = "n-"
CONTENT_DIR = ".content"  # hidden: a listing of an owner's PDFs shows one name per context
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


def _folder_digest(folder: Path) -> bytes:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


@cache
def template_digest() -> str:
    """sha256 of the report's templates and static files (read once per process: they ship with the
    package and change only with a new release, which restarts the workers)."""
    digest = hashlib.sha256(_folder_digest(packaged_or_checkout("templates") / "report"))
    digest.update(_folder_digest(PACKAGE_DIR / "static" / "report"))
    return digest.hexdigest()


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _canonical(context: dict[str, Any]) -> str:
    return json.dumps(context, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def cache_key(context: dict[str, Any]) -> str:
    """sha256 over the canonical JSON of the context (which names its language and the digest of that
    language's compiled catalogues, so a translation fix never serves an old PDF), the templates'
    digest and the renderer's version."""
    return _hash(TEMPLATE_VERSION, template_digest(), _canonical(context))


def content_key(markup: str) -> str:
    """sha256 over the report's HTML, the static files' digest and the renderer's version: equal
    for every context whose PDF would come out the same."""
    return _hash(TEMPLATE_VERSION, template_digest(), markup)


class PdfCache:
    """By default the HTML is made once, hashed for the content file, and laid out by WeasyPrint on
    a miss. `render` stands in for the whole context → PDF step (tests count renders with it); its
    content is then the context itself, unless `html` says what it would look like."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        render: Callable[[dict[str, Any]], bytes] | None = None,
        *,
        html: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self._render = render
        self._html = html or (_render_html if render is None else _canonical)

    def _owner_dir(self, owner: str) -> Path:
        # Owners name folders: letters, digits, '-' and '_' only, so no '..', '/' or hidden files.
        if not isinstance(owner, str) or not OWNER_RE.fullmatch(owner):
            raise ValueError(f"invalid cache owner: {owner!r}")
        return self.directory / owner

    @staticmethod
    def _prefix(context: dict[str, Any]) -> str:
        # A report that shows notes is named apart (`n-...pdf`): adding or deleting a note drops
        # exactly these files (`delete_noted`), so a deleted note's text is not left on disk.
        return NOTED_PREFIX if context.get("notes") else ""

    def path_for(self, owner: str, context: dict[str, Any]) -> Path:
        """Where this context's PDF is once rendered (no HTML is built to find it)."""
        return self._owner_dir(owner) / f"{self._prefix(context)}{cache_key(context)}.pdf"

    def get_or_render(self, owner: str, context: dict[str, Any]) -> tuple[bytes, bool]:
        """(pdf, True) when no render was needed (this context's file, or another context's with the
        same content), else renders, stores and returns (pdf, False)."""
        path = self.path_for(owner, context)
        try:
            return path.read_bytes(), True
        except (FileNotFoundError, NotADirectoryError):  # not rendered yet (or no cache folder at all)
            pass
        markup = self._html(context)
        content = path.parent / CONTENT_DIR / f"{self._prefix(context)}{content_key(markup)}.pdf"
        try:
            pdf, hit = content.read_bytes(), True
        except (FileNotFoundError, NotADirectoryError):
            pdf = self._render(context) if self._render is not None else _pdf_of_html(markup)
            hit = False
        try:
            content.parent.mkdir(parents=True, exist_ok=True)
            if not hit:
                self._write(content, pdf, keep_existing=True)
            self._link(content, path, pdf)
        except OSError as exc:
            raise self._unwritable(exc) from exc
        if not context.get("notes"):
            self._note_latest(path, context, pdf)
        return pdf, hit

    @staticmethod
    def _write(path: Path, data: bytes, keep_existing: bool = False) -> None:
        """Write then rename: a reader sees the whole old file or the whole new one, never a part.
        With `keep_existing` the first of concurrent writers wins (content files: their names are
        their bytes), so every alias linked to it shares one file on disk."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            if keep_existing:
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    pass
                except OSError:  # no hard links here
                    os.replace(tmp, path)
            else:
                os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)

    def _link(self, content: Path, alias: Path, data: bytes) -> None:
        """`alias` as a second name of `content` (one file on disk); a copy where hard links fail."""
        tmp = alias.with_name(f".tmp-link-{secrets.token_hex(8)}.pdf")
        try:
            os.link(content, tmp)
            os.replace(tmp, alias)
        except OSError:  # no hard links here, or the content file went meanwhile: a copy of its own
            self._write(alias, data)
        finally:
            # rename() between two names of one file (another thread linked it first) does nothing
            # and leaves the temporary name.
            tmp.unlink(missing_ok=True)

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

    def count(self, owner: str) -> int:
        """How many PDFs this owner has in the cache (a content file and its names count once)."""
        folder = self._owner_dir(owner)
        if not folder.is_dir():
            return 0
        return _files(p for p in folder.iterdir() if p.suffix == ".pdf" and not p.name.startswith("."))

    def delete_noted(self, owner: str) -> int:
        """Deletes this owner's cached PDFs that show notes; returns how many files went (a content
        file and its names count once)."""
        folder = self._owner_dir(owner)
        if not folder.is_dir():
            return 0
        doomed = [*folder.glob(f"{NOTED_PREFIX}*.pdf"), *(folder / CONTENT_DIR).glob(f"{NOTED_PREFIX}*.pdf")]
        count = self.count(owner)
        for path in doomed:
            path.unlink(missing_ok=True)
        return count - self.count(owner)

    def delete_owner(self, owner: str) -> int:
        """Deletes every cached PDF of one owner; returns how many files went."""
        folder = self._owner_dir(owner)
        if not folder.is_dir():
            return 0
        count = self.count(owner)
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


def _files(paths: Any) -> int:
    """How many distinct files the paths name (hard links to one file count once)."""
    inodes = set()
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        inodes.add((stat.st_dev, stat.st_ino))
    return len(inodes)
