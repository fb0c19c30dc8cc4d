"""Marsad: Arabic-first news event extraction."""
