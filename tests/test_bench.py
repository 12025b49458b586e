"""The benchmark's corpus and its five timed builds, at a tiny N (no timing asserted)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chronicle import bench
from chronicle.articles import parse_article

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
The ministers <EVENT eid="e1">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1998-01-06">Tuesday</TIMEX3> in Geneva &amp; agreed.

They will meet again <TIMEX3 tid="t2" type="DATE" value="1998-02">next month</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_timeml_becomes_plain_text_with_its_creation_date(tmp_path: Path) -> None:
    path = tmp_path / "T1.tml"
    path.write_text(TIMEML, encoding="utf-8")
    text = bench.timeml_text(path, 0)
    assert text is not None
    assert text.day == date(1998, 1, 8)
    assert text.paragraphs[0] == "The ministers met on Tuesday in Geneva & agreed."
    assert not any("<" in p for p in text.paragraphs)


def test_the_corpus_is_deterministic_and_spread_over_years(tmp_path: Path) -> None:
    path = tmp_path / "T1.tml"
    path.write_text(TIMEML, encoding="utf-8")
    texts = bench.load_texts([tmp_path])
    items = bench.corpus(texts, 60)
    assert [bench.wire(i) for i in items] == [bench.wire(i) for i in bench.corpus(texts, 60)]
    assert len({i.stem for i in items}) == 60
    assert len({i.day.year for i in items}) >= 3
    for item in items[:12]:
        draft, problems = parse_article(bench.wire(item), f"{item.stem}.txt")
        assert draft is not None and problems == []
        assert draft.front_matter["date"] == item.day
        assert draft.dateline is not None, "a dateline without a year opens the body"
        assert (draft.dateline.month, draft.dateline.day) == (item.day.month, item.day.day)
        assert "Title:" in bench.pelican_markdown(item)


def test_the_benchmark_runs_its_five_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--articles", "12", "--keep", str(tmp_path / "bench"), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    for label in ("cold", "no change", "no change, again", "one article edited", "another edited"):
        assert label in out
    lines = {line.split("  ")[0].strip(): line for line in out.splitlines()}
    assert "cache hits 0.0%" in lines["cold"]
    cpu = float(lines["cold"].split("CPU")[1].split("s")[0])
    assert cpu > 0.1, "the build's CPU time, workers included, is counted"
    for unchanged in ("no change", "no change, again"):
        assert "cache hits 100.0%" in lines[unchanged] and "rendered 0" in lines[unchanged]
    assert "cache hits 91.7%" in lines["one article edited"]  # 11 of 12
    assert "cache hits 91.7%" in lines["another edited"], "another article than the first edit"
    assert (tmp_path / "bench" / "chronicle" / "._site.spare").is_dir(), "a spare site to patch"
    assert len(list((tmp_path / "bench" / "chronicle" / "articles").glob("*.txt"))) == 12


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc only")
def test_memory_counts_a_forked_child_and_not_a_child_in_its_parents_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    import time

    me = os.getpid()
    assert bench._same_memory(me, me), "a process shares its own address space"
    child = os.fork()
    if child == 0:  # pragma: no cover - the child only waits to be measured
        time.sleep(3)
        os._exit(0)
    try:
        assert not bench._same_memory(me, child), "a forked child has memory of its own"
        both = bench._tree_rss(me)
        monkeypatch.setattr(bench, "_same_memory", lambda one, other: True)
        alone = bench._tree_rss(me)  # as if the child were still in vfork
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
    assert 0 < alone < both
