"""GitHub assistant built on the OpenAI Agents SDK.

Used by the /github/* routes in backend.app. One Devcaster client per service instance; the
OpenAI Agents provider wraps Devcaster tools as `FunctionTool`s the Agent can call directly.
"""
from __future__ import annotations

import logging

from agents import Agent, Runner
from devcaster import Devcaster
from devcaster_openai_agents import OpenAIAgentsProvider

log = logging.getLogger(__name__)

# Service account used by the nightly "star our dependencies" job.
SERVICE_USER_ID = "user_1"

INSTRUCTIONS = """You are the support desk's GitHub assistant.
Only touch repositories the user names explicitly. Summarise what you did in one paragraph."""


class GithubAgentService:
    def __init__(self, github_auth_config_id: str = "ac_github_config") -> None:
        self.client = Devcaster(provider=OpenAIAgentsProvider())
        self.github_auth_config_id = github_auth_config_id

    def star_tools(self):
        """Just the one tool the dependency-starring job needs."""
        return self.client.tools.get(
            "user_1", tools=["GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER"]
        )

    def start_connection(self, user_id: str, callback_url: str) -> str:
        request = self.client.connected_accounts.initiate(
            user_id=user_id,
            auth_config_id=self.github_auth_config_id,
            callback_url=callback_url,
        )
        log.info("github connection %s started for %s", request.id, user_id)
        return request.redirect_url

    def authorize(self, user_id: str):
        """Shortcut used by the admin console: GitHub OAuth for a user, started server-side."""
        request = self.client.toolkits.authorize(user_id=user_id, toolkit="github")
        return request.redirect_url

    def build_agent(self, user_id: str) -> Agent:
        return Agent(
            name="GitHub assistant",
            instructions=INSTRUCTIONS,
            tools=self.client.tools.get(user_id=user_id, toolkits=["GITHUB"], limit=25),
        )

    async def run(self, user_id: str, prompt: str) -> str:
        result = await Runner.run(self.build_agent(user_id), prompt)
        return str(result.final_output)

    async def star_dependencies(self, repos: list[str]) -> str:
        agent = Agent(name="stargazer", instructions="Star each repository listed.", tools=self.star_tools())
        result = await Runner.run(agent, "\n".join(repos))
        return str(result.final_output)
