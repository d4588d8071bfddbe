"""Stage 7, output: write the staged site atomically and index it for search."""
