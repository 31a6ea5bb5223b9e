"""The embedded set-up's shared cache: diskcache (SQLite files under OPSASSESS_VAR_DIR)."""

from diskcache import DjangoCache


class PersistentDiskCache(DjangoCache):
    """diskcache's Django backend, keeping its SQLite connections between requests.

    Django closes every cache at the end of each request; diskcache's close() drops its
    connections, and reopening them (with their PRAGMAs) cost more than the rate-limit
    counts themselves. Connections are per thread in diskcache and SQLite files are safe
    to share across processes, so keeping them open is safe.
    """

    def close(self, **kwargs: object) -> None:
        pass
