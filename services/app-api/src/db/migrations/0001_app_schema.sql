-- 0001: the application's own data (schema app): users, refresh tokens, portfolios, transactions,
-- watchlists. Financial data is never copied here: it is read from schema gold.
-- Runs inside one transaction (the @finplat/db runner, ledger public.app_migrations).
-- Forward-only: once applied anywhere, never edit this file; add 0002_… instead.

CREATE SCHEMA app;

CREATE TABLE app.users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  -- lower-cased and trimmed: the uniqueness and login key
  email_key     text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- Opaque refresh tokens, stored as SHA-256 only. A family is one sign-in; every refresh marks the
-- presented token used and issues its child. Presenting a used or revoked token revokes the family.
CREATE TABLE app.refresh_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
  family_id   uuid NOT NULL,
  parent_id   uuid REFERENCES app.refresh_tokens (id) ON DELETE SET NULL,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz,
  revoked_reason text
);
CREATE INDEX refresh_tokens_family_idx ON app.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON app.refresh_tokens (user_id);

CREATE TABLE app.portfolios (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
  name          text NOT NULL,
  base_currency text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portfolios_user_idx ON app.portfolios (user_id);

CREATE TABLE app.transactions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  portfolio_id uuid NOT NULL REFERENCES app.portfolios (id) ON DELETE CASCADE,
  type         text NOT NULL CHECK (type IN ('BUY', 'SELL', 'DIVIDEND', 'DEPOSIT', 'WITHDRAWAL', 'FEE', 'INTEREST')),
  date         date NOT NULL,
  symbol       text,
  quantity     numeric,
  price        numeric,
  fee          numeric NOT NULL DEFAULT 0,
  amount       numeric,
  currency     text,
  -- set for imported rows: a hash of the row's content and its occurrence in the file, so that
  -- importing the same file again adds nothing
  import_key   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- insertion order breaks ties between transactions of one day
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  CHECK ((type IN ('BUY', 'SELL')) = (quantity IS NOT NULL AND price IS NOT NULL)),
  CHECK ((type IN ('BUY', 'SELL', 'DIVIDEND')) = (symbol IS NOT NULL)),
  CHECK ((type IN ('BUY', 'SELL')) OR amount IS NOT NULL),
  CHECK (quantity IS NULL OR quantity > 0),
  CHECK (price IS NULL OR price >= 0),
  CHECK (fee >= 0),
  CHECK (amount IS NULL OR amount >= 0),
  UNIQUE (portfolio_id, import_key)
);
CREATE INDEX transactions_portfolio_date_idx ON app.transactions (portfolio_id, date, seq);

CREATE TABLE app.watchlists (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX watchlists_user_idx ON app.watchlists (user_id);

CREATE TABLE app.watchlist_items (
  watchlist_id uuid NOT NULL REFERENCES app.watchlists (id) ON DELETE CASCADE,
  symbol       text NOT NULL,
  added_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (watchlist_id, symbol)
);

-- The read-only role never sees the application's data.
REVOKE ALL ON SCHEMA app FROM PUBLIC;
