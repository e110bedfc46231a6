-- A view (the default materialization).
SELECT id, name, price
FROM raw.items
