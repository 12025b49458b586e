"""The evaluator's reading and arithmetic, checked against numbers computed by hand.

The fixture files in ``tests/fixtures/timeml/`` are two hand-written TimeML
documents (7 gold timexes). The system output below is built by hand too, so
these tests pin the TempEval-3 scoring rules, not the tagger.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chronicle.evaluate import (
    Counts,
    Document,
    evaluate,
    format_report,
    iter_documents,
    main,
    read_timeml,
    score_document,
    scores,
)
from chronicle.models import Timex
from chronicle.models import TimexType as T

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "timeml"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _sys(doc: Document, text: str, type_: T, value: str, nth: int = 0) -> Timex:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return Timex(start, start + len(text), text, type_, value)


def test_reader_strips_tags_and_unescapes() -> None:
    doc = read_timeml(FIXTURES / "a.tml")
    assert doc.dct == dt.date(2015, 11, 20)
    assert "<" not in doc.text and "three hours & ended" in doc.text
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("Thursday", "DATE", "2015-11-19"),
        ("three hours", "DURATION", "PT3H"),
        ("6 p.m.", "TIME", "2015-11-19T18:00"),
        ("next week", "DATE", "2015-W48"),
    ]
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text


def _hand_counts() -> Counts:
    a, b = read_timeml(FIXTURES / "a.tml"), read_timeml(FIXTURES / "b.tml")
    system_a = [
        _sys(a, "Thursday", "DATE", "2015-11-19"),  # strict, value and type right
        _sys(a, "hours", "DURATION", "PT3H"),  # relaxed only
        _sys(a, "6 p.m", "TIME", "2015-11-20T18:00"),  # relaxed, wrong value
        _sys(a, "Hollande", "DATE", "XXXX"),  # spurious; "next week" is missed
    ]
    system_b = [
        _sys(b, "Sales", "DATE", "XXXX"),  # spurious
        _sys(b, "the third", "DATE", "1997-Q3"),  # loses to the larger overlap: spurious
        _sys(b, "third quarter", "DURATION", "1997-Q3"),  # relaxed, wrong type
        _sys(b, "Friday", "DATE", "1998-02-13"),  # strict; "A year earlier" is missed
    ]
    total = Counts()
    total.add(score_document(a, sorted(system_a, key=lambda t: t.start)))
    total.add(score_document(b, sorted(system_b, key=lambda t: t.start)))
    return total


def test_counts_by_hand() -> None:
    c = _hand_counts()
    assert (c.gold, c.system, c.strict, c.relaxed, c.value_ok, c.type_ok) == (7, 8, 2, 5, 4, 4)


def test_scores_by_hand() -> None:
    s = scores(_hand_counts())
    assert s.strict_p == pytest.approx(2 / 8)
    assert s.strict_r == pytest.approx(2 / 7)
    assert s.strict_f1 == pytest.approx(4 / 15)
    assert s.relaxed_p == pytest.approx(5 / 8)
    assert s.relaxed_r == pytest.approx(5 / 7)
    assert s.relaxed_f1 == pytest.approx(10 / 15)
    assert s.value_accuracy == pytest.approx(4 / 5)
    assert s.value_f1 == pytest.approx(4 / 5 * 10 / 15)
    assert s.type_accuracy == pytest.approx(4 / 5)
    assert s.type_f1 == pytest.approx(4 / 5 * 10 / 15)


def test_verbose_lists_every_error() -> None:
    a = read_timeml(FIXTURES / "a.tml")
    c = score_document(a, [_sys(a, "Hollande", "DATE", "XXXX")], verbose=True)
    kinds = sorted(p.split()[0] for p in c.problems)
    assert kinds == ["MISS", "MISS", "MISS", "MISS", "SPURIOUS"]
    assert all("a.tml" in p for p in c.problems)


def test_end_to_end_on_fixtures(capsys: pytest.CaptureFixture[str]) -> None:
    docs = iter_documents([FIXTURES])
    c = evaluate(docs)
    assert (c.documents, c.gold) == (2, 7)
    assert "strict" in format_report("fixtures", c)
    assert main(["timeml", str(FIXTURES)]) == 0
    assert "value" in capsys.readouterr().out


@pytest.mark.skipif(not (SHARED / "timeml").is_dir(), reason="../shared/timeml is absent")
def test_timebank_quality_floor() -> None:
    """A floor well under the measured figures, to catch a regression, not to tune to."""
    c = evaluate(iter_documents([SHARED / "timeml" / "TimeBank", SHARED / "timeml" / "AQUAINT"]))
    s = scores(c)
    assert c.documents == 256
    assert s.relaxed_f1 > 0.85
    assert s.strict_f1 > 0.75
    assert s.value_f1 > 0.70
