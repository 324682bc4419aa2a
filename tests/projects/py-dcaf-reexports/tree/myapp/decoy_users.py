from myapp.db import Session, tool
from myapp.own import Session as OwnSession
from myapp.own import serve
from myapp.compat import AgentResult  # (a real DCAF name: this file is analysed with the project's)


@tool(description="Query")
def query(sql: str, session: Session) -> list:
    return session.execute(sql).all()


def load(body: dict):
    s = Session(body)
    o = OwnSession(body)
    for key in o:
        print(key)
    return s


async def handler(messages, context, session):
    return AgentResult(text="ok")


serve(handler)
