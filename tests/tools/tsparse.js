// Independent parser check for TypeScript/JavaScript (the TypeScript compiler's own parser):
// prints "<path>\t<number of parse diagnostics>" for each file argument.
// Used by the fixture and invariant tests to prove fixed output still parses.
// With --stdin it serves paths read one per line from standard input and answers each as soon as
// it is read ("<path>\terror" when the file cannot be read), so tests/test_fixtures.py keeps one
// node process for the whole run: starting node and loading the compiler costs about 0.3 s of CPU,
// more than all of a fixture case's dcmigrate runs.
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require(path.join(__dirname, "..", "..", "node_modules", "typescript"));

const kinds = { ".ts": ts.ScriptKind.TS, ".mts": ts.ScriptKind.TS, ".cts": ts.ScriptKind.TS, ".tsx": ts.ScriptKind.TSX,
                ".js": ts.ScriptKind.JS, ".mjs": ts.ScriptKind.JS, ".cjs": ts.ScriptKind.JS, ".jsx": ts.ScriptKind.JSX };
function diagnostics(file) {
  const text = fs.readFileSync(file, "utf8");
  const kind = kinds[path.extname(file)] || ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  return (sf.parseDiagnostics || []).length;
}

if (process.argv[2] === "--stdin") {
  const rl = require("readline").createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (file) => {
    let n;
    try { n = diagnostics(file); } catch (e) { n = "error"; }
    process.stdout.write(`${file}\t${n}\n`);
  });
} else {
  for (const file of process.argv.slice(2)) process.stdout.write(`${file}\t${diagnostics(file)}\n`);
}
