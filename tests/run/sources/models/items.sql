SELECT id, colour FROM raw.items
