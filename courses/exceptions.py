class InvalidClassroomCode(Exception):
    """No classroom has this join code, or the code has expired or is used up."""


class InvalidTutorInvite(Exception):
    """The tutor invite link is forged, expired or already used."""
