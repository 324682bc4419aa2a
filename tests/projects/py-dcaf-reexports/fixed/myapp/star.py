from myapp.compat import *


def restore(body: dict):
    return Session.from_dict(body)  # expect: dcaf-session-ctor-args
