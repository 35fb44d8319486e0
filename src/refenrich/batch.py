"""Batch checks over many documents that can be interrupted and resumed.

``refenrich check DIR_OR_FILES... --resume [STATE]`` reads every document (directories
recursively: ``*.txt``, ``*.bib`` (read as BibTeX entries) and whatever
:mod:`refenrich.documents` reads), checks every
reference through the async pipeline (:func:`refenrich.check.acheck_references`), so
look-ups from all documents overlap within Crossref's limits, and appends each result
to a JSON Lines state file the moment it is known.

The state file (default :data:`DEFAULT_STATE_FILE` in the working directory) holds one
object a line:

- ``{"kind": "document", "document": PATH, "sha256": ..., "references": N}`` once a
  document has been read and split;
- ``{"kind": "result", "document": PATH, "sha256": ..., "index": I, "result": {...}}``
  for each reference checked (``result`` is a :class:`~refenrich.models.CheckResult`);
- ``{"kind": "document_check", "document": PATH, "sha256": ..., "check": {...}}`` for a
  document checked as a REF case study once all its references are (``check`` is the
  ``{"kind": "document", ...}`` object of ``--format jsonl``, with its findings).

From the command line each document recognised as a case study (every document with
``--exercise``) gets the same REF checks as a single file (:func:`refenrich.ref.cli.document_check`),
worked out from its text and its references' results, fresh or resumed; the state keeps
the latest for each version of the document.

Every line is flushed to the operating system as it is written (a killed process loses
nothing it wrote) and fsync'd after each document, every ``fsync_interval`` seconds and
at the end (a crash of the machine loses at most that much). On resume a reference
whose result is in the state is not checked again, unless its status was ``failed``
(the look-up did not complete); a document whose text changed is checked afresh. A
torn last line from a kill mid-write is ignored.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

from refenrich.check import (
    ReferenceItem,
    as_reference,
    doi_to_look_up,
    search_sources,
    split_reference_texts,
)
from refenrich.cli_extras import (
    _AUTO_JOBS,
    DEFAULT_STATE_FILE,
    add_batch_options,
    add_cache_options,
    is_batch,
    open_cache,
)
from refenrich.compare import DEFAULT_RULES, Rule
from refenrich.crossref.client import AsyncCrossrefClient
from refenrich.crossref.protocol import CrossrefSettings
from refenrich.documents import DOCUMENT_SUFFIXES, UNSUPPORTED_SUFFIXES, read_document
from refenrich.errors import InputError
from refenrich.models import CheckResult, DocumentFinding, Reference, Report, Severity, Status
from refenrich.progress import Progress, print_summary_table
from refenrich.ref.check import CaseStudyCheck, summarise
from refenrich.resolve import DoiPrefetch, OneByOne, result_for
from refenrich.sources.base import AsyncWorkSource

if TYPE_CHECKING:  # the pool is imported where a batch uses it: a command's start-up skips it
    from refenrich.parallel import SourceRecipe, WorkerPool

__all__ = [
    "DEFAULT_STATE_FILE",
    "DOCUMENT_NOT_READ",
    "BatchOutcome",
    "DocumentOutcome",
    "StateFile",
    "add_batch_options",
    "add_cache_options",
    "arun_batch",
    "auto_jobs",
    "find_documents",
    "is_batch",
    "open_cache",
    "run_batch_command",
]

_CHUNK = 25
"""References a worker checks per task: small enough to spread a single long document."""


def auto_jobs(cpus: int) -> int:
    """What ``--jobs 0`` means on a machine with ``cpus`` usable CPUs: one worker process
    per CPU but one (left to the process that talks to Crossref), at most
    :data:`_AUTO_JOBS`; with fewer than three CPUs, 1 (no worker processes).

    On two CPUs, two workers beside the parent did not beat one process in our
    measurements (``benchmarks/crossref_cache.py --jobs``), so they are not the default.
    """
    return min(_AUTO_JOBS, cpus - 1) if cpus >= 3 else 1


DOCUMENT_NOT_READ = "document_not_read"
"""The code of the finding a batch adds for each document it could not read."""

_READABLE_SUFFIXES = frozenset({".txt", ".bib"}) | DOCUMENT_SUFFIXES


def _document_items(text: str, path: Path, *, lines: bool) -> tuple[list[ReferenceItem], list[str]]:
    """A document's references in order (a .bib file's entries already parsed) and
    warnings about what could not be read (BibTeX blocks that do not parse)."""
    # BibTeX has a .bib name or starts with "@": only then is the reader worth loading.
    if not lines and (path.suffix.lower() == ".bib" or text.lstrip("\ufeff \t\r\n")[:1] in "@%"):
        from refenrich.bibfile import looks_like_bibtex, read_bib

        if looks_like_bibtex(text, path.name):
            bib = read_bib(text)
            if not bib.entries and bib.failed:
                raise InputError("no BibTeX entry could be read: " + bib.failed[0])
            return [entry.reference for entry in bib.entries], bib.failed
    items, _ = split_reference_texts(text, lines=lines)
    return list(items), []


def find_documents(inputs: Iterable[str | Path]) -> list[Path]:
    """The documents named by ``inputs``: files as given, directories searched recursively.

    In directories only files with a readable suffix (``.txt``, ``.bib``, ``.pdf``,
    ``.docx``) or a known unreadable one (``.doc``, ``.odt``, ``.rtf``, ...: reported as
    not read) are taken, in sorted order; each document appears once.
    """
    # Formats known but not read are taken too: each is then reported as not read.
    suffixes = _READABLE_SUFFIXES | UNSUPPORTED_SUFFIXES.keys()
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if candidate.is_file() and candidate.suffix.lower() in suffixes:
                    found.setdefault(candidate, None)
        elif path.is_file():
            found.setdefault(path, None)
        else:
            raise InputError(f"no such file or directory: {item}")
    return list(found)


def _is_state_line(line: str) -> bool:
    """Whether ``line`` is (the start of) a line a :class:`StateFile` writes."""
    if not line.startswith('{"kind": "'):
        return False
    try:
        record = json.loads(line)
    except ValueError:
        return True  # torn by an interrupted write
    return isinstance(record, dict) and "document" in record and "sha256" in record


@dataclass(slots=True)
class _DocumentState:
    sha256: str
    references: int | None = None
    results: dict[int, CheckResult] = field(default_factory=dict)
    check: dict[str, Any] | None = None


class StateFile:
    """The append-only JSON Lines record of a batch run (see the module docstring)."""

    def __init__(self, path: Path, *, fsync_interval: float = 1.0) -> None:
        self.path = path
        self.fsync_interval = fsync_interval
        self.documents: dict[str, _DocumentState] = {}
        self._handle: IO[str] | None = None
        self._last_sync = time.monotonic()
        self._torn = False
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            # Only "\n" ends a line: str.splitlines would also split at U+2028 and
            # the like, which JSON strings written with ensure_ascii=False may hold.
            lines = self.path.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read the state file {self.path}: {error}") from None
        first = next((line for line in lines if line.strip()), None)
        if first is not None and not _is_state_line(first):
            # Appending to it would damage someone's file: most likely a document that
            # "--resume" took as its optional value ("--resume a.txt b.txt").
            raise InputError(
                f"{self.path} is not a refenrich state file, so --resume will not write to "
                "it; put --resume after the files, or name the state file with "
                "--resume=FILE"
            )
        self._torn = lines[-1] != ""
        for line in lines:
            try:
                record = json.loads(line)
                self._apply(record)
            except (ValueError, KeyError, TypeError):
                continue  # a torn line from an interrupted write

    def _apply(self, record: dict[str, Any]) -> None:
        document, sha = str(record["document"]), str(record["sha256"])
        state = self.documents.get(document)
        if state is None or state.sha256 != sha:
            state = self.documents[document] = _DocumentState(sha)
        if record["kind"] == "document":
            state.references = int(record["references"])
        elif record["kind"] == "result":
            result = CheckResult.model_validate(record["result"])
            state.results[int(record["index"])] = result
        elif record["kind"] == "document_check":
            check = record["check"]
            if not isinstance(check, dict):
                raise TypeError("a document check is an object")
            state.check = check

    def done(self, document: str, sha256: str) -> dict[int, CheckResult]:
        """The completed (not failed) results stored for this version of ``document``."""
        state = self.documents.get(document)
        if state is None or state.sha256 != sha256:
            return {}
        return {i: r for i, r in state.results.items() if r.status is not Status.FAILED}

    def document_check(self, document: str, sha256: str) -> dict[str, Any] | None:
        """The REF document object stored for this version of ``document``, if any."""
        state = self.documents.get(document)
        if state is None or state.sha256 != sha256:
            return None
        return state.check

    def _write(self, record: dict[str, Any]) -> None:
        self._write_line(json.dumps(record, ensure_ascii=False))

    def _write_line(self, line: str) -> None:
        try:
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
                if self._torn:  # an interrupted write left half a line: end it first
                    self._handle.write("\n")
                    self._torn = False
            self._handle.write(line + "\n")
            self._handle.flush()
            if time.monotonic() - self._last_sync >= self.fsync_interval:
                self.sync()
        except OSError as error:
            raise self._unwritable(error) from None

    def _unwritable(self, error: OSError) -> InputError:
        """The error to raise when the state file cannot be written (a full disk), with the
        handle dropped: closing it would try to flush the same bytes again and fail again."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
        return InputError(
            f"cannot write the state file {self.path}: {error.strerror or error}; what was "
            "written before stays, so the same command can resume once it can write"
        )

    def add_document(self, document: str, sha256: str, references: int) -> None:
        """Record that ``document`` (this version) holds ``references`` references."""
        self._write(
            {"kind": "document", "document": document, "sha256": sha256, "references": references}
        )

    def add_result(self, document: str, sha256: str, result: CheckResult) -> None:
        """Record one reference's result."""
        head = json.dumps(
            {"kind": "result", "document": document, "sha256": sha256, "index": result.index},
            ensure_ascii=False,
        )
        # pydantic writes the result's JSON itself: the same object as json.dumps of
        # model_dump(mode="json"), in a third of the time.
        body = result.stored_json()
        self._write_line(f'{head[:-1]}, "result": {body}}}')

    def add_document_check(self, document: str, sha256: str, check: dict[str, Any]) -> None:
        """Record the document's REF checks (the ``{"kind": "document", ...}`` object)."""
        self._write(
            {"kind": "document_check", "document": document, "sha256": sha256, "check": check}
        )
        state = self.documents.get(document)
        if state is None or state.sha256 != sha256:
            state = self.documents[document] = _DocumentState(sha256)
        state.check = check

    def sync(self) -> None:
        """Flush and fsync what was written."""
        if self._handle is not None:
            try:
                self._handle.flush()
                os.fsync(self._handle.fileno())
            except OSError as error:
                raise self._unwritable(error) from None
        self._last_sync = time.monotonic()

    def close(self) -> None:
        """fsync and close."""
        if self._handle is not None:
            self.sync()
            self._handle.close()
            self._handle = None


@dataclass(slots=True)
class DocumentOutcome:
    """One document of a batch: its references' results (in order) or why it was skipped.

    ``text`` and ``sha256`` are the document as read, ``references`` how many it holds;
    ``check`` is its REF case-study check once made (None for other documents);
    ``warnings`` says what of it could not be read (BibTeX blocks that do not parse).
    """

    path: Path
    results: list[CheckResult] = field(default_factory=list)
    error: str | None = None
    text: str | None = None
    sha256: str | None = None
    references: int = 0
    check: CaseStudyCheck | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether it was read and every one of its references has a result."""
        return self.error is None and len(self.results) == self.references

    @property
    def report(self) -> Report:
        """The document's results as a :class:`Report`."""
        return Report(source=str(self.path), results=sorted(self.results, key=lambda r: r.index))


@dataclass(slots=True, repr=False)
class BatchOutcome:
    """A batch run: every document, how many references were checked now or resumed."""

    documents: list[DocumentOutcome]
    checked: int = 0
    resumed: int = 0
    complete: bool = True
    first_pass: int = 0
    """Of ``checked``, how many a :class:`~refenrich.parallel.WorkerPool`'s cache-first
    pass answered."""
    first_pass_cache_hits: int = 0
    """Look-ups that pass answered from the cache."""
    processes: int = 0
    """The worker processes the pass ran in (0: no pool)."""

    def __repr__(self) -> str:
        # Kept short on purpose: on its way out, CPython 3.11's asyncio.run formats the
        # repr of the main task's result (signal.getsignal builds a ValueError message
        # from the SIGINT handler, which holds the task). A full repr of every result
        # cost half a second for 1,000 references.
        return (
            f"BatchOutcome({len(self.documents)} document(s), checked={self.checked}, "
            f"resumed={self.resumed}, complete={self.complete})"
        )

    @property
    def report(self) -> Report:
        """All results of all documents in one report (``index`` counts per document)."""
        return Report(source=None, results=[r for d in self.documents for r in d.report.results])


@dataclass(slots=True)
class _Item:
    document: DocumentOutcome
    key: str
    sha256: str
    index: int
    reference: Reference


async def arun_batch(
    documents: Sequence[Path],
    source: AsyncWorkSource,
    *,
    state: StateFile | None = None,
    lines: bool = False,
    rules: Sequence[Rule] = DEFAULT_RULES,
    workers: int = 32,
    stop_after: int | None = None,
    on_result: Callable[[Path, CheckResult], None] | None = None,
    progress: Progress | None = None,
    pool: WorkerPool | None = None,
    agency: AsyncWorkSource | None = None,
) -> BatchOutcome:
    """Check every reference of ``documents`` against ``source``; resume from ``state``.

    ``workers`` references are in progress at once (the source's own limiter decides how
    many requests actually go). ``stop_after`` ends the run after that many new results
    (a clean, resumable interruption). Unreadable documents are reported, not fatal.
    ``progress`` is started with the number of references to check and advanced per result.
    With a :class:`~refenrich.parallel.WorkerPool` (made with ``rules`` and a view of
    ``source``), references are parsed and, where the cache can answer, checked in its
    worker processes first; the rest go through ``source`` here.
    ``stop_after`` does not stop that first pass (it is for tests of interruption): use
    no pool with it. ``agency`` (e.g. :class:`~refenrich.sources.doiorg.AsyncDoiOrgClient`)
    is asked for DOIs ``source`` does not hold, as in
    :func:`~refenrich.check.acheck_references` (the pool leaves those references to it).
    """
    outcome = BatchOutcome(documents=[])
    queue: asyncio.Queue[_Item] = asyncio.Queue()
    dois: list[str | None] = []  # of the references to check, in queue order
    chunks: list[tuple[DocumentOutcome, str, str, list[tuple[int, ReferenceItem]]]] = []
    for path in documents:
        document = DocumentOutcome(path)
        outcome.documents.append(document)
        try:
            text = read_document(path)
            items, document.warnings = _document_items(text, path, lines=lines)
        except InputError as error:
            document.error = str(error)
            continue
        key = str(path.resolve())
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        document.text, document.sha256, document.references = text, sha, len(items)
        done = state.done(key, sha) if state is not None else {}
        if state is not None and (state.documents.get(key) or _DocumentState("")).sha256 != sha:
            state.add_document(key, sha, len(items))
        todo: list[tuple[int, ReferenceItem]] = []
        for index, item in enumerate(items, start=1):
            stored = done.get(index)
            # Only a result for this very reference is reused: the same text split another
            # way (--lines, or a newer splitter) puts other references at these numbers.
            if stored is not None and stored.raw == (item if isinstance(item, str) else item.raw):
                document.results.append(stored)
                outcome.resumed += 1
            else:
                todo.append((index, item))
        if pool is None:
            for index, item in todo:
                reference = as_reference(item)
                queue.put_nowait(_Item(document, key, sha, index, reference))
                dois.append(doi_to_look_up(reference))
        else:
            chunks.extend(
                (document, key, sha, todo[start : start + _CHUNK])
                for start in range(0, len(todo), _CHUNK)
            )

    stop = asyncio.Event()
    if progress is not None:
        total = queue.qsize() + sum(len(chunk) for *_, chunk in chunks)
        progress.start(total, description=f"Checking {len(documents)} document(s)")

    def record(item_document: DocumentOutcome, key: str, sha: str, result: CheckResult) -> None:
        item_document.results.append(result)
        if state is not None:
            state.add_result(key, sha, result)
        if on_result is not None:
            on_result(item_document.path, result)
        if progress is not None:
            progress.advance()
        outcome.checked += 1

    if pool is not None:
        outcome.processes = pool.jobs

        async def in_pool(
            document: DocumentOutcome, key: str, sha: str, chunk: list[tuple[int, ReferenceItem]]
        ) -> None:
            try:
                answer = await pool.check(chunk)
            except Exception:  # a worker broke: check the chunk here instead
                from refenrich.parallel import ChunkResult

                answer = ChunkResult([], [(index, as_reference(item)) for index, item in chunk])
            outcome.first_pass += len(answer.results)
            outcome.first_pass_cache_hits += answer.cache_hits
            for result in answer.results:
                record(document, key, sha, result)
            for index, reference in answer.pending:
                queue.put_nowait(_Item(document, key, sha, index, reference))
                dois.append(doi_to_look_up(reference))

        await asyncio.gather(*(in_pool(*chunk) for chunk in chunks))

    # What acheck_references([reference], source) does, with the searchable sources
    # worked out once for the batch rather than once per reference, and the DOIs of
    # the whole batch looked up together (in windows, so work starts at once).
    resolver = OneByOne(source, search_sources(source), agency=agency, rules=rules)
    prefetch = DoiPrefetch(dois, source)

    async def work() -> None:
        while not stop.is_set():
            try:
                item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            reference = item.reference
            doi = doi_to_look_up(reference)
            resolved = await resolver.resolve(reference, doi, await prefetch.answers(doi))
            record(
                item.document,
                item.key,
                item.sha256,
                result_for(item.index, reference, resolved, rules),
            )
            if stop_after is not None and outcome.checked >= stop_after:
                stop.set()
            if outcome.checked % 64 == 0:
                # Answers from the cache never wait, so let the loop breathe now and then.
                await asyncio.sleep(0)

    try:
        await asyncio.gather(*(work() for _ in range(max(1, workers))))
    finally:
        await prefetch.aclose()
        if state is not None:
            state.sync()
    outcome.complete = queue.empty()
    return outcome


def run_batch_command(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
    *,
    settings: CrossrefSettings,
) -> Report:
    """The batch form of ``refenrich check``; returns the combined report for the exit code.

    Its ``document_findings`` are every case study's own findings (REF rules, grants).
    """
    inputs = [args.input, *getattr(args, "more", [])]
    if "-" in inputs:
        raise InputError("standard input ('-') cannot be part of a batch; give files")
    documents = find_documents(inputs)
    if not documents:
        raise InputError("no documents found (looked for .txt, .bib, .pdf and .docx files)")
    resume = getattr(args, "resume", None)
    with contextlib.ExitStack() as stack:
        state = StateFile(Path(resume)) if resume else None
        if state is not None:
            stack.callback(state.close)
        outcome, traffic = asyncio.run(_run(args, environ, documents, state, settings, stack))
        _document_checks(args, environ, outcome, state, settings, stack)
    return _print_batch(args, environ, out, err, outcome, traffic, state)


def _document_checks(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    outcome: BatchOutcome,
    state: StateFile | None,
    settings: CrossrefSettings,
    stack: contextlib.ExitStack,
) -> None:
    """The REF checks of every complete document, as the single-file path makes them.

    A document with references still to check waits for the run that completes it.
    The check (and the state's record of it) is worked out again on resume from the
    stored results, so resumed documents keep their findings.
    """
    from refenrich.cli_index import open_index_option
    from refenrich.crossref.client import CrossrefClient
    from refenrich.index.sqlite import IndexSource
    from refenrich.ref.cli import document_check
    from refenrich.ref.render import document_json
    from refenrich.sources.base import WorkSource
    from refenrich.sources.chain import ChainSource

    source: WorkSource | None = None
    for document in outcome.documents:
        if not document.complete or document.text is None or document.sha256 is None:
            continue
        if source is None:
            index = open_index_option(args.index) if getattr(args, "index", None) else None
            if isinstance(index, IndexSource):
                stack.callback(index.close)
            if index is not None and getattr(args, "offline", False):
                source = index
            else:
                cache = open_cache(args, environ, stack)
                client = stack.enter_context(CrossrefClient(settings, cache=cache))
                source = client if index is None else ChainSource([index, client])
        document.check = document_check(args, document.text, document.report, source)
        if document.check is None or state is None:
            continue
        key = str(document.path.resolve())
        data = document_json(document.check)
        if state.document_check(key, document.sha256) != data:
            state.add_document_check(key, document.sha256, data)


async def _run(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    documents: Sequence[Path],
    state: StateFile | None,
    settings: CrossrefSettings,
    stack: contextlib.ExitStack,
) -> tuple[BatchOutcome, str | None]:
    from refenrich.cli_index import agency_url, open_index_option
    from refenrich.index.sqlite import AsyncIndexSource, IndexSource
    from refenrich.parallel import SourceRecipe
    from refenrich.sources.chain import AsyncChainSource
    from refenrich.sources.doiorg import AsyncDoiOrgClient
    from refenrich.sources.records import AsyncRecordsSource, RecordsSource

    index: AsyncWorkSource | None = None
    index_path = Path(args.index) if getattr(args, "index", None) else None
    if index_path is not None:
        local = open_index_option(args.index)
        if isinstance(local, IndexSource):
            stack.callback(local.close)
            index = AsyncIndexSource(local)
        else:
            index = AsyncRecordsSource(cast(RecordsSource, local))
    if getattr(args, "offline", False):
        if index is None:
            raise InputError(
                "--offline needs --index FILE: with no network there is nothing to ask"
            )
        pool = _pool(args, SourceRecipe(index_path=index_path), stack)
        with Progress() as progress:
            outcome = await arun_batch(
                documents, index, state=state, lines=args.lines, progress=progress, pool=pool
            )
        return outcome, None
    cache = open_cache(args, environ, stack)
    recipe = SourceRecipe.for_cache(settings, cache, index_path) if cache is not None else None
    pool = _pool(args, recipe, stack)
    doi_org = agency_url(args, environ, settings.base_url)
    agency = AsyncDoiOrgClient(doi_org, mailto=settings.mailto, cache=cache) if doi_org else None
    try:
        async with AsyncCrossrefClient(settings, cache=cache) as client:
            source: AsyncWorkSource = client if index is None else AsyncChainSource([index, client])
            with Progress() as progress:
                outcome = await arun_batch(
                    documents,
                    source,
                    state=state,
                    lines=args.lines,
                    progress=progress,
                    pool=pool,
                    agency=agency,
                )
    finally:
        if agency is not None:
            await agency.aclose()
    traffic = client.traffic.describe()
    if outcome.first_pass_cache_hits:
        traffic += f"; worker processes: {outcome.first_pass_cache_hits} from cache"
    if agency is not None and (agency.requests_sent or agency.cache_hits):
        traffic += f"; doi.org: {agency.requests_sent} request(s), {agency.cache_hits} from cache"
    return outcome, traffic


def _pool(
    args: argparse.Namespace, recipe: SourceRecipe | None, stack: contextlib.ExitStack
) -> WorkerPool | None:
    """The worker processes ``--jobs`` asks for (started now, before the progress display
    starts a thread), or None for one process or when there is no cache to read."""
    jobs = getattr(args, "jobs", 1)
    if jobs < 0:
        raise InputError("--jobs must be 0 (one per CPU) or more")
    from refenrich.parallel import WorkerPool, usable_cpus

    cpus = usable_cpus()
    if jobs > cpus:  # more processes than CPUs only add start-up time and memory
        sys.stderr.write(f"refenrich: --jobs {jobs}: using {cpus}, the CPUs this machine has\n")
        jobs = cpus
    jobs = jobs or auto_jobs(cpus)
    if recipe is None or jobs < 2:
        return None
    try:
        return stack.enter_context(WorkerPool(jobs, recipe))
    except (OSError, RuntimeError, sqlite3.Error) as error:  # the network path does it all
        sys.stderr.write(f"refenrich: running without worker processes ({error})\n")
        return None


def _print_batch(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
    outcome: BatchOutcome,
    traffic: str | None,
    state: StateFile | None,
) -> Report:
    from refenrich.cli_extras import emit_report
    from refenrich.ref.cli import all_document_findings
    from refenrich.ref.render import render_document_jsonl, render_ref_text
    from refenrich.render import render_jsonl, render_summary, render_text, terminal_safe

    colour = out.isatty() and "NO_COLOR" not in environ
    for document in outcome.documents:
        name = terminal_safe(str(document.path))
        if document.error is not None:
            err.write(f"{name}: skipped: {terminal_safe(document.error)}\n")
            if args.format == "jsonl":
                line = {"kind": "document", "source": str(document.path), "error": document.error}
                out.write(json.dumps(line) + "\n")
            continue
        for warning in document.warnings:
            err.write(f"{name}: warning: {terminal_safe(warning)}\n")
        report = document.report
        if args.format == "jsonl":
            out.write(render_jsonl(report, document=str(document.path)))
            if document.check is not None:
                out.write(render_document_jsonl(document.check))
        else:
            out.write(f"== {name}: {len(report.results)} reference(s)\n\n")
            ref_block = render_ref_text(document.check) if document.check is not None else ""
            out.write(render_text(report, colour=colour, before_summary=ref_block) + "\n")
    checked = [document for document in outcome.documents if document.error is None]
    unread = [
        DocumentFinding(
            code=DOCUMENT_NOT_READ,
            severity=Severity.ERROR,
            message=f"{document.path} could not be read: {document.error}",
        )
        for document in outcome.documents
        if document.error is not None
    ]
    total = outcome.report.model_copy(
        update={
            "document_findings": [
                finding
                for document in checked
                if document.check is not None
                for finding in all_document_findings(document.check)
            ]
            + unread
        }
    )
    # Every document in the reports, those not read with why, so none is lost silently.
    reports = [
        Report(source=str(document.path), error=document.error)
        if document.error is not None
        else document.check.report
        if document.check is not None
        else document.report
        for document in outcome.documents
    ]
    checks = [document.check for document in outcome.documents]
    if len(reports) > 1:
        ref_status = (
            [summarise(c).status if c is not None else None for c in checks]
            if any(c is not None for c in checks)
            else None
        )
        print_summary_table(
            reports, err, colour=err.isatty() and "NO_COLOR" not in environ, ref_status=ref_status
        )
    emit_report(args, reports, err, checks)
    not_read = f", {len(unread)} not read" if unread else ""
    err.write(
        f"Batch: {len(outcome.documents)} document(s){not_read}; " + render_summary(total) + "\n"
    )
    workers = ""
    if outcome.first_pass:
        workers = f" ({outcome.first_pass} from the cache in {outcome.processes} worker processes)"
    err.write(
        f"This run checked {outcome.checked} reference(s){workers}; {outcome.resumed} came "
        "from the state file.\n"
    )
    if traffic is not None:
        err.write(traffic + "\n")
    if state is not None:
        failed = sum(r.status is Status.FAILED for r in total.results)
        if failed:
            err.write(
                f"{failed} look-up(s) did not complete; run the same command again to retry "
                f"them (state: {terminal_safe(str(state.path))}).\n"
            )
    with contextlib.suppress(Exception):
        out.flush()
    return total
