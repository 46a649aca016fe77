// A Dockerfile reader for the graders: instructions with their line, line continuations, comments and parser
// directives, exec (JSON) and shell forms, flags (--from=, --chown=, --mount=…), multi-stage builds
// (FROM … AS name) and ARG/ENV values. What it cannot read faithfully (heredocs, an unknown instruction, a JSON
// form Docker would silently run as a shell command) is refused with an error naming the line.

export class DockerfileError extends Error {}

const INSTRUCTIONS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER',
  'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);
const EXEC_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'ADD', 'COPY']);

/**
 * { stages: [{ index, name, image, line, instructions }], globalArgs: Map, instructions } where each instruction
 * is { keyword, line, args, flags: { name: value }, json?: string[], pairs?: [{ name, value }] } and a FROM's
 * image has the global ARGs substituted.
 */
export function parseDockerfile(text, file = 'Dockerfile') {
  const fail = (line, message) => {
    throw new DockerfileError(`${file} line ${line}: ${message}`);
  };
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  // Parser directives: "# name=value" lines at the very top.
  for (const line of raw) {
    const m = line.match(/^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape') escape = m[2];
  }
  const instructions = [];
  for (let i = 0; i < raw.length; i += 1) {
    const first = raw[i].trim();
    if (first === '' || first.startsWith('#')) continue;
    const line = i + 1;
    let joined = '';
    let text = raw[i];
    for (;;) {
      const body = text.replace(/\s+$/, '');
      if (body.endsWith(escape) && i + 1 < raw.length) {
        joined += body.slice(0, -escape.length);
        i += 1;
        // Comment and empty lines inside a continuation are dropped, as Docker does.
        while (i < raw.length && (raw[i].trim() === '' || raw[i].trim().startsWith('#'))) i += 1;
        if (i >= raw.length) break;
        text = raw[i];
      } else {
        joined += body.endsWith(escape) ? body.slice(0, -escape.length) : text;
        break;
      }
    }
    const m = joined.trim().match(/^(\S+)\s*([^]*)$/);
    const keyword = m[1].toUpperCase();
    if (!INSTRUCTIONS.has(keyword)) fail(line, `"${m[1]}" is not a Dockerfile instruction; check the spelling, or the line continuation (${escape}) on the line above`);
    instructions.push(readInstruction(keyword, m[2].trim(), line, fail));
  }
  return stagesOf(instructions, fail);
}

function readInstruction(keyword, rest, line, fail) {
  const instruction = { keyword, line, args: rest, flags: {} };
  let args = rest;
  if (/<<-?\s*["']?[A-Za-z_]/.test(args) && ['RUN', 'COPY', 'ADD'].includes(keyword)) {
    fail(line, `${keyword} with a heredoc (<<) is not supported by the grader; write the commands on one line, joined with && and continued with \\`);
  }
  // Flags come first: --name=value or --name.
  while (['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK'].includes(keyword)) {
    const flag = args.match(/^--([a-z-]+)(?:=(\S*))?\s*/);
    if (!flag) break;
    const name = flag[1];
    instruction.flags[name] = instruction.flags[name] === undefined ? flag[2] ?? true : [].concat(instruction.flags[name], flag[2] ?? true);
    args = args.slice(flag[0].length);
  }
  instruction.args = args;
  if (keyword === 'HEALTHCHECK') {
    const m = args.match(/^(CMD|NONE)\b\s*([^]*)$/i);
    if (!m) fail(line, 'HEALTHCHECK must be followed by CMD <command> (or NONE)');
    instruction.none = m[1].toUpperCase() === 'NONE';
    if (!instruction.none) {
      instruction.command = m[2].trim();
      if (instruction.command === '') fail(line, 'HEALTHCHECK CMD has no command');
      instruction.json = jsonForm(instruction.command, line, fail);
    }
    return instruction;
  }
  if (EXEC_FORM.has(keyword)) instruction.json = jsonForm(args, line, fail);
  if (keyword === 'ENV' || keyword === 'LABEL') instruction.pairs = pairs(args, keyword, line, fail);
  if (keyword === 'ARG') {
    instruction.pairs = words(args, line, fail).map((word) => {
      const at = word.indexOf('=');
      return at === -1 ? { name: word, value: undefined } : { name: word.slice(0, at), value: word.slice(at + 1) };
    });
    if (instruction.pairs.length === 0) fail(line, 'ARG needs a name, e.g. ARG NODE_VERSION=24');
  }
  if (args === '' && !['HEALTHCHECK'].includes(keyword)) fail(line, `${keyword} has no arguments`);
  return instruction;
}

/** The exec form's argument list, undefined for the shell form. */
function jsonForm(args, line, fail) {
  if (!args.startsWith('[')) return undefined;
  let parsed;
  try {
    parsed = JSON.parse(args);
  } catch {
    fail(line, `"${args.length > 50 ? `${args.slice(0, 50)}…` : args}" starts like the JSON (exec) form but is not valid JSON, so Docker would run it as a shell command; use double quotes and commas: ["node", "server.js"]`);
  }
  if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'string')) {
    fail(line, 'the JSON (exec) form must be a list of strings, e.g. ["node", "server.js"]');
  }
  return parsed;
}

/** ENV/LABEL: NAME=value pairs (quotes removed), or the legacy "ENV NAME value" form. */
function pairs(args, keyword, line, fail) {
  const list = words(args, line, fail);
  if (keyword === 'ENV' && list.length > 0 && !list[0].includes('=')) {
    const m = args.match(/^(\S+)\s+([^]*)$/);
    if (!m) fail(line, `ENV ${args} has no value; write ENV ${args}=<value>`);
    return [{ name: m[1], value: unquote(m[2].trim()) }];
  }
  return list.map((word) => {
    const at = word.indexOf('=');
    if (at <= 0) fail(line, `${keyword} expects NAME=value pairs, found "${word}"`);
    return { name: word.slice(0, at), value: word.slice(at + 1) };
  });
}

function unquote(value) {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** Whitespace-separated words with shell-like quotes removed (for ENV, LABEL, ARG). */
function words(text, line, fail) {
  const out = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end === -1) fail(line, `a ${c} quote is not closed`);
      word += text.slice(i + 1, end).replace(/\\(["\\$])/g, '$1');
      i = end;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[i + 1];
      i += 1;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

function stagesOf(instructions, fail) {
  const globalArgs = new Map();
  const stages = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const m = instruction.args.match(/^(\S+)(?:\s+as\s+(\S+))?\s*$/i);
      if (!m) fail(instruction.line, `FROM ${instruction.args}: expected FROM <image> or FROM <image> AS <name>`);
      const image = substitute(m[1], globalArgs);
      stages.push({ index: stages.length, name: m[2]?.toLowerCase(), image, line: instruction.line, instructions: [] });
      instruction.image = image;
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) {
      if (instruction.keyword !== 'ARG') fail(instruction.line, `${instruction.keyword} before the first FROM; only ARG may come before FROM`);
      for (const { name, value } of instruction.pairs) globalArgs.set(name, value);
      continue;
    }
    stage.instructions.push(instruction);
  }
  if (stages.length === 0) fail(1, 'no FROM instruction: a Dockerfile starts with FROM <base image>');
  return { stages, globalArgs, instructions };
}

/** $NAME, ${NAME}, ${NAME:-default} and ${NAME-default} from `vars` (a Map); unknown names become "". */
export function substitute(text, vars) {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, braced, op, word, bare) => {
    const name = braced ?? bare;
    const value = vars.get(name);
    if (op === '-') return value === undefined || value === '' ? word : value;
    if (op === '+') return value ? word : '';
    return value ?? '';
  });
}

/** The stage a FROM or COPY --from names (by name or index), or undefined for an outside image. */
export function stageNamed(stages, ref, before) {
  const lower = String(ref).toLowerCase();
  return stages.slice(0, before).find((stage) => stage.name === lower || String(stage.index) === lower);
}

/**
 * The final stage's chain (the stages it is built FROM, base first) and every stage its result depends on
 * (the chain plus the stages any of them COPY --from, transitively).
 */
export function finalImage(dockerfile) {
  const { stages } = dockerfile;
  const chainOf = (stage) => {
    const chain = [stage];
    for (let base = stageNamed(stages, stage.image, stage.index); base; base = stageNamed(stages, base.image, base.index)) chain.unshift(base);
    return chain;
  };
  const final = stages[stages.length - 1];
  const chain = chainOf(final);
  const needed = new Set();
  const visit = (stage) => {
    for (const member of chainOf(stage)) {
      if (needed.has(member)) continue;
      needed.add(member);
      for (const instruction of member.instructions) {
        const from = instruction.flags.from;
        if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && typeof from === 'string') {
          const source = stageNamed(stages, from, member.index);
          if (source) visit(source);
        }
      }
    }
  };
  visit(final);
  const instructions = chain.flatMap((stage) => stage.instructions);
  const last = (keyword) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
  const env = new Map();
  for (const instruction of instructions) {
    if (instruction.keyword === 'ARG') for (const { name, value } of instruction.pairs) if (value !== undefined) env.set(name, value);
    if (instruction.keyword === 'ENV') for (const { name, value } of instruction.pairs) env.set(name, substitute(value, env));
  }
  return { final, chain, base: chain[0].image, needed: [...needed], instructions, last, env };
}
