"""Tools for writers: commented templates and the field reference, from the models."""
