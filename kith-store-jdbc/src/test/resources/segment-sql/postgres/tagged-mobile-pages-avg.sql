WITH c1 AS (
  SELECT profile_id, value FROM profile_traits WHERE name = 'tags' AND COALESCE(((json_typeof(value) = 'string' AND strpos(CASE WHEN json_typeof(value) = 'string' THEN (value #>> '{}') END, 'vip') > 0) OR CASE WHEN json_typeof(value) = 'array' THEN EXISTS (SELECT 1 FROM json_array_elements(value) AS el (x) WHERE COALESCE(((x)::text = '"vip"' OR ((strpos((x)::text, '\') > 0 OR left((x)::text, 1) <> '"' OR right((x)::text, 1) <> '"') AND (json_typeof(x) = 'string' AND CASE WHEN json_typeof(x) = 'string' THEN (x #>> '{}') END = 'vip'))), FALSE)) ELSE FALSE END), FALSE)
),
c2 AS (
  SELECT profile_id, count(v1) FILTER (WHERE m.ts >= TIMESTAMPTZ '2026-01-01 00:00:00.000000+00' AND m.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00') AS k1, sum(v1) FILTER (WHERE m.ts >= TIMESTAMPTZ '2026-01-01 00:00:00.000000+00' AND m.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00') AS s1
  FROM (
    SELECT ep.profile_id, e.ts, CASE WHEN json_typeof((e.json #> '{properties,duration}')) = 'number' THEN ((e.json #> '{properties,duration}') #>> '{}')::numeric END AS v1
    FROM events e JOIN event_people ep ON ep.seq = e.seq
    WHERE e.seq < 1000000
      AND e.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'
      AND e.type = 'page'
      AND e.brand IN ('northwind-mobile')
      AND e.source_id IN ('src_web')
      AND ep.profile_id IN (SELECT profile_id FROM c1)
  ) m
  GROUP BY profile_id
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
JOIN c2 ON c2.profile_id = p.id
WHERE (c1.profile_id IS NOT NULL AND COALESCE((c2.k1 > 0 AND c2.s1 >= 30 * c2.k1), FALSE))
ORDER BY p.id
