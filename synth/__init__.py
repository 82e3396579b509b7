"""Synthetic corpus of annual reports with known values (gold) for accuracy and scale tests."""

from synth.generate import generate_corpus, main

__all__ = ["generate_corpus", "main"]
