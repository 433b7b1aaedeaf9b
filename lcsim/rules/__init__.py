"""The model's rules: small, pure, documented functions, one idea per module.

Each takes arrays or plain values and returns new ones, so it can be tested alone
and swapped in an experiment. docs/ODD.md cites the source of each.
"""
