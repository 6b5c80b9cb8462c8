-- Idempotency-Key of stop requests (SPEC §4 stop, §6): the same key with another rental or another
-- return station is 422. A start's key needs no table (it is part of the rental id), but a stop's
-- key is only the update id inside one workflow, so nothing in Temporal can tell that it was used
-- on another rental. Written by the API only. Keys are scoped by the rental's user, as start keys
-- are, so one user's key never meets another user's rental.
CREATE TABLE stop_requests (
    user_id            VARCHAR(64)  NOT NULL,
    idempotency_key    UUID         NOT NULL,
    rental_id          UUID         NOT NULL,
    return_station_id  VARCHAR(64)  NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idempotency_key)
);
