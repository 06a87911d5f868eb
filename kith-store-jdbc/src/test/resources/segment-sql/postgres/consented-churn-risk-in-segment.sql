WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'consent' AND name = 'email' AND COALESCE(((value)::text = '"granted"' OR ((strpos((value)::text, '\') > 0 OR left((value)::text, 1) <> '"' OR right((value)::text, 1) <> '"') AND (json_typeof(value) = 'string' AND CASE WHEN json_typeof(value) = 'string' THEN (value #>> '{}') END = 'granted'))), FALSE)
),
c2 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'model' AND name = 'churn' AND COALESCE((json_typeof(value) = 'number' AND CASE WHEN json_typeof(value) = 'number' THEN (value #>> '{}')::numeric END >= 0.7), FALSE)
),
c3 AS (
  SELECT profile_id FROM segment_members WHERE segment_key = 'newsletter-readers'
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
JOIN c2 ON c2.profile_id = p.id
JOIN c3 ON c3.profile_id = p.id
WHERE (c1.profile_id IS NOT NULL AND c2.profile_id IS NOT NULL AND c3.profile_id IS NOT NULL AND COALESCE('northwind' = ANY (p.brands), FALSE))
ORDER BY p.id
