"""Surnames that are one name in different romanisations.

Korean and Chinese authors are cited under more than one Latin spelling of the same
surname: Revised Romanisation, McCune-Reischauer and customary spellings for Korean (이:
Lee, Yi, Rhee), pinyin and Wade-Giles for Chinese (张: Zhang, Chang). A reference that
writes "Yi, S." for a record's "Lee, Seo-yeon" names the same person; comparing spellings
alone would call them different people. The groups are the common surnames' usual
spellings, from the systems' published tables; one- and two-letter spellings that are
other names too (O, U, So, No) are left out.
"""

from __future__ import annotations

from functools import cache

__all__ = ["surname_groups"]

_KOREAN = (
    "lee yi rhee rhie ri",
    "park pak bak pack bahk",
    "choi choe chwe",
    "jung jeong chung joung cheong chong",
    "kang gang",
    "shin sin shinn",
    "lim im rim yim",
    "moon mun",
    "cho jo",
    "yoon yun",
    "jang chang",
    "seo suh",
    "kwon gwon",
    "ahn an",
    "yoo yu ryu rhyu",
    "jeon jun chun chon jeun",
    "ko go koh",
    "yang ryang",
    "son sohn",
    "bae pae",
    "baek paik paek baik",
    "heo huh hur",
    "noh roh",
    "kwak gwak",
    "sung seong",
    "joo ju chu",
    "koo gu ku",
    "kim gim",
)

_CHINESE = (
    "zhang chang",
    "xu hsu",
    "zhou chou",
    "zhao chao",
    "xie hsieh",
    "cai tsai",
    "guo kuo",
    "zheng cheng",
    "he ho",
    "xiao hsiao",
    "zeng tseng",
    "zhu chu",
    "jiang chiang",
    "gao kao",
    "luo lo",
    "deng teng",
    "cao tsao",
    "zhong chung",
    "dong tung",
    "xue hsueh",
    "qian chien",
    "qiu chiu",
    "ye yeh",
    "dai tai",
    "du tu",
    "li lee",
    "zhuang chuang",
    "cui tsui",
    "jin chin",
    "zou tsou",
)


@cache
def _table() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for system, rows in (("ko", _KOREAN), ("zh", _CHINESE)):
        for number, row in enumerate(rows):
            for spelling in row.split():
                groups.setdefault(spelling, set()).add(f"{system}{number}")
    return {spelling: frozenset(ids) for spelling, ids in groups.items()}


def surname_groups(spelling: str) -> frozenset[str]:
    """The groups a lower-case surname spelling belongs to (empty if none): two spellings
    that share a group are one surname in different romanisations."""
    return _table().get(spelling, frozenset())
