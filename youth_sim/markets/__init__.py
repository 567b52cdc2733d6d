"""The two markets young people meet: jobs (``labour``) and homes (``housing``)."""
