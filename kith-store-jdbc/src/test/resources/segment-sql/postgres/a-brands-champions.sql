WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'rfm' AND name = 'segment@O''Brien & Co' AND COALESCE((json_typeof(value) = 'string' AND CASE WHEN json_typeof(value) = 'string' THEN (value #>> '{}') END = 'Champions'), FALSE)
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
WHERE c1.profile_id IS NOT NULL
ORDER BY p.id
