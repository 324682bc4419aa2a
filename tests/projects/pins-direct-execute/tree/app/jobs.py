from app.client import composio


def star(user_id):
    return composio.tools.execute(  # expect: tools-execute
        "GITHUB_STAR_A_REPOSITORY", {"owner": "o", "repo": "r"}, user_id=user_id
    )
