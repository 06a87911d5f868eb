WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'rfm' AND name = 'segment@O''Brien & Co'
)
SELECT p.id AS profile_id
FROM profiles p
LEFT JOIN c1 ON c1.profile_id = p.id
WHERE COALESCE((json_typeof(c1.value) = 'string' AND CASE WHEN json_typeof(c1.value) = 'string' THEN (c1.value #>> '{}') END = 'Champions'), FALSE)
ORDER BY p.id
