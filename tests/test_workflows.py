"""The GitHub Actions workflows: valid against the GitHub workflow schema (check-jsonschema ships SchemaStore's
copy, so this runs offline; actionlint is not packaged for Debian or PyPI), and doing what the project needs.
Also the validator's --format github, which puts content errors on the lines at fault in a pull request."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import yaml

from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a key
    assert isinstance(data, dict)
    return data


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def runs(workflow: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow))


def test_workflows_match_the_github_workflow_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} == {"pr.yml", "main.yml"}
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_commands_and_actions_exist_and_are_pinned():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w.-]*|\$\(VENV\)/\.\w+|node_modules/[\w./-]+):", makefile, re.M))
    for name in ("pr.yml", "main.yml"):
        workflow = load(name)
        for step in steps(workflow):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]
            assert step.get("name"), step
        text = runs(workflow)
        for script in re.findall(r"scripts/[\w./-]+\.py", text):
            assert (ROOT / script).is_file(), script
        for line in re.findall(r"^\s*make ([^\n]+)", text, re.M):
            for target in line.split():
                target = target.replace(".venv/", "$(VENV)/")
                assert target in targets, (name, target)
        for job in workflow["jobs"].values():
            assert job.get("runs-on", "").startswith("ubuntu")
            checkout = [s for s in job.get("steps", []) if s.get("uses", "").startswith("actions/checkout@")]
            for s in checkout:
                assert s.get("with", {}).get("fetch-depth") == "0"  # 更新日期 needs the git history


def test_pull_request_workflow():
    workflow = load("pr.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    text = runs(workflow)
    order = [text.index(s) for s in ("scripts/validate.py content --format github", "make site",
                                     "scripts/audit.py site --changed")]
    assert order == sorted(order)
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert any(s["with"]["path"].rstrip("/") == "site" for s in uploads)
    restore = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/cache/restore@")]
    assert restore and restore[0]["with"]["path"] == "reports"


def test_main_workflow_builds_audits_and_deploys_one_way_or_the_other():
    workflow = load("main.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    text = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "make site" in text and "scripts/audit.py site --report-dir reports" in text
    assert "--changed" not in text  # the full audit
    save = [s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/cache/save@")]
    assert save and save[0]["with"]["path"] == "reports"
    pages, rsync = jobs["deploy-pages"], jobs["deploy-rsync"]
    assert pages["needs"] == "build" and rsync["needs"] == "build"
    assert "vars.RSYNC_TARGET == ''" in pages["if"] and "vars.RSYNC_TARGET != ''" in rsync["if"]
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in pages["steps"])
    deploy = "\n".join(s.get("run", "") for s in rsync["steps"])
    assert "rsync " in deploy and "mv -T" in deploy and ".releases/" in deploy  # switched in one rename
    assert "secrets.RSYNC_SSH_KEY" in (WORKFLOWS / "main.yml").read_text(encoding="utf-8")


def test_validate_prints_github_annotations_on_the_faulty_line(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    plan = tmp_path / "content" / "plans" / "finance-bureau-113.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "units: [secretariat]" in line)
    lines[at] = lines[at].replace("secretariat", "secretariet")
    plan.write_text("".join(lines), encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "content", "--format", "github"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    annotations = [l for l in done.stdout.splitlines() if l.startswith("::error ")]
    assert len(annotations) == 1
    match = re.fullmatch(r"::error file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)", annotations[0])
    assert match, annotations[0]
    file, line, col, title, message = match.groups()
    assert file == "content/plans/finance-bureau-113.yaml"
    assert int(line) == at + 1
    assert lines[at][int(col) - 1:].startswith("secretariet")
    assert "units[0]" in title.replace("%2C", ",")
    assert "%0A" in message and "\n" not in message  # one line: newlines escaped as GitHub requires
    assert "找不到機關 finance-bureau 的單位「secretariet」" in message and "Unknown unit" in message
    plain = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "content"],
                           cwd=tmp_path, capture_output=True, text=True)
    assert "::error" not in plain.stdout
