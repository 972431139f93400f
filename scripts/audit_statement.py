"""Record the summary of an audit report for the site's 無障礙聲明 page:
`python scripts/audit_statement.py reports/audit-report.json content/accessibility-audit.json`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from kcgplans.audit.statement import summary  # noqa: E402

if __name__ == "__main__":
    report, out = Path(sys.argv[1]), Path(sys.argv[2])
    data = summary(json.loads(report.read_text(encoding="utf-8")))
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"無障礙聲明摘要已更新 statement summary written: {out} ({data['violations']} violations)")
