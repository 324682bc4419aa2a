from devcaster import Devcaster

from . import b  # noqa: a cycle

devcaster = Devcaster()
