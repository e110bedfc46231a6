CREATE VIEW keep_v AS SELECT 'hijacked' AS v
