"""Kaohsiung City Government service-improvement plans: content model, exports, audit and the MkDocs plugin.

Everything except ``kcgplans.mkdocs_plugin`` is independent of MkDocs, so the content model, validation and
exports can be tested alone and moved to another site generator.
"""
