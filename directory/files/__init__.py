"""Group files on disk: reading them with positions (reader, document), their canonical layout, the published JSON Schema."""
