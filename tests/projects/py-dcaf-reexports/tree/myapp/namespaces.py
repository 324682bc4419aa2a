import myapp.compat
import myapp.compat as c
from myapp import compat


def restore(body: dict):
    a = c.Session(body["session"])  # expect: dcaf-session-ctor-args
    b = compat.Session(data=body)  # expect: dcaf-session-ctor-args
    d = myapp.compat.Session(body)  # expect: dcaf-session-ctor-args
    return a, b, d
