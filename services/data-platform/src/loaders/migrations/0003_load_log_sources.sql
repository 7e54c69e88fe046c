-- 0003: which kind of sources a load's gold came from, so readers (the API's "sample data" banner) can
-- tell sandbox data from market data by what the database holds, not by their own configuration.
-- NULL for loads before this migration and for callers that do not say.
ALTER TABLE gold.load_log
  ADD COLUMN sources text CHECK (sources IN ('sandbox', 'live'));
