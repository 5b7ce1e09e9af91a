-- Datasets users uploaded: the stored splits (content-addressed files named by SHA-256) and the
-- description shown back (format, shape, classes, rows, standardisation), as JSON.
CREATE TABLE uploaded_dataset (
    name        varchar(100) PRIMARY KEY,
    sha256      varchar(64)  NOT NULL,
    train_blob  varchar(64)  NOT NULL,
    test_blob   varchar(64)  NOT NULL,
    created_at  timestamptz  NOT NULL,
    description jsonb        NOT NULL
);
