"""Resolving a reference to a record: by its DOI, by searching its text, or not at all.

One implementation serves the sync and the async pipeline. :func:`resolution_flow` is a
generator that *decides*: it yields the look-ups it needs (:class:`GetWork`,
:class:`SearchWorks`, :class:`AgencyWork`) and receives their answers, without doing
any I/O itself. :func:`resolve_all` and :func:`aresolve_all` only run those look-ups
against the sources (caching each distinct look-up once per run), in the way httpx
drives its auth flows.

Before the flows run, the DOIs of all the references are looked up together when the
source can (``get_works``, e.g. Crossref's ``filter=doi:...`` list requests): one
:class:`GetWorks` step per window of DOIs (:func:`batch_steps`), whose answers then
answer the flows' :class:`GetWork` steps. A DOI the batch did not answer is looked up
on its own, so "not found" and the registration-agency fallback work as before.

The decisions:

- a reference with a DOI is looked up by it; when the record is another work
  (``doi_other_work``) or the DOI is unknown, its text is searched as well and the
  report says which DOI the text matches. A DOI Crossref does not hold is first asked
  of doi.org's registration agencies (DataCite, mEDRA, ...) when an agency source is
  given, so a Zenodo DOI is resolved rather than called missing;
- a reference without a DOI is searched in each searchable source in order (a local
  index before Crossref) until one gives a validated match (:mod:`refenrich.match`);
- nothing credible for a reference that gives authors, year, title and venue is
  ``not_found`` with a carefully worded note; for a sparser reference it stays
  ``unresolved`` (grey literature is rarely in Crossref).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from refenrich.compare import (
    DEFAULT_RULES,
    Rule,
    compare,
    describe_work,
    is_preprint,
    shares_an_author,
    title_similarity,
)
from refenrich.crossref.protocol import SEARCH_SELECT
from refenrich.errors import SourceError
from refenrich.match import MatchDecision, MatchKind, ScoredCandidate, decide, has_full_fields
from refenrich.models import (
    CheckResult,
    Finding,
    FindingField,
    Reference,
    Resolution,
    ResolutionVia,
    Severity,
    Status,
    Work,
)

__all__ = [
    "DOI_WINDOW",
    "AgencyWork",
    "DoiPrefetch",
    "GetWork",
    "GetWorks",
    "OneByOne",
    "Resolved",
    "SearchOptions",
    "SearchWorks",
    "aresolve_all",
    "batch_steps",
    "prefetch_works",
    "resolution_flow",
    "resolve_all",
    "result_for",
]


@dataclass(frozen=True, slots=True)
class GetWork:
    """Look ``doi`` up in the main source."""

    doi: str


@dataclass(frozen=True, slots=True)
class SearchWorks:
    """Search searchable source number ``source`` for the reference text ``query``."""

    source: int
    query: str


@dataclass(frozen=True, slots=True)
class AgencyWork:
    """Ask the registration agencies (through doi.org) for ``doi``."""

    doi: str


@dataclass(frozen=True, slots=True)
class GetWorks:
    """Look several DOIs up at once in the main source (before the flows run).

    The answer maps each DOI the source could answer to its record (or None where it
    knows the DOI is absent); the others are left to :class:`GetWork`.
    """

    dois: tuple[str, ...]


Step = GetWork | SearchWorks | AgencyWork
Answer = Work | None | list[Work] | SourceError

DOI_WINDOW = 200
"""DOIs per :class:`GetWorks` step in an async run: a reference waits for its window only."""

_UNKNOWN: Any = object()


def batch_steps(
    dois: Iterable[str | None], source: Any, *, window: int | None = None
) -> list[GetWorks]:
    """The batched look-ups worth making for ``dois`` (the references' DOIs), if any.

    None (an empty list) when ``source`` cannot look DOIs up in batches (no ``get_works``) or fewer
    than two distinct DOIs are cited; otherwise the distinct DOIs in order, in windows
    of ``window`` (None or 0: one window). Pure: no I/O.
    """
    if not callable(getattr(source, "get_works", None)):
        return []
    distinct = list(dict.fromkeys(doi for doi in dois if doi))
    if len(distinct) < 2:
        return []
    size = window if window is not None and window > 0 else len(distinct)
    return [GetWorks(tuple(distinct[i : i + size])) for i in range(0, len(distinct), size)]


def prefetch_works(dois: Iterable[str | None], source: Any) -> dict[str, Work | None]:
    """The answers a sync ``source`` gives for ``dois`` in batches (see :func:`batch_steps`)."""
    known: dict[str, Work | None] = {}
    for step in batch_steps(dois, source):
        with contextlib.suppress(SourceError):  # a failed batch: the DOIs go singly
            known.update(source.get_works(step.dois))
    return known


class DoiPrefetch:
    """Batched DOI look-ups running beside an async run, one task per window of DOIs.

    :meth:`answers` waits only for the window holding the DOI asked about (``window``
    DOIs each, in the order given; 0: all in one); a reference without a DOI need not
    wait at all. :meth:`aclose` cancels what is still running. Make it inside the event
    loop that will use it.
    """

    def __init__(
        self, dois: Iterable[str | None], source: Any, *, window: int = DOI_WINDOW
    ) -> None:
        self._tasks: dict[str, asyncio.Task[dict[str, Work | None]]] = {}
        for step in batch_steps(dois, source, window=window):
            task = asyncio.ensure_future(self._run(source, step))
            self._tasks.update(dict.fromkeys(step.dois, task))

    @staticmethod
    async def _run(source: Any, step: GetWorks) -> dict[str, Work | None]:
        try:
            return cast(dict[str, Work | None], await source.get_works(step.dois))
        except SourceError:
            return {}

    async def answers(self, doi: str | None) -> Mapping[str, Work | None]:
        """``{doi: answer}`` once ``doi``'s window is done, or ``{}`` if it has none."""
        if not doi or (task := self._tasks.get(doi)) is None:
            return {}
        # Shielded: a reference given up (cancelled) must not cancel its neighbours' batch.
        found = task.result() if task.done() else await asyncio.shield(task)
        return {doi: found[doi]} if doi in found else {}

    async def aclose(self) -> None:
        """Cancel the batches still running and wait for them to end."""
        pending = {task for task in self._tasks.values() if not task.done()}
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """How text search runs: on or off, how many candidates, how strict.

    ``rows`` is what each search asks for (Crossref: 5 to 20 is plenty once candidates
    are validated); ``threshold`` and ``margin`` go to :func:`refenrich.match.decide`.
    """

    enabled: bool = True
    rows: int = 10
    threshold: float = 0.8
    margin: float = 1.0


@dataclass(frozen=True, slots=True)
class Searcher:
    """A searchable source as the flow sees it: its name and how a match is labelled."""

    name: str
    via: ResolutionVia


@dataclass(frozen=True, slots=True)
class Resolved:
    """What the flow concluded for one reference, before comparison.

    ``findings`` come first in the result (e.g. "the DOI belongs to another work; the
    text matches ..."); ``status`` overrides the status the findings would give.
    """

    resolution: Resolution
    findings: list[Finding] = field(default_factory=list)
    status: Status | None = None
    compare: bool = True


def _candidates(decision: MatchDecision, limit: int = 5) -> list[Work]:
    chosen = decision.close or decision.candidates[:limit]
    return [candidate.work for candidate in chosen[:limit]]


@dataclass(frozen=True, slots=True)
class _Searched:
    """What searching found: a decision (matched or ambiguous) and its source, else the
    first failure and the best candidate that was not credible."""

    decision: MatchDecision | None = None
    searcher: Searcher | None = None
    failure: str | None = None
    nearest: ScoredCandidate | None = None


def _search(
    reference: Reference, searchers: Sequence[Searcher], options: SearchOptions, tried: list[str]
) -> Generator[Step, Answer, _Searched]:
    """Search each source in turn; the first match wins, else the first ambiguity."""
    ambiguous: tuple[MatchDecision, Searcher] | None = None
    failure: str | None = None
    nearest: ScoredCandidate | None = None
    for position, searcher in enumerate(searchers):
        answer = yield SearchWorks(position, reference.raw)
        if isinstance(answer, SourceError):
            tried.append(f"{searcher.name} search failed: {answer}")
            failure = failure or str(answer)
            continue
        works = cast(list[Work], answer)
        decision = decide(reference, works, threshold=options.threshold, margin=options.margin)
        if decision.kind is MatchKind.MATCHED:
            best = decision.best
            assert best is not None
            versions = (
                f"; {len(decision.close) - 1} other version(s) of the work fit as well, "
                f"this one is the {'preprint' if is_preprint(best.work) else 'published version'}"
                if decision.close
                else ""
            )
            tried.append(
                f"{searcher.name} search: matched {best.work.doi} "
                f"(confidence {best.confidence:.2f}, {_count(len(works), 'candidate')}{versions})"
            )
            return _Searched(decision, searcher)
        if decision.kind is MatchKind.AMBIGUOUS:
            tried.append(
                f"{searcher.name} search: {len(decision.close)} candidates fit equally well"
            )
            ambiguous = ambiguous or (decision, searcher)
        else:
            found = {0: "no candidates", 1: "1 candidate, not credible"}.get(
                len(works), f"{len(works)} candidates, none credible"
            )
            tried.append(f"{searcher.name} search: {found}")
            top = decision.candidates[0] if decision.candidates else None
            if top is not None and (nearest is None or top.confidence > nearest.confidence):
                nearest = top
    if ambiguous is not None:
        return _Searched(ambiguous[0], ambiguous[1])
    return _Searched(failure=failure, nearest=nearest)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _matched_resolution(
    decision: MatchDecision, searcher: Searcher, tried: list[str], doi: str | None
) -> Resolution:
    best = decision.best
    assert best is not None
    return Resolution(
        work=best.work,
        via=searcher.via,
        doi=doi,
        score=best.confidence,
        confidence=best.confidence,
        evidence=best.evidence,
        candidates=_candidates(decision),
        tried=tried,
        text_doi=best.work.doi if doi is not None else None,
    )


def _fabrication_note(reference: Reference, tried: Sequence[str]) -> Finding:
    return Finding(
        code="no_matching_record",
        field=FindingField.DOI,
        severity=Severity.WARNING,
        claimed=reference.title,
        actual=None,
        message=(
            "No record matches this reference, although it gives authors, year, title and "
            "venue (tried: " + "; ".join(tried) + "). It may be cited with errors, be "
            "registered elsewhere or not at all; if none of these explains it, the "
            "reference may be fabricated."
        ),
    )


def _nearest(
    reference: Reference, searched: _Searched, rules: Sequence[Rule]
) -> tuple[list[Finding], list[Work]]:
    """The :func:`_nearest_note` of a search that matched nothing, and the record it names
    as the result's one candidate (both empty when no record comes that close)."""
    note = _nearest_note(reference, searched.nearest, rules)
    if note is None or searched.nearest is None:
        return [], []
    return [note], [searched.nearest.work]


def _nearest_note(
    reference: Reference, nearest: ScoredCandidate | None, rules: Sequence[Rule]
) -> Finding | None:
    """A warning naming the record a search found closest when it was not credible enough
    to take, if it is plainly the same title by the same people: the reference is then
    most likely that work cited with errors (a year, journal or volume misremembered, as
    in lists written by chat assistants), and saying which fields differ lets the reader
    decide. None when no candidate comes that close."""
    if nearest is None or not reference.title or not nearest.work.title:
        return None
    work = nearest.work
    if reference.authors and work.authors and not shares_an_author(reference, work):
        return None
    findings = [f for f in compare(reference, work, rules) if f.severity.rank >= 1]
    if (
        any(f.field is FindingField.TITLE for f in findings)
        or title_similarity(reference.title, work) < 0.6
    ):  # the comparison says nothing of the title, or it is another work's
        return None
    fields = sorted({f.field.value for f in findings}, key=_FIELD_ORDER.index)
    differs = f"it differs in {', '.join(fields)}" if fields else "it was not credible enough"
    return Finding(
        code="nearest_record",
        field=FindingField.DOI,
        severity=Severity.WARNING,
        claimed=reference.title,
        actual=work.doi,
        message=(
            f"The closest record, {describe_work(work)} (DOI {work.doi}), was not taken as "
            f"the match: {differs}. If it is the work meant, the reference cites it with "
            "errors."
        ),
    )


_FIELD_ORDER = [field.value for field in FindingField]


def _doi_not_found(doi: str, *, unregistered: bool, searched: bool) -> Finding:
    where = "is registered with no agency (doi.org)" if unregistered else "was not found"
    either = ", and no record matches the reference's text" if searched else ""
    return Finding(
        code="doi_not_found",
        field=FindingField.DOI,
        severity=Severity.ERROR,
        claimed=doi,
        actual=None,
        message=(
            f"DOI {doi} {where}{either}. It may be mistyped or registered where refenrich "
            "did not look; if neither, the reference may be fabricated."
        ),
    )


def _alias(doi: str, work: Work) -> list[Finding]:
    """A note when the record answering ``doi`` is filed under another DOI: Crossref
    answers an alias (or a DOI since merged) with its primary DOI's record."""
    if not work.doi or work.doi == doi.lower():
        return []
    return [
        Finding(
            code="doi_alias",
            field=FindingField.DOI,
            severity=Severity.INFO,
            claimed=doi,
            actual=work.doi,
            message=(
                f"DOI {doi} is answered with the record of DOI {work.doi}: the DOI given is "
                "an alias of it (or was merged into it); exports use the record's DOI."
            ),
        )
    ]


def resolution_flow(
    reference: Reference,
    doi: str | None,
    searchers: Sequence[Searcher],
    *,
    source_name: str,
    agency: str | None = None,
    options: SearchOptions | None = None,
    rules: Sequence[Rule] = DEFAULT_RULES,
) -> Generator[Step, Answer, Resolved]:
    """Decide how ``reference`` resolves, yielding each look-up it needs (no I/O here).

    ``doi`` is the DOI to look up (None: search only); ``searchers`` are the searchable
    sources in the order to ask them; ``agency`` names the doi.org fallback, if any.
    """
    options = options or SearchOptions()
    searchers = searchers if options.enabled else []
    tried: list[str] = []

    if doi is None:
        if not searchers:
            return Resolved(Resolution(tried=["no DOI in the reference, and no search source"]))
        searched = yield from _search(reference, searchers, options, tried)
        decision, searcher, failure = searched.decision, searched.searcher, searched.failure
        if decision is not None and searcher is not None:
            if decision.kind is MatchKind.MATCHED:
                return Resolved(_matched_resolution(decision, searcher, tried, None))
            best = decision.best
            return Resolved(
                Resolution(
                    candidates=_candidates(decision),
                    confidence=best.confidence if best else None,
                    tried=tried,
                ),
                status=Status.AMBIGUOUS,
                compare=False,
            )
        if failure is not None:
            return Resolved(Resolution(error=failure, tried=tried))
        notes, nearest = _nearest(reference, searched, rules)
        if has_full_fields(reference):
            return Resolved(
                Resolution(candidates=nearest, tried=tried),
                findings=notes or [_fabrication_note(reference, tried)],
                status=Status.NOT_FOUND,
            )
        return Resolved(
            Resolution(candidates=nearest, tried=tried), findings=notes, status=Status.UNRESOLVED
        )

    answer = yield GetWork(doi)
    if isinstance(answer, SourceError):
        return Resolved(Resolution(doi=doi, error=str(answer), tried=[source_name]))
    work = cast(Work | None, answer)
    tried.append(source_name)
    unregistered = False  # doi.org itself says no registration agency holds the DOI
    if work is None and agency is not None:
        found = yield AgencyWork(doi)
        if isinstance(found, SourceError):
            tried.append(f"{agency} failed: {found}")
        elif found is not None:
            work = cast(Work, found)
            tried.append(f"{agency}: {work.source}")
        else:
            unregistered = True
            tried.append(f"{agency}: no registration agency holds {doi}")

    if work is not None:
        findings = compare(reference, work, rules)
        if not any(finding.code == "doi_other_work" for finding in findings) or not searchers:
            return Resolved(
                Resolution(work=work, via=ResolutionVia.DOI, doi=doi, tried=tried),
                _alias(doi, work) + findings,
            )
        searched = yield from _search(reference, searchers, options, tried)
        decision, searcher = searched.decision, searched.searcher
        if (
            decision is not None
            and searcher is not None
            and decision.work is not None
            and decision.work.doi != work.doi
        ):
            matched = _matched_resolution(decision, searcher, tried, doi)
            assert matched.work is not None
            note = Finding(
                code="doi_text_matches_other",
                field=FindingField.DOI,
                severity=Severity.ERROR,
                claimed=doi,
                actual=matched.work.doi,
                message=(
                    f"DOI {doi} belongs to a different work ({describe_work(work)}); the "
                    f"reference's text matches DOI {matched.work.doi}."
                ),
            )
            return Resolved(matched, [note])
        candidates = _candidates(decision) if decision is not None else []
        return Resolved(
            Resolution(
                work=work, via=ResolutionVia.DOI, doi=doi, candidates=candidates, tried=tried
            ),
            findings,
        )

    if not searchers:
        finding = _doi_not_found(doi, unregistered=unregistered, searched=False)
        return Resolved(Resolution(doi=doi, tried=tried), [finding])
    searched = yield from _search(reference, searchers, options, tried)
    decision, searcher = searched.decision, searched.searcher
    if decision is not None and searcher is not None and decision.kind is MatchKind.MATCHED:
        matched = _matched_resolution(decision, searcher, tried, doi)
        assert matched.work is not None
        note = Finding(
            code="doi_not_found_text_matches",
            field=FindingField.DOI,
            severity=Severity.ERROR,
            claimed=doi,
            actual=matched.work.doi,
            message=(
                f"DOI {doi} was not found ({', '.join(tried[:-1])}); the reference's text "
                f"matches DOI {matched.work.doi}."
            ),
        )
        return Resolved(matched, [note])
    notes, nearest = _nearest(reference, searched, rules)
    candidates = nearest or (_candidates(decision) if decision is not None else [])
    return Resolved(
        Resolution(doi=doi, candidates=candidates, tried=tried),
        [_doi_not_found(doi, unregistered=unregistered, searched=True), *notes],
    )


def _status(resolution: Resolution, findings: Sequence[Finding], fixed: Status | None) -> Status:
    if resolution.error is not None:
        return Status.FAILED
    if fixed is not None:
        return fixed
    if resolution.work is None:
        return Status.UNRESOLVED if resolution.doi is None else Status.NOT_FOUND
    worst = max((finding.severity.rank for finding in findings), default=0)
    if worst == Severity.ERROR.rank:
        return Status.ERROR
    if worst == Severity.WARNING.rank:
        return Status.WARNING
    return Status.VERIFIED


def result_for(
    index: int, reference: Reference, resolved: Resolved, rules: Sequence[Rule] = DEFAULT_RULES
) -> CheckResult:
    """The :class:`CheckResult` for a reference once its resolution is known (pure)."""
    resolution = resolved.resolution
    findings = list(resolved.findings)
    work = resolution.work
    if work is not None and resolved.compare and resolution.via is not ResolutionVia.DOI:
        findings.extend(compare(reference, work, rules))
    return CheckResult(
        index=index,
        raw=reference.raw,
        status=_status(resolution, findings, resolved.status),
        reference=reference,
        resolution=resolution,
        findings=findings,
    )


# --- drivers -------------------------------------------------------------------------------


def _searchers(sources: Sequence[Any]) -> list[Searcher]:
    return [
        Searcher(
            source.name,
            ResolutionVia.INDEX if getattr(source, "local", False) else ResolutionVia.SEARCH,
        )
        for source in sources
    ]


def _search_kwargs(source: Any, options: SearchOptions) -> dict[str, Any]:
    select = None if getattr(source, "local", False) else list(SEARCH_SELECT)
    return {"rows": options.rows, "select": select}


def resolve_all(
    items: Sequence[tuple[Reference, str | None]],
    source: Any,
    search_sources: Sequence[Any],
    *,
    agency: Any | None = None,
    options: SearchOptions | None = None,
    rules: Sequence[Rule] = DEFAULT_RULES,
    progress: Callable[[int], None] | None = None,
    batch: bool = True,
    known: Mapping[str, Work | None] | None = None,
) -> list[Resolved]:
    """Run :func:`resolution_flow` for each (reference, DOI) against sync sources.

    ``source`` answers DOI look-ups, ``search_sources`` (in order) searches, ``agency``
    the doi.org fallback. Each distinct look-up is made once per run, and the DOIs are
    first looked up together when ``source`` can (``batch=False``: never); ``known``
    holds answers already fetched that way. ``progress(1)`` is called as each reference
    is resolved (a progress bar).
    """
    options = options or SearchOptions()
    searchers = _searchers(search_sources)
    cache: dict[Step, Answer] = {}
    if batch:
        cache.update(_as_steps(prefetch_works((doi for _, doi in items), source)))
    cache.update(_as_steps(known or {}))

    def run(step: Step) -> Answer:
        if step in cache:
            return cache[step]
        try:
            if isinstance(step, GetWork):
                answer: Answer = source.get_work(step.doi)
            elif isinstance(step, AgencyWork):
                answer = agency.get_work(step.doi) if agency is not None else None
            else:
                searchable = search_sources[step.source]
                answer = searchable.search_works(step.query, **_search_kwargs(searchable, options))
        except SourceError as error:
            answer = error
        cache[step] = answer
        return answer

    results = []
    for reference, doi in items:
        flow = resolution_flow(
            reference,
            doi,
            searchers,
            source_name=source.name,
            agency=getattr(agency, "name", None),
            options=options,
            rules=rules,
        )
        results.append(_drive(flow, run))
        if progress is not None:
            progress(1)
    return results


def _as_steps(known: Mapping[str, Work | None]) -> dict[Step, Answer]:
    return {GetWork(doi): work for doi, work in known.items()}


def _drive(flow: Generator[Step, Answer, Resolved], run: Callable[[Step], Answer]) -> Resolved:
    try:
        step = next(flow)
        while True:
            step = flow.send(run(step))
    except StopIteration as stop:
        return cast(Resolved, stop.value)


async def _answer(
    step: Step,
    source: Any,
    agency: Any | None,
    search_sources: Sequence[Any],
    options: SearchOptions,
) -> Answer:
    """The async sources' answer to one step of :func:`resolution_flow` (a failure as
    its :class:`~refenrich.errors.SourceError`)."""
    try:
        if isinstance(step, GetWork):
            return cast(Answer, await source.get_work(step.doi))
        if isinstance(step, AgencyWork):
            return cast(Answer, await agency.get_work(step.doi) if agency else None)
        searchable = search_sources[step.source]
        return cast(
            Answer, await searchable.search_works(step.query, **_search_kwargs(searchable, options))
        )
    except SourceError as error:
        return error


class OneByOne:
    """:func:`aresolve_all` for one reference at a time, set up once for a whole batch.

    ``await resolver.resolve(reference, doi, known)`` is what
    ``aresolve_all([(reference, doi)], source, search_sources, ..., batch=False,
    known=known)`` returns, without making the searchers, a semaphore, a task table and
    four closures again for every reference (a cached re-run of a batch paid for them
    on each of its references). The steps of one reference come one after another, so
    none is run as a task: a cache hit costs no event-loop round.
    """

    def __init__(
        self,
        source: Any,
        search_sources: Sequence[Any],
        *,
        agency: Any | None = None,
        options: SearchOptions | None = None,
        rules: Sequence[Rule] = DEFAULT_RULES,
    ) -> None:
        self._source = source
        self._search_sources = search_sources
        self._agency = agency
        self._options = options or SearchOptions()
        self._rules = rules
        self._searchers = _searchers(search_sources)
        self._source_name: str = source.name
        self._agency_name: str | None = getattr(agency, "name", None)

    async def _call(self, step: Step) -> Answer:
        return await _answer(step, self._source, self._agency, self._search_sources, self._options)

    async def resolve(
        self,
        reference: Reference,
        doi: str | None,
        known: Mapping[str, Work | None] | None = None,
    ) -> Resolved:
        """How ``reference`` (whose DOI to look up is ``doi``) resolves; ``known`` holds
        DOI answers already fetched (as :func:`aresolve_all`'s ``known``)."""
        flow = resolution_flow(
            reference,
            doi,
            self._searchers,
            source_name=self._source_name,
            agency=self._agency_name,
            options=self._options,
            rules=self._rules,
        )
        answers: dict[Step, Answer] = {}  # a step asked twice is answered once
        try:
            step = next(flow)
            while True:
                if known and isinstance(step, GetWork) and step.doi in known:
                    answer: Answer = known[step.doi]
                elif step in answers:
                    answer = answers[step]
                else:
                    answer = answers[step] = await self._call(step)
                step = flow.send(answer)
        except StopIteration as stop:
            return cast(Resolved, stop.value)


async def aresolve_all(
    items: Sequence[tuple[Reference, str | None]],
    source: Any,
    search_sources: Sequence[Any],
    *,
    agency: Any | None = None,
    options: SearchOptions | None = None,
    rules: Sequence[Rule] = DEFAULT_RULES,
    concurrency: int = 3,
    batch: bool = True,
    known: Mapping[str, Work | None] | None = None,
) -> list[Resolved]:
    """The async twin of :func:`resolve_all`: at most ``concurrency`` look-ups at once.

    The batched DOI look-ups run beside the flows (:class:`DoiPrefetch`): a reference
    with a DOI waits for its batch, one without starts searching at once.
    """
    options = options or SearchOptions()
    searchers = _searchers(search_sources)
    gate = asyncio.Semaphore(max(1, concurrency))
    tasks: dict[Step, asyncio.Task[Answer]] = {}
    seeded = _as_steps(known or {})
    prefetch = DoiPrefetch((doi for _, doi in items), source, window=0) if batch else None

    async def call(step: Step) -> Answer:
        async with gate:
            return await _answer(step, source, agency, search_sources, options)

    answers: dict[Step, Answer] = {}

    async def once(step: Step) -> Answer:
        if step not in answers:
            answers[step] = await call(step)
        return answers[step]

    def run(step: Step) -> Awaitable[Answer]:
        if len(items) == 1:
            # One reference (a batch's unit): its steps come one after another, so no
            # task is needed to share them; a cache hit then costs no event-loop round.
            return once(step)
        if step not in tasks:
            tasks[step] = asyncio.ensure_future(call(step))
        return tasks[step]

    async def one(reference: Reference, doi: str | None) -> Resolved:
        flow = resolution_flow(
            reference,
            doi,
            searchers,
            source_name=source.name,
            agency=getattr(agency, "name", None),
            options=options,
            rules=rules,
        )
        batched = _as_steps(await prefetch.answers(doi)) if prefetch is not None else {}
        try:
            step = next(flow)
            while True:
                answer = seeded.get(step, _UNKNOWN)
                if answer is _UNKNOWN:
                    answer = batched.get(step, _UNKNOWN)
                if answer is _UNKNOWN:
                    answer = await run(step)
                step = flow.send(cast(Answer, answer))
        except StopIteration as stop:
            return cast(Resolved, stop.value)

    try:
        if len(items) == 1:
            return [await one(*items[0])]
        return list(await asyncio.gather(*(one(reference, doi) for reference, doi in items)))
    finally:
        if prefetch is not None:
            await prefetch.aclose()
