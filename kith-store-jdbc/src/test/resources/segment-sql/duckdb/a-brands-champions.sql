WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'rfm' AND name = 'segment@O''Brien & Co' AND COALESCE((value = '"Champions"' OR ((strpos(value, '\') > 0 OR left(value, 1) <> '"' OR right(value, 1) <> '"') AND (json_type(value) = 'VARCHAR' AND CASE WHEN json_type(value) = 'VARCHAR' THEN json_extract_string(value, '$') END = 'Champions'))), FALSE)
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
WHERE c1.profile_id IS NOT NULL
ORDER BY p.id
