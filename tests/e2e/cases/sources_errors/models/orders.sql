SELECT * FROM raw.orders JOIN raw.customers ON true
