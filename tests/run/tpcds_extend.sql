-- Adds the dates and times the corpus's fact tables reference to its date_dim and time_dim, keeping
-- every corpus row. The corpus sample's date_dim stops in 1927 and its time_dim at 02:46:39, while
-- the sales and returns are dated 1998-2004 through the whole day: on the corpus alone no sale joins
-- a date, 68 of the 96 valid queries return no row and the rest one row each, which proves little
-- about a build. The values follow TPC-DS's definitions closely enough for the queries' filters
-- (d_year, d_moy, d_qoy, d_month_seq, d_week_seq, t_hour, ...) to select real rows; they need not
-- match dsdgen's: smelt's tables and the direct queries read the same data.
INSERT INTO date_dim
SELECT sk, 'AAAAAAAA' || lpad(sk::VARCHAR, 8, '0'), d,
       (year(d) - 1900) * 12 + month(d) - 1, (sk - 2415021) // 7 + 1, (year(d) - 1900) * 4 + quarter(d),
       year(d), dayofweek(d), month(d), day(d), quarter(d),
       year(d), (year(d) - 1900) * 4 + quarter(d), (sk - 2415021) // 7 + 1,
       dayname(d), year(d)::VARCHAR || 'Q' || quarter(d)::VARCHAR,
       CASE WHEN month(d) = 12 AND day(d) = 25 THEN 'Y' ELSE 'N' END,
       CASE WHEN dayofweek(d) IN (0, 6) THEN 'Y' ELSE 'N' END,
       CASE WHEN month(d) = 12 AND day(d) = 26 THEN 'Y' ELSE 'N' END,
       sk - day(d) + 1, sk + (last_day(d) - d), sk - 365, sk - 91,
       'N', 'N', 'N', 'N', 'N'
FROM (SELECT range AS sk, DATE '1900-01-02' + (range - 2415022)::INTEGER AS d FROM range(2415022, 2453300))
WHERE sk NOT IN (SELECT d_date_sk FROM date_dim);

INSERT INTO time_dim
SELECT sk, 'AAAAAAAA' || lpad(sk::VARCHAR, 8, '0'), sk, sk // 3600, sk % 3600 // 60, sk % 60,
       CASE WHEN sk // 3600 < 12 THEN 'AM' ELSE 'PM' END,
       CASE WHEN sk // 3600 BETWEEN 6 AND 13 THEN 'first' WHEN sk // 3600 BETWEEN 14 AND 21 THEN 'second' ELSE 'third' END,
       CASE WHEN sk // 3600 BETWEEN 6 AND 11 THEN 'morning' WHEN sk // 3600 BETWEEN 12 AND 16 THEN 'afternoon'
            WHEN sk // 3600 BETWEEN 17 AND 21 THEN 'evening' ELSE 'night' END,
       CASE WHEN sk // 3600 BETWEEN 6 AND 8 THEN 'breakfast' WHEN sk // 3600 BETWEEN 11 AND 13 THEN 'lunch'
            WHEN sk // 3600 BETWEEN 17 AND 19 THEN 'dinner' END
FROM range(0, 86400) AS t(sk)
WHERE sk NOT IN (SELECT t_time_sk FROM time_dim);
