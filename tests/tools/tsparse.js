// Independent parser check for TypeScript/JavaScript (the TypeScript compiler's own parser):
// prints "<path>\t<number of parse diagnostics>" for each file argument.
// Used by the fixture and invariant tests to prove fixed output still parses.
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require(path.join(__dirname, "..", "..", "node_modules", "typescript"));

const kinds = { ".ts": ts.ScriptKind.TS, ".mts": ts.ScriptKind.TS, ".cts": ts.ScriptKind.TS, ".tsx": ts.ScriptKind.TSX,
                ".js": ts.ScriptKind.JS, ".mjs": ts.ScriptKind.JS, ".cjs": ts.ScriptKind.JS, ".jsx": ts.ScriptKind.JSX };
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  const kind = kinds[path.extname(file)] || ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const diags = sf.parseDiagnostics || [];
  process.stdout.write(`${file}\t${diags.length}\n`);
}
