from composio_openai import OpenAIProvider
from composio import Composio

toolset = Composio(provider=OpenAIProvider())  # expect: legacy-toolset
