import app.core.clients as clients
from app.core import clients as c2


def main(user_id):
    clients.devcaster.tools.execute("GITHUB_GET_THE_AUTHENTICATED_USER", {}, user_id=user_id)  # expect: tools-execute
    session = c2.devcaster.create(user_id=user_id, toolkits=["github"])
    return session.tools()  # expect: tools-get
