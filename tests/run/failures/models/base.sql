SELECT id, code FROM raw.items
