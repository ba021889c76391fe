// Generators that succeed while leaving part of the API out say so only in their log; these read it.

/** ogen's lines about operations or media it skipped or ignored (none with its default config, unless told to). */
export function ogenLeftOut(output) {
  return String(output)
    .split("\n")
    .filter((line) => /skipping|ignor(e|ed|ing) |not implemented/i.test(line) && !/ignore_not_implemented/.test(line));
}

/** Whether openapi-python-client reported warnings (it exits 0 after leaving endpoints or responses out). */
export function pythonClientWarned(output) {
  return /warning|unable to|skipp/i.test(String(output));
}

/**
 * The JSON pointer of what starts at `line` (1-based) of a pretty-printed JSON document (the bundled
 * specs are written with JSON.stringify(…, null, 2)): the keys of the enclosing objects, found by
 * indentation. Array items are not counted; the pointer names the nearest key.
 */
export function pointerAtLine(text, line) {
  const stack = [];
  const lines = String(text).split("\n");
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const match = /^(\s*)"((?:[^"\\]|\\.)*)":/.exec(lines[i]);
    if (!match) continue;
    const depth = match[1].length;
    while (stack.length > 0 && stack.at(-1).depth >= depth) stack.pop();
    stack.push({ depth, key: JSON.parse(`"${match[2]}"`) });
  }
  return `#/${stack.map(({ key }) => key.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
}

/** ogen's "Skipping …" log lines as `<pointer> — <reason>`, the pointer read from the spec's text. */
export function ogenSkipsWithPointers(output, specText) {
  return ogenLeftOut(output).map((line) => {
    const at = /"at":\s*"[^"]*?:(\d+):\d+"/.exec(line);
    const reason = /"reason_error":\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    const what = /Skipping (\w+)/.exec(line)?.[1] ?? "part";
    return `ogen leaves out ${what} ${at ? pointerAtLine(specText, Number(at[1])) : "(no location)"}${reason ? `: ${JSON.parse(`"${reason[1]}"`)}` : ""}`;
  });
}
