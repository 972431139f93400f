"""Accessibility audit of the built site for Taiwan's 網站無障礙規範 (115.11, WCAG 2.2 AA).

axe-core (from npm, installed into every page through the DevTools protocol and run through
axe-selenium-python with JSON options) covers most WCAG failures;
``checks`` adds what Freego's C codes and Taiwanese reviewers require beyond it. ``codes`` maps every check to
WCAG and both editions' codes; ``report`` and ``report_html`` write the results; ``statement`` summarises them
for the site's 無障礙聲明 page. Entry point: ``python scripts/audit.py SITE_DIR`` (``cli.main``).
"""
from __future__ import annotations

# Part of the --changed compatibility key: bump when a check changes what it reports.
AUDIT_VERSION = "1.1.0"
