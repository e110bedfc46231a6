-- @materialise: table
-- @materialize: tabel
-- @tags daily
-- @lookback: three days
SELECT order_id, amount FROM raw.orders
