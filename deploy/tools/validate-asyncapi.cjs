// Validates AsyncAPI documents with the official parser (@asyncapi/parser, installed into
// .cache/node by install.sh). Prints one JSON line per file with its diagnostics; exits 1 if any
// document has an error (severity 0). Warnings are reported, not failed on.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

const nodeDir = process.env.TWOWAY_NODE_DIR || path.join(__dirname, "..", "..", ".cache", "node");
const { Parser } = createRequire(path.join(nodeDir, "package.json"))("@asyncapi/parser");

const SEVERITY = ["error", "warning", "information", "hint"];

async function main(files) {
  const parser = new Parser();
  let failed = false;
  for (const file of files) {
    const { document, diagnostics } = await parser.parse(fs.readFileSync(file, "utf8"), {
      source: path.resolve(file),
    });
    const problems = diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] || String(d.severity),
      code: d.code,
      message: d.message,
      path: d.path.join("/"),
    }));
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length > 0 || !document) failed = true;
    console.log(JSON.stringify({
      file,
      valid: errors.length === 0 && Boolean(document),
      version: document ? document.version() : null,
      channels: document ? document.channels().length : 0,
      messages: document ? document.allMessages().length : 0,
      problems,
    }));
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => { console.error(error); process.exit(2); },
);
