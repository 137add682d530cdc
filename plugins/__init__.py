"""Our Pelican plugins."""
