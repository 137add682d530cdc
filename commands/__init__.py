"""The command-line tools behind `invoke`: build, validate, fmt, the wizard, imports, intake, stale, linkcheck, publish."""
