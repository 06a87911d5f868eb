WITH c1 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'plan' AND COALESCE(((value)::text = '"gold"' OR ((strpos((value)::text, '\') > 0 OR left((value)::text, 1) <> '"' OR right((value)::text, 1) <> '"') AND (json_typeof(value) = 'string' AND CASE WHEN json_typeof(value) = 'string' THEN (value #>> '{}') END = 'gold'))), FALSE)
),
c2 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'address' AND COALESCE((json_typeof((value #> '{city}')) = 'string' AND starts_with(CASE WHEN json_typeof((value #> '{city}')) = 'string' THEN ((value #> '{city}') #>> '{}') END, 'Lee')), FALSE)
),
c3 AS (
  SELECT DISTINCT profile_id FROM profile_identifiers WHERE type = 'email'
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
JOIN c2 ON c2.profile_id = p.id
JOIN c3 ON c3.profile_id = p.id
WHERE (c1.profile_id IS NOT NULL AND c2.profile_id IS NOT NULL AND c3.profile_id IS NOT NULL)
ORDER BY p.id
