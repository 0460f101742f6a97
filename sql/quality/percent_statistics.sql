-- Shares in percent: levels are between 0 and 100 (more only for a few measures), changes rarely beyond ±1,000.
select statistic_id, kind, value from fact_statistic where unit = 'percent'
