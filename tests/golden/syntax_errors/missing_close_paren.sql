SELECT count(x FROM orders
