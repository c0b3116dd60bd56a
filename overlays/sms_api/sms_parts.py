"""How many SMS parts a text needs, by the GSM 03.38 / 3GPP TS 23.038 rules.

The API bills per part (``smsCount``) and the sandbox must report the same count the real service would, so
this follows the standard rather than ``ceil(len / 153)``: characters of the extension table take two septets
(escape + code), and neither an escape pair nor a UTF-16 surrogate pair is split across parts, so a part can
hold fewer units than the limit.

Language shift tables (Turkish, Spanish, Portuguese national tables) are not modelled: a text using them is
counted as the default alphabet counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["GSM7_BASIC", "GSM7_EXTENSION", "SmsParts", "count_sms_parts", "split_sms_parts"]

#: The GSM 03.38 default alphabet, in code order 0x00-0x7F. 0x1B is the escape to the extension table, not a
#: character of its own, so it is left out: a text containing U+001B is sent as UCS-2.
GSM7_BASIC: Final[frozenset[str]] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ"  # 0x1B (escape) sits between Ξ and Æ
    "ÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

#: The extension table: each character is sent as escape + code, so it costs two septets.
GSM7_EXTENSION: Final[frozenset[str]] = frozenset("\f^{}\\[~]|€")

_GSM7_ALL: Final = GSM7_BASIC | GSM7_EXTENSION

GSM7_SINGLE_LIMIT: Final = 160
# A concatenated part loses 6 octets to the user data header: 7 septets for GSM-7, 3 code units for UCS-2.
GSM7_PART_LIMIT: Final = 153
UCS2_SINGLE_LIMIT: Final = 70
UCS2_PART_LIMIT: Final = 67


@dataclass(frozen=True, slots=True)
class SmsParts:
    """The encoding a text is sent in and how many parts it takes.

    ``units`` is septets for GSM-7 (extension characters count two) and UTF-16 code units for UCS-2 (a
    character outside the BMP, like most emoji, counts two). ``per_part_limit`` is the most units one part
    can hold: 160/70 for a single-part message, 153/67 when the text is split.
    """

    encoding: Literal["GSM-7", "UCS-2"]
    parts: int
    units: int
    per_part_limit: int


def count_sms_parts(text: str) -> SmsParts:
    """Count the parts ``text`` is sent in. An empty text is still one (empty) message."""
    if _GSM7_ALL.issuperset(text):
        units = len(text) + sum(text.count(char) for char in GSM7_EXTENSION.intersection(text))
        if units <= GSM7_SINGLE_LIMIT:
            return SmsParts("GSM-7", 1, units, GSM7_SINGLE_LIMIT)
        return SmsParts("GSM-7", _split(text, GSM7_EXTENSION, GSM7_PART_LIMIT), units, GSM7_PART_LIMIT)
    wide = {char for char in set(text) if ord(char) > 0xFFFF}
    units = len(text) + sum(text.count(char) for char in wide)
    if units <= UCS2_SINGLE_LIMIT:
        return SmsParts("UCS-2", 1, units, UCS2_SINGLE_LIMIT)
    return SmsParts("UCS-2", _split(text, wide, UCS2_PART_LIMIT), units, UCS2_PART_LIMIT)


def split_sms_parts(text: str) -> list[str]:
    """The text of each part ``text`` is sent in, in order: what a handset receives piece by piece.

    The split follows the same rules as :func:`count_sms_parts` (its ``parts`` is always the length of this
    list): an escape pair or a surrogate pair is never cut, so a part may end one unit early. A text that
    fits one message is one part, an empty text one empty part.
    """
    parts = count_sms_parts(text)
    if parts.parts == 1:
        return [text]
    if parts.encoding == "GSM-7":
        double: set[str] | frozenset[str] = GSM7_EXTENSION
    else:
        double = {char for char in set(text) if ord(char) > 0xFFFF}
    pieces: list[str] = []
    start = 0
    used = 0
    for index, char in enumerate(text):
        cost = 2 if char in double else 1
        if used + cost > parts.per_part_limit:
            pieces.append(text[start:index])
            start, used = index, cost
        else:
            used += cost
    pieces.append(text[start:])
    return pieces


def _split(text: str, double: set[str] | frozenset[str], limit: int) -> int:
    # Characters in `double` take two units that must stay in one part (escape pair, surrogate pair), so
    # a part that has one unit left is closed early.
    parts = 1
    used = 0
    for char in text:
        cost = 2 if char in double else 1
        if used + cost > limit:
            parts += 1
            used = cost
        else:
            used += cost
    return parts
