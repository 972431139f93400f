"""Bad FAQ and SOP content: every case fails validation with the file, line, column and field at fault and a
message in Chinese and English saying what to write instead — the same quality as the plans' errors.

Each case starts from the complete test content (tests/fixtures/services/content, valid), breaks one thing and
runs the real command line (scripts/validate.py); a few cases also call load_content directly.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_faq import FIXTURE, ROOT, fixture_project, mkdocs_build
FAQ = "faq/example-bureau.yaml"
SOP = "sop/full-service.yaml"


@pytest.fixture
def content(tmp_path) -> Path:
    dest = tmp_path / "project" / "content"
    shutil.copytree(FIXTURE, dest)
    return dest


def validate(content: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(content)],
                          capture_output=True, text=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert found, needle
    return found[-1]


def test_the_fixture_is_valid(content):
    done = validate(content)
    assert done.returncode == 0, done.stdout


# (case id, file to break, old text, new text, text on the line the error must name, field, words of the message)
CASES = [
    # FAQ files
    ("faq-unknown-agency", FAQ, "agency: example-bureau", "agency: example-bureu", "agency: example-bureu", "agency",
     "Did you mean: example-bureau"),
    ("faq-file-name-not-agency", "faq/example-district-office.yaml", "agency: example-district-office",
     "agency: example-bureau", "agency: example-bureau", "agency", "An FAQ file is named after its agency"),
    ("faq-unknown-unit", FAQ, "units: [records, service-desk]", "units: [records, service-dsk]",
     "units: [records, service-dsk]", "entries[0].units[1]", "Unknown unit of agency example-bureau"),
    ("faq-unknown-category", FAQ, "category: documents-archives", "category: documents", "category: documents",
     "entries[0].category", "Unknown FAQ category"),
    ("faq-duplicate-id-in-file", FAQ, "id: untranslated-entry", "id: full-entry", "id: full-entry",
     "entries[1].id", "already used"),
    ("faq-duplicate-id-across-files", "faq/example-district-office.yaml", "id: district-hours", "id: full-entry",
     "id: full-entry", "entries[0].id", "example-bureau.yaml line"),
    ("faq-reserved-id", FAQ, "id: untranslated-entry", "id: top", "id: top", "entries[1].id", "reserve"),
    ("faq-empty-question", FAQ, "      zh: 申請書如何下載？", '      zh: " "', 'zh: " "', "entries[0].question.zh",
     "The text is empty"),
    ("faq-missing-answer", FAQ, "      zh: 服務台位於本局一樓大廳。", "      zh:", "      zh:", "entries[1].answer.zh",
     "expected string"),
    ("faq-bad-date-form", FAQ, 'updated: "2026-11-20"', 'updated: "2026/11/20"', 'updated: "2026/11/20"',
     "entries[0].updated", "YYYY-MM-DD"),
    ("faq-impossible-date", FAQ, 'updated: "2026-11-20"', 'updated: "2026-02-30"', 'updated: "2026-02-30"',
     "entries[0].updated", "not a real date"),
    ("faq-unknown-measure", FAQ, '"example-bureau-115#m1-1-2"', '"example-bureau-115#m9-9-9"', "m9-9-9",
     "entries[0].measures[0]", "Unknown measure of plan example-bureau-115"),
    ("faq-unknown-plan", FAQ, '"example-bureau-115#m1-1-2"', '"example-bureau-114#m1-1-2"', "example-bureau-114",
     "entries[0].measures[0]", "Did you mean: example-bureau-115"),
    ("faq-malformed-measure", FAQ, '"example-bureau-115#m1-1-2"', '"example-bureau-115 m1-1-2"', "example-bureau-115 m1-1-2",
     "entries[0].measures[0]", "<plan-id>#<measure-id>"),
    ("faq-unknown-source", FAQ, "      document: example-source.txt", "      document: nowhere.txt", "document: nowhere.txt",
     "entries[0].source.document", "Unknown source document"),
    ("faq-missing-clauses", FAQ, 'source: {clauses: ["一(一)1"]}', "source: {}", "source: {}",
     "entries[1].source.clauses", "Required field 'clauses'"),
    ("faq-unknown-field", FAQ, 'updated: "2026-11-21"', 'updated: "2026-11-21"\n    keywords: [x]', "keywords: [x]",
     "entries[1].keywords", "Unknown field"),
    # Categories
    ("category-duplicate-id", "faq-categories.yaml", "  - id: empty-category", "  - id: public-service",
     None, "categories[2].id", "already used"),
    ("category-text-not-mapping", "faq-categories.yaml", "    name: {zh: 為民服務, en: Service to the public}",
     "    name: 為民服務", "name: 為民服務", "categories[1].name", "{zh:"),
    # SOP files
    ("sop-unknown-agency", SOP, "agency: example-bureau", "agency: exmple-bureau", "agency: exmple-bureau", "agency",
     "Did you mean: example-bureau"),
    ("sop-unknown-unit", SOP, "units: [service-desk, records]", "units: [service-desk, archive]",
     "units: [service-desk, archive]", "units[1]", "Unknown unit of agency example-bureau"),
    ("sop-unknown-related-faq", SOP, "related_faq: [full-entry, district-hours]", "related_faq: [full-entry, district-hour]",
     "related_faq:", "related_faq[1]", "Unknown FAQ entry id 'district-hour'"),
    ("sop-unknown-measure", SOP, '"example-bureau-115#m1-1-1"', '"example-bureau-115#m1-1-7"', "m1-1-7", "measures[0]",
     "Unknown measure of plan example-bureau-115"),
    ("sop-bad-channel", SOP, "  - type: mobile", "  - type: app", "type: app", "channels[4].type",
     "one of: counter、phone、fax、online、mobile、mail、outreach"),
    ("sop-optional-without-reason", SOP,
     "    reason: {zh: 可由戶役政資料庫查得者免附, en: Not needed when it can be checked in the household registration database}\n",
     "", None, "documents[1].reason", "Required field 'reason'"),
    ("sop-bad-time-unit", SOP, "time_limit: {value: 5, unit: working-days}", "time_limit: {value: 5, unit: days}",
     "time_limit: {value: 5, unit: days}", "time_limit.unit", "one of: working-days、hours"),
    ("sop-zero-time", SOP, "time_limit: {value: 4, unit: hours}", "time_limit: {value: 0, unit: hours}",
     "time_limit: {value: 0, unit: hours}", "steps[1].time_limit.value", "number above 0"),
    ("sop-empty-step", SOP, "text: {zh: 通知申請人辦理結果, en: Notify the applicant of the result}",
     'text: {zh: "", en: Notify the applicant of the result}', 'text: {zh: ""', "steps[3].text.zh", "The text is empty"),
    ("sop-bad-phone", SOP, '"1999"', '"call 1999"', '"call 1999"', "contact.phone[1]", "A phone number holds digits"),
    ("sop-bad-email", SOP, '["service@example.kcg.gov.tw"]', '["service at example"]', "service at example",
     "contact.email[0]", "Not an e-mail address"),
    ("sop-impossible-date", SOP, 'updated: "2026-11-23"', 'updated: "2026-13-01"', 'updated: "2026-13-01"', "updated",
     "not a real date"),
    ("sop-missing-form-file", SOP, "files: [sample.pdf]", "files: [sample-v2.pdf]", "files: [sample-v2.pdf]",
     "forms[1].files[0]", "Unknown form file (content/sop/forms/) 'sample-v2.pdf'"),
    ("sop-office-form-without-twin", SOP, "files: [application.odt, application.pdf, application.docx]",
     "files: [application.docx]", "files: [application.docx]", "forms[0].files[0]", "add application.odt or application.pdf"),
    ("sop-bad-form-name", SOP, "files: [sample.pdf]", "files: [../sample.pdf]", "files: [../sample.pdf]",
     "forms[1].files[0]", "A form's file name"),
    ("sop-missing-title", SOP, "title:\n  zh: 範例申請服務\n  en: Example application service\n", "", None, "title",
     "Required field 'title'"),
    ("sop-missing-clauses", SOP, '  clauses: ["一(一)1"]\n', "", None, "source.clauses", "Required field 'clauses'"),
    ("sop-unknown-source", SOP, "  document: example-source.txt\n  clauses", "  document: example.txt\n  clauses",
     "document: example.txt", "source.document", "Unknown source document"),
]


@pytest.mark.parametrize("case,file,old,new,line_text,field,words", CASES, ids=[c[0] for c in CASES])
def test_bad_service_content_is_reported_with_file_line_and_field(content, case, file, old, new, line_text, field,
                                                                  words):
    path = content / file
    edit(path, old, new)
    done = validate(content)
    assert done.returncode == 1, done.stdout
    out = done.stdout
    located = re.findall(rf"content/{re.escape(file)}:(\d+):(\d+): (\S*)", out)
    assert located, out
    if line_text:
        expected = line_of(path, line_text)
        assert any(int(line) == expected for line, _, f in located if f == field), (expected, field, out)
    assert any(f == field for _, _, f in located), (field, out)
    assert words in out, out
    assert "錯誤：" in out and "Error:" in out
    assert "content error(s): the site was not built." in out


def test_missing_categories_file(content):
    (content / "faq-categories.yaml").unlink()
    out = validate(content).stdout
    assert "content/faq-categories.yaml: (檔案 file)" in out and "The required file faq-categories.yaml is missing." in out


def test_bad_sop_file_name(content):
    shutil.copy(content / SOP, content / "sop" / "Full_Service.yaml")
    done = validate(content)
    assert done.returncode == 1
    assert "content/sop/Full_Service.yaml" in done.stdout and "The file name is the service's id" in done.stdout


def test_every_error_of_a_run_is_reported_together_with_plan_errors(content):
    edit(content / FAQ, "category: documents-archives", "category: nowhere")
    edit(content / SOP, '"1999"', '"x"')
    edit(content / "plans" / "example-bureau-115.yaml", "units: [records]", "units: [nobody]")
    out = validate(content).stdout
    assert "3 content error(s)" in out, out
    for name in ("faq/example-bureau.yaml:", "sop/full-service.yaml:", "plans/example-bureau-115.yaml:"):
        assert name in out


def test_load_content_raises_content_errors_with_positions(content):
    from kcgplans.model import ContentErrors, load_content
    edit(content / SOP, "related_faq: [full-entry, district-hours]", "related_faq: [nobody]")
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    [error] = caught.value.errors
    assert error.file == content / SOP and error.field == "related_faq[0]"
    assert error.line == line_of(content / SOP, "related_faq: [nobody]") and error.column > 1
    assert error.found == '"nobody"' and "常見問答" in error.zh and "FAQ entry id" in error.en


def test_the_real_content_is_valid():
    from kcgplans.model import load_content
    content = load_content(ROOT / "content")
    assert {"archive-copy-fees", "gazette-subscription"} <= set(content.faqs)
    assert {"consumer-complaint", "archive-use", "venue-borrowing", "mayor-scrolls", "vocational-rehabilitation",
            "online-registration"} <= set(content.sops)


def test_a_build_with_a_service_error_fails_and_writes_nothing(content, tmp_path):
    edit(content / SOP, "files: [sample.pdf]", "files: [missing.pdf]")
    project = fixture_project(tmp_path / "build", content)
    site = tmp_path / "out"
    built = mkdocs_build(project, site)
    assert built.returncode != 0
    assert "content/sop/full-service.yaml:" in built.stderr and "forms[1].files[0]" in built.stderr
    assert not site.exists() or not any(site.iterdir())
