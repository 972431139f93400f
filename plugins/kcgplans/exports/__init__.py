"""Downloadable documents (ODT, PDF) and QR codes, written from a format-neutral ``Document``."""
