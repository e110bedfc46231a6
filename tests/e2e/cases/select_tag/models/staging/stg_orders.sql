-- @tags: staging
SELECT * FROM raw.orders
