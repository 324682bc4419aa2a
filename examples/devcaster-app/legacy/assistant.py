"""Escalation assistant, still on the legacy (v1/v2) toolset API.

The rest of the backend moved to the client years ago; this router was copied from an old
prototype and kept the toolset, entities, Action/App enums and `entity_id`. dcmigrate's
legacy-* rules carry it to the client and sessions.
"""
import json
import os

from devcaster_openai import Action, App, DevcasterToolSet
from fastapi import APIRouter
from openai import OpenAI

router = APIRouter(prefix="/legacy")
llm = OpenAI()
toolset = DevcasterToolSet(api_key=os.environ["DEVCASTER_API_KEY"])

ESCALATION_LABELS = {
    Action.GITHUB_CREATE_AN_ISSUE: "bug",
    Action.SLACK_SEND_MESSAGE: "ping",
}


@router.post("/chat/{user_id}")
def chat(user_id: str, prompt: str):
    tools = toolset.get_tools(apps=[App.GITHUB, App.SLACK], entity_id=user_id)
    messages = [{"role": "user", "content": prompt}]
    response = llm.chat.completions.create(model="gpt-4o", tools=tools, messages=messages)
    results = toolset.handle_tool_calls(response, entity_id=user_id)
    return {"results": json.dumps(results)}


@router.get("/connect/{user_id}")
def connect_slack(user_id: str):
    entity = toolset.get_entity(id=user_id)
    request = entity.initiate_connection(app_name=App.SLACK, redirect_url=os.environ["APP_URL"] + "/connected")
    return {"url": request.redirectUrl}


@router.post("/escalate/{user_id}")
def escalate(user_id: str, title: str):
    # A deterministic call: dcmigrate reports it for a person (legacy-execute-action).
    return toolset.execute_action(
        action=Action.GITHUB_CREATE_AN_ISSUE,
        params={"owner": "acme", "repo": "support", "title": title, "labels": [ESCALATION_LABELS[Action.GITHUB_CREATE_AN_ISSUE]]},
        entity_id=user_id,
    )
