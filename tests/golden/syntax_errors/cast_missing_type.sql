SELECT amount::
FROM orders
