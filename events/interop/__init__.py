"""Other people's event data: ACLED and GDELT files in (``acled``, ``gdelt``, ``load``), and the
mapping tables they share (``tables``, data under ``data/interop/``)."""
