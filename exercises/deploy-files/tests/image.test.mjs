import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GradingError, appCopy, check, listAppFiles, readAppFile, runNode, startApp, startFakeService } from '../kit.mjs';
import { expandCommand, isNode, nodeScript, startupProblem } from './commands.mjs';
import { substitute } from './dockerfile.mjs';
import { basePinProblem, imageTools, knownUsers, nodeVersionProblem, runsAsNonRootByDefault } from './images.mjs';
import { containerCommand, dockerfile, image, scripts, secretBuildArgs } from './project.mjs';

// The Dockerfile is read with tests/dockerfile.mjs (no Docker in the sandbox): what the image holds, which user
// it runs as, and what its command and HEALTHCHECK run. Where a process can run, it runs: the container's command
// is started from a built copy of the project, and the HEALTHCHECK asks the running app. Every check has its own
// copy and ports, so they all run side by side.

const PRODUCTION_PASSWORD = 'Nt7-prod-Kq92xWv';
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|DATABASE_URL|DB_URL|_DSN$/i;
const URL_WITH_PASSWORD = /[a-z][\w+.-]*:\/\/[^\s/:@'"]+:[^\s/@'"]+@/i;
const DATABASE_URL = 'postgres://grader:grader@127.0.0.1:9/notes';

const list = (items, n = 3) => items.slice(0, n).join('; ') + (items.length > n ? ` (and ${items.length - n} more)` : '');
const tail = (text, n = 160) => {
  const trimmed = text.trim();
  return trimmed.length > n ? `…${trimmed.slice(-n)}` : trimmed || '(nothing printed)';
};

/** Runs npm run build's node steps in a copy, so the copy holds what the image holds (dist/ included). */
async function buildCopy(dir, env) {
  const build = scripts().build;
  if (!build) return;
  for (const step of expandCommand({ shell: build }, scripts()).filter((s) => isNode(s.words))) {
    const result = await runNode(step.words.slice(1), { cwd: dir, env: { ...env } });
    assert.ok(result.code === 0, `npm run build ("${build}") failed with ${result.code ?? result.signal}: ${tail(result.stderr || result.stdout)}`);
  }
}

check('the Dockerfile bakes no secret into the image', {
  hint: 'Anyone who can pull an image can read its ENV with docker inspect and its build arguments with docker history. Which values in the Dockerfile should only exist where the container runs?',
}, () => {
  const problems = [];
  const fedFromSecrets = secretBuildArgs();
  for (const instruction of dockerfile().instructions) {
    const where = `line ${instruction.line}`;
    if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
      for (const { name, value } of instruction.pairs) {
        if (SECRET_NAME.test(name)) problems.push(`${where}: ${instruction.keyword} ${name} puts a secret into the image`);
        else if (typeof value === 'string' && value.length >= 4 && PRODUCTION_PASSWORD.includes(value)) {
          problems.push(`${where}: ${instruction.keyword} ${name} holds a piece of the production password`);
        } else if (fedFromSecrets.has(name)) problems.push(`${where}: ${instruction.keyword} ${name} is given a secret by the CI workflow (${fedFromSecrets.get(name)}), which bakes it into the image`);
      }
    }
    if (URL_WITH_PASSWORD.test(instruction.args)) problems.push(`${where}: ${instruction.keyword} holds an address with a password in it`);
    if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && /(^|[\s/])\.env(?!\.example)(\.[\w-]+)?(\s|$)/.test(instruction.args)) {
      problems.push(`${where}: ${instruction.keyword} copies an env file into the image`);
    }
  }
  assert.ok(problems.length === 0, `Dockerfile: ${list(problems)}. Expected no password, token, key or database address in the image: the platform passes them to the container when it starts`);
});

// The password as written, and as the usual encodings write it (base64 at each of its three alignments, hex),
// so a fallback that only encodes it is still found.
function encodings() {
  const forms = [{ text: PRODUCTION_PASSWORD, how: '' }];
  for (let pad = 0; pad < 3; pad += 1) {
    const encoded = Buffer.from('x'.repeat(pad) + PRODUCTION_PASSWORD).toString('base64');
    // drop the characters that depend on the padding before and after the password
    const start = Math.ceil((pad * 4) / 3) + 1;
    const end = Math.floor(((pad + PRODUCTION_PASSWORD.length) * 4) / 3) - 1;
    forms.push({ text: encoded.slice(start, end), how: ' (base64-encoded)' });
  }
  forms.push({ text: Buffer.from(PRODUCTION_PASSWORD).toString('hex'), how: ' (hex-encoded)' });
  return forms;
}
const PASSWORD_FORMS = encodings();

function hiddenPasswordAt(text) {
  for (const form of PASSWORD_FORMS) {
    const index = form.how.includes('hex') ? text.toLowerCase().indexOf(form.text) : text.indexOf(form.text);
    if (index !== -1) return { index, how: form.how };
  }
  return undefined;
}

check('the production password is gone from every file', {
  hint: 'Search the whole project, comments included. A password that was ever committed is also in the repository\'s history: in real life you would change it, too.',
}, () => {
  const found = [];
  for (const file of listAppFiles()) {
    const text = readAppFile(file);
    const at = hiddenPasswordAt(text);
    if (at === undefined) continue;
    const line = text.slice(0, at.index).split('\n').length;
    found.push(`${file} line ${line}${at.how}`);
  }
  assert.ok(found.length === 0, `The production database password is still written in ${list(found)}. Expected it nowhere in the project, not even in a comment`);
});

check('the base images name a supported Node version', {
  hint: 'What will node:latest be next month? Choose the version your image is built on, and make it a Node line that still gets security fixes.',
}, () => {
  const { stages } = dockerfile();
  const problems = [];
  for (const stage of stages) {
    const fromStage = stages.slice(0, stage.index).some((earlier) => earlier.name === stage.image.toLowerCase());
    if (fromStage || stage.image === 'scratch') continue;
    const problem = stage.image.endsWith(':') || /:$|:@/.test(stage.image)
      ? `"${stage.image}" has an empty tag (an ARG without a default?)`
      : basePinProblem(stage.image) ?? nodeVersionProblem(stage.image);
    if (problem) problems.push(`line ${stage.line}: ${problem}`);
  }
  assert.ok(problems.length === 0, `Dockerfile: ${list(problems)}. Expected every FROM to name its version (a tag that starts with it, or a digest), on a supported Node LTS line`);
});

check('the build runs while the image is built', {
  hint: 'A container may start many times, on many machines; an image is built once. Which of the two is the right moment to turn the source into dist/?',
}, () => {
  const final = image();
  const all = dockerfile().stages;
  const runsBuild = (stage) => stage.instructions.some((instruction) => instruction.keyword === 'RUN'
    && expandCommand(instruction.json ? { argv: instruction.json } : { shell: instruction.args }, scripts()).some((cmd) => startupProblem(cmd)?.kind === 'build'));
  if (final.needed.some(runsBuild)) return;
  const unused = all.filter((stage) => !final.needed.includes(stage) && runsBuild(stage));
  assert.ok(
    unused.length === 0,
    `Dockerfile: the stage at line ${unused[0]?.line} runs the build, but the final image never copies anything from it. Expected the build's output (dist/) in the image`,
  );
  assert.fail('Dockerfile: no RUN instruction of the image runs the build (npm run build). Expected the image to be built with dist/ in it, so the container has nothing to build when it starts');
});

check('the container\'s command only starts the app', {
  hint: 'Read the CMD as the platform will, on every start of every container. What in it has to happen only once per release, and where do its messages end up?',
}, async () => {
  const final = image();
  const command = containerCommand(final);
  assert.ok(command, 'Dockerfile: the image has no CMD, so the container would start the base image\'s default (a Node prompt). Expected a CMD that starts the service');
  const steps = expandCommand(command, scripts());
  const problems = steps.map(startupProblem).filter(Boolean).map((problem) => problem.message);
  assert.ok(problems.length === 0, `Dockerfile line ${command.line}: the container's command ${list(problems)}. Expected it to start the service and nothing else, logging to stdout`);
  const servers = steps.filter((step) => nodeScript(step.words));
  assert.ok(
    steps.length === 1 && servers.length === 1,
    `Dockerfile line ${command.line}: the container's command runs ${steps.map((step) => `"${step.words.join(' ')}"`).join(', ') || 'nothing'}. Expected one process: node running the service`,
  );
  const args = servers[0].words.slice(1);
  const workdir = (final.last('WORKDIR')?.args ?? '/').replace(/\/+$/, '');
  const file = nodeScript(servers[0].words);
  const relative = file.startsWith('/') ? (file.startsWith(`${workdir}/`) ? file.slice(workdir.length + 1) : undefined) : file.replace(/^\.\//, '');
  assert.ok(relative, `Dockerfile line ${command.line}: the command runs ${file}, which is outside the image's WORKDIR ${workdir}. Expected the service's file`);

  // Started from a built copy of the project, as the image holds it: the command must start the service.
  const { dir, env } = appCopy();
  await buildCopy(dir, env);
  assert.ok(listAppFiles(dir).includes(relative), `Dockerfile line ${command.line}: the command runs ${file}, but the project has no such file, even after the build`);
  try {
    await startApp({ cwd: dir, args: args.map((arg) => (arg === file ? relative : arg)), env: { ...env, DATABASE_URL } });
  } catch (error) {
    assert.fail(`Dockerfile line ${command.line}: the container's command, "${servers[0].words.join(' ')}", did not start the service: ${error.message}`);
  }
});

check('the container runs as a non-root user', {
  hint: 'Unless the image says otherwise, the process in the container runs as root. Does the base image already come with a user meant for running the app?',
}, () => {
  const final = image();
  const user = final.last('USER');
  if (!user) {
    assert.ok(runsAsNonRootByDefault(final.base), `Dockerfile: the final image (FROM ${final.base}) has no USER, so the service runs as root. Expected it to run as an unprivileged user`);
    return;
  }
  const name = substitute(user.args, final.env).split(':')[0].trim();
  assert.ok(!['', 'root', '0'].includes(name), `Dockerfile line ${user.line}: USER ${user.args} is root. Expected an unprivileged user`);
  if (/^\d+$/.test(name) || knownUsers(final.base).includes(name)) return;
  const created = final.chain.flatMap((stage) => stage.instructions)
    .some((instruction) => instruction.keyword === 'RUN' && new RegExp(`\\b(useradd|adduser)\\b[^;&|]*\\b${name.replace(/[^\w-]/g, '')}\\b`).test(instruction.args));
  const known = knownUsers(final.base);
  assert.ok(created, `Dockerfile line ${user.line}: USER ${name}, but ${final.base} has no such user (${known.length ? `it has ${known.join(', ')}` : 'only root'}) and no RUN creates it, so the container would not start. Expected a user the image has`);
});

check('the HEALTHCHECK asks the app\'s health endpoint', {
  hint: 'The platform needs a command it can run inside the container to learn whether the app answers. Which small HTTP request proves that, and which programs does your final image actually contain?',
}, async () => {
  const final = image();
  const healthcheck = final.last('HEALTHCHECK');
  assert.ok(healthcheck && !healthcheck.none, 'Dockerfile: the image has no HEALTHCHECK, so a container whose app hangs still counts as running. Expected a HEALTHCHECK that asks the app over HTTP');
  const where = `Dockerfile line ${healthcheck.line}`;
  let json = healthcheck.json;
  if (json?.[0] === 'CMD') json = json.slice(1);
  const shellForm = !json || json[0] === 'CMD-SHELL';
  const command = !json ? { shell: healthcheck.command } : json[0] === 'CMD-SHELL' ? { shell: json.slice(1).join(' ') } : { argv: json };
  const tools = imageTools(final.base);
  const installed = (tool) => final.chain.flatMap((stage) => stage.instructions)
    .some((instruction) => instruction.keyword === 'RUN' && new RegExp(`(apk\\s+add|apt-get\\s+install|apt\\s+install|dnf\\s+install|microdnf\\s+install|yum\\s+install)[^;&|]*\\b${tool}\\b`).test(instruction.args));
  assert.ok(!(shellForm && tools && !tools.shell), `${where}: the shell form needs /bin/sh, which ${final.base} does not have. Expected the exec form, ["…", "…"]`);
  const probe = expandCommand(command, scripts()).find((cmd) => /^(\S*\/)?(curl|wget)$/.test(cmd.words[0]) || isNode(cmd.words));
  assert.ok(probe, `${where}: the HEALTHCHECK runs "${healthcheck.command}". Expected a command that asks the app over HTTP (with node, curl or wget)`);
  const tool = probe.words[0].split('/').pop();
  const containerPort = final.env.get('PORT') ?? '3000';
  const { dir, env } = appCopy();
  await buildCopy(dir, env); // built as in the image, so a check on the page at / finds it rendered
  const app = await startApp({ cwd: dir, env: { ...env, DATABASE_URL } });

  if (tool === 'curl' || tool === 'wget') {
    assert.ok(!tools || tools[tool] || installed(tool), `${where}: the HEALTHCHECK uses ${tool}, which ${final.base} does not contain, so the check would always fail. Expected a program the final image has`);
    if (tool === 'curl') {
      assert.ok(
        probe.words.some((word) => word === '--fail' || word === '--fail-with-body' || /^-[a-zA-Z]*f[a-zA-Z]*$/.test(word)),
        `${where}: curl without --fail (-f) exits 0 even when the app answers 500, so a broken app would look healthy. Expected the check to fail on an error status`,
      );
    }
    // curl and wget both take an address without a scheme (localhost:3000/health) as http://.
    const written = probe.words.find((word) => /^https?:\/\//i.test(word) || /^(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)([:/]|$)/.test(word));
    assert.ok(written, `${where}: the ${tool} command names no http:// address. Expected it to ask the app's health endpoint`);
    const writtenAddress = /^https?:\/\//i.test(written) ? written : `http://${written}`;
    assert.ok(shellForm || !writtenAddress.includes('$'), `${where}: in the exec form nothing expands the variables in ${writtenAddress}; ${tool} would get them literally. Expected the shell form, or the port written out`);
    let url;
    try {
      // The shell expands $PORT, ${PORT} and ${PORT:-3000} from the container's environment (ENV and ARG).
      url = new URL(substitute(writtenAddress, new Map([...final.env, ['PORT', containerPort]])));
    } catch {
      assert.fail(`${where}: "${writtenAddress}" is not an address the grader can read. Expected http://localhost:<port>/<path>`);
    }
    assert.ok(/^(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)$/.test(url.hostname), `${where}: the HEALTHCHECK asks ${url.hostname}, not the container itself. Expected localhost`);
    const port = url.port || '80';
    assert.ok(port === containerPort, `${where}: the HEALTHCHECK asks port ${port}, but in the container the app listens on ${containerPort} (its PORT). Expected the app's port`);
    const res = await app.fetch(`${url.pathname}${url.search}`);
    await res.text();
    assert.ok(res.status === 200, `${where}: the HEALTHCHECK asks ${url.pathname}${url.search}, and the running app answered ${res.status}. Expected 200 from a health endpoint`);
    return;
  }

  // A node health check runs as a program: with the app up it must exit 0, against an app answering 503 it must
  // not. It gets the container's environment, where PORT is set; an address written out with the container's
  // port is pointed at the app under test.
  const args = probe.words.slice(1);
  const script = nodeScript(probe.words);
  const workdir = (final.last('WORKDIR')?.args ?? '/').replace(/\/+$/, '');
  const relative = script && (script.startsWith(`${workdir}/`) ? script.slice(workdir.length + 1) : script.replace(/^\.\//, ''));
  if (script) assert.ok(listAppFiles(dir).includes(relative), `${where}: the HEALTHCHECK runs ${script}, but the project has no such file. Expected the health check script`);
  const original = script ? readAppFile(relative) : undefined;
  const pointAt = (text, port) => text.replace(new RegExp(`(localhost|127\\.0\\.0\\.1|\\[::1\\]|0\\.0\\.0\\.0):${containerPort}\\b`, 'g'), `$1:${port}`);
  const runAgainst = async (port) => {
    if (script) writeFileSync(path.join(dir, relative), pointAt(original, port));
    const runArgs = args.map((arg) => (script && arg === script ? relative : script ? arg : pointAt(arg, port)));
    return runNode(runArgs, { cwd: dir, env: { ...env, PORT: String(port) }, timeoutMs: 2500 });
  };
  const up = await runAgainst(app.port);
  const readsPort = /\bPORT\b/.test(script ? original : args.join(' '));
  const portNote = readsPort ? '' : ' It never reads PORT, so it cannot know the port the app listens on.';
  assert.ok(up.code === 0, `${where}: with the app up and answering on its PORT, the HEALTHCHECK ("${probe.words.join(' ')}") ${up.timedOut ? 'did not finish within 2.5 s' : `exited with ${up.code ?? up.signal}`}: ${tail(up.stderr || up.stdout)}.${portNote} Expected exit code 0`);
  const failing = await startFakeService((req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"down"}'));
  const down = await runAgainst(failing.port);
  assert.ok(
    !down.timedOut && down.code !== 0,
    `${where}: against an app that answers 503 to every request, the HEALTHCHECK ${down.timedOut ? 'did not finish within 2.5 s' : 'exited with 0'}. Expected a non-zero exit code, so the platform learns the app is unhealthy`,
  );
  if (failing.requests.length === 0) throw new GradingError(`${where}: the HEALTHCHECK never sent a request to the app on its PORT. Expected it to ask the app's health endpoint`);
});
