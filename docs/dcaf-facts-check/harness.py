"""Load the pieces of DCAF (a checkout at DCAF_SRC) that the dcaf-* facts depend on,
without the framework's heavy dependencies (fastapi, agno, boto3)."""
import ast, importlib.util, os, sys, types, logging, inspect

SRC = os.environ.get("DCAF_SRC", "/tmp/dcaf")

def _pkg(name, path):
    m = types.ModuleType(name); m.__path__ = [path]; sys.modules[name] = m; return m

def _load(name, rel):
    spec = importlib.util.spec_from_file_location(name, os.path.join(SRC, rel))
    m = importlib.util.module_from_spec(spec); sys.modules[name] = m; spec.loader.exec_module(m); return m

_pkg("dcaf", os.path.join(SRC, "dcaf"))
_pkg("dcaf.schemas", os.path.join(SRC, "dcaf/schemas"))
_pkg("dcaf.core", os.path.join(SRC, "dcaf/core"))
_pkg("dcaf.core.schemas", os.path.join(SRC, "dcaf/core/schemas"))
_load("dcaf.schemas.messages", "dcaf/schemas/messages.py")
messages = _load("dcaf.core.schemas.messages", "dcaf/core/schemas/messages.py")
session_mod = _load("dcaf.core.session", "dcaf/core/session.py")
primitives = _load("dcaf.core.primitives", "dcaf/core/primitives.py")
core_tools = _load("dcaf.core.tools", "dcaf/core/tools.py")
v1_tools = _load("dcaf.tools", "dcaf/tools.py")
interceptors = _load("dcaf.core.interceptors", "dcaf/core/interceptors.py")

def _class_from(rel, cls_name, env):
    """Execute one class definition from a file, unchanged, in env."""
    src = open(os.path.join(SRC, rel)).read()
    tree = ast.parse(src)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls_name)
    code = compile(ast.Module(body=[node], type_ignores=[]), os.path.join(SRC, rel), "exec")
    exec(code, env)
    return env[cls_name]

# server.CallableAdapter uses relative imports inside its methods: give it a package context
_server_env = {"__name__": "dcaf.core.server", "__package__": "dcaf.core", "inspect": inspect,
               "logger": logging.getLogger("server"), "Any": __import__("typing").Any, "Iterator": __import__("typing").Iterator,
               "AgentHandler": object}
CallableAdapter = _class_from("dcaf/core/server.py", "CallableAdapter", _server_env)
sys.modules["dcaf.core.schemas.events"] = types.SimpleNamespace(
    DoneEvent=lambda: "done", ErrorEvent=lambda error: ("error", error),
    TextDeltaEvent=lambda text: ("text", text))
InterceptorPipeline = interceptors.InterceptorPipeline
Session = session_mod.Session
AgentResult = primitives.AgentResult
