SELECT id,
       kind,
       cuont
FROM raw.events
