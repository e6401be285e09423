"""Why an uploaded Anki package was refused.

Every message is a plain sentence the learner can act on; a caller shows
`error.message` as it is (translated by the interface) and changes nothing.
"""


class PackageError(Exception):
    """An upload that cannot be read as an Anki package with review history."""

    message = "This file could not be read as an Anki package."

    def __init__(self, message: str | None = None):
        self.message = message or type(self).message
        super().__init__(self.message)


class NotAZip(PackageError):
    message = "This file is not an Anki package (.apkg or .colpkg)."


class TooLarge(PackageError):
    message = (
        "This file is too large. In Anki, export only your Saebom decks, "
        "without media, and upload that file."
    )


class ZipBomb(PackageError):
    message = (
        "This package unpacks to far more data than an Anki export holds, so it was not "
        "opened. Export your Saebom decks from Anki again and upload the new file."
    )


class BadMemberName(PackageError):
    message = (
        "This package contains a file name that Anki never writes, so it was not opened. "
        "Upload a package exported directly from Anki."
    )


class DamagedPackage(PackageError):
    message = "This package is damaged. Export it from Anki again and upload the new file."


class MissingCollection(PackageError):
    message = (
        "This package holds no Anki collection. Export your Saebom decks from Anki as an "
        "'Anki Deck Package (.apkg)' and upload that file."
    )


class MalformedCollection(PackageError):
    message = (
        "The collection inside this package is not one Anki wrote, or it is damaged. "
        "Export your Saebom decks from Anki again and upload the new file."
    )


class TooManyReviews(PackageError):
    message = (
        "This package holds more reviews than can be imported at once. In Anki, export "
        "only your Saebom decks and upload that file."
    )


class NoScheduling(PackageError):
    message = (
        "This package has no review history. In Anki, export again with "
        "'Include scheduling information' ticked."
    )


class TooManyImports(PackageError):
    message = "You have imported as many Anki files today as one day allows."


class TooManyReviewsKept(PackageError):
    message = "You already keep as many reviews as Saebom keeps for one learner."
