"""Stage 1, load: files under content/ and schemas/ → YAML with lines → content models."""
