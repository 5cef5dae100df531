"""Tests of sync packages."""
