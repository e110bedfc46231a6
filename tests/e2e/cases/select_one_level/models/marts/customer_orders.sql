-- @tags: daily
SELECT * FROM smelt.ref('stg_orders') o JOIN smelt.ref('stg_customers') c ON c.id = o.customer_id
