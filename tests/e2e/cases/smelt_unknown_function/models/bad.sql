SELECT smelt.foo() AS x, smelt.reff('orders') AS y FROM raw.orders
