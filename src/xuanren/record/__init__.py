"""The record (全程记实): an append-only, hash-chained log of every state change."""
