"""The Streamlit dashboard. Streamlit is imported only here."""
