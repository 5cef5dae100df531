"""Services: validation, clocked and audited writes, queries. No Qt; window and CLI share them."""
