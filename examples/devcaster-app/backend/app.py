"""Support-desk agent API.

Endpoints
  POST /chat                 agent loop over GitHub + Slack tools (OpenAI chat completions)
  GET  /auth/github          start GitHub OAuth for a user, returns the redirect URL
  POST /issues               file a GitHub issue from the support form, no LLM involved
  POST /github/ask           OpenAI Agents SDK assistant (services/github_agent.py)
  POST /webhooks/setup       watch a repository for commits (Devcaster trigger)
  POST /webhooks/devcaster   trigger events arrive here; forwarded to the #eng-alerts channel

Run with:  uvicorn backend.app:app --reload
"""
from __future__ import annotations

import json
import logging
from typing import Any

import requests
from fastapi import FastAPI, HTTPException, Request
from openai import OpenAI
from pydantic import BaseModel

from backend.clients import devcaster  # the backend's one client (tools, auth, execute)
from backend.settings import settings
from backend.services.github_agent import GithubAgentService
from devcaster import Devcaster

log = logging.getLogger("support_desk")

# Triggers get a client of their own: they still read the pinned toolkit versions.
trigger_client = Devcaster(
    api_key=settings.devcaster_api_key,
    toolkit_versions={
        "github": "20251027_00",
        "slack": "20251027_00",
    },
)
openai_client = OpenAI(api_key=settings.openai_api_key)
github_service = GithubAgentService(settings.github_auth_config_id)

app = FastAPI(title="support-desk-agent", debug=settings.debug)

# System prompts, keyed by the kind of conversation. (Not Devcaster tools: our own table.)
tools = {
    "triage": "You triage incoming support requests. Use GitHub to look up or file issues "
    "and Slack to notify the on-call engineer. Never close issues.",
    "release": "You answer questions about releases using the GitHub repository history.",
}

# Plain HTTP for the Slack incoming webhook (alerts channel); keeps connections alive.
http = requests.Session()
http.headers.update({"User-Agent": "support-desk/1.4"})


def get_tools(kind: str) -> list[str]:
    """Names of the prompt presets a client may pick (shown in the web UI)."""
    return sorted(k for k in tools if not kind or k.startswith(kind))


class ChatRequest(BaseModel):
    user_id: str
    message: str
    kind: str = "triage"


class IssueRequest(BaseModel):
    user_id: str
    owner: str
    repo: str
    title: str
    body: str
    labels: list[str] = []


class WatchRequest(BaseModel):
    user_id: str
    owner: str
    repo: str


class AskRequest(BaseModel):
    user_id: str
    prompt: str


@app.get("/presets")
def presets(kind: str = "") -> dict[str, list[str]]:
    return {"presets": get_tools(kind)}


@app.post("/chat")
def chat(body: ChatRequest) -> dict[str, Any]:
    agent_tools = devcaster.tools.get(user_id=body.user_id, toolkits=["GITHUB", "SLACK"])
    messages: list[Any] = [
        {"role": "system", "content": tools.get(body.kind, tools["triage"])},
        {"role": "user", "content": body.message},
    ]
    for _ in range(settings.max_agent_turns):
        response = openai_client.chat.completions.create(
            model=settings.model,
            tools=agent_tools,
            messages=messages,
        )
        message = response.choices[0].message
        if not message.tool_calls:
            return {"reply": message.content}
        results = devcaster.provider.handle_tool_calls(user_id=body.user_id, response=response)
        messages.append(message.model_dump(exclude_none=True))
        for call, result in zip(message.tool_calls, results):
            messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})
    raise HTTPException(status_code=504, detail="agent did not finish within the turn limit")


@app.get("/auth/github")
def connect_github(user_id: str) -> dict[str, str]:
    connection_request = devcaster.connected_accounts.link(
        user_id,
        "ac_github_config",
        callback_url=f"{settings.public_url}/auth/callback",
    )
    return {"redirect_url": connection_request.redirect_url}


@app.post("/issues")
def create_issue(body: IssueRequest) -> dict[str, Any]:
    result = devcaster.tools.execute(
        "GITHUB_CREATE_ISSUE",
        {
            "owner": body.owner,
            "repo": body.repo,
            "title": body.title,
            "body": body.body,
            "labels": body.labels or ["support"],
        },
        user_id=body.user_id,
        version="20251027_00",
    )
    if not result["successful"]:
        raise HTTPException(status_code=502, detail=result["error"])
    return {"issue": result["data"]}


@app.post("/github/ask")
async def github_ask(body: AskRequest) -> dict[str, str]:
    return {"answer": await github_service.run(body.user_id, body.prompt)}


@app.post("/webhooks/setup")
def watch_repository(body: WatchRequest) -> dict[str, str]:
    trigger = trigger_client.triggers.create(
        slug="GITHUB_COMMIT_EVENT",
        user_id=body.user_id,
        trigger_config={"owner": body.owner, "repo": body.repo},
    )
    log.info("watching %s/%s for %s (%s)", body.owner, body.repo, body.user_id, trigger.trigger_id)
    return {"trigger_id": trigger.trigger_id}


@app.post("/webhooks/devcaster")
async def devcaster_webhook(request: Request) -> dict[str, bool]:
    raw = (await request.body()).decode()
    try:
        event = trigger_client.triggers.verify_webhook(
            id=request.headers.get("webhook-id", ""),
            payload=raw,
            signature=request.headers.get("webhook-signature", ""),
            timestamp=request.headers.get("webhook-timestamp", ""),
            secret=settings.webhook_secret,
        )
    except Exception:
        raise HTTPException(status_code=401, detail="invalid signature")
    commit = event.payload.get("data", {})
    if settings.slack_alerts_webhook:
        http.post(
            settings.slack_alerts_webhook,
            json={"text": f"New commit by {commit.get('author', '?')}: {commit.get('message', '')}"},
            timeout=5,
        )
    return {"ok": True}
