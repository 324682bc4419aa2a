from myapp.compat import *


def restore(body: dict):
    return Session(body)  # expect: dcaf-session-ctor-args
