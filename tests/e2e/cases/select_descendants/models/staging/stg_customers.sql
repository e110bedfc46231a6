-- @tags: staging
SELECT * FROM raw.customers
