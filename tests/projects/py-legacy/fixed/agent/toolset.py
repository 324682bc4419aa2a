from composio_openai import ComposioToolSet

toolset = ComposioToolSet()  # expect: legacy-toolset
APPS = ["github"]  # expect: legacy-terms
