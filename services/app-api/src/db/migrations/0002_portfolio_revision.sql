-- 0002: a revision per portfolio, incremented in the same transaction as every change to its
-- transactions (PortfolioService.write). The API caches a portfolio's parsed transactions per
-- revision, so a repeated holdings or performance request reads no transaction row; any API
-- instance sees a change as a new revision and reloads.
ALTER TABLE app.portfolios ADD COLUMN revision bigint NOT NULL DEFAULT 0;
