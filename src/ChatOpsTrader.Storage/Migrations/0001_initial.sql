-- Migration 1: the journal's initial schema.
-- Conventions: money, prices and quantities are TEXT holding the exact decimal in invariant culture
-- (never REAL); times are INTEGER unix milliseconds UTC; enums are TEXT names (severity is its number 1-4).

-- Marks the file as a ChatOpsTrader journal ('COTJ').
PRAGMA application_id = 1129272394;

-- Every trading state the account entered; the row with the highest id is the current state.
CREATE TABLE state_transitions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    previous_state    TEXT    NOT NULL,
    previous_trigger  TEXT    NOT NULL,
    state             TEXT    NOT NULL,
    trigger           TEXT    NOT NULL,
    reason            TEXT    NOT NULL,
    actor             TEXT    NOT NULL,
    since             INTEGER NOT NULL,
    last_halt_at      INTEGER NULL,
    last_halt_trigger TEXT    NOT NULL,
    resume_to         TEXT    NULL,
    recorded_at       INTEGER NOT NULL
);

-- Order intents with their idempotency keys and outcomes (written before anything is sent).
CREATE TABLE order_intents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    client_key       TEXT    NOT NULL,
    order_ref        TEXT    NOT NULL,
    strategy         TEXT    NOT NULL,
    symbol           TEXT    NOT NULL,
    side             TEXT    NOT NULL,
    quantity         TEXT    NOT NULL,
    type             TEXT    NOT NULL,
    limit_price      TEXT    NULL,
    stop_price       TEXT    NULL,
    take_profit      TEXT    NULL,
    stop_loss        TEXT    NULL,
    origin           TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    outcome          TEXT    NOT NULL,
    broker_order_id  INTEGER NULL,
    reject_rule      TEXT    NULL,
    reject_message   TEXT    NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX ix_order_intents_order_ref ON order_intents (order_ref);
CREATE INDEX ix_order_intents_broker_order_id ON order_intents (broker_order_id);

-- Orders as last seen (ours and external), upserted by the broker's order id.
CREATE TABLE orders (
    broker_order_id  INTEGER PRIMARY KEY,
    order_ref        TEXT    NOT NULL,
    symbol           TEXT    NOT NULL,
    side             TEXT    NOT NULL,
    quantity         TEXT    NOT NULL,
    type             TEXT    NOT NULL,
    limit_price      TEXT    NULL,
    stop_price       TEXT    NULL,
    parent_id        INTEGER NULL,
    status           TEXT    NOT NULL,
    filled           TEXT    NOT NULL,
    avg_fill_price   TEXT    NOT NULL,
    client_id        INTEGER NOT NULL,
    origin           TEXT    NOT NULL,
    strategy         TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX ix_orders_status ON orders (status);
CREATE INDEX ix_orders_order_ref ON orders (order_ref);
CREATE INDEX ix_orders_parent_id ON orders (parent_id);

-- Executions; seq is the journal order, exec_id dedups broker replays.
CREATE TABLE fills (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    exec_id          TEXT    NOT NULL UNIQUE,
    broker_order_id  INTEGER NOT NULL,
    order_ref        TEXT    NOT NULL,
    symbol           TEXT    NOT NULL,
    side             TEXT    NOT NULL,
    quantity         TEXT    NOT NULL,
    price            TEXT    NOT NULL,
    commission       TEXT    NOT NULL,
    time             INTEGER NOT NULL,
    strategy         TEXT    NOT NULL,
    recorded_at      INTEGER NOT NULL
);
CREATE INDEX ix_fills_broker_order_id ON fills (broker_order_id);
CREATE INDEX ix_fills_symbol_time ON fills (symbol, time);

-- Round trips closed by FIFO matching.
CREATE TABLE closed_trades (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol           TEXT    NOT NULL,
    strategy         TEXT    NOT NULL,
    side             TEXT    NOT NULL,
    quantity         TEXT    NOT NULL,
    entry_price      TEXT    NOT NULL,
    exit_price       TEXT    NOT NULL,
    realized_pnl     TEXT    NOT NULL,
    opened_at        INTEGER NOT NULL,
    closed_at        INTEGER NOT NULL,
    closing_exec_id  TEXT    NOT NULL,
    recorded_at      INTEGER NOT NULL
);
CREATE INDEX ix_closed_trades_closed_at ON closed_trades (closed_at);
CREATE INDEX ix_closed_trades_symbol_closed_at ON closed_trades (symbol, closed_at);

-- Positions as seen at a moment: one row per snapshot (so a flat account is recorded too) ...
CREATE TABLE position_snapshots (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    time             INTEGER NOT NULL,
    source           TEXT    NOT NULL,
    position_count   INTEGER NOT NULL,
    recorded_at      INTEGER NOT NULL
);
CREATE INDEX ix_position_snapshots_source_time ON position_snapshots (source, time);

-- ... and one row per position in it.
CREATE TABLE position_snapshot_items (
    snapshot_id      INTEGER NOT NULL REFERENCES position_snapshots (id),
    ordinal          INTEGER NOT NULL,
    symbol           TEXT    NOT NULL,
    quantity         TEXT    NOT NULL,
    average_cost     TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, ordinal)
);
CREATE INDEX ix_position_snapshot_items_symbol ON position_snapshot_items (symbol);

-- Everything a person did or tried to do.
CREATE TABLE audit (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    time             INTEGER NOT NULL,
    transport        TEXT    NOT NULL,
    user_id          TEXT    NOT NULL,
    role             TEXT    NOT NULL,
    command          TEXT    NOT NULL,
    arguments        TEXT    NOT NULL,
    outcome          TEXT    NOT NULL,
    detail           TEXT    NOT NULL,
    recorded_at      INTEGER NOT NULL
);
CREATE INDEX ix_audit_time ON audit (time);
CREATE INDEX ix_audit_user ON audit (transport, user_id, time);

-- Small pieces of engine state (paused strategies, the high-water mark, ...).
CREATE TABLE settings (
    key              TEXT    NOT NULL PRIMARY KEY,
    value            TEXT    NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- Incidents and their timelines.
CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    type             TEXT    NOT NULL,
    key              TEXT    NOT NULL,
    severity         INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    opened_at        INTEGER NOT NULL,
    acknowledged_at  INTEGER NULL,
    resolved_at      INTEGER NULL,
    detail           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX ix_incidents_status_opened_at ON incidents (status, opened_at);
CREATE INDEX ix_incidents_key ON incidents (key, status);

CREATE TABLE incident_events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id      INTEGER NOT NULL REFERENCES incidents (id),
    time             INTEGER NOT NULL,
    kind             TEXT    NOT NULL,
    actor            TEXT    NOT NULL,
    text             TEXT    NOT NULL
);
CREATE INDEX ix_incident_events_incident_time ON incident_events (incident_id, time);

-- Alerts and their delivery state (the outbox).
CREATE TABLE alerts (
    id               TEXT    NOT NULL PRIMARY KEY,
    time             INTEGER NOT NULL,
    severity         INTEGER NOT NULL,
    key              TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    text             TEXT    NOT NULL,
    first_action     TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NULL,
    delivered_at     INTEGER NULL,
    channel          TEXT    NULL
);
CREATE INDEX ix_alerts_status_next_attempt_at ON alerts (status, next_attempt_at);
CREATE INDEX ix_alerts_key_time ON alerts (key, time);
CREATE INDEX ix_alerts_time ON alerts (time);
