from core import get_composio


def run(user_id):
    return get_composio().tools.execute("SLACK_SEND_MESSAGE", {"text": "hi"}, user_id=user_id)  # expect: tools-execute
