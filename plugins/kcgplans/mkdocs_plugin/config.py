from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.config_options import Type


class ServicePlansConfig(Config):
    enabled = Type(bool, default=True)

    # Settings for content
    content_dir = Type(str, default="content")
    content_edit_uri = Type(str, default="")

    # Settings for search
    search_split = Type(bool, default=True)

    # Settings for downloads
    downloads_enabled = Type(bool, default=True)
    downloads_cache_dir = Type(str, default=".cache/kcgplans/downloads")
