from fastapi import APIRouter, Depends

from ...core import composio
from ...core.deps import provide_client
from ..v1_helpers import nothing_here  # noqa: an unresolvable relative import

router = APIRouter()


@router.get("/tools/{user_id}")
def tools(user_id: str, client=Depends(provide_client)):
    client.tools.get(user_id, toolkits=["SLACK"])  # expect: tools-get
    return composio.tools.get(user_id, toolkits=["SLACK"])  # expect: tools-get
