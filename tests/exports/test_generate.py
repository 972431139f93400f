import os
import subprocess
import sys
from pathlib import Path

import pytest

from exportsupport import en_document, zh_document
from kcgplans.exports import generate as gen
from kcgplans.exports.document import Heading
from kcgplans.exports.generate import GenerateError, cache_key, generate, human_size

ROOT = Path(__file__).resolve().parents[2]


def outputs(base: Path) -> dict[str, bytes]:
    return {s: base.with_name(base.name + s).read_bytes() for s in (".odt", ".pdf")}


def test_generates_then_reuses_then_regenerates_changed(tmp_path):
    cache, site = tmp_path / "cache", tmp_path / "site"
    jobs = [(zh_document(), site / "zh" / "plan"), (en_document(), site / "en" / "plan")]
    first = generate(jobs, cache_dir=cache, processes=2)
    assert (first.generated, first.reused) == (2, 0)
    files = [site / "zh" / "plan.odt", site / "zh" / "plan.pdf", site / "en" / "plan.odt", site / "en" / "plan.pdf"]
    assert set(first.sizes) == set(files)
    assert all(first.sizes[f] == f.stat().st_size > 1000 for f in files)
    assert files[0].read_bytes()[30:38] == b"mimetype" and files[1].read_bytes()[:5] == b"%PDF-"
    before = {job[1]: outputs(job[1]) for job in jobs}

    second = generate(jobs, cache_dir=cache, processes=2)
    assert (second.generated, second.reused) == (0, 2)
    assert {job[1]: outputs(job[1]) for job in jobs} == before

    changed = [(zh_document(title="財政局114年度提升服務執行計畫"), site / "zh" / "plan"), jobs[1]]
    third = generate(changed, cache_dir=cache, processes=2)
    assert (third.generated, third.reused) == (1, 1)
    assert outputs(site / "zh" / "plan") != before[site / "zh" / "plan"]
    assert outputs(site / "en" / "plan") == before[site / "en" / "plan"]
    assert len(list(cache.iterdir())) == 6  # three documents × two formats, no temporary files left


def test_reuse_does_not_call_the_writers(tmp_path, monkeypatch):
    jobs = [(zh_document(), tmp_path / "out" / "plan")]
    assert generate(jobs, cache_dir=tmp_path / "cache", processes=1).generated == 1

    def fail(*args):
        raise AssertionError("regenerated a cached document")

    monkeypatch.setattr(gen, "_build", fail)
    (tmp_path / "out" / "plan.pdf").unlink()
    report = generate(jobs, cache_dir=tmp_path / "cache", processes=1)
    assert (report.generated, report.reused) == (0, 1) and (tmp_path / "out" / "plan.pdf").is_file()


def test_identical_documents_are_built_once(tmp_path):
    jobs = [(zh_document(), tmp_path / "a"), (zh_document(), tmp_path / "b")]
    report = generate(jobs, cache_dir=tmp_path / "cache", processes=2)
    assert report.generated == 2 and len(list((tmp_path / "cache").iterdir())) == 2
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_cache_key_covers_content_and_dates(monkeypatch):
    base = cache_key(zh_document())
    assert cache_key(zh_document()) == base
    assert cache_key(zh_document(footer="另一個頁尾")) != base
    assert cache_key(zh_document(extra={"ignored": True})) == base  # extra is not content
    monkeypatch.setattr(gen, "WRITER_VERSION", "test")
    assert cache_key(zh_document()) != base
    undated = cache_key(zh_document(date=""))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cache_key(zh_document(date="")) != undated  # the epoch is written into undated files


def test_byte_identical_across_processes(tmp_path):
    """Two separate interpreters with different hash seeds produce the same bytes (nothing depends on set order,
    time or process history)."""
    script = ("import sys; sys.path[:0] = [sys.argv[2], sys.argv[2] + '/tests/exports']\n"
              "from pathlib import Path\nfrom exportsupport import zh_document, en_document\n"
              "from kcgplans.exports.generate import generate\n"
              "out = Path(sys.argv[1])\n"
              "generate([(zh_document(), out / 'zh'), (en_document(), out / 'en')], cache_dir=out / 'cache',"
              " processes=1)\n")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / seed), str(ROOT)], env=env, check=True)
    for name in ("zh.odt", "zh.pdf", "en.odt", "en.pdf"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_invalid_document_is_named(tmp_path):
    with pytest.raises(GenerateError, match=r"bad-date: .*YYYY-MM-DD"):
        generate([(zh_document(date="15/01/2024"), tmp_path / "bad-date")], cache_dir=tmp_path / "cache")


@pytest.mark.parametrize("processes", [1, 2])
def test_writer_failure_is_named(tmp_path, processes):
    jobs = [(en_document(), tmp_path / "good"),
            (zh_document(blocks=(Heading("太深", 9),)), tmp_path / "too-deep")]
    with pytest.raises(GenerateError, match=r"too-deep: .*level 9"):
        generate(jobs, cache_dir=tmp_path / "cache", processes=processes)
    assert not list((tmp_path / "cache").glob("*.tmp*"))


@pytest.mark.parametrize("n, zh, en", [
    (0, "0 位元組", "0 bytes"), (1, "1 位元組", "1 byte"), (1023, "1023 位元組", "1023 bytes"),
    (1024, "1 KB", "1 KB"), (18 * 1024 - 100, "18 KB", "18 KB"), (1024 ** 2 - 1, "1.0 MB", "1.0 MB"),
    (int(2.5 * 1024 ** 2), "2.5 MB", "2.5 MB"), (3 * 1024 ** 3, "3.0 GB", "3.0 GB"),
])
def test_human_size(n, zh, en):
    assert human_size(n, "zh-Hant-TW") == zh and human_size(n, "en") == en


def test_human_size_refuses_negative():
    with pytest.raises(ValueError, match="negative"):
        human_size(-1, "en")


def test_processes_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        generate([(zh_document(), tmp_path / "x")], cache_dir=tmp_path / "cache", processes=0)
