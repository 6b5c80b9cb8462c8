-- Read model and payment ledger of the powerbank rental backend (SPEC §7).
-- Money is in whole currency units (BIGINT); times are TIMESTAMPTZ.
-- Temporal is the source of truth for each rental's lifecycle; these tables are written by
-- activities (rentals, payment_attempts, debts) and by the API (quotes).

CREATE TABLE quotes (
    quote_id         UUID PRIMARY KEY,
    user_id          VARCHAR(64)  NOT NULL,
    station_id       VARCHAR(64)  NOT NULL,
    tariff_id        VARCHAR(64)  NOT NULL,
    price_per_hour   BIGINT       NOT NULL CHECK (price_per_hour >= 0),
    free_period_min  BIGINT       NOT NULL CHECK (free_period_min >= 0),
    deposit          BIGINT       NOT NULL CHECK (deposit >= 0),
    currency         VARCHAR(3)   NOT NULL DEFAULT 'RUB',
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ  NOT NULL,
    -- the rental that used this quote; unique so one rental id can claim one quote only
    rental_id        UUID UNIQUE
);
CREATE INDEX quotes_expires_at_idx ON quotes (expires_at);

CREATE TABLE rentals (
    rental_id           UUID PRIMARY KEY,
    quote_id            UUID         NOT NULL REFERENCES quotes (quote_id),
    user_id             VARCHAR(64)  NOT NULL,
    station_id          VARCHAR(64)  NOT NULL,
    return_station_id   VARCHAR(64),
    powerbank_id        VARCHAR(64),
    status              VARCHAR(16)  NOT NULL
        CHECK (status IN ('PENDING', 'ACTIVE', 'FINISHED', 'BUYOUT', 'FAILED')),
    failure_code        VARCHAR(64),
    price_per_hour      BIGINT       NOT NULL,
    free_period_min     BIGINT       NOT NULL,
    deposit             BIGINT       NOT NULL,
    buyout_price        BIGINT       NOT NULL,
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    paid_amount         BIGINT       NOT NULL DEFAULT 0,
    debt_amount         BIGINT       NOT NULL DEFAULT 0,
    total_amount        BIGINT       NOT NULL DEFAULT 0,
    version             BIGINT       NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX rentals_user_idx ON rentals (user_id);
CREATE INDEX rentals_status_idx ON rentals (status);

CREATE TABLE payment_attempts (
    id                BIGSERIAL    PRIMARY KEY,
    rental_id         UUID         NOT NULL,
    user_id           VARCHAR(64)  NOT NULL,
    kind              VARCHAR(24)  NOT NULL
        CHECK (kind IN ('HOLD', 'CHARGE', 'FINAL_CHARGE', 'DEBT_COLLECTION', 'CAPTURE', 'RELEASE')),
    amount            BIGINT       NOT NULL CHECK (amount >= 0),
    success           BOOLEAN      NOT NULL,
    error             VARCHAR(500),
    idempotency_key   VARCHAR(200) NOT NULL UNIQUE,
    attempts          INT          NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX payment_attempts_rental_idx ON payment_attempts (rental_id, created_at, id);

CREATE TABLE debts (
    rental_id         UUID PRIMARY KEY,
    user_id           VARCHAR(64)  NOT NULL,
    amount            BIGINT       NOT NULL CHECK (amount >= 0),
    attempts          INT          NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- the quote check "does this user owe anything" (SPEC §4)
CREATE INDEX debts_open_by_user_idx ON debts (user_id) WHERE amount > 0;
