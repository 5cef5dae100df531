"""Sync packages between township offices and the county (floor 3, no Qt).

``keys`` (Ed25519 identity, pinned keys, X25519 sealing), ``package`` (format constants, zip
writer and capped reader), ``rows`` (row encoding and fast validation), ``export`` (township data
packages, county reference packages and receipts), ``merge`` (one-transaction set-based merge with
the conflict queue), ``importer`` (verify + dispatch + inbox), ``conflicts``, ``completeness``
and ``demo`` (the county demo through the real pipeline). The format is specified in
``docs/sync-format.md``.
"""
