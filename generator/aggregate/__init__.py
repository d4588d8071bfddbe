"""Stage 4, aggregate: per-school facts → city and district tables for the dashboards."""
