-- tglogin account links, H2: which local user each linked Telegram identity belongs to.
CREATE TABLE IF NOT EXISTS tglogin_account_link (
    flow        VARCHAR(16)  NOT NULL,
    telegram_id VARCHAR(255) NOT NULL,
    username    VARCHAR(255) NOT NULL,
    PRIMARY KEY (flow, telegram_id)
);
CREATE INDEX IF NOT EXISTS tglogin_account_link_username ON tglogin_account_link (username);
