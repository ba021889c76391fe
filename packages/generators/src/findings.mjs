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
