#!/usr/bin/env python3
"""Runs the framework's own code and prints what each shape does (dcaf-* rules, docs/dcaf-facts.md).

harness.py loads dcaf/core/session.py, primitives.py, tools.py, interceptors.py, dcaf/tools.py and the
CallableAdapter class of dcaf/core/server.py, unchanged, from a checkout named by DCAF_SRC, without the
framework's heavy dependencies (fastapi, agno, boto3); it needs pydantic 2 only.

  git --git-dir=<mirror of duplocloud/dcaf> archive ff5abc42ee161a754bc4826fed241232c55dc122 | tar -x -C /tmp/dcaf
  DCAF_SRC=/tmp/dcaf python3 facts.py > facts.out.txt
"""
import asyncio, dataclasses, datetime, decimal, enum, json, uuid, warnings, logging
warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)
import harness as H
from pydantic import BaseModel
S, AR, CA = H.Session, H.AgentResult, H.CallableAdapter
out = []
def check(name, fn):
    try:
        r = fn()
    except Exception as e:  # record the exception as the observed behaviour
        r = f"raises {type(e).__name__}: {e}".splitlines()[0][:150]
    out.append((name, r)); print(f"{name}: {r}")

# --- Session basics
check("iter: for k in Session(...)", lambda: [k for k in S.from_dict({"a": 1})])
check("iter: for k in Session() (empty)", lambda: [k for k in S()])
check("list(session)", lambda: list(S.from_dict({"a": 1})))
check("dict(session) (mapping protocol via keys())", lambda: dict(S.from_dict({"a": 1})))
check("{**session}", lambda: {**S.from_dict({"a": 1})})
check("'a' in session", lambda: "a" in S.from_dict({"a": 1}))
check("len(session)", lambda: len(S.from_dict({"a": 1, "b": 2})))
check("bool(Session()) (empty is falsy via __len__)", lambda: bool(S()))
def del_while_items():
    s = S.from_dict({"a": 1, "b": None, "c": 3})
    for k, v in s.items():
        if v is None: s.delete(k)
    return s.to_dict()
check("delete while iterating items()", del_while_items)
def del_last_while_items():
    s = S.from_dict({"a": 1, "b": None})
    for k, v in s.items():
        if v is None: s.delete(k)
    return s.to_dict()
check("delete the LAST key while iterating items()", del_last_while_items)
def set_same_while_items():
    s = S.from_dict({"a": 1, "b": 2})
    for k, v in s.items(): s.set(k, v * 10)
    return s.to_dict()
check("set(same key) while iterating items()", set_same_while_items)
def set_new_while_items():
    s = S.from_dict({"a": 1, "b": 2})
    for k, v in s.items(): s.set(k + "_seen", True)
    return s.to_dict()
check("set(new key) while iterating items()", set_new_while_items)
def update_existing_while_items():
    s = S.from_dict({"a": 1, "b": 2})
    for k, v in s.items(): s.update({k: v + 1})
    return s.to_dict()
check("update({same key}) while iterating items()", update_existing_while_items)
def clear_while_items():
    s = S.from_dict({"a": 1, "b": 2})
    for k, v in s.items(): s.clear()
    return s.to_dict()
check("clear() while iterating items()", clear_while_items)
def del_while_keys():
    s = S.from_dict({"a": 1, "b": None})
    for k in s.keys():
        s.delete(k)
    return s.to_dict()
check("delete while iterating keys() (a copy)", del_while_keys)
def del_while_list_items():
    s = S.from_dict({"a": 1, "b": None, "c": 3})
    for k, v in list(s.items()):
        if v is None: s.delete(k)
    return s.to_dict()
check("delete while iterating list(items())", del_while_list_items)

# --- constructor
def ctor_positional():
    d = {"a": 1}; s = S(d); d["b"] = 2; s.set("c", 3); return (s.to_dict(), d, s._data is d)
check("Session(d) keeps a reference", ctor_positional)
check("Session(data=...)", lambda: S(data={"a": 1}))
check("Session(_data=...)", lambda: S(_data={"a": 1}).to_dict())
def from_dict_copy():
    d = {"a": [1]}; s = S.from_dict(d); d["b"] = 2; s.get("a").append(2); return (s.to_dict(), d)
check("from_dict is a shallow copy", from_dict_copy)
check("Session(d).is_modified", lambda: S({"a": 1}).is_modified)

# --- set/get/update
class Item(BaseModel):
    name: str; qty: int
class Cart(BaseModel):
    items: list[Item] = []
    updated: datetime.datetime | None = None
@dataclasses.dataclass
class Addr:
    city: str
@dataclasses.dataclass
class Profile:
    name: str
    addr: Addr
check("set(pydantic) stores model_dump() python mode", lambda: S().set("c", Cart(updated=datetime.datetime(2026, 1, 2))) or None)
def set_pyd():
    s = S(); s.set("c", Cart(updated=datetime.datetime(2026, 1, 2))); return repr(s.to_dict()["c"]["updated"])
check("  -> stored 'updated' value", set_pyd)
def set_dc():
    s = S(); s.set("p", Profile("a", Addr("x"))); return s.to_dict()
check("set(dataclass) stores asdict()", set_dc)
def get_nested_dc():
    s = S(); s.set("p", Profile("a", Addr("x"))); p = s.get("p", as_type=Profile); return (type(p).__name__, type(p.addr).__name__)
check("get(as_type=dataclass with nested dataclass)", get_nested_dc)
def get_nested_dc_attr():
    s = S(); s.set("p", Profile("a", Addr("x"))); p = s.get("p", as_type=Profile); return p.addr.city
check("  -> p.addr.city", get_nested_dc_attr)
def get_dc_mismatch():
    s = S(); s.set("p", {"name": "a", "extra": 1}); return type(s.get("p", as_type=Profile)).__name__
check("get(as_type=dataclass) on mismatching data", get_dc_mismatch)
def get_pyd_copy():
    s = S(); s.set("c", Cart()); c = s.get("c", as_type=Cart); c.items.append(Item(name="w", qty=1)); return s.to_dict()["c"]["items"]
check("mutate get(as_type=Model) result without set", get_pyd_copy)
def get_pyd_copy_set():
    s = S(); s.set("c", Cart()); c = s.get("c", as_type=Cart); c.items.append(Item(name="w", qty=1)); s.set("c", c); return s.to_dict()["c"]["items"]
check("  ... then set(K, x)", get_pyd_copy_set)
def get_raw_inplace():
    s = S.from_dict({"cart": []}); s.get("cart").append(1); return (s.to_dict(), s.is_modified)
check("mutate raw get() result in place", get_raw_inplace)
def get_missing_default_no_convert():
    s = S(); return type(s.get("c", {"items": []}, as_type=Cart)).__name__
check("get(missing, dict default, as_type=Model)", get_missing_default_no_convert)
def get_stored_none():
    s = S(); s.set("k", None); return s.get("k", 5)
check("get(k) with stored None and default 5", get_stored_none)
check("s['missing']", lambda: S()["missing"])
def del_missing():
    s = S(); s.delete("x"); del s["y"]; return s.is_modified
check("delete/del on missing key", del_missing)
def non_json_set():
    s = S(); s.set("when", datetime.datetime(2026, 1, 2)); s.set("tags", {"a"}); s.set("raw", b"x");
    s.set("amount", decimal.Decimal("1.5")); s.set("id", uuid.UUID(int=1)); s.set("cb", lambda x: x)
    return sorted(type(v).__name__ for v in s.to_dict().values())
check("set() accepts non-JSON values", non_json_set)
def non_json_dumps():
    s = S(); s.set("when", datetime.datetime(2026, 1, 2)); return json.dumps(s.to_dict())
check("json.dumps(session.to_dict()) with datetime", non_json_dumps)
class Color(enum.Enum):
    RED = "red"
def wire(value):
    s = S(); s.set("v", value)
    msg = AR(text="t", session=s.to_dict()).to_message()
    return json.loads(msg.model_dump_json())["data"]["session"]["v"]
check("wire(datetime)", lambda: wire(datetime.datetime(2026, 1, 2, 3, 4)))
check("wire(set)", lambda: wire({"a"}))
check("wire(tuple)", lambda: wire((1, 2)))
check("wire(Decimal)", lambda: wire(decimal.Decimal("1.50")))
check("wire(UUID)", lambda: wire(uuid.UUID(int=1)))
check("wire(Enum member)", lambda: wire(Color.RED))
check("wire(bytes)", lambda: wire(b"abc"))
check("wire(bytes non-utf8)", lambda: wire(b"\xff\xfe"))
check("wire(lambda)", lambda: wire(lambda x: x))
check("wire(object())", lambda: wire(object()))
check("wire(open file)", lambda: wire(open("/dev/null")))
check("wire(pydantic model with datetime) via set", lambda: wire(Cart(updated=datetime.datetime(2026, 1, 2))))
def upd_ser():
    s = S(); s.update({"c": Cart()}); return type(s.to_dict()["c"]).__name__
check("update() serializes models", upd_ser)
def mod_flags():
    r = []
    s = S.from_dict({"a": 1}); r.append(s.is_modified)
    s.get("a"); r.append(s.is_modified)
    s.set("a", 2); r.append(s.is_modified)
    s2 = S(); s2.clear(); r.append(s2.is_modified)
    s3 = S(); s3.delete("x"); r.append(s3.is_modified)
    s4 = S(); s4["k"] = 1; r.append(s4.is_modified)
    return r
check("is_modified after from_dict,get,set,clear(empty),delete(missing),[]=", mod_flags)

# --- AgentResult / CallableAdapter
req = lambda sess=None: {"messages": [{"role": "user", "content": "hi", "data": {"session": sess or {"n": 1}}}]}
def run_handler(h, sess=None):
    m = CA(h).invoke(req(sess))
    return {"content": m.content[:80], "session": m.data.session}
check("AgentResult(session=<Session>) non-empty",
      lambda: run_handler(lambda m, c, session: (session.set("x", 1), AR(text="ok", session=session))[1]))
check("AgentResult(session=<Session>) unmodified",
      lambda: run_handler(lambda m, c, session: AR(text="ok", session=session)))
check("AgentResult(session=session.to_dict())",
      lambda: run_handler(lambda m, c, session: (session.set("x", 1), AR(text="ok", session=session.to_dict()))[1]))
check("handler sets, returns AgentResult without session",
      lambda: run_handler(lambda m, c, session: (session.set("x", 1), AR(text="ok"))[1]))
check("handler mutates nested value only, returns AgentResult()",
      lambda: run_handler(lambda m, c, session: (session.get("cart").append(2), AR(text="ok"))[1], {"cart": [1]}))
check("handler sets, returns str",
      lambda: run_handler(lambda m, c, session: (session.set("x", 1), "ok")[1]))
check("handler sets, returns dict",
      lambda: run_handler(lambda m, c, session: (session.set("x", 1), {"text": "ok"})[1]))
def stale(m, c, session):
    snap = session.to_dict(); session.set("x", 1); return AR(text="ok", session=snap)
check("handler passes stale to_dict() snapshot", lambda: run_handler(stale))
def h_kwonly(messages, context, *, session): return AR(text="ok")
def h_two_session(messages, session): return AR(text="ok")
def h_kwargs(messages, context, **kw): return AR(text="ok")
def h_extra(messages, context, session, extra): return AR(text="ok")
def h_extra_kwonly(messages, context, session, *, flag): return AR(text="ok")
def h_options(messages, context, options=None): return AR(text=f"options={type(options).__name__}")
def h_first(session, messages, context): return AR(text=f"session={type(session).__name__}")
def h_args(messages, context, *args): return AR(text=f"args={[type(a).__name__ for a in args]}")
def h_default(messages, context, session=None): return AR(text=f"session={type(session).__name__}")
def h_other_name(messages, context, state): return AR(text=f"state={type(state).__name__}")
def h_two(messages, context): return AR(text="two")
def h_one(messages): return AR(text="one")
def h_varargs_only(*args): return AR(text=f"n={len(args)}")
async def h_async(messages, context, session): return AR(text="ok")
import functools
def nowraps(f):
    def w(*a, **k): return f(*a, **k)
    return w
def withwraps(f):
    @functools.wraps(f)
    def w(*a, **k): return f(*a, **k)
    return w
@nowraps
def h_decorated(messages, context, session): return AR(text="ok")
@withwraps
def h_decorated_wraps(messages, context, session): return AR(text=f"session={type(session).__name__}")
for h in (h_kwonly, h_two_session, h_kwargs, h_extra, h_extra_kwonly, h_options, h_first, h_args, h_default,
          h_other_name, h_two, h_one, h_varargs_only, h_async, h_decorated, h_decorated_wraps):
    check(f"serve({h.__name__})", lambda h=h: run_handler(h)["content"])

# --- tools
def core_tool_session_schema():
    @H.core_tools.tool(description="x")
    def remember(key: str, session: H.Session) -> str: return "x"
    return remember.input_schema
check("dcaf.core tool: schema of (key, session: Session)", core_tool_session_schema)
check("dcaf.tools.tool(description=...)", lambda: H.v1_tools.tool(description="x"))
check("dcaf.tools.tool(requires_approval=True)", lambda: H.v1_tools.tool(requires_approval=True))
def v1_bare():
    def f(x: str) -> str: return x
    t = H.v1_tools.tool(f)
    return type(t).__name__
check("bare @dcaf.tools.tool", v1_bare)
def core_desc():
    @H.core_tools.tool(description="x", requires_approval=False, name="n")
    def f(x: str) -> str: return x
    return (type(f).__name__, f.name, f.get_schema()["input_schema"]["required"])
check("dcaf.core tool(description=, requires_approval=, name=)", core_desc)
def core_positional_schema():
    @H.core_tools.tool({"type": "object", "properties": {}})
    def f(x: str) -> str: return x
    return f
check("dcaf.core tool(<positional schema>)", core_positional_schema)
def core_schema_kw():
    @H.core_tools.tool(schema={"type": "object", "properties": {"x": {"type": "string"}}}, description="d")
    def f(x: str) -> str: return x
    return f.get_schema()["input_schema"]["properties"]
check("dcaf.core tool(schema=..., description=...)", core_schema_kw)
check("dcaf.tools.create_tool(f, description=...)", lambda: H.v1_tools.create_tool(lambda x: x, description="d"))

# --- interceptors
def pipe(fns, data):
    return asyncio.run(H.InterceptorPipeline(fns, "request").run(data))
def no_return(req):
    req.session.set("seen", True)
check("pipeline with an interceptor returning None", lambda: pipe([no_return], H.interceptors.LLMRequest(messages=[])))
check("pipeline: next interceptor after None",
      lambda: pipe([no_return, lambda r: r.session], H.interceptors.LLMRequest(messages=[])))
async def async_no_return(req):
    req.session.set("seen", True)
check("async interceptor without return", lambda: pipe([async_no_return], H.interceptors.LLMRequest(messages=[])))

# --- typed copies: what is shared with the stored dict
class PCart(BaseModel):
    items: list[str] = []
    count: int = 0
@dataclasses.dataclass
class DCart:
    items: list
    count: int = 0
def pyd_list_shared():
    s = S(); s.set("c", PCart(items=["a"])); c = s.get("c", as_type=PCart); c.items.append("b"); c.count = 5; return s.to_dict()["c"]
check("pydantic as_type: append to list field + set attr, no set()", pyd_list_shared)
def dc_list_shared():
    s = S(); s.set("c", DCart(items=["a"])); c = s.get("c", as_type=DCart); c.items.append("b"); c.count = 5; return (s.to_dict()["c"], s.is_modified)
check("dataclass as_type: append to list field + set attr, no set()", dc_list_shared)
def builtin_as_type():
    s = S.from_dict({"c": ["a"]}); c = s.get("c", as_type=list); c.append("b"); return (s.to_dict(), s.is_modified)
check("as_type=list: mutate, no set()", builtin_as_type)
# --- asyncio.run inside a sync handler called from a running loop (how serve calls handlers)
def handler_with_asyncio_run():
    async def coro(): return "x"
    def sync_handler(): return asyncio.run(coro())
    async def server(): return sync_handler()
    return asyncio.run(server())
check("asyncio.run() inside a sync handler called from the server's event loop", handler_with_asyncio_run)
from pydantic.dataclasses import dataclass as pyd_dataclass
@pyd_dataclass
class PLimits:
    cpu: str = "500m"
@pyd_dataclass
class PDeployment:
    service: str
    limits: PLimits
def pyd_dc_nested():
    s = S(); s.set("d", PDeployment(service="api", limits=PLimits())); d = s.get("d", as_type=PDeployment); return type(d.limits).__name__
check("pydantic dataclass nested as_type", pyd_dc_nested)
class PAddr(BaseModel):
    city: str
class PProfile(BaseModel):
    name: str
    address: PAddr
def pyd_nested():
    s = S(); s.set("p", PProfile(name="a", address=PAddr(city="x"))); return type(s.get("p", as_type=PProfile).address).__name__
check("pydantic model nested as_type", pyd_nested)
