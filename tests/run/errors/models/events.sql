-- @materialize: ephemeral
-- Inlined into its readers: their compiled SQL gets these lines too.
SELECT id,
       kind,
       code
FROM raw.events
