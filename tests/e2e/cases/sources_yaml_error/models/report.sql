SELECT * FROM raw.orders JOIN raw.customers ON customers.id = orders.customer_id
