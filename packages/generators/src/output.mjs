// What run.mjs prints: the lines of a tool's output worth showing, and the final table.

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * The first `max` lines of a tool's output that say something: colour codes, blank lines and the
 * lines matching `noise` (a tool's chatter, such as ogen's INFO lines) removed. With `tail`, the
 * last lines instead (a Python traceback ends with its cause). Paths under `dir` are shown relative to it;
 * an [ERROR] line repeated (Maven's summary repeats each compile error) is shown once.
 */
export function relevantLines(text, { noise = [], max = 20, tail = false, dir } = {}) {
  const seen = new Set();
  const lines = String(text)
    .replace(ANSI, "")
    .split(/\r?\n/)
    .map((line) => (dir ? line.split(`${dir}/`).join("") : line).replace(/\s+$/, ""))
    .filter((line) => line.trim() !== "" && !noise.some((pattern) => pattern.test(line)))
    // Maven repeats its compile errors in its summary; once is enough.
    .filter((line) => {
      if (!line.startsWith("[ERROR]")) return true;
      const key = line.replace(/^\[ERROR\]\s*/, "").trim();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (lines.length <= max) return lines;
  return tail ? ["…", ...lines.slice(-max)] : [...lines.slice(0, max), `… (${lines.length - max} more lines)`];
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Plain-text table; `rows` are arrays of cells, the first row the heading. */
export function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? "").length)));
  const line = (row) => row.map((cell, column) => String(cell ?? "").padEnd(widths[column])).join("  ").trimEnd();
  return [line(rows[0]), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}
