SELECT sum(amount) AS revenue FROM smelt.ref('customer_orders')
