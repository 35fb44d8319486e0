"""REF-aware checking of impact case studies.

>>> from refenrich.ref import check_case_study, load_profile      # doctest: +SKIP
>>> result = check_case_study(text, source=source, exercise=load_profile("ref2021"))
>>> for finding in result.findings:                                # doctest: +SKIP
...     print(finding.severity, finding.code, finding.message)

Modules: :mod:`~refenrich.ref.structure` (sections, sources), :mod:`~refenrich.ref.profile`
(exercise profiles as TOML data), :mod:`~refenrich.ref.rules` (the rules as findings),
:mod:`~refenrich.ref.grants` (grant references and claims), :mod:`~refenrich.ref.check`
(the pipeline and the one-row summary), :mod:`~refenrich.ref.render` (text, JSON, CSV).
"""

from refenrich.ref.check import (
    CaseStudyCheck,
    CaseStudySummary,
    GrantCheck,
    SourceCheck,
    check_case_study,
    summarise,
)
from refenrich.ref.grants import Grant, parse_grants
from refenrich.ref.profile import (
    DEFAULT_EXERCISE,
    ExerciseProfile,
    available_profiles,
    infer_profile,
    load_profile,
    load_profile_file,
)
from refenrich.ref.structure import CaseStudy, CorroboratingSource, SourceKind, parse_case_study

__all__ = [
    "DEFAULT_EXERCISE",
    "CaseStudy",
    "CaseStudyCheck",
    "CaseStudySummary",
    "CorroboratingSource",
    "ExerciseProfile",
    "Grant",
    "GrantCheck",
    "SourceCheck",
    "SourceKind",
    "available_profiles",
    "check_case_study",
    "infer_profile",
    "load_profile",
    "load_profile_file",
    "parse_case_study",
    "parse_grants",
    "summarise",
]
