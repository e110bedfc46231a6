SELECT status = ‘paid’ AS is_paid FROM orders
