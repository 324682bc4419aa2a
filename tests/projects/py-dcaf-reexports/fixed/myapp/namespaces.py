import myapp.compat
import myapp.compat as c
from myapp import compat


def restore(body: dict):
    a = c.Session.from_dict(body["session"])  # expect: dcaf-session-ctor-args
    b = compat.Session.from_dict(body)  # expect: dcaf-session-ctor-args
    d = myapp.compat.Session.from_dict(body)  # expect: dcaf-session-ctor-args
    return a, b, d
