from myapp.compat import AgentResult
from myapp.cyc_a import Session


def restore(body: dict):
    return AgentResult(text="ok", session=Session(body))
