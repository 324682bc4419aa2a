from app import client


def job(user_id):
    session = client.create(user_id=user_id, toolkits=["jira"])
    return session.tools()  # expect: tools-get
