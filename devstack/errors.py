"""The two ways the devstack stops early."""


class DevstackError(RuntimeError):
    """A failure with a message meant for the person at the terminal."""


class StopRequested(BaseException):
    """A stop signal arrived while the stack was still starting."""
