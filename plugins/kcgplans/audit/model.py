"""Plain records passed between the checks, the runner and the report writers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Source = Literal["axe", "custom"]


@dataclass(frozen=True)
class Finding:
    """One failure of one check on one element (or stylesheet rule, or document) of one page."""

    check: str
    page: str
    selector: str
    html: str
    message: str
    source: Source = "custom"
    # axe's own impact; custom checks leave it empty and take the severity from the code table.
    impact: str | None = None
    help_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data."""
        return asdict(self)


@dataclass
class PageResult:
    """What auditing one HTML page produced."""

    path: str
    url: str
    sha256: str
    lang: str = ""
    title: str = ""
    findings: list[Finding] = field(default_factory=list)
    # axe "incomplete" results: a human has to decide, so they never fail the audit.
    needs_review: list[Finding] = field(default_factory=list)
    # Site-relative paths of the local documents (PDF, ODT, office files) this page links to.
    downloads: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    # Seconds per check group, to see where the time of a slow page goes.
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class DocumentResult:
    """What checking one downloadable document produced."""

    path: str
    sha256: str
    findings: list[Finding] = field(default_factory=list)


def snippet(html: str, limit: int = 400) -> str:
    """Shorten an outerHTML for the report; whole navigation trees are useless to a reviewer."""
    html = " ".join(html.split())
    return html if len(html) <= limit else html[: limit - 1] + "…"
