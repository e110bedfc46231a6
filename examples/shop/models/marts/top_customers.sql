-- The three best customers of each country.
SELECT country, name, revenue,
       rank() OVER (PARTITION BY country ORDER BY revenue DESC) AS country_rank
FROM smelt.ref('customer_revenue')
QUALIFY country_rank <= 3
