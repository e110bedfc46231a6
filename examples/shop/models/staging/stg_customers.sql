SELECT customer_id, name, upper(country) AS country
FROM raw.customers
