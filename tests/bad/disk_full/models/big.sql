SELECT range AS id, repeat('x', 200) || range AS padding
FROM range(500000)
