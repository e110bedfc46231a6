SELECT id, version FROM raw.events
