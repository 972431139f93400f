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

    # Settings for the site frame (site_config.py): content/site.yaml, RSS/Atom feeds, open data, link check
    site_config_file = Type(str, default="site.yaml")
    feeds_enabled = Type(bool, default=True)
    feeds_limit = Type(int, default=50)
    data_enabled = Type(bool, default=True)
    links_check = Type(bool, default=True)
