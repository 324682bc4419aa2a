from .cyc_c import Session


def restore(body: dict):
    return Session(body)  # expect: dcaf-session-ctor-args
