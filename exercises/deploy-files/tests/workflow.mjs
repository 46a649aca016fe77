// What a GitHub Actions workflow pushes and how it handles secrets: which images it pushes under which tags
// (docker push, docker build --push, docker/build-push-action), whether one of those tags comes from the
// commit SHA (followed through env:, shell variables, $GITHUB_ENV, step outputs and docker/metadata-action),
// and whether a secret is written into a script or printed to the log.
import { parseImageRef } from './images.mjs';
import { lineOf } from './yaml-lite.mjs';
import { shellCommands } from './shell-lite.mjs';

const SHA = /github\.sha|GITHUB_SHA|git\s+rev-parse|github\.event\.after|head_commit\.id|pull_request\.head\.sha/;

/** `${{ a.b }}` → `${{a.b}}`, so an expression is one shell word. */
const normal = (text) => String(text).replace(/\$\{\{\s*([^]*?)\s*\}\}/g, (_, inner) => `\${{${inner.replace(/\s+/g, '')}}}`);

/** Every step of every job: { job, step, index, line, run?, uses?, with, env, id }. */
function stepsOf(workflow, file) {
  const steps = [];
  const jobs = workflow?.jobs;
  if (!jobs || typeof jobs !== 'object') return steps;
  for (const [job, body] of Object.entries(jobs)) {
    const list = Array.isArray(body?.steps) ? body.steps : [];
    list.forEach((step, index) => {
      if (!step || typeof step !== 'object') return;
      steps.push({
        file, job, index, id: step.id, name: step.name,
        line: lineOf(list, index),
        run: typeof step.run === 'string' ? normal(step.run) : undefined,
        uses: typeof step.uses === 'string' ? step.uses : undefined,
        with: step.with && typeof step.with === 'object' ? step.with : {},
        env: { ...(workflow.env ?? {}), ...(body.env ?? {}), ...(step.env ?? {}) },
      });
    });
  }
  return steps;
}

const label = (step) => `${step.file} line ${step.line}${step.name ? ` (step "${step.name}")` : ''}`;

/** Values of shell and env variables and step outputs, so `$TAG` or `${{ env.TAG }}` can be followed. */
function knownValues(steps) {
  const vars = new Map();
  const outputs = new Map();
  for (const step of steps) {
    for (const [name, value] of Object.entries(step.env)) vars.set(name, normal(value ?? ''));
    if (step.uses?.startsWith('docker/metadata-action') && step.id) {
      const tags = normal(step.with.tags ?? '');
      outputs.set(`steps.${step.id}.outputs.tags`, /type=sha/.test(tags) || SHA.test(tags) ? '${{github.sha}}' : 'metadata-tags');
    }
    if (!step.run) continue;
    for (const cmd of shellCommands(step.run)) {
      for (const { name, value } of cmd.assignments) vars.set(name, value);
      if (cmd.words[0] === 'export') for (const word of cmd.words.slice(1)) if (word.includes('=')) vars.set(word.split('=')[0], word.slice(word.indexOf('=') + 1));
      const target = cmd.redirects.find((r) => r.op.includes('>'))?.target ?? '';
      if ((cmd.words[0] === 'echo' || cmd.words[0] === 'printf') && /GITHUB_(ENV|OUTPUT)/.test(target)) {
        for (const word of cmd.words.slice(1)) {
          const m = word.match(/^([A-Za-z_][\w-]*)=(.*)$/);
          if (!m) continue;
          if (/GITHUB_ENV/.test(target)) vars.set(m[1], m[2]);
          else if (step.id) outputs.set(`steps.${step.id}.outputs.${m[1]}`, m[2]);
        }
      }
    }
  }
  return { vars, outputs };
}

function expand(text, { vars, outputs }) {
  let out = text;
  for (let round = 0; round < 5; round += 1) {
    const next = out
      .replace(/\$\{\{env\.([\w-]+)\}\}/g, (whole, name) => vars.get(name) ?? whole)
      .replace(/\$\{\{(steps\.[\w-]+\.outputs\.[\w-]+)\}\}/g, (whole, key) => outputs.get(key) ?? whole)
      .replace(/\$\{([A-Za-z_]\w*)(?:[:#%/][^}]*)?\}|\$([A-Za-z_]\w*)/g, (whole, braced, bare) => vars.get(braced ?? bare) ?? whole);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Every image the workflow pushes: { ref, line } with ref as written. */
function pushesOf(steps) {
  const pushes = [];
  const built = [];
  for (const step of steps) {
    if (step.uses?.startsWith('docker/build-push-action')) {
      const push = step.with.push;
      if (push === true || push === 'true' || (typeof push === 'string' && push.includes('${{'))) {
        for (const tag of normal(step.with.tags ?? '').split(/[\n,]/).map((t) => t.trim()).filter(Boolean)) pushes.push({ ref: tag, step });
        if (!step.with.tags) pushes.push({ ref: '(no tags)', step });
      }
    }
    if (!step.run) continue;
    for (const cmd of shellCommands(step.run)) {
      const words = cmd.words[0] === 'sudo' ? cmd.words.slice(1) : cmd.words;
      if (words[0] !== 'docker' && words[0] !== 'podman') continue;
      const args = words.slice(1).filter((word, i, all) => !(i === 0 && word.startsWith('-')));
      const sub = args[0] === 'image' || args[0] === 'buildx' ? args.slice(1) : args;
      if (sub[0] === 'push') {
        const ref = sub.slice(1).find((word) => !word.startsWith('-'));
        const all = sub.includes('-a') || sub.includes('--all-tags');
        if (ref && all) for (const tag of built.filter((b) => parseImageRef(b).repository === parseImageRef(ref).repository)) pushes.push({ ref: tag, step });
        else if (ref) pushes.push({ ref, step });
      }
      if (sub[0] === 'tag' && sub[2]) built.push(sub[2]);
      if (sub[0] === 'build') {
        const tags = tagsOf(sub);
        built.push(...tags);
        if (sub.includes('--push') || sub.some((word) => /type=registry|push=true/.test(word))) for (const ref of tags) pushes.push({ ref, step });
      }
    }
  }
  return pushes;
}

function tagsOf(args) {
  const tags = [];
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i];
    if (word === '-t' || word === '--tag') tags.push(args[(i += 1)] ?? '');
    else if (word.startsWith('--tag=')) tags.push(word.slice(6));
    else if (/^-t./.test(word)) tags.push(word.slice(2));
  }
  return tags;
}

/** Problems with how the workflows tag what they push; [] when every pushed image has a commit-SHA tag. */
export function releaseTagProblems(workflows) {
  const steps = workflows.flatMap(({ file, doc }) => stepsOf(doc, file));
  const values = knownValues(steps);
  const pushes = pushesOf(steps);
  if (pushes.length === 0) {
    return ['No workflow pushes an image any more (no docker push, docker build --push or docker/build-push-action with push: true). Expected CI to keep building and pushing the release image'];
  }
  const byRepository = new Map();
  for (const push of pushes) {
    const expanded = expand(push.ref, values);
    const { repository, tag, digest } = parseImageRef(expanded);
    const sha = SHA.test(tag ?? '') || SHA.test(digest ?? '') || (tag === undefined && SHA.test(expanded));
    const entry = byRepository.get(repository) ?? { sha: false, seen: [] };
    entry.sha ||= sha;
    entry.seen.push(`${push.ref} (${label(push.step)})`);
    byRepository.set(repository, entry);
  }
  return [...byRepository.entries()]
    .filter(([, entry]) => !entry.sha)
    .map(([repository, entry]) => `${repository} is pushed only as ${entry.seen.slice(0, 3).join(', ')}: no tag made from the commit SHA, so nothing names the exact build a release runs`);
}

/** Secrets written into a run script or printed to the log. */
export function secretProblems(workflows) {
  const problems = [];
  for (const { file, doc } of workflows) {
    for (const step of stepsOf(doc, file)) {
      if (!step.run) continue;
      const inline = step.run.match(/\$\{\{[^}]*secrets\.[^}]*\}\}/);
      if (inline) problems.push(`${label(step)} writes ${inline[0]} straight into its run script`);
      const secretVars = Object.entries(step.env).filter(([, value]) => /secrets\./.test(normal(value ?? ''))).map(([name]) => name);
      const commands = shellCommands(step.run);
      const tracing = commands.find((cmd) => cmd.words[0] === 'set' && cmd.words.slice(1).some((w) => /^-[a-z]*x/.test(w) || w === 'xtrace'));
      if (tracing && secretVars.length > 0 && commands.some((cmd) => secretVars.some((name) => cmd.words.some((word) => new RegExp(`\\$(\\{)?${name}\\b`).test(word))))) {
        problems.push(`${label(step)} turns on shell tracing ("${tracing.text}"), which prints each command with ${secretVars[0]} expanded into the log`);
      }
      commands.forEach((cmd, i) => {
        const dump = /^(printenv|env|set|export|declare)$/.test(cmd.words[0] ?? '') && cmd.words.length === 1;
        const into = commands[i + 1];
        if (dump && secretVars.length > 0 && !(cmd.pipedOut && into?.words.includes('--password-stdin'))) {
          problems.push(`${label(step)} prints every variable, the secret in ${secretVars[0]} included, to the log: "${cmd.text}"`);
        }
      });
      for (const cmd of commands) {
        if (!/^(echo|printf|cat|printenv|env|set)$/.test(cmd.words[0] ?? '') || cmd.pipedOut) continue;
        if (cmd.redirects.some((r) => r.op.includes('>') && !r.target.startsWith('&') && !/^\/dev\/std(out|err)$/.test(r.target))) continue;
        const printed = cmd.words[0] === 'printenv' || cmd.words[0] === 'env' || cmd.words[0] === 'set'
          ? (cmd.words.length === 1 ? [] : secretVars.filter((name) => cmd.words.includes(name)))
          : secretVars.filter((name) => cmd.words.some((word) => new RegExp(`\\$(\\{)?${name}\\b`).test(word)));
        for (const name of printed) problems.push(`${label(step)} prints the secret in ${name} to the log: "${cmd.text}"`);
      }
    }
  }
  return problems;
}
