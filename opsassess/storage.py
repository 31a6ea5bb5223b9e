from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed files after collectstatic; plain names before it.

    Non-strict so that `runserver` and the test suite work without collectstatic.
    """

    manifest_strict = False
