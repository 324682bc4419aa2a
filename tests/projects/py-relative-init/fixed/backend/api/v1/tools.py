from fastapi import APIRouter, Depends

from ...core import composio
from ...core.deps import provide_client
from ..v1_helpers import nothing_here  # noqa: an unresolvable relative import

router = APIRouter()


@router.get("/tools/{user_id}")
def tools(user_id: str, client=Depends(provide_client)):
    slack_session = client.create(user_id=user_id, toolkits=["slack"])
    slack_session.tools()  # expect: tools-get
    slack_session_2 = composio.create(user_id=user_id, toolkits=["slack"])
    return slack_session_2.tools()  # expect: tools-get
