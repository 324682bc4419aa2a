from myapp import Session, serve
from myapp.compat import AgentResult


def handle(messages, context, session: Session) -> AgentResult:
    for key in session.keys():  # expect: dcaf-session-iteration
        print(key)
    return AgentResult(text="ok", session=session.to_dict())  # expect: dcaf-result-session-object


async def handle_async(messages, context, session):  # expect: dcaf-async-misuse
    return AgentResult(text="ok")


def main():
    serve(handle)
    serve(handle_async)
