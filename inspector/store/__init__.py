"""The encrypted local store: one SQLCipher database used through sqlite-utils."""
