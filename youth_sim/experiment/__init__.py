"""Batch experiments.

Designs (``design``), experiment files (``spec``), resumable running on local processes or
Dask (``runner``, ``store``), paired summaries (``summary``) and the commands (``command``).
"""
