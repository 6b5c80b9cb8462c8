"""make chaos: fault injection against a running stack. Entry point: runner.main (scripts/chaos.py)."""
