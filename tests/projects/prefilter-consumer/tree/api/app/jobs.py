from app import client


def job(user_id):
    return client.tools.get(user_id, toolkits=["JIRA"])  # expect: tools-get
