#!/usr/bin/env python3
"""gen_rules.py: write the ast-grep rule set that mirrors dcmigrate's detections.

    bench/ast-grep/gen_rules.py        # rewrites bench/ast-grep/rules/*.yml and utils/*.yml

The output is checked in; edit this file and re-run it rather than editing the YAML. One rule
file per dcmigrate rule id, with one YAML document per ast-grep language: python, and the same
TypeScript-family rule for typescript, tsx and javascript (dcmigrate parses .js/.mjs/.cjs/.jsx
with tree-sitter-javascript, like ast-grep, and .tsx with the tsx grammar). Rule ids are
`<dcmigrate-rule-id>--<language>` so bench/run can count findings per dcmigrate rule.

How close to dcmigrate the rules are (see bench/README.md, "Equivalence"):
  * Syntax: each rule matches the same node shapes as the tree-sitter queries in rules/*.yml,
    with the same literal constraints (method names, keyword names, regexes).
  * Binding facts: ast-grep has none. Where dcmigrate needs a receiver proven to be an SDK client
    (or a class proven to be the SDK's), the ast-grep rule requires instead that the file
    imports the SDK (a top-level import / require of devcaster*, composio*, @devcaster/*,
    @composio/*, devcaster-core, composio-core): the closest file-scoped approximation. Like
    dcmigrate's `likely` entries, receivers spelled self / this / cls are excluded.
    So ast-grep over-reports look-alikes in SDK files (a dict's .tools.get, cursor.execute,
    an own get_tools(), own Action enums) and under-reports nothing dcmigrate finds through an
    SDK import.
  * Not mirrored: already-migrated (never reported by dcmigrate), unused-suppression (needs
    suppression bookkeeping), the dotenv part of toolkit-version-env (ast-grep has no dotenv
    language; the benchmark corpora contain no .env files), and dcmigrate's de-duplication of
    overlapping findings (a legacy triggers.subscribe is reported once by dcmigrate, by both
    trigger rules in ast-grep).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TS_LANGS = ["typescript", "tsx", "javascript"]

NOT_SELF = "{not: {regex: '^(self|this|cls)$'}}"

# ---- utility rules: "this node is in a file that imports the SDK" --------------------------

PY_SDK_MOD = r"^(devcaster|composio)(_\w+)?(\.|$)"
TS_SDK_PKG = r"""(@devcaster/[^"'\s]+|@composio/[^"'\s]+|devcaster-core|composio-core)(/[^"'\s]*)?"""

UTILS = {
    "python": f"""\
id: sdk-file-python
language: python
rule:
  inside:
    kind: module
    stopBy: end
    has:
      any:
        - matches: sdk-import-python
        - kind: if_statement          # if TYPE_CHECKING: ...
          has: {{stopBy: end, matches: sdk-import-python}}
        - kind: try_statement         # try: ... except ImportError: ...
          has: {{stopBy: end, matches: sdk-import-python}}
""",
    "python-import": f"""\
id: sdk-import-python
language: python
rule:
  any:
    - kind: import_from_statement
      has: {{field: module_name, regex: '{PY_SDK_MOD}'}}
    - kind: import_statement
      has: {{field: name, regex: '{PY_SDK_MOD}'}}
""",
    "ts": f"""\
id: sdk-file-{{lang}}
language: {{lang}}
rule:
  inside:
    kind: program
    stopBy: end
    has:
      any:
        - kind: import_statement
          has: {{field: source, regex: '^["'']{TS_SDK_PKG.replace("'", "''")}["'']$'}}
        - kind: lexical_declaration
          regex: 'require\\s*\\(\\s*["'']{TS_SDK_PKG.replace("'", "''")}["'']'
        - kind: variable_declaration
          regex: 'require\\s*\\(\\s*["'']{TS_SDK_PKG.replace("'", "''")}["'']'
""",
}

# ---- the rules: {dcmigrate rule id: {"python": body, "ts": body}} ---------------------------
# A body is the YAML after `rule:` (indented two spaces) plus optional constraints; {SDK} is the
# utility rule's id for the document's language.

RULES = {}

RULES["tools-get"] = {
    "python": """\
rule:
  pattern: $R.tools.get($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  pattern: $R.tools.get($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["tools-execute"] = {
    "python": """\
rule:
  pattern: $R.tools.execute($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  pattern: $R.tools.execute($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["connect-link"] = {
    "python": """\
rule:
  any:
    - pattern: $R.connected_accounts.link($$$)
    - pattern: $R.connected_accounts.initiate($$$)
    - pattern: $R.toolkits.authorize($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    # v1/v2 connectedAccounts.initiate({ appName, ... }) (an object first) is legacy-connection's
    "ts": """\
rule:
  any:
    - pattern: $R.connectedAccounts.link($$$)
    - all:
        - pattern: $R.connectedAccounts.initiate($$$)
        - not: {has: {field: arguments, has: {kind: object, nthChild: 1}}}
    - pattern: $R.toolkits.authorize($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["toolkit-versions"] = {
    # the keyword on any call in an SDK file (dcmigrate: on a call of the proven client class)
    "python": """\
rule:
  kind: keyword_argument
  has: {field: name, regex: '^toolkit_versions$'}
  inside: {kind: argument_list, inside: {kind: call}}
  matches: {SDK}
""",
    "ts": """\
rule:
  any:
    - kind: pair
      has: {field: key, regex: '^["'']?toolkitVersions["'']?$'}
    - kind: shorthand_property_identifier
      regex: '^toolkitVersions$'
  inside: {kind: object, inside: {kind: arguments, inside: {kind: new_expression}}}
  matches: {SDK}
""",
}

RULES["toolkit-version-env"] = {
    # no binding facts needed: this one is exact (dcmigrate: environ[...] = / environ.setdefault)
    "python": """\
rule:
  any:
    - kind: assignment
      has:
        field: left
        kind: subscript
        all:
          - has: {field: value, regex: '^(.*\\.)?environ$'}
          - has: {field: subscript, kind: string, regex: '^["''](DEVCASTER|COMPOSIO)_TOOLKIT_VERSION_[A-Za-z0-9_]+["'']$'}
    - pattern: $E.setdefault($K, $$$)
constraints:
  E: {regex: '^(.*\\.)?environ$'}
  K: {regex: '^["''](DEVCASTER|COMPOSIO)_TOOLKIT_VERSION_[A-Za-z0-9_]+["'']$'}
""",
    "ts": """\
rule:
  any:
    - kind: assignment_expression
    - kind: augmented_assignment_expression
  has:
    field: left
    any:
      - kind: member_expression
        all:
          - has: {field: object, regex: '^((globalThis|global)\\.)?process\\.env$|^env$'}
          - has: {field: property, regex: '^(DEVCASTER|COMPOSIO)_TOOLKIT_VERSION_[A-Za-z0-9_]+$'}
      - kind: subscript_expression
        all:
          - has: {field: object, regex: '^((globalThis|global)\\.)?process\\.env$|^env$'}
          - has: {field: index, kind: string, regex: '^["''](DEVCASTER|COMPOSIO)_TOOLKIT_VERSION_[A-Za-z0-9_]+["'']$'}
""",
}

RULES["trigger-unsupported"] = {
    "python": """\
rule:
  pattern: $R.triggers.$M($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  pattern: $R.triggers.$M($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["handle-tool-calls"] = {
    "python": """\
rule:
  pattern: $R.provider.handle_tool_calls($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  pattern: $R.provider.handleToolCalls($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["openai-agents-provider"] = {
    # the provider's name imported from the SDK's openai package, in a file that imports the
    # Agents SDK (anywhere: dcmigrate looks at the whole file too)
    "python": """\
rule:
  any:
    - kind: dotted_name
      regex: '^OpenAIProvider$'
      inside: {field: name, kind: import_from_statement, has: {field: module_name, regex: '^(devcaster|composio)_openai$'}}
    - kind: aliased_import
      has: {field: name, regex: '^OpenAIProvider$'}
      inside: {kind: import_from_statement, has: {field: module_name, regex: '^(devcaster|composio)_openai$'}}
  inside:
    kind: module
    stopBy: end
    has:
      stopBy: end
      any:
        - kind: import_from_statement
          has: {field: module_name, regex: '^agents(\\.|$)'}
        - kind: import_statement
          has: {field: name, regex: '^agents(\\.|$)'}
""",
    "ts": """\
rule:
  any:
    - kind: import_specifier
      has: {field: name, regex: '^OpenAIProvider$'}
      inside: {kind: import_statement, stopBy: end, has: {field: source, regex: '^["'']@(devcaster|composio)/openai["'']$'}}
    - any:
        - kind: shorthand_property_identifier_pattern
          regex: '^OpenAIProvider$'
        - kind: pair_pattern
          has: {field: key, regex: '^OpenAIProvider$'}
      inside:
        kind: object_pattern
        inside: {kind: variable_declarator, has: {field: value, regex: '^require\\s*\\(\\s*["'']@(devcaster|composio)/openai["'']'}}
  inside:
    kind: program
    stopBy: end
    has:
      stopBy: end
      any:
        - kind: import_statement
          regex: '["'']@openai/agents([/-][^"''\\s]*)?["'']'
        - kind: call_expression
          regex: '^require\\s*\\(\\s*["'']@openai/agents([/-][^"''\\s]*)?["'']'
""",
}

RULES["legacy-toolset"] = {
    # a ToolSet class constructed in an SDK file (dcmigrate: a ToolSet class imported from an SDK package)
    "python": """\
rule:
  kind: call
  has:
    field: function
    any:
      - {kind: identifier, regex: '(ToolSet|Toolset)$'}
      - {kind: attribute, has: {field: attribute, regex: '(ToolSet|Toolset)$'}}
  matches: {SDK}
""",
    "ts": """\
rule:
  kind: new_expression
  has: {field: constructor, regex: '(ToolSet|Toolset)$'}
  matches: {SDK}
""",
}

RULES["legacy-get-tools"] = {
    "python": """\
rule:
  any:
    - pattern: $R.get_tools($$$)
    - pattern: $R.get_actions($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  pattern: $R.getTools($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["legacy-execute-action"] = {
    # any .execute(...) in an SDK file except X.tools.execute(...) (tools-execute's business)
    "python": """\
rule:
  any:
    - pattern: $R.execute_action($$$)
    - pattern: $R.execute($$$)
  not: {pattern: $X.tools.execute($$$)}
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  any:
    - pattern: $R.executeAction($$$)
    - pattern: $R.execute($$$)
  not: {pattern: $X.tools.execute($$$)}
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["legacy-connection"] = {
    "python": """\
rule:
  pattern: $R.initiate_connection($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  any:
    - pattern: $R.initiateConnection($$$)
    - pattern: $R.connectedAccounts.initiate($$$)
      has: {field: arguments, has: {kind: object, nthChild: 1}}
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["legacy-handle-tool-calls"] = {
    # not X.provider.handle_tool_calls(...) (handle-tool-calls' business)
    "python": """\
rule:
  any:
    - pattern: $R.handle_tool_calls($$$)
    - pattern: $R.handle_tool_call($$$)
  not: {pattern: $X.provider.handle_tool_calls($$$)}
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  pattern: $R.handleToolCall($$$)
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

RULES["legacy-trigger-listener"] = {
    "python": """\
rule:
  any:
    - pattern: $R.create_trigger_listener($$$)
    - pattern: $R.enable_trigger($$$)
    - pattern: $R.disable_trigger($$$)
    - all:
        - pattern: $R.callback($$$)
        - inside: {kind: decorator}
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
    "ts": """\
rule:
  any:
    - pattern: $R.setupTrigger($$$)
    - pattern: $R.enableTrigger($$$)
    - pattern: $R.disableTrigger($$$)
    - all:
        - pattern: $R.triggers.subscribe($$$)
        - has:
            field: arguments
            has:
              kind: object
              has:
                any:
                  - kind: pair
                    has: {field: key, regex: '^(appName|triggerName|entityId|integrationId|connectionId)$'}
                  - kind: shorthand_property_identifier
                    regex: '^(appName|triggerName|entityId|integrationId|connectionId)$'
  matches: {SDK}
constraints:
  R: {NOT_SELF}
""",
}

PY_WHOLE_CALLS = (r"(^|\.)(get_tools|get_actions|handle_tool_calls?|initiate_connection|execute_action|execute|"
                  r"create_trigger_listener|enable_trigger|disable_trigger|callback|subscribe)$|\.triggers\.\w+$|"
                  r"(ToolSet|Toolset)$")
TS_WHOLE_CALLS = (r"(^|\.)(getTools|handleToolCall|initiateConnection|initiate|executeAction|execute|setupTrigger|"
                  r"enableTrigger|disableTrigger|subscribe)$|\.triggers\.\w+$")

RULES["legacy-terms"] = {
    # (a) legacy keywords on the current API's calls; (b) Action.X / App.Y anywhere in an SDK
    # file except in the arguments of a call another legacy rule rewrites whole
    "python": """\
rule:
  any:
    - kind: keyword_argument
      has: {field: name, regex: '^(entity_id|integration_id|actions|apps|processors)$'}
      inside:
        kind: argument_list
        inside:
          kind: call
          has: {field: function, regex: '\\.(tools|connected_accounts|toolkits)\\.\\w+$'}
    - kind: attribute
      has: {field: object, regex: '^(Action|App)$'}
      not:
        inside:
          stopBy: {kind: call}
          kind: call
          has: {field: function, regex: '%s'}
  matches: {SDK}
""" % PY_WHOLE_CALLS.replace("\\", "\\\\"),
    "ts": """\
rule:
  any:
    - any:
        - kind: pair
          has: {field: key, regex: '^(entityId|integrationId|actions|apps)$'}
        - kind: shorthand_property_identifier
          regex: '^(entityId|integrationId|actions|apps)$'
      inside:
        kind: object
        inside:
          kind: arguments
          inside:
            kind: call_expression
            has: {field: function, regex: '\\.tools\\.(get|execute)$'}
    - kind: member_expression
      has: {field: object, regex: '^(Action|App)$'}
      not:
        inside:
          stopBy: {kind: call_expression}
          kind: call_expression
          has: {field: function, regex: '%s'}
  matches: {SDK}
""" % TS_WHOLE_CALLS.replace("\\", "\\\\"),
}


def render(body, lang):
    """Fills in the placeholders. A rule that needs the SDK-file condition becomes
    `all: [<the rule>, matches: sdk-file-LANG]`: `all` is evaluated in order and stops at the
    first failure, so the (costlier) file condition only runs on nodes that already match; in a
    plain rule object ast-grep may evaluate `matches` first, for every node of the kind (which
    made one rule cost more than parsing the whole corpus)."""
    body = body.replace("{NOT_SELF}", NOT_SELF).replace("\\\\", "\\")
    lines = body.split("\n")
    if "  matches: {SDK}" in lines:
        i0 = lines.index("rule:") + 1
        i1 = next((i for i in range(i0, len(lines)) if lines[i] and not lines[i].startswith(" ")), len(lines))
        rule = [l for l in lines[i0:i1] if l != "  matches: {SDK}" and l]
        new = ["  all:"]
        for k, l in enumerate(rule):
            new.append(("    - " if k == 0 else "      ") + l[2:])
        new.append("    - matches: {SDK}")
        lines = lines[:i0] + new + lines[i1:]
        body = "\n".join(lines).rstrip("\n") + "\n"
    return body.replace("{SDK}", f"sdk-file-{lang}")


def main():
    rules_dir = os.path.join(HERE, "rules")
    utils_dir = os.path.join(HERE, "utils")
    for d in (rules_dir, utils_dir):
        os.makedirs(d, exist_ok=True)
        for fn in os.listdir(d):
            if fn.endswith(".yml"):
                os.remove(os.path.join(d, fn))
    banner = "# generated by bench/ast-grep/gen_rules.py: do not edit\n"
    with open(os.path.join(utils_dir, "sdk-file-python.yml"), "w") as f:
        f.write(banner + UTILS["python"])
    with open(os.path.join(utils_dir, "sdk-import-python.yml"), "w") as f:
        f.write(banner + UTILS["python-import"])
    for lang in TS_LANGS:
        with open(os.path.join(utils_dir, f"sdk-file-{lang}.yml"), "w") as f:
            f.write(banner + UTILS["ts"].replace("{lang}", lang))
    for rid, bodies in sorted(RULES.items()):
        docs = []
        for lang in ["python"] + TS_LANGS:
            body = bodies["python" if lang == "python" else "ts"]
            docs.append(f"id: {rid}--{lang}\nlanguage: {lang}\nseverity: warning\n"
                        f"message: dcmigrate rule {rid}\n" + render(body, lang))
        with open(os.path.join(rules_dir, f"{rid}.yml"), "w") as f:
            f.write(banner + "---\n".join(docs))
    print(f"wrote {len(RULES)} rule files ({len(RULES) * 4} rules) and {2 + len(TS_LANGS)} utility rules")


if __name__ == "__main__":
    main()
