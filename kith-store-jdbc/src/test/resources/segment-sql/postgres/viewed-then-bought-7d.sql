WITH c1 AS (
  SELECT DISTINCT a_ep.profile_id
  FROM events a JOIN event_people a_ep ON a_ep.seq = a.seq
  WHERE a.seq < 1000000
    AND a.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'
    AND a.event = 'Product Viewed'
    AND EXISTS (
    SELECT 1 FROM events b JOIN event_people b_ep ON b_ep.seq = b.seq
    WHERE b.seq < 1000000
      AND b.ts <= TIMESTAMPTZ '2026-06-01 12:00:00.000000+00'
      AND b.event = 'Order Completed'
      AND b_ep.profile_id = a_ep.profile_id
      AND b.seq <> a.seq
      AND b.ts >= a.ts
      AND b.ts <= a.ts + INTERVAL '604800 seconds')
)
SELECT p.id AS profile_id
FROM profiles p
JOIN c1 ON c1.profile_id = p.id
WHERE c1.profile_id IS NOT NULL
ORDER BY p.id
