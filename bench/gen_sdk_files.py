#!/usr/bin/env python3
"""gen_sdk_files.py: generate realistic source files that use the Devcaster / Composio SDK.

Used by bench/run to build the benchmark corpora (see bench/README.md), usable on its own:

    bench/gen_sdk_files.py --out DIR --count 400 [--seed 1]          # whole files (the "gen" set)
    bench/gen_sdk_files.py --append-to DIR [--seed 2]                 # append an SDK snippet to
                                                                      # every source file in DIR

Every file is made of blocks drawn from the shapes the rules know (tests/fixtures/*/pos_*):
tools.get / tools.execute (positional, keywords, meta tools), connected_accounts.link /
initiate, toolkits.authorize, triggers.*, provider.handle_tool_calls, toolkit_versions on the
client, DEVCASTER_/COMPOSIO_TOOLKIT_VERSION_* pins, the OpenAI Agents SDK provider import,
and the legacy (v1/v2) toolset API (ToolSet classes, get_tools, initiate_connection,
execute_action, handle_tool_calls, trigger listeners, Action/App enums, entity_id=...), in
both SDK profiles, through the receivers the binding facts understand (module-level clients,
aliases, self./this. members, factories, typed parameters). Files also get decoys (a dict's
.get, cursor.execute, SDK text in strings and comments, own get_tools/triggers objects,
already-migrated session code) and ordinary filler code, so they look like application code.

Each block declares the findings it should produce (its "expected" counts, per rule). The
totals are written to a manifest (JSON) next to the files: the ground truth the benchmark
compares both tools' finding counts against. Output is deterministic for a given seed.

Languages: .py, .ts, .tsx, .js, .mjs (whole files); appended snippets follow the host file's
language (.py/.pyi Python; .ts/.mts/.cts/.d.ts TypeScript; .tsx TSX; .js/.mjs/.cjs/.jsx
JavaScript, without type annotations).
"""
import argparse
import collections
import json
import os
import random
import sys

PROFILES = {
    "devcaster": {"sdk": "devcaster", "Cls": "Devcaster", "scope": "@devcaster", "ENV": "DEVCASTER",
                  "ToolSet": "DevcasterToolSet", "key": "dc_live"},
    "composio": {"sdk": "composio", "Cls": "Composio", "scope": "@composio", "ENV": "COMPOSIO",
                 "ToolSet": "ComposioToolSet", "key": "ck_live"},
}

TOOLKITS = ["GITHUB", "SLACK", "GMAIL", "LINEAR", "NOTION", "GOOGLECALENDAR", "JIRA", "HUBSPOT", "DISCORD", "ASANA"]
TOOLS = {
    "GITHUB": ["GITHUB_CREATE_AN_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES", "GITHUB_UPDATE_AN_ISSUE"],
    "SLACK": ["SLACK_SEND_MESSAGE", "SLACK_LIST_CHANNELS", "SLACK_FETCH_CONVERSATION_HISTORY"],
    "GMAIL": ["GMAIL_SEND_EMAIL", "GMAIL_FETCH_EMAILS", "GMAIL_CREATE_EMAIL_DRAFT"],
    "LINEAR": ["LINEAR_CREATE_LINEAR_ISSUE", "LINEAR_LIST_LINEAR_TEAMS"],
    "NOTION": ["NOTION_CREATE_NOTION_PAGE", "NOTION_SEARCH_NOTION_PAGE"],
    "GOOGLECALENDAR": ["GOOGLECALENDAR_CREATE_EVENT", "GOOGLECALENDAR_FIND_FREE_SLOTS"],
    "JIRA": ["JIRA_CREATE_ISSUE", "JIRA_GET_ISSUE"],
    "HUBSPOT": ["HUBSPOT_CREATE_CONTACT", "HUBSPOT_LIST_CONTACTS"],
    "DISCORD": ["DISCORD_SEND_MESSAGE", "DISCORD_LIST_GUILDS"],
    "ASANA": ["ASANA_CREATE_A_TASK", "ASANA_GET_MULTIPLE_TASKS"],
}
TRIGGERS = ["GITHUB_COMMIT_EVENT", "SLACK_RECEIVE_MESSAGE", "GMAIL_NEW_GMAIL_MESSAGE", "LINEAR_ISSUE_CREATED_TRIGGER"]
WORDS = ["report", "invoice", "ticket", "digest", "order", "profile", "summary", "backlog", "release",
         "account", "feedback", "metric", "schedule", "payment", "contact", "review", "sprint", "alert"]
VERBS = ["build", "load", "sync", "render", "collect", "refresh", "prepare", "resolve", "compute", "format"]


class Ctx:
    """State of one file being generated: language, profile, chosen names, expected findings."""

    def __init__(self, rng, lang, prof):
        self.rng = rng
        self.lang = lang                      # py | ts | tsx | js
        self.p = PROFILES[prof]
        self.expect = collections.Counter()
        self.uniq = 0
        self.needs = set()                    # header facilities blocks rely on
        self.alias = self.p["Cls"]            # the local name of the client class
        self.provider = False

    def ts(self):
        return self.lang in ("ts", "tsx")

    def fresh(self, base):
        self.uniq += 1
        return f"{base}{self.uniq}" if self.uniq > 1 else base

    def tk(self, n=1):
        return self.rng.sample(TOOLKITS, n)

    def tool(self, tk=None):
        tk = tk or self.rng.choice(TOOLKITS)
        return self.rng.choice(TOOLS[tk])

    def word(self):
        return self.rng.choice(WORDS)

    def verb(self):
        return self.rng.choice(VERBS)

    def t(self, s):
        """TypeScript type annotation (dropped for JavaScript)."""
        return s if self.ts() else ""

    def fmt(self, tmpl, **kw):
        d = dict(self.p)
        d["Cls"] = self.alias
        d.update(kw)
        return tmpl.format(**d)


def pylist(items):
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


# ---------------------------------------------------------------- Python: current direct-tools API

def py_tools_get(c, cli):
    tks = c.tk(c.rng.choice([1, 2, 2, 3]))
    name = c.fresh(f"{tks[0].lower()}_tools")
    c.expect["tools-get"] += 1
    form = c.rng.randrange(4)
    if form == 0:
        return c.fmt('''
def {name}(user_id: str) -> list:
    """Tools for the {w} assistant."""
    return {cli}.tools.get(user_id=user_id, toolkits={tks})
''', name=name, cli=cli, tks=pylist(tks), w=c.word())
    if form == 1:
        return c.fmt('''
def {name}(user_id: str, task: str) -> list:
    tools = {cli}.tools.get(user_id, search=task, limit={lim})
    log.debug("fetched %d tools for %s", len(tools), user_id)
    return tools
''', name=name, cli=cli, lim=c.rng.choice([5, 8, 10]))
    if form == 2:
        tools = [c.tool(t) for t in tks]
        return c.fmt('''
def {name}(user_id: str) -> list:
    tools = {cli}.tools.get(
        user_id=user_id,
        tools={tools},
    )
    return tools
''', name=name, cli=cli, tools=pylist(tools))
    return c.fmt('''
async def {name}(request):
    payload = await request.json()
    user_id = payload["user_id"]
    return {{"tools": {cli}.tools.get(user_id, toolkits={tks}), "user": user_id}}
''', name=name, cli=cli, tks=pylist(tks))


def py_tools_execute(c, cli):
    tk = c.rng.choice(TOOLKITS)
    name = c.fresh(f"run_{c.word()}")
    c.expect["tools-execute"] += 1
    form = c.rng.randrange(3)
    if form == 0:
        return c.fmt('''
def {name}(user_id: str, repo: str, number: int) -> dict:
    result = {cli}.tools.execute(
        "{slug}",
        {{"owner": "acme", "repo": repo, "issue_number": number}},
        user_id=user_id,
        version="20251027_00",
    )
    return {{"ok": result["successful"]}}
''', name=name, cli=cli, slug=c.tool(tk))
    if form == 1:
        return c.fmt('''
def {name}(user_id, query):
    found = {cli}.tools.execute("{ENV}_SEARCH_TOOLS", arguments={{"queries": [{{"use_case": query}}]}}, user_id=user_id)
    return found["data"]
''', name=name, cli=cli)
    return c.fmt('''
def {name}(user_id, account_id, arguments):
    return {cli}.tools.execute(
        slug="{slug}",
        arguments=arguments,
        user_id=user_id,
        connected_account_id=account_id,
        dangerously_skip_version_check=True,
    )
''', name=name, cli=cli, slug=c.tool(tk))


def py_connect(c, cli):
    name = c.fresh(f"connect_{c.rng.choice(TOOLKITS).lower()}")
    c.expect["connect-link"] += 1
    form = c.rng.randrange(3)
    if form == 0:
        return c.fmt('''
def {name}(user_id: str) -> str:
    connection_request = {cli}.connected_accounts.link(
        user_id=user_id,
        auth_config_id="ac_{w}_main",
        callback_url=f"{{PUBLIC_URL}}/connected",
    )
    return connection_request.redirect_url
''', name=name, cli=cli, w=c.word())
    if form == 1:
        return c.fmt('''
def {name}(user_id):
    request = {cli}.connected_accounts.initiate(user_id, "ac_{w}_oauth")
    print("open", request.redirect_url)
    return request.wait_for_connection(timeout=300)
''', name=name, cli=cli, w=c.word())
    return c.fmt('''
def {name}(user_id):
    return {cli}.toolkits.authorize(user_id=user_id, toolkit="{tk}")
''', name=name, cli=cli, tk=c.rng.choice(TOOLKITS).lower())


def py_triggers(c, cli):
    name = c.fresh(f"watch_{c.word()}")
    form = c.rng.randrange(2)
    if form == 0:
        c.expect["trigger-unsupported"] += 3
        return c.fmt('''
def {name}(user_id: str, repo: str) -> dict:
    trigger = {cli}.triggers.create(
        "{trig}",
        user_id=user_id,
        trigger_config={{"owner": "acme", "repo": repo}},
    )
    active = {cli}.triggers.list_active(trigger_ids=[trigger.trigger_id])
    if len(active) > 1:
        {cli}.triggers.delete(trigger.trigger_id)
    return {{"trigger_id": trigger.trigger_id}}
''', name=name, cli=cli, trig=c.rng.choice(TRIGGERS))
    c.expect["trigger-unsupported"] += 1
    return c.fmt('''
subscription = {cli}.triggers.subscribe()


@subscription.handle(toolkit="{tk}")
def {name}(event) -> None:
    print("event", event["payload"])
''', name=name, cli=cli, tk=c.rng.choice(TOOLKITS))


def py_handle_loop(c, cli):
    name = c.fresh("chat")
    tks = c.tk(2)
    c.expect["tools-get"] += 1
    c.expect["handle-tool-calls"] += 1
    c.needs.add("openai")
    return c.fmt('''
def {name}(user_id: str, prompt: str) -> str:
    tools = {cli}.tools.get(user_id=user_id, toolkits={tks})
    messages = [{{"role": "user", "content": prompt}}]
    for _ in range(8):
        response = openai_client.chat.completions.create(model="gpt-4.1", tools=tools, messages=messages)
        message = response.choices[0].message
        if not message.tool_calls:
            return message.content
        results = {cli}.provider.handle_tool_calls(user_id=user_id, response=response)
        messages.append(message)
        for call, result in zip(message.tool_calls, results):
            messages.append({{"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)}})
    return "Stopped after 8 steps."
''', name=name, cli=cli, tks=pylist(tks))


def py_class_member(c, cli):
    cls = c.fresh(f"{c.word().capitalize()}Assistant")
    tk = c.rng.choice(TOOLKITS)
    c.expect["tools-get"] += 1
    c.expect["tools-execute"] += 1
    return c.fmt('''
class {cls}:
    """Keeps its own prompt presets in self.tools (a dict), and a {Cls} client in self.client."""

    def __init__(self) -> None:
        self.client = {Cls}(api_key=os.environ.get("{ENV}_API_KEY"))
        self.tools = {{"reply": "Draft a polite reply.", "escalate": "Summarise for on-call."}}

    def preset(self, name: str) -> str:
        return self.tools.get(name, self.tools["reply"])

    def toolkit_tools(self, user_id: str) -> list:
        return self.client.tools.get(user_id, toolkits=["{tk}"])

    def run(self, user_id: str, arguments: dict) -> dict:
        return self.client.tools.execute("{slug}", arguments, user_id=user_id)
''', cls=cls, tk=tk, slug=c.tool(tk))


def py_factory(c, cli):
    fn = c.fresh("get_client")
    tk = c.rng.choice(TOOLKITS)
    c.expect["tools-get"] += 2
    c.needs.add("functools")
    return c.fmt('''
@functools.lru_cache(maxsize=1)
def {fn}() -> {Cls}:
    return {Cls}(api_key=os.environ["{ENV}_API_KEY"])


def {tkl}_tools(user_id: str) -> list:
    return {fn}().tools.get(user_id, toolkits=["{tk}"])


def discovery_tools(user_id: str, task: str) -> list:
    dc = {fn}()
    return dc.tools.get(user_id, search=task, limit=8)
''', fn=fn, tk=tk, tkl=tk.lower() + str(c.uniq))


def py_typed_param(c, cli):
    name = c.fresh(f"{c.verb()}_{c.word()}")
    tk = c.rng.choice(TOOLKITS)
    c.expect["tools-get"] += 1
    c.expect["trigger-unsupported"] += 1
    return c.fmt('''
def {name}(client: {Cls}, user_id: str) -> dict:
    tools = client.tools.get(user_id, toolkits=["{tk}"])
    types = client.triggers.list_types(toolkits=["{tk}"])
    return {{"tools": tools, "trigger_types": types}}
''', name=name, tk=tk)


def py_legacy_terms_current(c, cli):
    name = c.fresh(f"{c.word()}_tools_v2")
    c.expect["tools-get"] += 1
    c.expect["legacy-terms"] += 2
    return c.fmt('''
def {name}(user_id):
    # written against the v2 docs: entity_id= and apps= are the old names
    return {cli}.tools.get(entity_id=user_id, apps=["{a}", "{b}"])
''', name=name, cli=cli, a=c.rng.choice(TOOLKITS).lower(), b=c.rng.choice(TOOLKITS).lower())


def py_migrated(c, cli):
    name = c.fresh(f"session_for_{c.word()}")
    tks = c.tk(2)
    return c.fmt('''
def {name}(user_id: str) -> list:
    # already migrated: one session per user, the agent discovers tools through it
    session = {cli}.create(user_id=user_id, toolkits={tks})
    return session.tools()
''', name=name, cli=cli, tks=pylist([t.lower() for t in tks]))


PY_CURRENT_BLOCKS = [py_tools_get, py_tools_get, py_tools_execute, py_connect, py_triggers, py_handle_loop,
                     py_class_member, py_factory, py_typed_param, py_legacy_terms_current, py_migrated]


# ---------------------------------------------------------------- Python: decoys and filler

def py_decoy(c):
    form = c.rng.randrange(6)
    w = c.word()
    if form == 0:   # a dict's .get behind an attribute named tools
        return f'''
class {w.capitalize()}Registry{c.uniq}:
    def __init__(self):
        self.tools = {{}}

    def lookup(self, name, default=None):
        registry = self
        return registry.tools.get(name, default)
'''
    if form == 1:   # DB-API execute
        c.needs.add("sqlite3")
        return f'''
def count_{w}s(db_path: str) -> int:
    conn = sqlite3.connect(db_path)
    cursor = conn.cursor()
    cursor.execute("SELECT COUNT(*) FROM {w}s WHERE archived = ?", (0,))
    return cursor.fetchone()[0]
'''
    if form == 2:   # SDK text in docstrings, comments and strings
        return f'''
def migration_notes() -> str:
    """Before: tools = client.tools.get(user_id, toolkits=["GITHUB"]).

    After: session = client.create(user_id); tools = session.tools()
    """
    # client.connected_accounts.link(user_id, "ac_x") is what we used to call here
    return "client.tools.execute('GITHUB_CREATE_AN_ISSUE', {{}}) is no longer used"
'''
    if form == 3:   # an own object with get_tools / handle_tool_call
        return f'''
class {w.capitalize()}Agent{c.uniq}:
    def __init__(self, tools):
        self._tools = list(tools)

    def get_tools(self):
        return list(self._tools)


def dispatch_{w}(agent, dispatcher, call):
    for tool in agent.get_tools():
        if tool.name == call.name:
            return dispatcher.handle_tool_call(call)
    return None
'''
    if form == 4:   # pipeline.triggers: not the SDK's
        return f'''
def register_{w}_hooks(pipeline, hook):
    pipeline.triggers.append(hook)
    pipeline.triggers.sort(key=lambda h: h.priority)
    return len(pipeline.triggers)
'''
    return f'''
def authorize_sheets(creds):
    import gspread
    gc = gspread.authorize(creds)
    return gc.open("{w} tracker").sheet1
'''


def py_filler(c):
    form = c.rng.randrange(5)
    w, v = c.word(), c.verb()
    if form == 0:
        return f'''
def {v}_{w}_rows(rows: list, limit: int = 100) -> list:
    """Normalise {w} rows: strip keys, drop empties, keep at most `limit`."""
    out = []
    for row in rows:
        clean = {{k.strip().lower(): v for k, v in row.items() if v not in (None, "")}}
        if clean:
            out.append(clean)
        if len(out) >= limit:
            break
    return out
'''
    if form == 1:
        return f'''
class {w.capitalize()}Cache:
    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._items = {{}}

    def get(self, key):
        item = self._items.get(key)
        if item is None:
            return None
        value, stamp = item
        if time.monotonic() - stamp > self.ttl:
            del self._items[key]
            return None
        return value

    def put(self, key, value) -> None:
        self._items[key] = (value, time.monotonic())
'''
    if form == 2:
        return f'''
def {v}_{w}_summary(items: list) -> str:
    if not items:
        return "no {w}s"
    total = sum(item.get("amount", 0) for item in items)
    names = ", ".join(sorted(item["name"] for item in items if "name" in item)[:5])
    return f"{{len(items)}} {w}s, total {{total:.2f}}: {{names}}"
'''
    if form == 3:
        return f'''
def parse_{w}_args(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description="{w} worker")
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--user", default=os.environ.get("USER_ID", "user_123"))
    return ap.parse_args(argv)
'''
    return f'''
def retry_{w}(fn, attempts: int = 3, delay: float = 0.5):
    last = None
    for attempt in range(attempts):
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001
            last = exc
            time.sleep(delay * (2 ** attempt))
    raise RuntimeError("{w} failed after retries") from last
'''


# ---------------------------------------------------------------- Python: legacy toolset API

def py_legacy_file_body(c, ts_var):
    p = c.p
    tk1, tk2 = c.tk(2)
    parts = []
    forms = c.rng.sample(range(7), c.rng.choice([3, 4, 5]))
    for form in forms:
        if form == 0:
            c.expect["legacy-get-tools"] += 1
            parts.append(f'''
tools = {ts_var}.get_tools(apps=[App.{tk1}])
''')
        elif form == 1:
            c.expect["legacy-connection"] += 1
            parts.append(f'''
def connect_{tk2.lower()}(user_id: str) -> str:
    entity = {ts_var}.get_entity(id=user_id)
    request = entity.initiate_connection(app_name=App.{tk2})
    return request.redirectUrl
''')
        elif form == 2:
            c.expect["legacy-execute-action"] += 1
            parts.append(f'''
def send_{c.word()}(user_id, body):
    entity = {ts_var}.get_entity(id=user_id)
    entity.execute(action=Action.{c.tool()}, params={{"body": body}})
''')
        elif form == 3:
            c.expect["legacy-execute-action"] += 1
            parts.append(f'''
result = {ts_var}.execute_action(
    action=Action.{c.tool(tk1)},
    params={{"owner": "acme", "repo": "{c.word()}"}},
    entity_id="user_123",
)
''')
        elif form == 4:
            c.expect["legacy-handle-tool-calls"] += 1
            c.needs.add("openai")
            parts.append(f'''
def answer(user_id, question, tools):
    response = openai_client.chat.completions.create(model="gpt-4o", tools=tools, messages=[{{"role": "user", "content": question}}])
    return {ts_var}.handle_tool_calls(response, entity_id=user_id)
''')
        elif form == 5:
            c.expect["legacy-trigger-listener"] += 2
            parts.append(f'''
listener = {ts_var}.create_trigger_listener()


@listener.callback(filters={{"trigger_name": "{c.rng.choice(TRIGGERS)}"}})
def on_event(event):
    print(event.payload)
''')
        else:
            c.expect["legacy-terms"] += 3
            parts.append(f'''
DEFAULT_APPS = [App.{tk1}, App.{tk2}]
LABELS = {{Action.{c.tool(tk1)}: "do the thing"}}
''')
    return parts


# ---------------------------------------------------------------- Python files

def py_header(c, kind, agents):
    p = c.p
    doc = c.rng.choice([
        f'"""{c.word().capitalize()} service: agent endpoints on the {p["Cls"]} SDK."""',
        f'"""Background worker for {c.word()} triage ({p["Cls"]} direct tools)."""',
        f'"""Helpers around the {p["Cls"]} client used by the {c.word()} API."""',
    ])
    imports = ["import json", "import logging", "import os", "import time"]
    if "functools" in c.needs:
        imports.insert(0, "import functools")
    if "sqlite3" in c.needs:
        imports.append("import sqlite3")
    third = []
    if "openai" in c.needs:
        third.append("from openai import OpenAI")
    if agents:
        third.append("from agents import Agent, Runner")
    if kind == "legacy":
        sdk_lines = [f"from {p['sdk']}_{c.rng.choice(['openai', 'langchain', 'crewai'])} import Action, App, {p['ToolSet']}"]
    else:
        alias = c.alias
        sdk_lines = [f"from {p['sdk']} import {p['Cls']}" + (f" as {alias}" if alias != p["Cls"] else "")]
        if c.provider:
            sdk_lines.append(f"from {p['sdk']}_openai import OpenAIProvider")
    out = doc + "\n" + "\n".join(imports) + "\n\n" + "\n".join(sorted(third + sdk_lines)) + "\n\n"
    out += "log = logging.getLogger(__name__)\n"
    if "openai" in c.needs:
        out += "openai_client = OpenAI()\n"
    out += 'PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://localhost:8000")\n'
    return out


def py_client_setup(c, cli):
    p = c.p
    out = ""
    pins = c.rng.choice([0, 0, 1, 2])
    for i in range(pins):
        tk = c.rng.choice(TOOLKITS)
        c.expect["toolkit-version-env"] += 1
        if i == 0:
            out += f'os.environ["{p["ENV"]}_TOOLKIT_VERSION_{tk}"] = "20251027_00"\n'
        else:
            out += f'os.environ.setdefault("{p["ENV"]}_TOOLKIT_VERSION_{tk}", "latest")\n'
    args = [f'api_key=os.environ["{p["ENV"]}_API_KEY"]']
    if c.provider:
        args.insert(0, "provider=OpenAIProvider()")
    if c.rng.random() < 0.35:
        args.append(f'toolkit_versions={{"{c.rng.choice(TOOLKITS).lower()}": "20251027_00"}}')
        c.expect["toolkit-versions"] += 1
    if len(args) > 2:
        out += f"{cli} = {c.alias}(\n" + "".join(f"    {a},\n" for a in args) + ")\n"
    else:
        out += f"{cli} = {c.alias}({', '.join(args)})\n"
    return out


def gen_python(rng, prof, kind, nblocks=None, filler=True, appended=False):
    c = Ctx(rng, "py", prof)
    p = c.p
    c.alias = p["Cls"] if rng.random() < 0.85 else "SdkClient"
    cli = rng.choice([p["sdk"], p["sdk"], "client", "dc"]) if not appended else p["sdk"] + "_client"
    agents = False
    c.provider = rng.random() < 0.5
    body = []
    if kind == "legacy":
        ts_var = rng.choice(["toolset", "composio_toolset"])
        c.expect["legacy-toolset"] += 1
        ctor_args = rng.choice(["", 'entity_id="user_123"', 'api_key=os.environ.get("API_KEY")'])
        setup = f"{ts_var} = {p['ToolSet']}({ctor_args})\n"
        body += py_legacy_file_body(c, ts_var)
    else:
        if c.provider and rng.random() < 0.3:
            agents = True
            c.expect["openai-agents-provider"] += 1
        n = nblocks or rng.choice([2, 3, 4, 5])
        for f in rng.sample(PY_CURRENT_BLOCKS, min(n, len(PY_CURRENT_BLOCKS))):
            body.append(f(c, cli))
        setup = None
    for _ in range(rng.choice([1, 1, 2]) if filler or appended else 0):
        body.append(py_decoy(c))
    if filler:
        for _ in range(rng.choice([1, 2, 3, 4])):
            body.append(py_filler(c))
        rng.shuffle(body)
    if setup is None:
        setup = py_client_setup(c, cli)
    text = py_header(c, kind, agents) + setup + "\n" + "\n".join(b.rstrip("\n") + "\n" for b in body)
    if agents:
        text += f'''

def build_agent(user_id: str) -> Agent:
    return Agent(name="helper", instructions="Help the user.", tools=[])


async def run_once(user_id: str, question: str) -> str:
    result = await Runner.run(build_agent(user_id), question)
    return result.final_output
'''
    if not appended and rng.random() < 0.5:
        text += '\n\nif __name__ == "__main__":\n    logging.basicConfig(level=logging.INFO)\n'
    return text, c.expect


# ---------------------------------------------------------------- TypeScript / JavaScript

def ts_tools_get(c, cli):
    tks = c.tk(c.rng.choice([1, 2]))
    name = c.fresh(f"{tks[0].lower()}Tools")
    c.expect["tools-get"] += 1
    form = c.rng.randrange(3)
    if form == 0:
        return c.fmt('''
export async function {name}(userId{s}) {{
  return {cli}.tools.get(userId, {{ toolkits: {tks} }});
}}
''', name=name, cli=cli, tks=pylist(tks), s=c.t(": string"))
    if form == 1:
        return c.fmt('''
export const {name} = async (userId{s}, task{s}) => {{
  const tools = await {cli}.tools.get(userId, {{ search: task, limit: 8 }});
  console.debug(`fetched ${{tools.length}} tools`);
  return tools;
}};
''', name=name, cli=cli, s=c.t(": string"))
    return c.fmt('''
export async function {name}(userId{s}) {{
  const tools = await {cli}.tools
    .get(userId, {{ tools: {tools} }});
  return tools;
}}
''', name=name, cli=cli, s=c.t(": string"), tools=pylist([c.tool(t) for t in tks]))


def ts_tools_execute(c, cli):
    name = c.fresh(f"run{c.word().capitalize()}")
    c.expect["tools-execute"] += 1
    if c.rng.random() < 0.5:
        return c.fmt('''
export async function {name}(userId{s}, text{s}) {{
  const result = await {cli}.tools.execute("{slug}", {{
    userId,
    arguments: {{ channel: "#general", text }},
    version: "20251027_00",
  }});
  return result.successful;
}}
''', name=name, cli=cli, s=c.t(": string"), slug=c.tool())
    return c.fmt('''
export async function {name}(userId{s}, useCase{s}) {{
  const found = await {cli}.tools.execute("{ENV}_SEARCH_TOOLS", {{ userId, arguments: {{ queries: [{{ use_case: useCase }}] }} }});
  return found.data;
}}
''', name=name, cli=cli, s=c.t(": string"))


def ts_connect(c, cli):
    name = c.fresh(f"connect{c.rng.choice(TOOLKITS).capitalize()}")
    c.expect["connect-link"] += 1
    if c.rng.random() < 0.7:
        return c.fmt('''
export async function {name}(userId{s}) {{
  const callbackUrl = `${{PUBLIC_URL}}/connected`;
  const connectionRequest = await {cli}.connectedAccounts.link(userId, "ac_{w}_main", {{ callbackUrl }});
  return connectionRequest.redirectUrl;
}}
''', name=name, cli=cli, s=c.t(": string"), w=c.word())
    return c.fmt('''
export async function {name}(userId{s}) {{
  return {cli}.toolkits.authorize(userId, "{tk}");
}}
''', name=name, cli=cli, s=c.t(": string"), tk=c.rng.choice(TOOLKITS).lower())


def ts_triggers(c, cli):
    name = c.fresh(f"watch{c.word().capitalize()}")
    c.expect["trigger-unsupported"] += 2
    return c.fmt('''
export async function {name}(userId{s}, connectedAccountId{s}) {{
  const trigger = await {cli}.triggers.create(userId, "{trig}", {{
    connectedAccountId,
    triggerConfig: {{ channel: "#support" }},
  }});
  await {cli}.triggers.enable(trigger.triggerId);
  return trigger.triggerId;
}}
''', name=name, cli=cli, s=c.t(": string"), trig=c.rng.choice(TRIGGERS))


def ts_handle_loop(c, cli):
    name = c.fresh("chat")
    c.expect["tools-get"] += 1
    c.expect["handle-tool-calls"] += 1
    c.needs.add("openai")
    return c.fmt('''
export async function {name}(userId{s}, prompt{s}) {{
  const tools = await {cli}.tools.get(userId, {{ toolkits: {tks} }});
  const messages{mt} = [{{ role: "user", content: prompt }}];
  for (let step = 0; step < 8; step++) {{
    const completion = await openai.chat.completions.create({{ model: "gpt-4.1", tools, messages }});
    const reply = completion.choices[0].message;
    if (!reply.tool_calls?.length) return reply.content;
    messages.push(reply);
    const results = await {cli}.provider.handleToolCalls(userId, completion);
    messages.push(...results);
  }}
  return "Stopped after 8 steps.";
}}
''', name=name, cli=cli, s=c.t(": string"), tks=pylist(c.tk(2)), mt=c.t(": any[]"))


def ts_class_member(c, cli):
    cls = c.fresh(f"{c.word().capitalize()}Agent")
    tk = c.rng.choice(TOOLKITS)
    c.expect["tools-get"] += 1
    if c.ts():
        return c.fmt('''
export class {cls} {{
  private readonly registry = new Map<string, string>();

  constructor(private readonly client: {Cls}) {{}}

  async tools(userId: string) {{
    return this.client.tools.get(userId, {{ toolkits: ["{tk}"] }});
  }}

  label(slug: string): string {{
    return this.registry.get(slug) ?? slug;
  }}
}}
''', cls=cls, tk=tk)
    return c.fmt('''
export class {cls} {{
  constructor() {{
    this.registry = new Map();
    this.client = new {Cls}({{ apiKey: process.env.{ENV}_API_KEY }});
  }}

  async tools(userId) {{
    return this.client.tools.get(userId, {{ toolkits: ["{tk}"] }});
  }}

  label(slug) {{
    return this.registry.get(slug) ?? slug;
  }}
}}
''', cls=cls, tk=tk)


def ts_legacy_terms_current(c, cli):
    name = c.fresh(f"{c.word()}ToolsV2")
    c.expect["tools-get"] += 1
    c.expect["legacy-terms"] += 1
    return c.fmt('''
export async function {name}(userId{s}) {{
  return {cli}.tools.get(userId, {{ actions: {tools} }});
}}
''', name=name, cli=cli, s=c.t(": string"), tools=pylist([c.tool(), c.tool()]))


def ts_migrated(c, cli):
    name = c.fresh(f"sessionFor{c.word().capitalize()}")
    return c.fmt('''
export async function {name}(userId{s}) {{
  // already migrated: one session per user
  const session = await {cli}.create(userId, {{ toolkits: {tks} }});
  return session.tools();
}}
''', name=name, cli=cli, s=c.t(": string"), tks=pylist([t.lower() for t in c.tk(2)]))


def ts_env_pin(c, cli):
    name = c.fresh("pinToolkit")
    c.expect["toolkit-version-env"] += 1
    return c.fmt('''
export function {name}(version{s}){r} {{
  if (version !== "latest") {{
    process.env.{ENV}_TOOLKIT_VERSION_{tk} = version;
  }}
}}
''', name=name, s=c.t(": string"), r=c.t(": void"), tk=c.rng.choice(TOOLKITS))


TS_CURRENT_BLOCKS = [ts_tools_get, ts_tools_get, ts_tools_execute, ts_connect, ts_triggers, ts_handle_loop,
                     ts_class_member, ts_legacy_terms_current, ts_migrated, ts_env_pin]


def ts_decoy(c):
    form = c.rng.randrange(5)
    w = c.word()
    if form == 0:
        return f'''
const {w}Panels = {{ tools: new Map{c.t("<string, number>")}() }};
export function panelWidth(name{c.t(": string")}) {{
  return {w}Panels.tools.get(name) ?? 320;
}}
'''
    if form == 1:
        return f'''
export async function count{w.capitalize()}s(db{c.t(": any")}) {{
  const rows = await db.execute("select count(*) as n from {w}s");
  return rows[0].n;
}}
'''
    if form == 2:
        return f'''
// Before the migration this called client.tools.get(userId, {{ toolkits: ["GITHUB"] }}).
export const MIGRATION_NOTE = `client.connectedAccounts.link(userId, "ac_x") moved to session.authorize()`;
'''
    if form == 3:
        return f'''
export function {w}Tools(agent{c.t(": any")}, dispatcher{c.t(": any")}, call{c.t(": any")}) {{
  for (const tool of agent.getTools()) {{
    if (tool.name === call.name) return dispatcher.handleToolCall(call);
  }}
  return null;
}}
'''
    return f'''
export function on{w.capitalize()}(pipeline{c.t(": any")}, hook{c.t(": any")}) {{
  pipeline.triggers.push(hook);
  return pipeline.triggers.length;
}}
'''


def ts_filler(c):
    form = c.rng.randrange(4)
    w, v = c.word(), c.verb()
    if form == 0:
        return f'''
export function {v}{w.capitalize()}Rows(rows{c.t(": Array<Record<string, unknown>>")}, limit = 100) {{
  const out{c.t(": Array<Record<string, unknown>>")} = [];
  for (const row of rows) {{
    const clean = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== ""));
    if (Object.keys(clean).length) out.push(clean);
    if (out.length >= limit) break;
  }}
  return out;
}}
'''
    if form == 1:
        return f'''
export class {w.capitalize()}Cache{c.t("<T>")} {{
  {c.t("private items = new Map<string, { value: T; at: number }>();") if c.ts() else "items = new Map();"}
  constructor({c.t("private readonly ")}ttlMs{c.t(": number")} = 60_000) {{{"" if c.ts() else " this.ttlMs = ttlMs; "}}}

  get(key{c.t(": string")}){c.t(": T | undefined")} {{
    const item = this.items.get(key);
    if (!item || Date.now() - item.at > this.ttlMs) return undefined;
    return item.value;
  }}

  set(key{c.t(": string")}, value{c.t(": T")}) {{
    this.items.set(key, {{ value, at: Date.now() }});
  }}
}}
'''
    if form == 2:
        return f'''
export function {v}{w.capitalize()}Summary(items{c.t(": Array<{ name?: string; amount?: number }>")}){c.t(": string")} {{
  if (!items.length) return "no {w}s";
  const total = items.reduce((sum, item) => sum + (item.amount ?? 0), 0);
  const names = items.map((i) => i.name).filter(Boolean).slice(0, 5).join(", ");
  return `${{items.length}} {w}s, total ${{total.toFixed(2)}}: ${{names}}`;
}}
'''
    return f'''
export async function retry{w.capitalize()}{c.t("<T>")}(fn{c.t(": () => Promise<T>")}, attempts = 3){c.t(": Promise<T>")} {{
  let last{c.t(": unknown")};
  for (let i = 0; i < attempts; i++) {{
    try {{
      return await fn();
    }} catch (err) {{
      last = err;
      await new Promise((r) => setTimeout(r, 250 * 2 ** i));
    }}
  }}
  throw last;
}}
'''


def ts_legacy_body(c, ts_var):
    parts = []
    tk = c.rng.choice(TOOLKITS).lower()
    s = c.t(": string")
    for form in c.rng.sample(range(5), c.rng.choice([2, 3, 4])):
        if form == 0:
            c.expect["legacy-get-tools"] += 1
            parts.append(f'''
export async function tools(userId{s}) {{
  return {ts_var}.getTools({{ apps: ["{tk}"] }}, userId);
}}
''')
        elif form == 1:
            c.expect["legacy-connection"] += 1
            parts.append(f'''
export async function connect(userId{s}) {{
  const entity = await {ts_var}.getEntity(userId);
  const request = await entity.initiateConnection({{ appName: "{tk}" }});
  return request.redirectUrl;
}}
''')
        elif form == 2:
            c.expect["legacy-execute-action"] += 1
            parts.append(f'''
export async function run(amount{c.t(": number")}) {{
  await {ts_var}.executeAction({{ action: "{c.tool()}", params: {{ amount }} }});
}}
''')
        elif form == 3:
            c.expect["legacy-handle-tool-calls"] += 1
            parts.append(f'''
export async function handle(completion{c.t(": any")}, userId{s}) {{
  await {ts_var}.handleToolCall(completion, userId);
}}
''')
        else:
            c.expect["legacy-trigger-listener"] += 1
            parts.append(f'''
export async function watch(userId{s}) {{
  const entity = await {ts_var}.getEntity(userId);
  return entity.setupTrigger("{tk}", "{tk}_event", {{ owner: "a", repo: "b" }});
}}
''')
    return parts


def gen_ts(rng, prof, lang, kind, nblocks=None, filler=True, appended=False, cjs=False):
    c = Ctx(rng, lang, prof)
    p = c.p
    cli = rng.choice([p["sdk"], p["sdk"], "client"]) if not appended else p["sdk"] + "Client"
    imports = []
    body = []
    agents = False
    c.provider = rng.random() < 0.5

    def imp(names, pkg):
        if cjs:
            return f'const {{ {names} }} = require("{pkg}");'
        return f'import {{ {names} }} from "{pkg}";'

    if kind == "legacy":
        pkg = rng.choice([f"{p['sdk']}-core"])
        cls = rng.choice([p["ToolSet"], "OpenAIToolSet", "LangchainToolSet", "VercelAIToolSet"])
        imports.append(imp(cls, pkg))
        ts_var = "toolset"
        c.expect["legacy-toolset"] += 1
        setup = f"const {ts_var} = new {cls}({{ apiKey: process.env.{p['ENV']}_API_KEY }});\n"
        body += ts_legacy_body(c, ts_var)
    else:
        imports.append(imp(p["Cls"], f"{p['scope']}/core"))
        if c.provider:
            imports.append(imp("OpenAIProvider", f"{p['scope']}/openai"))
            if rng.random() < 0.3:
                agents = True
                imports.insert(0, imp("Agent, run", "@openai/agents"))
                c.expect["openai-agents-provider"] += 1
        n = nblocks or rng.choice([2, 3, 4, 5])
        for f in rng.sample(TS_CURRENT_BLOCKS, min(n, len(TS_CURRENT_BLOCKS))):
            body.append(f(c, cli))
        setup = ""
        if rng.random() < 0.4:
            c.expect["toolkit-version-env"] += 1
            setup += f'process.env.{p["ENV"]}_TOOLKIT_VERSION_{rng.choice(TOOLKITS)} = "20251027_00";\n'
        opts = [f"apiKey: process.env.{p['ENV']}_API_KEY"]
        if c.provider:
            opts.append("provider: new OpenAIProvider()")
        if rng.random() < 0.35:
            opts.append(f'toolkitVersions: {{ {rng.choice(TOOLKITS).lower()}: "20251027_00" }}')
            c.expect["toolkit-versions"] += 1
        setup += f"const {cli} = new {p['Cls']}({{\n" + "".join(f"  {o},\n" for o in opts) + "});\n"
    for _ in range(rng.choice([1, 1, 2]) if filler or appended else 0):
        body.append(ts_decoy(c))
    if filler:
        for _ in range(rng.choice([1, 2, 3])):
            body.append(ts_filler(c))
        rng.shuffle(body)
    head = ""
    if not appended:
        head = rng.choice([
            f"// {c.word().capitalize()} routes on the {p['Cls']} SDK's direct tools API.\n",
            f"/**\n * {c.word().capitalize()} agent helpers ({p['Cls']}).\n */\n",
            "",
        ])
    if "openai" in c.needs:
        imports.insert(0, 'const OpenAI = require("openai");' if cjs else 'import OpenAI from "openai";')
    text = head + "\n".join(imports) + "\n\n"
    if "openai" in c.needs:
        text += "const openai = new OpenAI();\n"
    text += f'const PUBLIC_URL = process.env.PUBLIC_URL ?? "http://localhost:3000";\n' + setup
    text += "\n".join(b.rstrip("\n") + "\n" for b in body)
    if agents:
        text += f'''
export async function answer(userId{c.t(": string")}, question{c.t(": string")}) {{
  const agent = new Agent({{ name: "Support", instructions: "Answer briefly.", tools: [] }});
  const result = await run(agent, question);
  return String(result.finalOutput);
}}
'''
    if lang == "tsx" and not appended:
        text += f'''
export default function {c.word().capitalize()}Page() {{
  return (
    <main className="page">
      <h1>Connect your tools</h1>
      <form action="/api/connect" method="post">
        <input name="userId" placeholder="user id" />
        <button type="submit">Connect</button>
      </form>
    </main>
  );
}}
'''
    if cjs:
        # CommonJS: `export` is ESM syntax; drop it and export at the end
        names = []
        out = []
        for line in text.split("\n"):
            for kw in ("export async function ", "export function ", "export const ", "export class ",
                       "export default function "):
                if line.startswith(kw):
                    rest = line[len(kw):]
                    nm = rest.split("(")[0].split(" ")[0].split("<")[0]
                    names.append(nm)
                    line = line[len("export "):].replace("default ", "", 1)
                    break
            out.append(line)
        text = "\n".join(out)
        if not appended:
            text += f"\nmodule.exports = {{ {', '.join(dict.fromkeys(names))} }};\n"
    return text, c.expect


# ---------------------------------------------------------------- drivers

LANG_WEIGHTS = [("py", 0.5), ("ts", 0.22), ("tsx", 0.08), ("js", 0.12), ("mjs", 0.08)]
NAMES_PY = ["app", "agent", "routes", "worker", "service", "tasks", "handlers", "integrations", "views", "jobs"]
NAMES_TS = ["route", "agent", "actions", "server", "worker", "service", "handlers", "api", "integrations"]


def gen_file(rng, lang, prof=None, kind=None, **kw):
    prof = prof or rng.choice(["devcaster", "composio"])
    kind = kind or ("legacy" if rng.random() < 0.25 else "current")
    if lang == "py":
        return gen_python(rng, prof, kind, **kw)
    if lang in ("ts", "tsx"):
        return gen_ts(rng, prof, lang, kind, **kw)
    return gen_ts(rng, prof, "js", kind, cjs=(lang == "js" and rng.random() < 0.5), **kw)


def pick_lang(rng, langs=None):
    weights = [(l, w) for l, w in LANG_WEIGHTS if not langs or l in langs]
    x = rng.random() * sum(w for _, w in weights)
    for l, w in weights:
        x -= w
        if x <= 0:
            return l
    return weights[-1][0]


def generate(out, count, seed, langs=None, dirs=None):
    """Writes `count` whole files under out (or, with dirs = {lang: [dir, ...]}, spread over those
    directories); returns {relpath: expected Counter}."""
    rng = random.Random(seed)
    manifest = {}
    for i in range(count):
        lang = pick_lang(rng, langs)
        text, exp = gen_file(rng, lang)
        ext = {"py": ".py", "ts": ".ts", "tsx": ".tsx", "js": ".js", "mjs": ".mjs"}[lang]
        base = rng.choice(NAMES_PY if lang == "py" else NAMES_TS)
        if dirs:
            pool = dirs["py" if lang == "py" else "js"]
            d = rng.choice(pool)
            path = os.path.join(d, f"sdk_{base}_{i:04d}{ext}")
        else:
            path = os.path.join(out, lang, f"app{i // 25:02d}", f"{base}_{i:04d}{ext}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        manifest[os.path.relpath(path, out)] = exp
    return manifest


def lang_of(path):
    p = path.lower()
    if p.endswith((".py", ".pyi")):
        return "py"
    if p.endswith(".tsx"):
        return "tsx"
    if p.endswith((".ts", ".mts", ".cts")):
        return "ts"
    if p.endswith((".js", ".mjs", ".cjs", ".jsx")):
        return "js"
    return None


def append_snippets(root, seed):
    """Appends a generated SDK snippet to every Python/TS/JS file under root."""
    rng = random.Random(seed)
    manifest = {}
    files = []
    for d, dns, fns in os.walk(root):
        dns.sort()
        for fn in sorted(fns):
            files.append(os.path.join(d, fn))
    for path in files:
        lang = lang_of(path)
        if not lang:
            continue
        with open(path, "rb") as f:
            old = f.read()
        kind = "legacy" if rng.random() < 0.2 else "current"
        cjs = lang == "js" and (path.endswith(".cjs") or b"require(" in old)
        if lang == "py":
            text, exp = gen_python(rng, rng.choice(["devcaster", "composio"]), kind, nblocks=rng.choice([2, 3]),
                                   filler=False, appended=True)
        else:
            text, exp = gen_ts(rng, rng.choice(["devcaster", "composio"]), lang, kind, nblocks=rng.choice([2, 3]),
                               filler=False, appended=True, cjs=cjs)
        if lang == "py":
            # the host's docstring line is not ours: drop the generated module docstring
            text = text.split("\n", 1)[1]
        marker = "# --- appended by bench/gen_sdk_files.py ---\n" if lang == "py" else \
            "// --- appended by bench/gen_sdk_files.py ---\n"
        sep = b"" if old.endswith(b"\n") or not old else b"\n"
        with open(path, "ab") as f:
            f.write(sep + b"\n" + marker.encode() + text.encode("utf-8"))
        manifest[os.path.relpath(path, root)] = exp
    return manifest


def write_manifest(path, manifest):
    total = collections.Counter()
    for exp in manifest.values():
        total.update(exp)
    doc = {"files": len(manifest), "expected_findings": sum(total.values()),
           "expected_by_rule": dict(sorted(total.items())),
           "per_file": {k: dict(v) for k, v in sorted(manifest.items())}}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="directory for whole generated files")
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--langs", help="comma-separated subset of py,ts,tsx,js,mjs")
    ap.add_argument("--append-to", help="append a snippet to every source file under this directory")
    ap.add_argument("--manifest", help="where to write the expected-findings manifest (JSON)")
    a = ap.parse_args()
    if a.append_to:
        m = append_snippets(a.append_to, a.seed)
        doc = write_manifest(a.manifest or os.path.join(a.append_to, "..", "dense-manifest.json"), m)
    elif a.out:
        m = generate(a.out, a.count, a.seed, a.langs.split(",") if a.langs else None)
        doc = write_manifest(a.manifest or os.path.join(a.out, "..", os.path.basename(a.out.rstrip("/")) + "-manifest.json"), m)
    else:
        ap.error("give --out or --append-to")
    print(f"{doc['files']} files, {doc['expected_findings']} expected findings: {doc['expected_by_rule']}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
