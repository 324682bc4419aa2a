"""One place that imports the agent framework; the rest of the app imports from here."""
from dcaf import core
from dcaf.core import Agent, AgentResult, Session, serve
from dcaf.core import tool as dcaf_tool

agent_tool = core.tool
