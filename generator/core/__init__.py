"""Shared below every stage: the Diagnostic type, message and label tables, dates, the clock."""
