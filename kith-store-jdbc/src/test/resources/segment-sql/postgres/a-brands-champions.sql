WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'rfm' AND name = 'segment@O''Brien & Co' AND COALESCE(((value)::text = '"Champions"' OR ((strpos((value)::text, '\') > 0 OR left((value)::text, 1) <> '"' OR right((value)::text, 1) <> '"') AND (json_typeof(value) = 'string' AND CASE WHEN json_typeof(value) = 'string' THEN (value #>> '{}') END = 'Champions'))), FALSE)
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
WHERE c1.profile_id IS NOT NULL
ORDER BY p.id
