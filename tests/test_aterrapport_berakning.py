"""The grant arithmetic and texts (udfs/grant/report_back.py): pure functions, no workbook."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from udfs.forecasting.deviation import kvarstaende, smatal
from udfs.grant.report_back import (
    Anmarkning,
    Bidrag,
    Kostnad,
    Omgang,
    anonymised_count,
    by_area,
    compute_report_back,
    days_text,
    egenfinansiering,
    redovisade_kostnader,
    reported_per_category,
    status_for,
    to_mkr,
)

NB = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NB, " ")


def bidrag(mottaget=325_000, kostnader=(), omgangar=None, **kw) -> Bidrag:
    return Bidrag(
        namn=kw.pop("namn", "Bostad först 2022"),
        myndighet="Socialstyrelsen",
        omgangar=omgangar or [Omgang(mottaget)],
        period_fran=date(2022, 8, 1),
        period_till=date(2022, 12, 31),
        kostnader=list(kostnader),
        **kw,
    )


def test_kvarstaende_egenfinansiering_redovisat_from_the_papers():
    # Bostad först: unused money is repaid
    assert kvarstaende(325_000, 97_924) == 227_076
    assert egenfinansiering(325_000, 97_924) == 0
    # Våld i nära relationer: reported costs never exceed the grant, the rest is co-financing
    assert redovisade_kostnader(615_251, 624_580) == 615_251
    assert kvarstaende(615_251, 624_580) == 0
    assert egenfinansiering(615_251, 624_580) == 9_329
    # Familjehem: 4 442 kr without support is left over
    assert kvarstaende(1_455_042, 1_450_600) == 4_442


def test_vectorised_like_the_other_prognos_functions():
    m = np.array([325_000, 615_251, 1_455_042])
    k = np.array([97_924, 624_580, 1_450_600])
    assert list(egenfinansiering(m, k)) == [0, 9_329, 0]
    assert list(redovisade_kostnader(m, k)) == [97_924, 615_251, 1_450_600]
    assert isinstance(egenfinansiering(1, 2), float)


def test_anonymised_counts():
    assert [anonymised_count(n) for n in (0, 1, 2, 3, 4, 5, 175)] == [0, 3, 3, 3, 4, 5, 175]
    assert anonymised_count(None) is None


@given(st.integers(min_value=0, max_value=10_000))
def test_anonymised_count_is_smatal(n):
    out = anonymised_count(n)
    assert out == smatal(n)
    assert out == (3 if 1 <= n <= 3 else n)


def test_reported_per_category_takes_the_excess_top_down():
    assert reported_per_category([624_580], 615_251) == [615_251]
    assert reported_per_category([92_201, 0, 5_723, 0], 325_000) == [92_201, 0, 5_723, 0]
    # 1 000 over: taken from the first category
    assert reported_per_category([600, 500, 900], 1_000) == [0, 100, 900]
    assert reported_per_category([0, 0], 0) == [0, 0]


@given(
    st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=9),
    st.integers(min_value=0, max_value=5_000_000),
)
def test_reported_per_category_properties(underlag, mottaget):
    out = reported_per_category(underlag, mottaget)
    assert sum(out) == min(sum(underlag), mottaget)
    assert all(0 <= r <= u for r, u in zip(out, underlag))
    assert all(isinstance(r, int) for r in out)


def test_compute_report_back_bostad_forst():
    costs = [
        Kostnad(92_201, "Lönekostnader inklusive sociala avgifter", "Arbetstid förstudie"),
        Kostnad(0, "Lokalhyra"),
        Kostnad(5_723, "Resor, kost och logi", "Studiebesök Örebro"),
    ]
    b = bidrag(
        kostnader=costs,
        kategorier=[
            "Lönekostnader inklusive sociala avgifter",
            "Lokalhyra",
            "Resor, kost och logi",
            "Informationskostnader",
        ],
    )
    r = compute_report_back(b, date(2023, 1, 17))
    assert (r.mottaget, r.kostnader, r.redovisade, r.kvarstaende, r.egenfinansiering) == (
        325_000,
        97_924,
        97_924,
        227_076,
        0,
    )
    assert [(k.kategori, k.underlag) for k in r.kategorier] == [
        ("Lönekostnader inklusive sociala avgifter", 92_201),
        ("Lokalhyra", 0),
        ("Resor, kost och logi", 5_723),
        ("Informationskostnader", 0),
    ]
    assert [k.aktivitet for k in r.aktiviteter] == [
        "Arbetstid förstudie",
        "Studiebesök Örebro",
    ]  # 0-rows without activity left out
    assert r.dagar_kvar is None and r.status == "Klar"
    text = plain(" ".join(r.texter))
    assert "Nämnden har tagit emot statsbidrag om 325 000 kronor från Socialstyrelsen" in text
    assert (
        "har förbrukat 97 924 kronor av statsbidraget, varför 227 076 kronor ska återbetalas till Socialstyrelsen."
        in text
    )
    assert "Hela statsbidraget har använts." not in text


def test_texts_whole_grant_used_and_cofinancing():
    r = compute_report_back(bidrag(615_251, [Kostnad(624_580, "Kostnader")]), date(2023, 1, 17))
    text = plain(" ".join(r.texter))
    assert "Hela statsbidraget har använts." in text
    assert "624 580 kronor" in text and "9 329 kronor" in text and "egenfinansiering" in text
    exact = compute_report_back(bidrag(1_000, [Kostnad(1_000, "Kostnader")]), date(2023, 1, 17))
    assert exact.texter[-1] == "Hela statsbidraget har använts."


def test_texts_nothing_used_and_nothing_received():
    none_used = compute_report_back(bidrag(50_000), date(2023, 1, 17))
    assert "Inget av statsbidraget har förbrukats" in none_used.texter[1]
    assert plain(none_used.texter[1]).endswith("hela beloppet, 50 000 kronor, ska återbetalas till Socialstyrelsen.")
    zero = compute_report_back(bidrag(0), date(2023, 1, 17))
    assert not any("Hela statsbidraget" in t for t in zero.texter)


def test_texts_name_rounds_only_when_several_paid():
    two = compute_report_back(bidrag(omgangar=[Omgang(400_000), Omgang(215_251)]), date(2023, 1, 17))
    assert "totalt 615 251 kronor i 2 omgångar (400 000 och 215 251 kronor)" in plain(two.texter[0])
    one_paid = compute_report_back(bidrag(omgangar=[Omgang(615_251), Omgang(0)]), date(2023, 1, 17))
    assert "om 615 251 kronor från" in plain(one_paid.texter[0])


def test_status_and_days():
    assert status_for([]) == "Klar"
    assert status_for([Anmarkning("varning", "x")]) == "Varning"
    assert status_for([Anmarkning("varning", "x"), Anmarkning("fel", "y")]) == "Fel"
    r = compute_report_back(bidrag(senast=date(2023, 2, 15)), date(2023, 1, 17))
    assert r.dagar_kvar == 29
    assert [days_text(n) for n in (2, 1, 0, -1, -5)] == [
        "2 dagar kvar",
        "1 dag kvar",
        "sista dagen i dag",
        "passerad för 1 dag sedan",
        "passerad för 5 dagar sedan",
    ]


def test_mkr_rounds_half_away_from_zero():
    assert to_mkr(1_455_042) == 1.5
    assert to_mkr(97_924) == 0.1
    assert to_mkr(150_000) == 0.2  # round(0.15, 1) == 0.1 in Python: binary floats, banker's rounding
    assert to_mkr(50_000) == 0.1
    assert to_mkr(-250_000) == -0.3
    assert to_mkr(0) == 0.0


def test_by_area_keeps_register_order():
    rs = [
        compute_report_back(bidrag(namn=n, omrade=o), date(2023, 1, 17))
        for n, o in (("A", "Barn och unga"), ("B", "Vuxna"), ("C", "Barn och unga"), ("D", None))
    ]
    groups = by_area(rs)
    assert [(o, [r.namn for r in g]) for o, g in groups] == [
        ("Barn och unga", ["A", "C"]),
        ("Vuxna", ["B"]),
        ("Ej angivet verksamhetsområde", ["D"]),
    ]
