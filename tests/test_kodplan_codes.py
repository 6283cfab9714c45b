"""Kodplan compared as codes (issue 21, item 3): single codes, ranges and prefixes on one
normal form (digits of any script as ASCII, leading zeros kept, shorter codes first), so an
overlap is found whenever some code matches two patterns, and a code reaches the area its
pattern names whatever script its digits are in."""

from __future__ import annotations

import itertools
import random

import huvudbok_hjalp as hb
import pytest

from udfs.ledger import kommunbas as kb

UNIVERSE = ["".join(p) for n in range(1, 5) for p in itertools.product("0159", repeat=n)]


def random_pattern(rng: random.Random) -> kb.CodePattern | None:
    if rng.random() < 0.4:
        return kb.parse_pattern(rng.choice(UNIVERSE) + "*")
    if rng.random() < 0.2:
        return kb.parse_pattern(rng.choice(UNIVERSE))
    return kb.parse_pattern(f"{rng.choice(UNIVERSE)}-{rng.choice(UNIVERSE)}")


def test_an_overlap_is_reported_exactly_when_a_code_matches_both():
    """The oracle: every code of a small universe tried against both patterns."""
    rng = random.Random(21)
    checked = 0
    for _ in range(4000):
        p, q = random_pattern(rng), random_pattern(rng)
        if p is None or q is None or "kod" in (p.kind, q.kind):
            continue
        both = [c for c in UNIVERSE if p.matches(c) and q.matches(c)]
        assert p.overlaps(q) == bool(both) == q.overlaps(p), (p.text, q.text, both[:3])
        checked += 1
    assert checked > 1000


@pytest.mark.parametrize("a, b", [("0100-0519", "5*"), ("95-590", "009*"), ("0150-5109", "9*"), ("4100-4199", "041*")])
def test_patterns_the_text_and_number_mix_got_wrong(a, b):
    """Pairs where the old comparison (ranges as numbers, prefixes as text) let a code match
    both without a word; now a code matches both only when an overlap is reported."""
    p, q = kb.parse_pattern(a), kb.parse_pattern(b)
    both = [c for c in UNIVERSE + ["04150", "0500"] if p.matches(c) and q.matches(c)]
    assert p.overlaps(q) == bool(both)


def test_an_overlap_with_leading_zeros_is_an_error(tmp_path):
    kodplan = [
        ["4100-4199", "Barn och unga"],
        ["4200-4299", "Vuxna"],
        ["5000", "Stab"],
        ["009*", "Stab"],
        ["95-590", "Vuxna"],
    ]
    _inputs, findings = hb.read(hb.write(tmp_path / "kodplan.xlsx", hb.tables(kodplan=kodplan)))
    overlap = [f for f in findings if f.regel == "kodplan_overlapp"]
    assert len(overlap) == 1 and "009*" in overlap[0].meddelande and "95-590" in overlap[0].meddelande


def test_a_full_width_code_reaches_its_single_code_not_the_range(tmp_path):
    """Kodplan: 4100-4199 Barn och unga, and 4150 on its own for Stab. A ledger that prints 4150
    in full-width digits: the old comparison put it in the range (as a number) and missed the
    single code (as text)."""
    kodplan = [["4100-4199", "Barn och unga"], ["42*", "Vuxna"], ["5000", "Stab"], ["4150", "Stab"]]
    rows = hb.utfall_rows()
    for row in rows:
        if row[0] == 4150:
            row[0] = "４１５０"
    inputs, findings = hb.read(hb.write(tmp_path / "bred.xlsx", hb.tables(rows, kodplan=kodplan)))
    assert inputs is not None, [f.meddelande for f in findings if f.is_error]
    reference, _ = hb.read(hb.write(tmp_path / "ref.xlsx", hb.tables(kodplan=kodplan)))
    got = inputs.utfall.groupby("omrade")["belopp"].sum().to_dict()
    assert got == reference.utfall.groupby("omrade")["belopp"].sum().to_dict()
    stab = (
        sum(
            -(20_000 + m * 100) + 2_000 + m
            for y, last in ((hb.AR - 1, 12), (hb.AR, hb.PERIOD))
            for m in range(1, last + 1)
        )
        * 2
    )
    assert got["Stab"] == pytest.approx(stab)


def test_a_code_without_its_leading_zero_says_so(tmp_path):
    """Kodplan 4210 as a number and a ledger code "04210": no match, and the message says why."""
    rows = hb.utfall_rows()
    for row in rows:
        if row[0] == 4210:
            row[0] = "04210"
    _inputs, findings = hb.read(
        hb.write(
            tmp_path / "noll.xlsx",
            hb.tables(rows, kodplan=[["4100-4199", "Barn och unga"], ["4210", "Vuxna"], ["5000", "Stab"]]),
        )
    )
    missing = [f for f in findings if f.regel == "okand_ansvarskod"]
    assert missing and "04210" in missing[0].meddelande and "inledande noll" in missing[0].meddelande
