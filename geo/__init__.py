"""Offline bilingual gazetteer, place finding and geocoders. Imports nothing else of Marsad."""
