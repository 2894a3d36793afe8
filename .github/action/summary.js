#!/usr/bin/env node
'use strict';
// node summary.js REPORT.json EXIT_CODE: the Markdown job summary of a dr-session-lint run, from
// its JSON report (docs/json-output.md): the counts, the call sites' migration status, and the
// findings. Appends `errors=` and `warnings=` to GITHUB_OUTPUT when it is set. Plain Node.

const fs = require('node:fs');

const MAX_ROWS = 200;
const [reportPath, exitCode] = process.argv.slice(2);

/** Text for a Markdown table cell. */
function cell(text) {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

let doc;
try {
  doc = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
} catch (err) {
  process.stdout.write(
    `## dr-session-lint\n\nExit code ${exitCode}: no report (${cell(err.message)}). ` +
      'A usage error or a bad configuration prints its message in the step log.\n',
  );
  process.exit(0);
}

const s = doc.summary || {};
const calls = s.callSites || {};
const fixable = s.fixable || {};
const diagnostics = Array.isArray(doc.diagnostics) ? doc.diagnostics : [];
const lines = [];
lines.push(`## dr-session-lint ${cell(doc.tool && doc.tool.version)}`, '');
const verdict = s.errors > 0 ? ':x:' : s.warnings > 0 ? ':warning:' : ':white_check_mark:';
lines.push(
  `${verdict} **${plural(s.errors || 0, 'error')}, ${plural(s.warnings || 0, 'warning')}** in ` +
    `${s.filesWithErrors || 0} of ${plural(s.filesScanned || 0, 'file')} scanned (exit code ${exitCode}).`,
  '',
);
lines.push('| DigitalRiver.js `createSource` calls | |', '|---|--:|');
lines.push(`| migrated | ${calls.migrated || 0} |`);
lines.push(`| need changes | ${calls.needChanges || 0} |`);
lines.push(`| need review (conditional or unresolved) | ${calls.needReview || 0} |`);
lines.push(`| **total** (${calls.digitalRiver || 0} DigitalRiver.js, ${calls.possible || 0} possibly) | **${calls.total || 0}** |`);
lines.push('');
const fixes = [];
if (fixable.safe) fixes.push(`${fixable.safe} with a safe fix (\`--fix\`)`);
if (fixable.unsafe) fixes.push(`${fixable.unsafe} with an unsafe fix (\`--fix --unsafe-fixes\`)`);
if (fixable.displayOnly) fixes.push(`${fixable.displayOnly} fixable with \`--session-id-expr EXPR\``);
if (fixes.length) lines.push(`Fixable findings: ${fixes.join(', ')}.`, '');
const other = [];
if (s.parseErrors) other.push(plural(s.parseErrors, 'file') + ' with a syntax error');
if (s.ioErrors) other.push(plural(s.ioErrors, 'I/O error'));
if (s.skippedFiles) other.push(plural(s.skippedFiles, 'skipped file'));
if (other.length) lines.push(`Also: ${other.join(', ')}.`, '');

if (diagnostics.length > 0) {
  const byRule = new Map();
  for (const d of diagnostics) byRule.set(d.rule, (byRule.get(d.rule) || 0) + 1);
  const counts = [...byRule].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `\`${cell(rule)}\` ${n}`);
  lines.push(`By rule: ${counts.join(', ')}.`, '');
  lines.push('### Findings', '');
  lines.push('| file | line | severity | rule | message |', '|---|--:|---|---|---|');
  for (const d of diagnostics.slice(0, MAX_ROWS)) {
    const line = d.range && d.range.start ? d.range.start.line : '';
    const rule = d.field ? `${d.rule} (\`${cell(d.field)}\`)` : d.rule;
    const message = d.conditional ? `${d.message} (on some paths)` : d.message;
    lines.push(`| \`${cell(d.path)}\` | ${line} | ${cell(d.severity)} | ${cell(rule)} | ${cell(message)} |`);
  }
  if (diagnostics.length > MAX_ROWS) {
    lines.push('', `... and ${diagnostics.length - MAX_ROWS} more: the full list is in the step log.`);
  }
  lines.push('');
}
process.stdout.write(`${lines.join('\n')}\n`);

if (process.env.GITHUB_OUTPUT) {
  fs.appendFileSync(process.env.GITHUB_OUTPUT, `errors=${s.errors || 0}\nwarnings=${s.warnings || 0}\n`);
}
