// Validates SARIF files against the pinned official SARIF 2.1.0 schema (tests/schemas/sarif-2.1.0.json,
// see tests/schemas/README.md) with Ajv, the validator pinned in package.json's devDependencies.
//
//   node tests/tools/validate_sarif.js FILE...      ("-" reads standard input)
//
// Prints "<file>: valid" or each schema error as "<file>: <instancePath> <message>", and exits 0
// only when every file is valid. Exits 2 when the validator cannot run (node_modules missing:
// run `npm ci --ignore-scripts`), so a test that calls it fails rather than passes vacuously.
// The schema declares draft 2020-12, hence Ajv's 2020 build; ajv-formats checks the "uri",
// "uri-reference", "date-time" and "uuid" formats the schema uses (plain Ajv ignores formats).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..", "..");
let Ajv2020, addFormats;
try {
  Ajv2020 = require(path.join(root, "node_modules", "ajv", "dist", "2020")).default;
  addFormats = require(path.join(root, "node_modules", "ajv-formats"));
} catch (e) {
  process.stderr.write(`validate_sarif: cannot load ajv/ajv-formats (${e.message}); run: npm ci --ignore-scripts\n`);
  process.exit(2);
}

const schema = JSON.parse(fs.readFileSync(path.join(root, "tests", "schemas", "sarif-2.1.0.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write("usage: node tests/tools/validate_sarif.js FILE...\n");
  process.exit(2);
}
let ok = true;
for (const file of files) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file === "-" ? 0 : file, "utf8"));
  } catch (e) {
    process.stdout.write(`${file}: not JSON: ${e.message}\n`);
    ok = false;
    continue;
  }
  if (validate(doc)) {
    process.stdout.write(`${file}: valid\n`);
  } else {
    ok = false;
    for (const err of validate.errors) {
      process.stdout.write(`${file}: ${err.instancePath || "/"} ${err.message} ${JSON.stringify(err.params)}\n`);
    }
  }
}
process.exit(ok ? 0 : 1);
