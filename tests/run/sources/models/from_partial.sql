-- @materialize: ephemeral
-- Read only through partial_user: its source is still validated.
SELECT x, y, z FROM raw.partial
