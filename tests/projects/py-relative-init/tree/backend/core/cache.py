# a decoy: same names, not the SDK
composio = {"tools": {}}


def get_composio():
    return composio
