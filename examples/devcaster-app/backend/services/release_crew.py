"""Release crew: two agents for one user, each on its own toolkit.

The release manager works on GitHub (tags, release notes); the announcer only posts to Slack.
Neither may reach the other's toolkit, which the migration keeps: two sessions, one per toolkit
set, never one session with the union.
"""
from __future__ import annotations

from openai import OpenAI

from backend.clients import devcaster

llm = OpenAI()


def run_agent(tools: list, instructions: str, task: str) -> str:
    """One tool-calling turn: the model picks tools, the client executes them."""
    response = llm.chat.completions.create(
        model="gpt-4.1",
        tools=tools,
        messages=[{"role": "system", "content": instructions}, {"role": "user", "content": task}],
    )
    devcaster.provider.handle_tool_calls(user_id="release-bot", response=response)
    return response.choices[0].message.content or ""


def ship(user_id: str, version: str) -> dict[str, str]:
    release_tools = devcaster.tools.get(user_id=user_id, toolkits=["GITHUB"])
    announce_tools = devcaster.tools.get(user_id=user_id, toolkits=["SLACK"])
    notes = run_agent(release_tools, "You cut GitHub releases.", f"Tag {version} and draft its release notes.")
    post = run_agent(announce_tools, "You announce releases in #releases.", notes)
    return {"notes": notes, "announcement": post}
