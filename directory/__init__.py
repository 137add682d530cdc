"""The directory itself, with no Pelican or Jinja: the group model, its vocabulary, checks and schedules, and reading and writing group files."""
