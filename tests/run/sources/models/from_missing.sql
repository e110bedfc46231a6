SELECT a FROM raw.missing
