from composio_openai import App, ComposioToolSet

toolset = ComposioToolSet()  # expect: legacy-toolset
APPS = [App.GITHUB]  # expect: legacy-terms
