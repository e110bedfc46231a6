SELECT range AS id, 'small' AS padding
FROM range(10)
