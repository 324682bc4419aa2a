/* test_bindings.c: dc_bindings_compute on real Python / TypeScript / TSX / JavaScript snippets,
 * the profile decision, imports, alias resolution order, decoys, and receiver normalisation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings.h"
#include "tests/unit/check.h"

/* One parsed snippet and the bindings computed for it. */
typedef struct fx {
    dc_source *src;
    TSParser *parser;
    TSTree *tree;
    dc_arena arena;
    dc_bindings *b;
} fx;

static fx parse_as(dc_lang lang, const char *code, dc_profile forced) {
    fx f;
    memset(&f, 0, sizeof f);
    f.src = dc_source_from_bytes("snippet", lang, code, (uint32_t)strlen(code));
    f.parser = ts_parser_new();
    if (!ts_parser_set_language(f.parser, dc_lang_grammar(lang))) {
        fprintf(stderr, "grammar ABI mismatch for %s\n", dc_lang_name(lang));
        abort();
    }
    f.tree = ts_parser_parse_string(f.parser, NULL, f.src->data, f.src->len);
    dc_arena_init(&f.arena, 0);
    f.b = dc_bindings_compute(&f.arena, f.src, f.tree, forced);
    return f;
}

static fx parse(dc_lang lang, const char *code) { return parse_as(lang, code, DC_PROFILE_AUTO); }

static void fx_free(fx *f) {
    dc_arena_free(&f->arena);
    ts_tree_delete(f->tree);
    ts_parser_delete(f->parser);
    dc_source_free(f->src);
}

static bool vec_has(const dc_sv *v, uint32_t n, const char *s) {
    for (uint32_t i = 0; i < n; i++)
        if (dc_sv_eq_cstr(v[i], s)) return true;
    return false;
}

/* Stored exactly in normalised form AND accepted by the public predicate. */
static bool client(const fx *f, const char *s) {
    return vec_has(f->b->clients.v, f->b->clients.len, s) && dc_bindings_is_client(f->b, dc_sv_cstr(s));
}

/* Neither stored nor accepted. */
static bool not_client(const fx *f, const char *s) {
    return !vec_has(f->b->clients.v, f->b->clients.len, s) && !dc_bindings_is_client(f->b, dc_sv_cstr(s));
}

/* Each receiver / class spelling is listed once however often it is bound. */
static bool unique(const dc_sv *v, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = i + 1; j < n; j++)
            if (dc_sv_eq(v[i], v[j])) return false;
    return true;
}

static bool cls(const fx *f, const char *s) { return vec_has(f->b->class_names.v, f->b->class_names.len, s); }

static const dc_import *find_import(const fx *f, const char *module, const char *name) {
    for (uint32_t i = 0; i < f->b->imports.len; i++) {
        const dc_import *imp = &f->b->imports.v[i];
        if (dc_sv_eq_cstr(imp->module, module) && dc_sv_eq_cstr(imp->name, name)) return imp;
    }
    return NULL;
}

static bool import_local_is(const fx *f, const char *module, const char *name, const char *local) {
    const dc_import *imp = find_import(f, module, name);
    return imp && dc_sv_eq_cstr(imp->local, local);
}

/* The source text an import's range covers. */
static bool import_range_is(const fx *f, const char *module, const char *name, const char *text) {
    const dc_import *imp = find_import(f, module, name);
    if (!imp || imp->range.end < imp->range.start || imp->range.end > f->src->len) return false;
    return dc_sv_eq_cstr(dc_sv_from(f->src->data + imp->range.start, imp->range.end - imp->range.start), text);
}

static char *norm(dc_arena *a, const char *s) {
    dc_sv r = dc_bindings_normalize(a, dc_sv_cstr(s));
    return dc_arena_strndup(a, r.p, r.len);
}

/* ---- Python: every bullet of bindings.h --------------------------------------------- */

DC_TEST(py_class_names_from_imports) {
    fx f = parse(DC_LANG_PYTHON, "from devcaster import Devcaster as DC, OpenAIProvider\n"
                                 "import devcaster as dcv\n"
                                 "import devcaster\n"
                                 "import composio\n"
                                 "from composio import Composio\n");
    CHECK(cls(&f, "DC"));
    CHECK(cls(&f, "dcv.Devcaster"));
    CHECK(cls(&f, "devcaster.Devcaster"));
    CHECK(cls(&f, "composio.Composio"));
    CHECK(cls(&f, "Composio"));
    /* `as DC` renames: the bare name is not bound by that import */
    CHECK(!cls(&f, "Devcaster"));
    CHECK(!cls(&f, "OpenAIProvider"));
    CHECK(!cls(&f, "composio.Devcaster"));
    fx_free(&f);
}

DC_TEST(py_class_name_matches_module) {
    /* The Devcaster class comes from devcaster, Composio from composio; a cross spelling is
     * some other symbol. */
    fx f = parse(DC_LANG_PYTHON, "from composio import Devcaster\n"
                                 "from devcaster import Composio\n"
                                 "a = Devcaster()\n"
                                 "b = Composio()\n");
    CHECK_EQ_INT(f.b->class_names.len, 0);
    CHECK(not_client(&f, "a"));
    CHECK(not_client(&f, "b"));
    CHECK(f.b->imports_sdk);
    fx_free(&f);
}

DC_TEST(py_constructions) {
    fx f = parse(DC_LANG_PYTHON, "from devcaster import Devcaster as DC\n"
                                 "import devcaster as dcv\n"
                                 "from devcaster_openai import OpenAIProvider\n"
                                 "dc = DC(provider=OpenAIProvider())\n"
                                 "app.state.dc = dcv.Devcaster()\n"
                                 "typed: DC = DC()\n"
                                 "class Service:\n"
                                 "    def __init__(self, key):\n"
                                 "        self . client = DC(api_key=key)\n"
                                 "        self._dc = dcv.Devcaster()\n"
                                 "    @classmethod\n"
                                 "    def boot(cls):\n"
                                 "        cls.shared = DC()\n"
                                 "with DC() as ctx, open('f') as fh:\n"
                                 "    pass\n"
                                 "if (w := DC()) is not None:\n"
                                 "    pass\n"
                                 "a, b = DC(), 3\n"
                                 "x = y = DC()\n"
                                 "kept = dc or None\n"
                                 "dropped = dc and None\n"
                                 "gated = enabled and DC()\n"
                                 "dc = DC()\n"
                                 "from devcaster import Devcaster as DC\n"
                                 "either = None if flag else dc\n");
    CHECK(client(&f, "dc"));
    CHECK(client(&f, "app.state.dc"));
    CHECK(client(&f, "typed"));
    CHECK(client(&f, "self.client"));
    CHECK(client(&f, "self._dc"));
    CHECK(client(&f, "cls.shared"));
    CHECK(client(&f, "self.shared"));
    CHECK(client(&f, "ctx"));
    CHECK(not_client(&f, "fh"));
    CHECK(client(&f, "w"));
    CHECK(client(&f, "a"));
    CHECK(not_client(&f, "b"));
    CHECK(client(&f, "x"));
    CHECK(client(&f, "y"));
    CHECK(client(&f, "kept"));
    CHECK(not_client(&f, "dropped"));
    CHECK(client(&f, "gated"));
    CHECK(unique(f.b->clients.v, f.b->clients.len));
    CHECK(unique(f.b->class_names.v, f.b->class_names.len));
    CHECK(client(&f, "either"));
    /* the receiver as a rule sees it in the source */
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("self . client")));
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("app.state.dc  # comment")));
    CHECK(!dc_bindings_is_client(f.b, dc_sv_cstr("self.other")));
    CHECK(!dc_bindings_is_client(f.b, dc_sv_cstr("key")));
    fx_free(&f);
}

DC_TEST(py_annotations) {
    fx f = parse(DC_LANG_PYTHON, "from typing import Optional\n"
                                 "from devcaster import Devcaster\n"
                                 "def run(dc: Devcaster, other: int, *args, dflt: 'Devcaster' = None, **kw):\n"
                                 "    pass\n"
                                 "def maybe(opt: Optional[Devcaster] = None, u: Devcaster | None = None):\n"
                                 "    pass\n"
                                 "class Agent:\n"
                                 "    client: Devcaster\n"
                                 "    name: str\n"
                                 "    backup: \"Optional[Devcaster]\" = None\n"
                                 "    def go(self):\n"
                                 "        local: Devcaster = make()\n"
                                 "module_level: Devcaster | None = None\n");
    CHECK(client(&f, "dc"));
    CHECK(not_client(&f, "other"));
    CHECK(not_client(&f, "args"));
    CHECK(client(&f, "dflt"));
    CHECK(client(&f, "opt"));
    CHECK(client(&f, "u"));
    CHECK(client(&f, "self.client"));
    CHECK(client(&f, "Agent.client"));
    CHECK(not_client(&f, "self.name"));
    CHECK(client(&f, "self.backup"));
    CHECK(client(&f, "local"));
    CHECK(client(&f, "module_level"));
    /* a class-body annotation is an attribute, not a module-level name */
    CHECK(not_client(&f, "client"));
    fx_free(&f);
}

DC_TEST(py_annotation_without_import) {
    /* A client passed in from elsewhere: the file never imports the SDK. */
    fx f = parse(DC_LANG_PYTHON, "def handler(dc: \"Devcaster\", cp: 'Composio', n: Client):\n"
                                 "    return dc.tools.get('u1', toolkits=['GITHUB'])\n");
    CHECK(client(&f, "dc"));
    CHECK(client(&f, "cp"));
    CHECK(not_client(&f, "n"));
    CHECK(!f.b->imports_sdk);
    CHECK_EQ_INT(f.b->class_names.len, 0);
    fx_free(&f);
}

DC_TEST(py_functions_returning_clients) {
    fx f = parse(DC_LANG_PYTHON, "from devcaster import Devcaster\n"
                                 "def get_client() -> Devcaster:\n"
                                 "    ...\n"
                                 "def make_client(key):\n"
                                 "    if not key:\n"
                                 "        return None\n"
                                 "    return Devcaster(api_key=key)\n"
                                 "async def aget():\n"
                                 "    return await something()\n"
                                 "def get_tools():\n"
                                 "    def inner():\n"
                                 "        return Devcaster()\n"
                                 "    return []\n"
                                 "lazy = lambda: Devcaster()\n"
                                 "class Holder:\n"
                                 "    @property\n"
                                 "    def client(self) -> Devcaster:\n"
                                 "        return self._c\n"
                                 "    def build(self):\n"
                                 "        return Devcaster()\n"
                                 "c1 = get_client( )\n"
                                 "c2 = make_client('k')\n"
                                 "c3 = lazy()\n");
    CHECK(client(&f, "get_client()"));
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("get_client( )")));
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("(get_client())")));
    CHECK(client(&f, "make_client()"));
    CHECK(client(&f, "lazy()"));
    CHECK(client(&f, "inner()"));
    CHECK(client(&f, "self.client"));
    CHECK(not_client(&f, "self.client()"));
    CHECK(client(&f, "self.build()"));
    CHECK(client(&f, "Holder.build()"));
    CHECK(client(&f, "c1"));
    CHECK(client(&f, "c2"));
    CHECK(client(&f, "c3"));
    /* a nested function's return is not its parent's */
    CHECK(not_client(&f, "get_tools()"));
    CHECK(not_client(&f, "aget()"));
    CHECK(!dc_bindings_is_client(f.b, dc_sv_cstr("make_client('k')")));
    fx_free(&f);
}

DC_TEST(py_alias_chain_reverse_order) {
    /* Every use precedes its definition, including the import and the helper function. */
    fx f = parse(DC_LANG_PYTHON, "def main():\n"
                                 "    d = c\n"
                                 "    e = helper()\n"
                                 "c = b\n"
                                 "b = a\n"
                                 "def helper():\n"
                                 "    return d\n"
                                 "a = Klass()\n"
                                 "Klass = DC\n"
                                 "from devcaster import Devcaster as DC\n");
    CHECK(cls(&f, "DC"));
    CHECK(cls(&f, "Klass"));
    CHECK(client(&f, "a"));
    CHECK(client(&f, "b"));
    CHECK(client(&f, "c"));
    CHECK(client(&f, "d"));
    CHECK(client(&f, "helper()"));
    CHECK(client(&f, "e"));
    CHECK(not_client(&f, "main()"));
    fx_free(&f);
}

DC_TEST(py_long_reverse_chain) {
    /* v199 = v198 ... v1 = v0, v0 = Devcaster(), written last-first: resolution is not limited
     * by the number of rounds for a chain in one direction. */
    dc_buf b = DC_BUF_INIT;
    for (int i = 199; i >= 1; i--) dc_buf_printf(&b, "v%d = v%d\n", i, i - 1);
    dc_buf_adds(&b, "v0 = Devcaster()\nfrom devcaster import Devcaster\n");
    fx f = parse(DC_LANG_PYTHON, dc_buf_cstr(&b));
    CHECK(client(&f, "v0"));
    CHECK(client(&f, "v100"));
    CHECK(client(&f, "v199"));
    CHECK_EQ_INT(f.b->clients.len, 200);
    fx_free(&f);
    dc_buf_free(&b);
}

DC_TEST(py_imports_recorded) {
    const char *code = "from devcaster import Devcaster as DC\n"
                       "import devcaster.types, os\n"
                       "from devcaster_openai_agents import OpenAIAgentsProvider\n"
                       "from composio_openai import ComposioToolSet, Action\n"
                       "from devcaster import *\n"
                       "from . import devcaster\n"
                       "import requests\n";
    fx f = parse(DC_LANG_PYTHON, code);
    CHECK(import_local_is(&f, "devcaster", "Devcaster", "DC"));
    CHECK(import_range_is(&f, "devcaster", "Devcaster", "from devcaster import Devcaster as DC"));
    CHECK(import_local_is(&f, "devcaster.types", "", "devcaster.types"));
    CHECK(import_local_is(&f, "devcaster_openai_agents", "OpenAIAgentsProvider", "OpenAIAgentsProvider"));
    CHECK(import_local_is(&f, "composio_openai", "ComposioToolSet", "ComposioToolSet"));
    CHECK(import_local_is(&f, "composio_openai", "Action", "Action"));
    CHECK(find_import(&f, "devcaster", "*") != NULL);
    CHECK(find_import(&f, "os", "") == NULL);
    CHECK(find_import(&f, "requests", "") == NULL);
    CHECK_EQ_INT(f.b->imports.len, 6);
    /* star import binds the bare class name; `import devcaster.types` binds `devcaster` */
    CHECK(cls(&f, "Devcaster"));
    CHECK(cls(&f, "devcaster.Devcaster"));
    CHECK(f.b->imports_devcaster);
    CHECK(f.b->imports_composio);
    CHECK(f.b->imports_sdk);
    fx_free(&f);
}

/* ---- profile, imports_sdk, uses_openai_agents --------------------------------------- */

DC_TEST(profile_decision) {
    fx f = parse(DC_LANG_PYTHON, "from devcaster import Devcaster\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_DEVCASTER);
    CHECK(f.b->imports_devcaster && !f.b->imports_composio && f.b->imports_sdk);
    fx_free(&f);

    f = parse(DC_LANG_PYTHON, "from composio import Composio\ncp = Composio()\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_COMPOSIO);
    CHECK(f.b->imports_composio && !f.b->imports_devcaster && f.b->imports_sdk);
    CHECK(client(&f, "cp"));
    fx_free(&f);

    /* legacy toolset package alone */
    f = parse(DC_LANG_PYTHON, "from composio_langchain import ComposioToolSet\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_COMPOSIO);
    CHECK(f.b->imports_sdk);
    fx_free(&f);

    /* any composio_* package is a provider/legacy package (bindings.h) */
    f = parse(DC_LANG_PYTHON, "import os\nimport composio_gemini\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_COMPOSIO);
    CHECK(f.b->imports_sdk && f.b->imports_composio && !f.b->imports_devcaster);
    fx_free(&f);

    /* neither: the default profile, and nothing imported */
    f = parse(DC_LANG_PYTHON, "import os\nimport composer\nimport devcasterx\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_DEVCASTER);
    CHECK(!f.b->imports_sdk && !f.b->imports_devcaster && !f.b->imports_composio);
    CHECK_EQ_INT(f.b->imports.len, 0);
    fx_free(&f);

    /* both: devcaster wins */
    f = parse(DC_LANG_PYTHON, "from composio import Composio\nfrom devcaster import Devcaster\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_DEVCASTER);
    CHECK(cls(&f, "Composio") && cls(&f, "Devcaster"));
    fx_free(&f);

    /* forced overrides the imports either way */
    f = parse_as(DC_LANG_PYTHON, "from devcaster import Devcaster\n", DC_PROFILE_COMPOSIO);
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_COMPOSIO);
    CHECK(f.b->imports_devcaster);
    fx_free(&f);
    f = parse_as(DC_LANG_TYPESCRIPT, "import { Composio } from '@composio/core';\n", DC_PROFILE_DEVCASTER);
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_DEVCASTER);
    fx_free(&f);

    /* TS spellings */
    f = parse(DC_LANG_TYPESCRIPT, "import { VercelProvider } from '@composio/vercel';\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_COMPOSIO);
    CHECK(f.b->imports_sdk);
    fx_free(&f);
    f = parse(DC_LANG_JAVASCRIPT, "const { OpenAIToolSet } = require('composio-core');\n");
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_COMPOSIO);
    CHECK(f.b->imports_sdk);
    CHECK(import_local_is(&f, "composio-core", "OpenAIToolSet", "OpenAIToolSet"));
    fx_free(&f);
    f = parse(DC_LANG_TYPESCRIPT, "import express from 'express';\nimport x from '@devcasterish/core';\n");
    CHECK(!f.b->imports_sdk);
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_DEVCASTER);
    fx_free(&f);
}

DC_TEST(openai_agents_detection) {
    fx f = parse(DC_LANG_PYTHON, "from agents import Agent, Runner\n");
    CHECK(f.b->uses_openai_agents);
    CHECK(!f.b->imports_sdk);
    CHECK(find_import(&f, "agents", "Agent") != NULL);
    fx_free(&f);
    f = parse(DC_LANG_PYTHON, "import agents.extensions\n");
    CHECK(f.b->uses_openai_agents);
    fx_free(&f);
    f = parse(DC_LANG_PYTHON, "from my_agents import Agent\nimport agentsx\nfrom .agents import A\n");
    CHECK(!f.b->uses_openai_agents);
    fx_free(&f);
    f = parse(DC_LANG_TYPESCRIPT, "import { Agent, run } from '@openai/agents';\n");
    CHECK(f.b->uses_openai_agents);
    fx_free(&f);
    f = parse(DC_LANG_TYPESCRIPT, "import { Agent } from 'agents';\nimport OpenAI from 'openai';\n");
    CHECK(!f.b->uses_openai_agents);
    fx_free(&f);
}

/* ---- TypeScript: every bullet of bindings.h ----------------------------------------- */

DC_TEST(ts_imports_and_class_names) {
    fx f = parse(DC_LANG_TYPESCRIPT, "import { Devcaster as DC, OpenAIProvider } from \"@devcaster/core\";\n"
                                     "import * as sdk from '@devcaster/core';\n"
                                     "import type { Composio } from '@composio/core';\n"
                                     "import dcmod = require('@devcaster/core');\n"
                                     "import { OpenAIAgentsProvider } from '@devcaster/openai-agents';\n"
                                     "import '@devcaster/core/side-effect';\n"
                                     "import React from 'react';\n");
    CHECK(cls(&f, "DC"));
    CHECK(cls(&f, "sdk.Devcaster"));
    CHECK(cls(&f, "Composio"));
    CHECK(cls(&f, "dcmod.Devcaster"));
    CHECK(!cls(&f, "Devcaster"));
    CHECK(!cls(&f, "OpenAIProvider"));
    CHECK(import_local_is(&f, "@devcaster/core", "Devcaster", "DC"));
    CHECK(import_range_is(&f, "@devcaster/core", "Devcaster",
                          "import { Devcaster as DC, OpenAIProvider } from \"@devcaster/core\";"));
    CHECK(import_local_is(&f, "@devcaster/openai-agents", "OpenAIAgentsProvider", "OpenAIAgentsProvider"));
    CHECK(find_import(&f, "@devcaster/core/side-effect", "") != NULL);
    CHECK(find_import(&f, "react", "default") == NULL);
    CHECK_EQ_INT(f.b->imports.len, 7);
    CHECK(f.b->imports_devcaster && f.b->imports_composio);
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_DEVCASTER);
    fx_free(&f);
}

DC_TEST(ts_constructions_and_fields) {
    fx f = parse(DC_LANG_TYPESCRIPT,
                 "import { Devcaster } from '@devcaster/core';\n"
                 "import * as sdk from '@devcaster/core';\n"
                 "const dc = new Devcaster({ apiKey: process.env.KEY });\n"
                 "let viaNs: Devcaster | undefined = new sdk.Devcaster(), plain = 1;\n"
                 "var old = new Devcaster();\n"
                 "let later;\n"
                 "later = new sdk.Devcaster();\n"
                 "app.locals.dc = new Devcaster();\n"
                 "export class Service {\n"
                 "  private dc = new Devcaster();\n"
                 "  static shared = new Devcaster();\n"
                 "  declared!: Devcaster;\n"
                 "  other = 42;\n"
                 "  constructor(private readonly client: Devcaster, public name: string, plainArg: Devcaster,\n"
                 "              protected svc?: Devcaster, readonly ro: Devcaster) {\n"
                 "    this.devcaster = new Devcaster();\n"
                 "  }\n"
                 "}\n"
                 "const alias = dc;\n"
                 "const fallback = maybe ?? new Devcaster();\n"
                 "const casted = (thing as Devcaster)!;\n");
    CHECK(client(&f, "dc"));
    CHECK(client(&f, "viaNs"));
    CHECK(not_client(&f, "plain"));
    CHECK(client(&f, "old"));
    CHECK(client(&f, "later"));
    CHECK(client(&f, "app.locals.dc"));
    CHECK(client(&f, "this.dc"));
    CHECK(client(&f, "this.shared"));
    CHECK(client(&f, "Service.shared"));
    CHECK(client(&f, "this.declared"));
    CHECK(not_client(&f, "this.other"));
    CHECK(client(&f, "this.client"));
    CHECK(client(&f, "client"));
    CHECK(not_client(&f, "this.name"));
    CHECK(client(&f, "plainArg"));
    CHECK(not_client(&f, "this.plainArg"));
    CHECK(client(&f, "this.svc"));
    CHECK(client(&f, "svc"));
    CHECK(client(&f, "this.ro"));
    CHECK(client(&f, "this.devcaster"));
    CHECK(client(&f, "alias"));
    CHECK(client(&f, "fallback"));
    CHECK(client(&f, "casted"));
    /* TS receiver spellings */
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("this . dc !")));
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("this.dc /* the client */")));
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("(await this.client)")));
    CHECK(!dc_bindings_is_client(f.b, dc_sv_cstr("this.dc.tools")));
    fx_free(&f);
}

DC_TEST(ts_parameters_without_import) {
    fx f = parse(DC_LANG_TYPESCRIPT, "export async function run(dc: Devcaster, cp?: Composio | null, n: number) {\n"
                                     "  return dc.tools.get('u1', { toolkits: ['GITHUB'] });\n"
                                     "}\n");
    CHECK(client(&f, "dc"));
    CHECK(client(&f, "cp"));
    CHECK(not_client(&f, "n"));
    CHECK(!f.b->imports_sdk);
    fx_free(&f);
}

DC_TEST(ts_functions_returning_clients) {
    fx f = parse(DC_LANG_TYPESCRIPT,
                 "import { Devcaster } from '@devcaster/core';\n"
                 "function getClient(): Devcaster { return cached; }\n"
                 "async function load(): Promise<Devcaster> { return fetchIt(); }\n"
                 "function build(key: string) { if (!key) { return null; } return new Devcaster({ apiKey: key }); }\n"
                 "const arrow = () => new Devcaster();\n"
                 "const fnExpr = function () { return new Devcaster(); };\n"
                 "function getTools() { const x = () => new Devcaster(); return []; }\n"
                 "class Repo {\n"
                 "  getClient(): Devcaster { return this.c; }\n"
                 "  get client() { return new Devcaster(); }\n"
                 "  static create() { return new Devcaster(); }\n"
                 "  make = () => new Devcaster();\n"
                 "}\n"
                 "const helpers = { build2() { return new Devcaster(); } };\n"
                 "const a = getClient( );\n"
                 "const b = await load();\n"
                 "const c = build('k');\n");
    CHECK(client(&f, "getClient()"));
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("getClient( )")));
    CHECK(client(&f, "load()"));
    CHECK(client(&f, "build()"));
    CHECK(client(&f, "arrow()"));
    CHECK(client(&f, "fnExpr()"));
    CHECK(client(&f, "x()"));
    CHECK(not_client(&f, "getTools()"));
    CHECK(client(&f, "this.getClient()"));
    CHECK(client(&f, "this.client"));
    CHECK(not_client(&f, "this.client()"));
    CHECK(client(&f, "Repo.create()"));
    CHECK(client(&f, "this.make()"));
    /* an object literal's method has no receiver we can name */
    CHECK(not_client(&f, "this.build2()"));
    CHECK(not_client(&f, "build2()"));
    CHECK(client(&f, "a"));
    CHECK(client(&f, "b"));
    CHECK(client(&f, "c"));
    fx_free(&f);
}

DC_TEST(ts_alias_chain_reverse_order) {
    fx f = parse(DC_LANG_TYPESCRIPT, "function main() { const d = c; const e = helper(); }\n"
                                     "const c = b;\n"
                                     "const b = a;\n"
                                     "function helper() { return d; }\n"
                                     "const a = new Klass();\n"
                                     "const Klass = sdk.Devcaster;\n"
                                     "import * as sdk from '@devcaster/core';\n");
    CHECK(cls(&f, "Klass"));
    CHECK(client(&f, "a"));
    CHECK(client(&f, "b"));
    CHECK(client(&f, "c"));
    CHECK(client(&f, "d"));
    CHECK(client(&f, "helper()"));
    CHECK(client(&f, "e"));
    CHECK(not_client(&f, "main()"));
    fx_free(&f);
}

DC_TEST(ts_plain_call_is_not_construction) {
    /* TS needs `new`: a call of the class name is not a client (it would throw). */
    fx f = parse(DC_LANG_TYPESCRIPT, "import { Devcaster } from '@devcaster/core';\n"
                                     "const notReally = Devcaster({});\n");
    CHECK(not_client(&f, "notReally"));
    fx_free(&f);
}

/* ---- JavaScript (require) and TSX --------------------------------------------------- */

DC_TEST(js_require_shapes) {
    fx f = parse(DC_LANG_JAVASCRIPT, "const { Devcaster, OpenAIProvider: OP } = require('@devcaster/core');\n"
                                     "const sdk = require(\"@devcaster/core\"), unrelated = 1;\n"
                                     "const Comp = require('@composio/core').Composio;\n"
                                     "const { Devcaster: Renamed } = require('@devcaster/core');\n"
                                     "const lodash = require('lodash');\n"
                                     "const a = new Devcaster();\n"
                                     "const b = new sdk.Devcaster();\n"
                                     "const c = new Comp();\n"
                                     "const d = new Renamed();\n"
                                     "class Bot {\n"
                                     "  dc = new Devcaster();\n"
                                     "  #secret = new Devcaster();\n"
                                     "  peek() { return this.#secret; }\n"
                                     "}\n"
                                     "module.exports.client = a;\n");
    CHECK(cls(&f, "Devcaster"));
    CHECK(cls(&f, "sdk.Devcaster"));
    CHECK(cls(&f, "Comp"));
    CHECK(cls(&f, "Renamed"));
    CHECK(!cls(&f, "OP"));
    CHECK(import_local_is(&f, "@devcaster/core", "OpenAIProvider", "OP"));
    CHECK(import_local_is(&f, "@devcaster/core", "", "sdk"));
    CHECK(import_local_is(&f, "@composio/core", "Composio", "Comp"));
    CHECK(import_range_is(&f, "@composio/core", "Composio", "const Comp = require('@composio/core').Composio;"));
    CHECK(find_import(&f, "lodash", "") == NULL);
    CHECK(client(&f, "a"));
    CHECK(client(&f, "b"));
    CHECK(client(&f, "c"));
    CHECK(client(&f, "d"));
    CHECK(client(&f, "this.dc"));
    CHECK(client(&f, "this.#secret"));
    CHECK(client(&f, "this.peek()"));
    CHECK(client(&f, "module.exports.client"));
    CHECK(dc_bindings_is_client(f.b, dc_sv_cstr("this.#secret")));
    CHECK(not_client(&f, "unrelated"));
    CHECK_EQ_INT(f.b->profile, DC_PROFILE_DEVCASTER);
    fx_free(&f);
}

DC_TEST(tsx_component) {
    fx f = parse(DC_LANG_TSX, "import { Devcaster } from '@devcaster/core';\n"
                              "import React from 'react';\n"
                              "function useClient(): Devcaster { return new Devcaster(); }\n"
                              "export function Panel({ userId }: { userId: string }) {\n"
                              "  const dc = useClient();\n"
                              "  const label = <span>{'new Devcaster()'}</span>;\n"
                              "  return <div onClick={() => dc.tools.get(userId, { toolkits: ['GITHUB'] })}>{label}</div>;\n"
                              "}\n");
    CHECK(client(&f, "useClient()"));
    CHECK(client(&f, "dc"));
    CHECK(not_client(&f, "label"));
    CHECK(not_client(&f, "Panel()"));
    CHECK(f.b->imports_sdk);
    fx_free(&f);
}

/* ---- decoys (sdk-reference.md section 6) -------------------------------------------- */

DC_TEST(py_decoys) {
    fx f = parse(DC_LANG_PYTHON, "import requests\n"
                                 "import gspread\n"
                                 "from dcaf.core import Session\n"
                                 "from devcaster import Devcaster\n"
                                 "class Client:\n"
                                 "    def execute(self):\n"
                                 "        return 1\n"
                                 "def get_tools():\n"
                                 "    return [t for t in range(3)]\n"
                                 "def get_entity(x):\n"
                                 "    return x\n"
                                 "http = requests.Session()\n"
                                 "gc = gspread.authorize(creds)\n"
                                 "client = Client()\n"
                                 "tools = {}\n"
                                 "tools2 = tools.get('x')\n"
                                 "session = Session()\n"
                                 "mine = get_tools()\n"
                                 "# commented = Devcaster()\n"
                                 "text = \"fake = Devcaster()\"\n"
                                 "doc = '''self.client = Devcaster()'''\n"
                                 "try:\n"
                                 "    pass\n"
                                 "except Devcaster as err:\n"
                                 "    pass\n");
    CHECK(not_client(&f, "http"));
    CHECK(not_client(&f, "gc"));
    CHECK(not_client(&f, "client"));
    CHECK(not_client(&f, "tools"));
    CHECK(not_client(&f, "tools2"));
    CHECK(not_client(&f, "session"));
    CHECK(not_client(&f, "mine"));
    CHECK(not_client(&f, "get_tools()"));
    CHECK(not_client(&f, "get_entity()"));
    CHECK(not_client(&f, "commented"));
    CHECK(not_client(&f, "fake"));
    CHECK(not_client(&f, "self.client"));
    CHECK(not_client(&f, "err"));
    CHECK_EQ_INT(f.b->clients.len, 0);
    CHECK_EQ_INT(f.b->class_names.len, 1);
    fx_free(&f);
}

DC_TEST(py_local_class_named_like_sdk) {
    /* No import: a user's own class called Devcaster does not make clients by construction. */
    fx f = parse(DC_LANG_PYTHON, "class Devcaster:\n"
                                 "    pass\n"
                                 "dc = Devcaster()\n"
                                 "Composio = object\n"
                                 "cp = Composio()\n");
    CHECK(not_client(&f, "dc"));
    CHECK(not_client(&f, "cp"));
    CHECK_EQ_INT(f.b->class_names.len, 0);
    CHECK(!f.b->imports_sdk);
    fx_free(&f);
}

DC_TEST(ts_decoys) {
    fx f = parse(DC_LANG_TYPESCRIPT, "import express from 'express';\n"
                                     "import { Devcaster } from '@devcaster/core';\n"
                                     "class Client { getTools() { return []; } }\n"
                                     "const app = express();\n"
                                     "app.get('/x', (req, res) => res.send('ok'));\n"
                                     "const client = new Client();\n"
                                     "const tools: Record<string, unknown> = {};\n"
                                     "const tpl = `${new Devcaster()}`;\n"
                                     "// const commented = new Devcaster();\n"
                                     "const s = 'const fake = new Devcaster()';\n"
                                     "function getTools() { return tools; }\n"
                                     "const t = getTools();\n");
    CHECK(not_client(&f, "app"));
    CHECK(not_client(&f, "client"));
    CHECK(not_client(&f, "tools"));
    CHECK(not_client(&f, "tpl"));
    CHECK(not_client(&f, "commented"));
    CHECK(not_client(&f, "fake"));
    CHECK(not_client(&f, "getTools()"));
    CHECK(not_client(&f, "this.getTools()"));
    CHECK(not_client(&f, "t"));
    CHECK_EQ_INT(f.b->clients.len, 0);
    fx_free(&f);
}

/* ---- robustness --------------------------------------------------------------------- */

DC_TEST(parse_errors_are_skipped) {
    fx f = parse(DC_LANG_PYTHON, "from devcaster import Devcaster\n"
                                 "dc = Devcaster()\n"
                                 "def broken(:\n"
                                 "    x = Devcaster(\n"
                                 "class Q:\n"
                                 "    y = Devcaster()\n");
    CHECK(ts_node_has_error(ts_tree_root_node(f.tree)));
    CHECK(client(&f, "dc"));
    CHECK(cls(&f, "Devcaster"));
    fx_free(&f);

    f = parse(DC_LANG_TYPESCRIPT, "import { Devcaster } from '@devcaster/core';\n"
                                  "const dc = new Devcaster();\n"
                                  "function f( { \n"
                                  "const z = new Devcaster(;\n");
    CHECK(ts_node_has_error(ts_tree_root_node(f.tree)));
    CHECK(client(&f, "dc"));
    fx_free(&f);

    /* Inside this ERROR tree-sitter reads `{ this.guess` as `({this}).guess`: facts in a parse
     * error are misreadings, so none may be taken from it. */
    f = parse(DC_LANG_TYPESCRIPT, "import { Devcaster } from '@devcaster/core';\n"
                                  "function (( {\n"
                                  "  this.guess = new Devcaster();\n");
    CHECK(ts_node_has_error(ts_tree_root_node(f.tree)));
    CHECK(cls(&f, "Devcaster"));
    CHECK_EQ_INT(f.b->clients.len, 0);
    fx_free(&f);

    /* garbage does not crash and yields nothing */
    f = parse(DC_LANG_TYPESCRIPT, ")))((( => = = new new . . ! ? import from require(");
    CHECK_EQ_INT(f.b->clients.len, 0);
    fx_free(&f);
    f = parse(DC_LANG_PYTHON, "");
    CHECK_EQ_INT(f.b->clients.len, 0);
    CHECK_EQ_INT(f.b->imports.len, 0);
    fx_free(&f);
}

DC_TEST(deep_nesting_does_not_recurse) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "from devcaster import Devcaster\nx = ");
    for (int i = 0; i < 3000; i++) dc_buf_addc(&b, '(');
    dc_buf_adds(&b, "Devcaster()");
    for (int i = 0; i < 3000; i++) dc_buf_addc(&b, ')');
    dc_buf_adds(&b, "\ny = Devcaster()\n");
    fx f = parse(DC_LANG_PYTHON, dc_buf_cstr(&b));
    CHECK(client(&f, "y"));
    /* too deep for a value (bounded), but the walk must finish and not crash */
    CHECK(not_client(&f, "x"));
    fx_free(&f);
    dc_buf_free(&b);
}

DC_TEST(compute_without_tree) {
    dc_arena a;
    dc_arena_init(&a, 0);
    dc_bindings *b = dc_bindings_compute(&a, NULL, NULL, DC_PROFILE_AUTO);
    CHECK(b != NULL);
    CHECK_EQ_INT(b->profile, DC_PROFILE_DEVCASTER);
    CHECK(!b->imports_sdk);
    CHECK(!dc_bindings_is_client(b, dc_sv_cstr("dc")));
    b = dc_bindings_compute(&a, NULL, NULL, DC_PROFILE_COMPOSIO);
    CHECK_EQ_INT(b->profile, DC_PROFILE_COMPOSIO);
    dc_arena_free(&a);
}

DC_TEST(is_client_without_index) {
    /* bindings built by hand (other modules' tests) fall back to scanning `clients` */
    dc_sv items[] = {dc_sv_cstr("self.client"), dc_sv_cstr("get_client()")};
    dc_bindings b;
    memset(&b, 0, sizeof b);
    b.clients.v = items;
    b.clients.len = b.clients.cap = 2;
    CHECK(dc_bindings_is_client(&b, dc_sv_cstr("self . client")));
    CHECK(dc_bindings_is_client(&b, dc_sv_cstr("get_client( )")));
    CHECK(!dc_bindings_is_client(&b, dc_sv_cstr("client")));
    CHECK(!dc_bindings_is_client(&b, dc_sv_from("", 0)));
    CHECK(!dc_bindings_is_client(NULL, dc_sv_cstr("client")));
}

DC_TEST(is_client_long_receiver) {
    /* longer than the on-stack buffer: the heap path */
    dc_buf src = DC_BUF_INIT;
    dc_buf_adds(&src, "from devcaster import Devcaster\nself.a");
    for (int i = 0; i < 200; i++) dc_buf_adds(&src, ".segment");
    dc_buf_adds(&src, " = Devcaster()\n");
    fx f = parse(DC_LANG_PYTHON, dc_buf_cstr(&src));
    dc_buf recv = DC_BUF_INIT;
    dc_buf_adds(&recv, "self . a");
    for (int i = 0; i < 200; i++) dc_buf_adds(&recv, " . segment");
    CHECK(recv.len > 256);
    CHECK(dc_bindings_is_client(f.b, dc_sv_from(recv.p, recv.len)));
    CHECK(!dc_bindings_is_client(f.b, dc_sv_from(recv.p, recv.len - 1)));
    fx_free(&f);
    dc_buf_free(&src);
    dc_buf_free(&recv);
}

/* ---- normalisation ------------------------------------------------------------------ */

DC_TEST(normalize_cases) {
    dc_arena a;
    dc_arena_init(&a, 0);
    CHECK_EQ_STR(norm(&a, "this . dc !"), "this.dc");
    CHECK_EQ_STR(norm(&a, "dc?.tools"), "dc.tools");
    CHECK_EQ_STR(norm(&a, "dc!.tools!"), "dc.tools");
    CHECK_EQ_STR(norm(&a, "list?.[0]?.(x)"), "list[0](x)");
    CHECK_EQ_STR(norm(&a, "dc?"), "dc");
    CHECK_EQ_STR(norm(&a, "a ? .5 : b"), "a?.5:b");
    CHECK_EQ_STR(norm(&a, "a != b"), "a!=b");
    CHECK_EQ_STR(norm(&a, "!dc"), "!dc");
    CHECK_EQ_STR(norm(&a, "  self\t.\n client  "), "self.client");
    CHECK_EQ_STR(norm(&a, "get_client( )"), "get_client()");
    CHECK_EQ_STR(norm(&a, "await  get_client( )"), "await get_client()");
    CHECK_EQ_STR(norm(&a, "new   Devcaster ( )"), "new Devcaster()");
    CHECK_EQ_STR(norm(&a, "(self  # why\n  .client)"), "(self.client)");
    CHECK_EQ_STR(norm(&a, "this/* c */.dc // trailing"), "this.dc");
    CHECK_EQ_STR(norm(&a, "this.#priv"), "this.#priv");
    CHECK_EQ_STR(norm(&a, "dc \\\n  .tools"), "dc.tools");
    CHECK_EQ_STR(norm(&a, "f( \"a  # b\" , 'x // y' )"), "f(\"a  # b\",'x // y')");
    CHECK_EQ_STR(norm(&a, "f(\"esc \\\" q  \")"), "f(\"esc \\\" q  \")");
    CHECK_EQ_STR(norm(&a, "g(\"\"\"doc # x\"\"\")"), "g(\"\"\"doc # x\"\"\")");
    CHECK_EQ_STR(norm(&a, "t(`a  ${b}  c`)"), "t(`a  ${b}  c`)");
    CHECK_EQ_STR(norm(&a, "app . state . dc"), "app.state.dc");
    CHECK_EQ_STR(norm(&a, ""), "");
    CHECK_EQ_STR(norm(&a, "   "), "");
    CHECK_EQ_STR(norm(&a, "'unterminated  x"), "'unterminated  x");
    dc_arena_free(&a);
}

DC_TEST(normalize_is_language_aware_in_is_client) {
    /* `//` is floor division in Python, a comment in TS; `#` the reverse. */
    fx py = parse(DC_LANG_PYTHON, "from devcaster import Devcaster\nclients[i // 2] = Devcaster()\n");
    CHECK(client(&py, "clients[i//2]"));
    CHECK(dc_bindings_is_client(py.b, dc_sv_cstr("clients[ i // 2 ]")));
    fx_free(&py);
    fx ts = parse(DC_LANG_TYPESCRIPT, "import { Devcaster } from '@devcaster/core';\n"
                                      "class A { #dc = new Devcaster(); }\n");
    CHECK(client(&ts, "this.#dc"));
    CHECK(dc_bindings_is_client(ts.b, dc_sv_cstr("this . #dc // note")));
    fx_free(&ts);
}

DC_TEST_MAIN
