-- tglogin shared store, H2. Keys are namespaced SHA-256 hashes, never tokens, phone numbers or addresses.
CREATE TABLE IF NOT EXISTS tglogin_used_key (
    key_hash   VARCHAR(128)             NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS tglogin_used_key_expires_at ON tglogin_used_key (expires_at);

CREATE TABLE IF NOT EXISTS tglogin_counter (
    key_hash   VARCHAR(128)             NOT NULL PRIMARY KEY,
    count      BIGINT                   NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS tglogin_counter_expires_at ON tglogin_counter (expires_at);

CREATE TABLE IF NOT EXISTS tglogin_outcome (
    key_hash   VARCHAR(128)             NOT NULL PRIMARY KEY,
    outcome    VARCHAR(4000)            NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS tglogin_outcome_expires_at ON tglogin_outcome (expires_at);
