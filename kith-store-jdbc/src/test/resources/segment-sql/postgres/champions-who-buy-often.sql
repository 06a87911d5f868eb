WITH c1 AS (
  SELECT profile_id, value FROM profile_values WHERE namespace = 'rfm' AND name = 'segment' AND COALESCE((((value)::text = '"Champions"' OR ((strpos((value)::text, '\') > 0 OR left((value)::text, 1) <> '"' OR right((value)::text, 1) <> '"') AND (json_typeof(value) = 'string' AND CASE WHEN json_typeof(value) = 'string' THEN (value #>> '{}') END = 'Champions'))) OR ((value)::text = '"Loyal"' OR ((strpos((value)::text, '\') > 0 OR left((value)::text, 1) <> '"' OR right((value)::text, 1) <> '"') AND (json_typeof(value) = 'string' AND CASE WHEN json_typeof(value) = 'string' THEN (value #>> '{}') END = 'Loyal')))), FALSE)
),
c2 AS (
  SELECT profile_id, count(*) FILTER (WHERE m.ts >= TIMESTAMPTZ '2026-03-03 12:00:00.000000+00' AND m.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00') AS n1
  FROM (
    SELECT ep.profile_id, e.ts
    FROM events e JOIN event_people ep ON ep.seq = e.seq
    WHERE e.seq < 1000000
      AND e.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'
      AND e.event = 'Order Completed'
      AND ep.profile_id IN (SELECT profile_id FROM c1)
  ) m
  GROUP BY profile_id
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
JOIN c2 ON c2.profile_id = p.id
WHERE (c1.profile_id IS NOT NULL AND COALESCE(COALESCE(c2.n1, 0) >= 3, FALSE))
ORDER BY p.id
