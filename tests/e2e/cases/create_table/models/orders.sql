CREATE TABLE orders AS SELECT order_id FROM raw.orders
