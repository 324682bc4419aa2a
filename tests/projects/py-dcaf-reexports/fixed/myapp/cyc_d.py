from .cyc_c import Session


def restore(body: dict):
    return Session.from_dict(body)  # expect: dcaf-session-ctor-args
