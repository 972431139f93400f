"""pytest hooks of the export tests; the helpers live in exportsupport.py."""
from exportsupport import pytest_configure  # noqa: F401
