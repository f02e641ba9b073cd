-- WeMoms features (train part, duckdb): generated from @wemoms/features definitions by @wemoms/feature-sql; do not edit.
WITH
ev AS (
  SELECT *, epoch_us(tracker_created_at) AS t, CASE WHEN has_been_opened THEN 1 ELSE 0 END AS opened FROM events
),
q AS (
  SELECT row_id AS query_id, user_id, trackable_id, t, tracker_created_at AS query_timestamp FROM ev
),
s_user AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_last_view END) AS lastviewtime_all,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 86400000000 THEN r_views END) AS views_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 86400000000 THEN r_opens END) AS opens_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) AS views_all,
    MAX(CASE WHEN slot = 0 THEN r_last_open END) AS lastopentime_all
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY user_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY user_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY user_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY user_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.user_id, e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.user_id, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM q AS qa CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(86400000000 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
s_post AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_last_view END) AS lastviewtime_all,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 86400000000 THEN r_views END) AS views_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 86400000000 THEN r_opens END) AS opens_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) AS views_all,
    MAX(CASE WHEN slot = 0 THEN r_last_open END) AS lastopentime_all
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.trackable_id, e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.trackable_id, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM q AS qa CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(86400000000 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
s_all AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 86400000000 THEN r_opens END) AS opens_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 86400000000 THEN r_views END) AS views_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM q AS qa CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(86400000000 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
s_pair AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 86400000000 THEN r_views END) AS views_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 86400000000 THEN r_opens END) AS opens_86400000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) AS views_all,
    MAX(CASE WHEN slot = 0 THEN r_last_view END) AS lastviewtime_all,
    MAX(CASE WHEN slot = 0 THEN r_last_open END) AS lastopentime_all
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY user_id, trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY user_id, trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY user_id, trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY user_id, trackable_id ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.user_id, e.trackable_id, e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.user_id, qa.trackable_id, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM q AS qa CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(86400000000 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
user_times AS (
  SELECT user_id, t, MAX(row_id) AS last_row, MIN(row_id) AS first_row FROM ev GROUP BY user_id, t
),
user_first AS (
  SELECT user_id, MIN(t) AS first_t FROM ev GROUP BY user_id
),
trackable_times AS (
  SELECT trackable_id, t, MAX(row_id) AS last_row, MIN(row_id) AS first_row FROM ev GROUP BY trackable_id, t
),
trackable_first AS (
  SELECT trackable_id, MIN(t) AS first_t FROM ev GROUP BY trackable_id
),
post_created AS (
  SELECT e.trackable_id, MIN(e.t - CAST(e.post_age_in_minutes AS BIGINT) * 60000000) AS created FROM ev AS e JOIN trackable_first AS f ON f.trackable_id = e.trackable_id AND e.t = f.first_t GROUP BY e.trackable_id
),
qa AS (
  SELECT q.query_id, q.user_id, q.trackable_id, q.t, q.query_timestamp,
    COALESCE(ul.last_row, ue.first_row) AS user_row,
    COALESCE(pl.last_row, pe.first_row) AS post_row,
    pl.last_row AS counts_row
  FROM q
  LEFT JOIN s_user ON s_user.query_id = q.query_id
  LEFT JOIN user_times AS ul ON ul.user_id = q.user_id AND ul.t = s_user.lastviewtime_all
  LEFT JOIN user_first AS uf ON uf.user_id = q.user_id
  LEFT JOIN user_times AS ue ON ue.user_id = q.user_id AND ue.t = uf.first_t
  LEFT JOIN s_post ON s_post.query_id = q.query_id
  LEFT JOIN trackable_times AS pl ON pl.trackable_id = q.trackable_id AND pl.t = s_post.lastviewtime_all
  LEFT JOIN trackable_first AS pf ON pf.trackable_id = q.trackable_id
  LEFT JOIN trackable_times AS pe ON pe.trackable_id = q.trackable_id AND pe.t = pf.first_t
),
s_all_m4 AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_post_likes_count END) - MAX(CASE WHEN slot = 604800000000 THEN r_post_likes_count END) AS sum_post_likes_count_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_post_comments_count END) - MAX(CASE WHEN slot = 604800000000 THEN r_post_comments_count END) AS sum_post_comments_count_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_survey_answers_count END) - MAX(CASE WHEN slot = 604800000000 THEN r_survey_answers_count END) AS sum_survey_answers_count_604800000000us
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open,
      SUM(v_post_likes_count) OVER (PARTITION BY mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_post_likes_count,
      SUM(v_post_comments_count) OVER (PARTITION BY mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_post_comments_count,
      SUM(v_survey_answers_count) OVER (PARTITION BY mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_survey_answers_count
    FROM (
      SELECT CAST(CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) IS NULL) THEN 0 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 1) THEN 0 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 2) THEN 1 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 4) THEN 2 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 8) THEN 3 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 16) THEN 4 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 32) THEN 5 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 64) THEN 6 ELSE CASE WHEN ((CAST(e.post_age_in_minutes AS DOUBLE) / (60)) < 128) THEN 7 ELSE 8 END END END END END END END END END AS BIGINT) AS mk, e.t, 1 AS is_event, e.opened, CAST(e.post_likes_count AS DOUBLE) AS v_post_likes_count, CAST(e.post_comments_count AS DOUBLE) AS v_post_comments_count, CAST(e.survey_answers_count AS DOUBLE) AS v_survey_answers_count, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT CAST(CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) IS NULL) THEN 0 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 1) THEN 0 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 2) THEN 1 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 4) THEN 2 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 8) THEN 3 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 16) THEN 4 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 32) THEN 5 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 64) THEN 6 ELSE CASE WHEN ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) < 128) THEN 7 ELSE 8 END END END END END END END END END AS BIGINT) AS mk, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, CAST(0 AS DOUBLE) AS v_post_likes_count, CAST(0 AS DOUBLE) AS v_post_comments_count, CAST(0 AS DOUBLE) AS v_survey_answers_count, qa.query_id, slots.slot FROM qa LEFT JOIN ev AS u ON u.row_id = qa.user_row LEFT JOIN ev AS p ON p.row_id = qa.post_row LEFT JOIN ev AS pc ON pc.row_id = qa.counts_row CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
s_user_m5 AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.user_id, CAST(CASE WHEN (CASE WHEN e.author_maternity_stage = 'pregnant' THEN 1 ELSE 0 END = 1) THEN 0 ELSE CASE WHEN (CASE WHEN e.author_maternity_stage = 'mom' THEN 1 ELSE 0 END = 1) THEN 1 ELSE CASE WHEN (CASE WHEN e.author_maternity_stage = 'trying' THEN 1 ELSE 0 END = 1) THEN 2 ELSE 3 END END END AS BIGINT) AS mk, e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.user_id, CAST(CASE WHEN (CASE WHEN p.author_maternity_stage = 'pregnant' THEN 1 ELSE 0 END = 1) THEN 0 ELSE CASE WHEN (CASE WHEN p.author_maternity_stage = 'mom' THEN 1 ELSE 0 END = 1) THEN 1 ELSE CASE WHEN (CASE WHEN p.author_maternity_stage = 'trying' THEN 1 ELSE 0 END = 1) THEN 2 ELSE 3 END END END AS BIGINT) AS mk, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM qa LEFT JOIN ev AS u ON u.row_id = qa.user_row LEFT JOIN ev AS p ON p.row_id = qa.post_row LEFT JOIN ev AS pc ON pc.row_id = qa.counts_row CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
s_user_m6 AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.user_id, CAST(CAST(CASE WHEN e.has_picture THEN 1 WHEN NOT e.has_picture THEN 0 END AS DOUBLE) AS BIGINT) AS mk, e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.user_id, CAST(CAST(CASE WHEN p.has_picture THEN 1 WHEN NOT p.has_picture THEN 0 END AS DOUBLE) AS BIGINT) AS mk, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM qa LEFT JOIN ev AS u ON u.row_id = qa.user_row LEFT JOIN ev AS p ON p.row_id = qa.post_row LEFT JOIN ev AS pc ON pc.row_id = qa.counts_row CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
s_user_m7 AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.user_id, CAST(CAST(CASE WHEN e.has_video THEN 1 WHEN NOT e.has_video THEN 0 END AS DOUBLE) AS BIGINT) AS mk, e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.user_id, CAST(CAST(CASE WHEN p.has_video THEN 1 WHEN NOT p.has_video THEN 0 END AS DOUBLE) AS BIGINT) AS mk, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM qa LEFT JOIN ev AS u ON u.row_id = qa.user_row LEFT JOIN ev AS p ON p.row_id = qa.post_row LEFT JOIN ev AS pc ON pc.row_id = qa.counts_row CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
),
s_user_m8 AS (
  SELECT query_id, MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 604800000000 THEN r_opens END) AS opens_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 604800000000 THEN r_views END) AS views_604800000000us,
    MAX(CASE WHEN slot = 0 THEN r_opens END) - MAX(CASE WHEN slot = 2419200000000 THEN r_opens END) AS opens_2419200000000us,
    MAX(CASE WHEN slot = 0 THEN r_views END) - MAX(CASE WHEN slot = 2419200000000 THEN r_views END) AS views_2419200000000us
  FROM (
    SELECT query_id, slot, SUM(is_event) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_views,
      SUM(opened) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_opens,
      MAX(CASE WHEN is_event = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_view,
      MAX(CASE WHEN opened = 1 THEN t END) OVER (PARTITION BY user_id, mk ORDER BY t, is_event ROWS UNBOUNDED PRECEDING) AS r_last_open
    FROM (
      SELECT e.user_id, CAST(CASE WHEN (CAST(e.survey_answers_count AS DOUBLE) > 0) THEN 1 ELSE 0 END AS BIGINT) AS mk, e.t, 1 AS is_event, e.opened, CAST(NULL AS BIGINT) AS query_id, CAST(NULL AS BIGINT) AS slot FROM ev AS e
      UNION ALL
      SELECT qa.user_id, CAST(CASE WHEN (CAST(pc.survey_answers_count AS DOUBLE) > 0) THEN 1 ELSE 0 END AS BIGINT) AS mk, qa.t - slots.slot AS t, 0 AS is_event, 0 AS opened, qa.query_id, slots.slot FROM qa LEFT JOIN ev AS u ON u.row_id = qa.user_row LEFT JOIN ev AS p ON p.row_id = qa.post_row LEFT JOIN ev AS pc ON pc.row_id = qa.counts_row CROSS JOIN (SELECT CAST(0 AS BIGINT) AS slot UNION ALL SELECT CAST(604800000000 AS BIGINT) AS slot UNION ALL SELECT CAST(2419200000000 AS BIGINT) AS slot) AS slots
    ) AS stream_events
  ) AS stream_points
  WHERE query_id IS NOT NULL
  GROUP BY query_id
)
SELECT
  qa.query_id AS row_id,
  qa.user_id AS user_id,
  qa.trackable_id AS trackable_id,
  qa.query_timestamp AS tracker_created_at,
  CAST(CASE WHEN u.user_is_mom THEN 1 WHEN NOT u.user_is_mom THEN 0 END AS DOUBLE) AS user_is_mom,
  CAST(CASE WHEN u.user_is_pregnant THEN 1 WHEN NOT u.user_is_pregnant THEN 0 END AS DOUBLE) AS user_is_pregnant,
  CAST(CASE WHEN u.user_is_trying THEN 1 WHEN NOT u.user_is_trying THEN 0 END AS DOUBLE) AS user_is_trying,
  u.user_country_code AS user_country_code,
  u.platform AS user_platform,
  u.user_department AS user_department,
  (CAST(u.days_since_user_account_creation AS DOUBLE) + ((qa.t - u.t) / 86400000000)) AS user_account_age_days,
  (CAST(u.user_pregnancy_current_day AS DOUBLE) + ((qa.t - u.t) / 86400000000)) AS user_pregnancy_day,
  (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7))) AS user_pregnancy_week,
  (CAST(u.user_pregnancy_current_month AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (30.436875))) AS user_pregnancy_month,
  CAST(u.user_pregnancy_current_trimester AS DOUBLE) AS user_pregnancy_trimester,
  CAST(u.user_followings_count AS DOUBLE) AS user_followings_count,
  CAST(u.user_posts_count AS DOUBLE) AS user_posts_count,
  CAST(u.user_received_comments_count AS DOUBLE) AS user_received_comments_count,
  CAST(u.user_pictures_count AS DOUBLE) AS user_pictures_count,
  CAST(u.user_likes_count AS DOUBLE) AS user_likes_count,
  CAST(u.user_children_count AS DOUBLE) AS user_children_count,
  (list_min(u.user_children_age_month) + (((qa.t - u.t) / 86400000000) / (30.436875))) AS user_youngest_child_months,
  (list_max(u.user_children_age_month) + (((qa.t - u.t) / 86400000000) / (30.436875))) AS user_oldest_child_months,
  (CAST(u.user_age AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (365.2425))) AS user_age,
  (CAST(u.user_is_trying_since_days AS DOUBLE) + ((qa.t - u.t) / 86400000000)) AS user_trying_since_days,
  ((qa.t - (pcr.created)) / (3600000000)) AS post_age_hours,
  CAST(CASE WHEN p.has_picture THEN 1 WHEN NOT p.has_picture THEN 0 END AS DOUBLE) AS post_has_picture,
  CAST(CASE WHEN p.has_text THEN 1 WHEN NOT p.has_text THEN 0 END AS DOUBLE) AS post_has_text,
  CAST(CASE WHEN p.has_video THEN 1 WHEN NOT p.has_video THEN 0 END AS DOUBLE) AS post_has_video,
  p.author_maternity_stage AS author_maternity_stage,
  CAST(p.author_children_count AS DOUBLE) AS author_children_count,
  (list_min(p.author_children_age_month) + (((qa.t - p.t) / 86400000000) / (30.436875))) AS author_youngest_child_months,
  (list_max(p.author_children_age_month) + (((qa.t - p.t) / 86400000000) / (30.436875))) AS author_oldest_child_months,
  (CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) AS author_amenorrhea_week,
  p.author_department AS author_department,
  (CAST(p.author_age AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (365.2425))) AS author_age,
  CAST(pc.post_likes_count AS DOUBLE) AS post_likes_count,
  CAST(pc.post_comments_count AS DOUBLE) AS post_comments_count,
  CAST(pc.survey_answers_count AS DOUBLE) AS post_survey_answers_count,
  CASE WHEN (epoch_us(pc.first_comment_at) < qa.t) THEN ((qa.t - (epoch_us(pc.first_comment_at))) / (3600000000)) ELSE CAST(NULL AS DOUBLE) END AS post_hours_since_first_comment,
  (CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) AS post_counts_age_hours,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN (CASE WHEN p.author_maternity_stage IS NULL THEN 1 ELSE 0 END = 1) THEN CAST(NULL AS DOUBLE) ELSE CASE WHEN (((CASE WHEN p.author_maternity_stage = 'mom' THEN 1 ELSE 0 END = 1) AND (CAST(CASE WHEN u.user_is_mom THEN 1 WHEN NOT u.user_is_mom THEN 0 END AS DOUBLE) = 1)) OR ((CASE WHEN p.author_maternity_stage = 'pregnant' THEN 1 ELSE 0 END = 1) AND (CAST(CASE WHEN u.user_is_pregnant THEN 1 WHEN NOT u.user_is_pregnant THEN 0 END AS DOUBLE) = 1)) OR ((CASE WHEN p.author_maternity_stage = 'trying' THEN 1 ELSE 0 END = 1) AND (CAST(CASE WHEN u.user_is_trying THEN 1 WHEN NOT u.user_is_trying THEN 0 END AS DOUBLE) = 1))) THEN 1 ELSE 0 END END ELSE CAST(NULL AS DOUBLE) END AS extra_same_stage,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN ((CASE WHEN u.user_department IS NULL THEN 1 ELSE 0 END = 1) OR (CASE WHEN p.author_department IS NULL THEN 1 ELSE 0 END = 1)) THEN CAST(NULL AS DOUBLE) ELSE CASE WHEN u.user_department = p.author_department THEN 1 ELSE 0 END END ELSE CAST(NULL AS DOUBLE) END AS extra_same_department,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN COALESCE(list_max(flatten(list_transform(u.user_children_age_month, lambda x0: list_transform(p.author_children_age_month, lambda y0: CASE WHEN (FLOOR(((x0 + (((qa.t - u.t) / 86400000000) / (30.436875))) / (12))) = FLOOR(((y0 + (((qa.t - p.t) / 86400000000) / (30.436875))) / (12)))) THEN 1 ELSE 0 END)))), 0) ELSE CAST(NULL AS DOUBLE) END AS extra_child_same_age_years,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN COALESCE(list_max(flatten(list_transform(u.user_children_age_month, lambda x0: list_transform(p.author_children_age_month, lambda y0: CASE WHEN (FLOOR((x0 + (((qa.t - u.t) / 86400000000) / (30.436875)))) = FLOOR((y0 + (((qa.t - p.t) / 86400000000) / (30.436875))))) THEN 1 ELSE 0 END)))), 0) ELSE CAST(NULL AS DOUBLE) END AS extra_child_same_age_months,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN list_min(flatten(list_transform(u.user_children_age_month, lambda x0: list_transform(p.author_children_age_month, lambda y0: ABS(((x0 + (((qa.t - u.t) / 86400000000) / (30.436875))) - (y0 + (((qa.t - p.t) / 86400000000) / (30.436875))))))))) ELSE CAST(NULL AS DOUBLE) END AS extra_child_age_gap_months,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN (((NOT ((list_max(p.author_children_age_month) + (((qa.t - p.t) / 86400000000) / (30.436875))) IS NULL)) AND ((list_max(u.user_children_age_month) + (((qa.t - u.t) / 86400000000) / (30.436875))) IS NULL)) OR ((list_max(p.author_children_age_month) + (((qa.t - p.t) / 86400000000) / (30.436875))) > (list_max(u.user_children_age_month) + (((qa.t - u.t) / 86400000000) / (30.436875))))) THEN 1 ELSE 0 END ELSE CAST(NULL AS DOUBLE) END AS extra_author_has_older_children,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN ABS(((CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7))) - (CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))))) ELSE CAST(NULL AS DOUBLE) END AS extra_pregnancy_week_gap,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN ((CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) - (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7)))) ELSE CAST(NULL AS DOUBLE) END AS extra_pregnancy_week_diff,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN ((((CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) - (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7)))) >= 1) AND (((CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) - (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7)))) <= 8)) THEN 1 ELSE 0 END ELSE CAST(NULL AS DOUBLE) END AS extra_author_weeks_ahead_1_to_8,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN ((((CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) - (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7)))) >= (-2)) AND (((CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) - (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7)))) <= 2)) THEN 1 ELSE 0 END ELSE CAST(NULL AS DOUBLE) END AS extra_pregnancy_week_gap_le2,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN ((((CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) - (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7)))) >= (-6)) AND (((CAST(p.author_amenorrhea_week AS DOUBLE) + (((qa.t - p.t) / 86400000000) / (7))) - (CAST(u.user_pregnancy_current_week AS DOUBLE) + (((qa.t - u.t) / 86400000000) / (7)))) <= 6)) THEN 1 ELSE 0 END ELSE CAST(NULL AS DOUBLE) END AS extra_pregnancy_week_gap_le6,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN (list_min(flatten(list_transform(u.user_children_age_month, lambda x0: list_transform(p.author_children_age_month, lambda y0: ABS(((x0 + (((qa.t - u.t) / 86400000000) / (30.436875))) - (y0 + (((qa.t - p.t) / 86400000000) / (30.436875))))))))) <= 3) THEN 1 ELSE 0 END ELSE CAST(NULL AS DOUBLE) END AS extra_child_age_gap_le3_months,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN (list_min(flatten(list_transform(u.user_children_age_month, lambda x0: list_transform(p.author_children_age_month, lambda y0: ABS(((x0 + (((qa.t - u.t) / 86400000000) / (30.436875))) - (y0 + (((qa.t - p.t) / 86400000000) / (30.436875))))))))) <= 12) THEN 1 ELSE 0 END ELSE CAST(NULL AS DOUBLE) END AS extra_child_age_gap_le12_months,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN ((CAST(CASE WHEN u.user_is_pregnant THEN 1 WHEN NOT u.user_is_pregnant THEN 0 END AS DOUBLE) = 1) AND (COALESCE(list_max(list_transform(p.author_children_age_month, lambda x0: CASE WHEN ((x0 + (((qa.t - p.t) / 86400000000) / (30.436875))) < 12) THEN 1 ELSE 0 END)), 0) = 1)) THEN 1 ELSE 0 END ELSE CAST(NULL AS DOUBLE) END AS extra_viewer_pregnant_author_baby_under_1y,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CASE WHEN ((CASE WHEN u.user_country_code IS NULL THEN 1 ELSE 0 END = 1) OR (CASE WHEN p.author_department IS NULL THEN 1 ELSE 0 END = 1)) THEN CAST(NULL AS DOUBLE) ELSE CASE WHEN UPPER(TRIM(u.user_country_code)) = 'FR' THEN 1 ELSE 0 END END ELSE CAST(NULL AS DOUBLE) END AS extra_same_country,
  CASE WHEN ((CASE WHEN u.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) AND (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1)) THEN CONCAT(CASE WHEN (CAST(CASE WHEN u.user_is_pregnant THEN 1 WHEN NOT u.user_is_pregnant THEN 0 END AS DOUBLE) = 1) THEN 'pregnant' WHEN (CAST(CASE WHEN u.user_is_mom THEN 1 WHEN NOT u.user_is_mom THEN 0 END AS DOUBLE) = 1) THEN 'mom' WHEN (CAST(CASE WHEN u.user_is_trying THEN 1 WHEN NOT u.user_is_trying THEN 0 END AS DOUBLE) = 1) THEN 'trying' ELSE 'none' END, '|', CASE WHEN (CASE WHEN p.author_maternity_stage IS NULL THEN 1 ELSE 0 END = 1) THEN 'unknown' WHEN (CASE WHEN p.author_maternity_stage = 'pregnant' THEN 1 ELSE 0 END = 1) THEN 'pregnant' WHEN (CASE WHEN p.author_maternity_stage = 'mom' THEN 1 ELSE 0 END = 1) THEN 'mom' WHEN (CASE WHEN p.author_maternity_stage = 'trying' THEN 1 ELSE 0 END = 1) THEN 'trying' ELSE 'other' END) END AS extra_stage_pair,
  s_post.views_86400000000us AS post_pop_views_1d,
  s_post.opens_86400000000us AS post_pop_opens_1d,
  CASE WHEN ((s_all.opens_86400000000us / NULLIF(s_all.views_86400000000us, 0)) IS NULL) THEN (s_post.opens_86400000000us / NULLIF(s_post.views_86400000000us, 0)) ELSE ((s_post.opens_86400000000us + (10 * (s_all.opens_86400000000us / NULLIF(s_all.views_86400000000us, 0)))) / (s_post.views_86400000000us + (10))) END AS post_pop_open_rate_1d,
  s_post.views_604800000000us AS post_pop_views_7d,
  s_post.opens_604800000000us AS post_pop_opens_7d,
  CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_post.opens_604800000000us / NULLIF(s_post.views_604800000000us, 0)) ELSE ((s_post.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_post.views_604800000000us + (10))) END AS post_pop_open_rate_7d,
  s_post.views_2419200000000us AS post_pop_views_28d,
  s_post.opens_2419200000000us AS post_pop_opens_28d,
  CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_post.opens_2419200000000us / NULLIF(s_post.views_2419200000000us, 0)) ELSE ((s_post.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_post.views_2419200000000us + (10))) END AS post_pop_open_rate_28d,
  s_post.views_all AS post_pop_views_before,
  ((qa.t - (s_post.lastviewtime_all)) / (3600000000)) AS post_pop_hours_since_last_view,
  ((qa.t - (s_post.lastopentime_all)) / (3600000000)) AS post_pop_hours_since_last_open,
  s_pair.views_86400000000us AS user_post_views_1d,
  s_pair.opens_86400000000us AS user_post_opens_1d,
  s_pair.views_604800000000us AS user_post_views_7d,
  s_pair.opens_604800000000us AS user_post_opens_7d,
  s_pair.views_2419200000000us AS user_post_views_28d,
  s_pair.opens_2419200000000us AS user_post_opens_28d,
  s_pair.views_all AS user_post_views_before,
  ((qa.t - (s_pair.lastviewtime_all)) / (3600000000)) AS user_post_hours_since_last_view,
  ((qa.t - (s_pair.lastopentime_all)) / (3600000000)) AS user_post_hours_since_last_open,
  s_user.views_86400000000us AS user_act_views_1d,
  s_user.opens_86400000000us AS user_act_opens_1d,
  CASE WHEN ((s_all.opens_86400000000us / NULLIF(s_all.views_86400000000us, 0)) IS NULL) THEN (s_user.opens_86400000000us / NULLIF(s_user.views_86400000000us, 0)) ELSE ((s_user.opens_86400000000us + (10 * (s_all.opens_86400000000us / NULLIF(s_all.views_86400000000us, 0)))) / (s_user.views_86400000000us + (10))) END AS user_act_open_rate_1d,
  s_user.views_604800000000us AS user_act_views_7d,
  s_user.opens_604800000000us AS user_act_opens_7d,
  CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END AS user_act_open_rate_7d,
  s_user.views_2419200000000us AS user_act_views_28d,
  s_user.opens_2419200000000us AS user_act_opens_28d,
  CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END AS user_act_open_rate_28d,
  s_user.views_all AS user_act_views_before,
  ((qa.t - (s_user.lastviewtime_all)) / (3600000000)) AS user_act_hours_since_last_view,
  ((qa.t - (s_user.lastopentime_all)) / (3600000000)) AS user_act_hours_since_last_open,
  (CAST(pc.post_likes_count AS DOUBLE) / ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) + (1))) AS quality_likes_per_hour,
  (CAST(pc.post_comments_count AS DOUBLE) / ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) + (1))) AS quality_comments_per_hour,
  (CAST(pc.survey_answers_count AS DOUBLE) / ((CAST(pc.post_age_in_minutes AS DOUBLE) / (60)) + (1))) AS quality_survey_answers_per_hour,
  (ln(1 + CAST(pc.post_likes_count AS DOUBLE)) - (ln(1 + (s_all_m4.sum_post_likes_count_604800000000us / NULLIF(s_all_m4.views_604800000000us, 0))))) AS quality_likes_vs_same_age,
  (ln(1 + CAST(pc.post_comments_count AS DOUBLE)) - (ln(1 + (s_all_m4.sum_post_comments_count_604800000000us / NULLIF(s_all_m4.views_604800000000us, 0))))) AS quality_comments_vs_same_age,
  (ln(1 + CAST(pc.survey_answers_count AS DOUBLE)) - (ln(1 + (s_all_m4.sum_survey_answers_count_604800000000us / NULLIF(s_all_m4.views_604800000000us, 0))))) AS quality_survey_answers_vs_same_age,
  ln(1 + CASE WHEN (((qa.t - (pcr.created)) / (3600000000)) < 0) THEN 0 ELSE ((qa.t - (pcr.created)) / (3600000000)) END) AS fresh_log_age_hours,
  SIN((6.283185307179586 * ((qa.t % 86400000000) / (86400000000)))) AS fresh_hour_of_day_sin,
  COS((6.283185307179586 * ((qa.t % 86400000000) / (86400000000)))) AS fresh_hour_of_day_cos,
  CASE WHEN (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END IS NULL) THEN (s_user_m5.opens_604800000000us / NULLIF(s_user_m5.views_604800000000us, 0)) ELSE ((s_user_m5.opens_604800000000us + (10 * (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END))) / (s_user_m5.views_604800000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_author_stage_open_rate_7d,
  CASE WHEN (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END IS NULL) THEN (s_user_m5.opens_2419200000000us / NULLIF(s_user_m5.views_2419200000000us, 0)) ELSE ((s_user_m5.opens_2419200000000us + (10 * (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END))) / (s_user_m5.views_2419200000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_author_stage_open_rate_28d,
  CASE WHEN (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END IS NULL) THEN (s_user_m6.opens_604800000000us / NULLIF(s_user_m6.views_604800000000us, 0)) ELSE ((s_user_m6.opens_604800000000us + (10 * (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END))) / (s_user_m6.views_604800000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_picture_open_rate_7d,
  CASE WHEN (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END IS NULL) THEN (s_user_m6.opens_2419200000000us / NULLIF(s_user_m6.views_2419200000000us, 0)) ELSE ((s_user_m6.opens_2419200000000us + (10 * (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END))) / (s_user_m6.views_2419200000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_picture_open_rate_28d,
  CASE WHEN (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END IS NULL) THEN (s_user_m7.opens_604800000000us / NULLIF(s_user_m7.views_604800000000us, 0)) ELSE ((s_user_m7.opens_604800000000us + (10 * (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END))) / (s_user_m7.views_604800000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_video_open_rate_7d,
  CASE WHEN (CASE WHEN p.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END IS NULL) THEN (s_user_m7.opens_2419200000000us / NULLIF(s_user_m7.views_2419200000000us, 0)) ELSE ((s_user_m7.opens_2419200000000us + (10 * (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END))) / (s_user_m7.views_2419200000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_video_open_rate_28d,
  CASE WHEN (CASE WHEN pc.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END IS NULL) THEN (s_user_m8.opens_604800000000us / NULLIF(s_user_m8.views_604800000000us, 0)) ELSE ((s_user_m8.opens_604800000000us + (10 * (CASE WHEN ((s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)) IS NULL) THEN (s_user.opens_604800000000us / NULLIF(s_user.views_604800000000us, 0)) ELSE ((s_user.opens_604800000000us + (10 * (s_all.opens_604800000000us / NULLIF(s_all.views_604800000000us, 0)))) / (s_user.views_604800000000us + (10))) END))) / (s_user_m8.views_604800000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_survey_open_rate_7d,
  CASE WHEN (CASE WHEN pc.row_id IS NOT NULL THEN 1 ELSE 0 END = 1) THEN CASE WHEN (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END IS NULL) THEN (s_user_m8.opens_2419200000000us / NULLIF(s_user_m8.views_2419200000000us, 0)) ELSE ((s_user_m8.opens_2419200000000us + (10 * (CASE WHEN ((s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)) IS NULL) THEN (s_user.opens_2419200000000us / NULLIF(s_user.views_2419200000000us, 0)) ELSE ((s_user.opens_2419200000000us + (10 * (s_all.opens_2419200000000us / NULLIF(s_all.views_2419200000000us, 0)))) / (s_user.views_2419200000000us + (10))) END))) / (s_user_m8.views_2419200000000us + (10))) END ELSE CAST(NULL AS DOUBLE) END AS taste_survey_open_rate_28d
FROM qa
LEFT JOIN ev AS u ON u.row_id = qa.user_row
LEFT JOIN ev AS p ON p.row_id = qa.post_row
LEFT JOIN ev AS pc ON pc.row_id = qa.counts_row
LEFT JOIN post_created AS pcr ON pcr.trackable_id = qa.trackable_id
LEFT JOIN s_user ON s_user.query_id = qa.query_id
LEFT JOIN s_post ON s_post.query_id = qa.query_id
LEFT JOIN s_all ON s_all.query_id = qa.query_id
LEFT JOIN s_pair ON s_pair.query_id = qa.query_id
LEFT JOIN s_all_m4 ON s_all_m4.query_id = qa.query_id
LEFT JOIN s_user_m5 ON s_user_m5.query_id = qa.query_id
LEFT JOIN s_user_m6 ON s_user_m6.query_id = qa.query_id
LEFT JOIN s_user_m7 ON s_user_m7.query_id = qa.query_id
LEFT JOIN s_user_m8 ON s_user_m8.query_id = qa.query_id
ORDER BY qa.query_id
