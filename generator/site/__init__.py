"""Stage 6, site: views, pages, templates, downloads and links → {path: bytes}."""
