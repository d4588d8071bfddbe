"""Stage 2, check: domain rules and cross-checks over loaded content → diagnostics."""
