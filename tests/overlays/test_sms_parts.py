"""GSM 03.38 part counting: the sandbox reports these numbers as smsCount, so they must match the real API."""

from __future__ import annotations

import dataclasses

import pytest

from sms_api.sms_parts import GSM7_BASIC, GSM7_EXTENSION, SmsParts, count_sms_parts, split_sms_parts

GALAXY = (
    "A long time ago, in a galaxy far, far away... It is a period of civil war. Rebel spaceships, striking"
    " from a hidden base, have won their first victory against the evil Galactic Empire."
)

# The default alphabet in 3GPP TS 23.038 code order, written out independently of the module; "\x1b" marks
# the escape code, which is not a character.
TS_23_038_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def test_basic_table_is_the_standard_alphabet_without_escape() -> None:
    assert len(TS_23_038_TABLE) == 128
    assert frozenset(TS_23_038_TABLE) - {"\x1b"} == GSM7_BASIC
    assert "\x1b" not in GSM7_BASIC


def test_extension_table() -> None:
    assert frozenset("\f^{}\\[~]|€") == GSM7_EXTENSION
    assert not GSM7_BASIC & GSM7_EXTENSION


def test_seed_examples() -> None:
    assert count_sms_parts("Test SMS.") == SmsParts("GSM-7", 1, 9, 160)
    assert len(GALAXY) == 184
    assert count_sms_parts(GALAXY) == SmsParts("GSM-7", 2, 184, 153)


def test_empty_text_is_one_part() -> None:
    assert count_sms_parts("") == SmsParts("GSM-7", 1, 0, 160)


def test_result_is_frozen() -> None:
    result = count_sms_parts("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.parts = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("length", "parts", "limit"),
    [(1, 1, 160), (160, 1, 160), (161, 2, 153), (306, 2, 153), (307, 3, 153), (459, 3, 153), (460, 4, 153)],
)
def test_gsm7_boundaries(length: int, parts: int, limit: int) -> None:
    assert count_sms_parts("a" * length) == SmsParts("GSM-7", parts, length, limit)


def test_every_basic_character_is_one_septet() -> None:
    text = "".join(sorted(GSM7_BASIC))
    assert count_sms_parts(text) == SmsParts("GSM-7", 1, 127, 160)


@pytest.mark.parametrize("char", sorted(GSM7_EXTENSION))
def test_extension_characters_cost_two_septets(char: str) -> None:
    assert count_sms_parts(char) == SmsParts("GSM-7", 1, 2, 160)
    assert count_sms_parts("a" * 158 + char).parts == 1
    assert count_sms_parts("a" * 159 + char) == SmsParts("GSM-7", 2, 161, 153)


@pytest.mark.parametrize(
    ("filler", "pair", "before", "units"),
    [
        # 152 septets + "€" (2) would straddle the 153 boundary: the pair moves to part 2, which then holds
        # 2 + 152 = 154 septets and overflows into part 3 although 306 septets would fit in 2 parts.
        pytest.param("a", "€", 152, 306, id="gsm7-escape-pair"),
        # 66 units + an emoji: the pair does not fit in the 67-unit part, so it starts part 2.
        pytest.param("ж", "😀", 66, 134, id="ucs2-surrogate-pair"),
    ],
)
def test_two_unit_pair_is_not_split_across_parts(filler: str, pair: str, before: int, units: int) -> None:
    result = count_sms_parts(filler * before + pair + filler * before)
    assert result.units == units
    assert result.parts == 3
    # Same number of units with the pair not on the boundary: two parts.
    assert count_sms_parts(pair + filler * (units - 2)).parts == 2


def test_escape_pair_exactly_filling_a_part() -> None:
    assert count_sms_parts("a" * 151 + "€" + "a" * 153).parts == 2
    assert count_sms_parts("a" * 151 + "€" + "a" * 154).parts == 3


def test_non_gsm_character_switches_the_whole_text_to_ucs2() -> None:
    assert count_sms_parts("a" * 69 + "ç") == SmsParts("UCS-2", 1, 70, 70)
    # Turkish dotless i, from the seed's national-language example, is not in the default alphabet.
    assert count_sms_parts("Art\u0131k").encoding == "UCS-2"
    # Form feed is GSM but the escape character itself is not a sendable GSM character.
    assert count_sms_parts("\f").encoding == "GSM-7"
    assert count_sms_parts("\x1b").encoding == "UCS-2"


@pytest.mark.parametrize(
    ("length", "parts", "limit"),
    [(70, 1, 70), (71, 2, 67), (134, 2, 67), (135, 3, 67), (201, 3, 67), (202, 4, 67)],
)
def test_ucs2_boundaries(length: int, parts: int, limit: int) -> None:
    assert count_sms_parts("ж" * length) == SmsParts("UCS-2", parts, length, limit)


def test_emoji_counts_two_code_units() -> None:
    assert count_sms_parts("😀") == SmsParts("UCS-2", 1, 2, 70)
    assert count_sms_parts("😀" * 35) == SmsParts("UCS-2", 1, 70, 70)
    assert count_sms_parts("😀" * 35 + "a") == SmsParts("UCS-2", 2, 71, 67)


def test_all_emoji_text_splits_on_pairs() -> None:
    # 67 is odd, so every part of an all-emoji text holds 33 emoji (66 units), not 33.5.
    assert count_sms_parts("😀" * 66).parts == 2
    assert count_sms_parts("😀" * 67).parts == 3


SPLIT_SAMPLES = [
    "",
    "Test SMS.",
    "a" * 160,
    "a" * 161,
    GALAXY,
    "a" * 152 + "€" + "b" * 10,  # the escape pair would straddle the boundary: it moves to part two
    "a" * 153 * 3,
    "Grüße aus Zürich ✓ " * 10,
    "x" * 66 + "😀" + "y" * 10,  # the surrogate pair would straddle the boundary
    "😀" * 40,
    "{[]}" * 50,
]


@pytest.mark.parametrize("text", SPLIT_SAMPLES)
def test_split_parts_agree_with_the_count_and_rebuild_the_text(text: str) -> None:
    parts = split_sms_parts(text)
    counted = count_sms_parts(text)
    assert len(parts) == counted.parts
    assert "".join(parts) == text
    for part in parts:
        assert count_sms_parts(part).units <= counted.per_part_limit


def test_split_keeps_pairs_whole() -> None:
    escaped = split_sms_parts("a" * 152 + "€" + "b" * 10)
    assert escaped == ["a" * 152, "€" + "b" * 10]
    wide = split_sms_parts("x" * 66 + "😀" + "y" * 10)
    assert wide == ["x" * 66, "😀" + "y" * 10]
    assert split_sms_parts(GALAXY) == [GALAXY[:153], GALAXY[153:]]
