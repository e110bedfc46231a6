SELECT smelt.ref('orders') AS o FROM raw.customers
