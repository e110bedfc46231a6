SELECT 'mine' AS owner
