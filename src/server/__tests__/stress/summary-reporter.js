/** Jest reporter: prints the rows the stress cases recorded as one table. */
const fs = require('fs');
const os = require('os');
const path = require('path');

const file = () => path.join(os.tmpdir(), `wecom-stress-summary-${process.env.WECOM_STRESS_RUN || 'last'}.jsonl`);

class StressSummaryReporter {
  onRunStart() {
    fs.rmSync(file(), { force: true });
  }

  onRunComplete() {
    if (!fs.existsSync(file())) {
      return;
    }
    const rows = fs
      .readFileSync(file(), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const table = rows.map((row) => ({
      case: row.case,
      requests: row.requests,
      failures: Object.values(row.failures).reduce((sum, n) => sum + n, 0),
      'failures by kind':
        Object.entries(row.failures)
          .map(([kind, n]) => `${n}× ${kind.slice(0, 60)}`)
          .join('; ') || '-',
      'users created': row.usersCreated,
      note: row.note || '',
    }));
    const columns = Object.keys(table[0] || {});
    const width = (column) => Math.max(column.length, ...table.map((row) => String(row[column]).length));
    const line = (cells) => `| ${cells.join(' | ')} |`;
    const out = [
      line(columns.map((c) => c.padEnd(width(c)))),
      line(columns.map((c) => '-'.repeat(width(c)))),
      ...table.map((row) => line(columns.map((c) => String(row[c]).padEnd(width(c))))),
    ];
    process.stdout.write(`\nStress summary\n${out.join('\n')}\n`);
  }
}

module.exports = StressSummaryReporter;
