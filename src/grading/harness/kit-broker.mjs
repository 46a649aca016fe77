// How the judge starts the judged in a server grading run. There the learner's code (every app, runNode, the
// syntax check) runs under another uid in a sandbox of its own, which cannot see, signal or trace this process;
// only the network is shared, so apps and the kit's fake services still meet on 127.0.0.1. This process cannot
// start such a sandbox itself: it asks the grader on the host (src/sandbox/app-broker.ts) over the channel on
// fd GRADING_BROKER_FD, one JSON object a line each way, and gets a ChildProcess-like object back, so the kit's
// code and the hidden tests are the same with and without it. Without the variable (the in-browser sandbox, a
// developer's run without root, GRADING_SANDBOX=unsafe-none) `brokered` is false and the kit spawns directly.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { PassThrough, Writable } from 'node:stream';

const fd = Number(process.env.GRADING_BROKER_FD);
delete process.env.GRADING_BROKER_FD;

export const brokered = Number.isInteger(fd) && fd > 2;

let channel;
const children = new Map();
let nextId = 1;

function open() {
  if (channel) return channel;
  channel = new net.Socket({ fd, readable: true, writable: true });
  channel.setEncoding('utf8');
  let buffer = '';
  channel.on('data', (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      children.get(message.id)?.receive(message);
    }
  });
  channel.on('error', () => {});
  // The host went away: nothing started through it can be reached any more.
  channel.on('close', () => {
    for (const child of [...children.values()]) child.receive({ ev: 'error', message: 'the grader on the host stopped' });
  });
  return channel;
}

function send(message) {
  open().write(`${JSON.stringify(message)}\n`);
}

/** A learner process in a sandbox of its own; the parts of ChildProcess the kit uses. */
class BrokeredProcess extends EventEmitter {
  pid = undefined; // not a pid this process could signal: kill() and killGroup() go through the host
  exitCode = null;
  signalCode = null;
  stdout = new PassThrough();
  stderr = new PassThrough();
  /** What the app's preloads report on fd 3 (the listen report), when asked for. */
  report = new PassThrough();

  constructor(id, withStdin) {
    super();
    this.id = id;
    this.stdin = withStdin
      ? new Writable({
        write: (chunk, _encoding, done) => {
          send({ op: 'stdin', id, data: Buffer.from(chunk).toString('base64') });
          done();
        },
        final: (done) => {
          send({ op: 'stdin-end', id });
          done();
        },
      })
      : null;
  }

  receive(message) {
    const stream = { 1: this.stdout, 2: this.stderr, 3: this.report }[message.fd];
    if (message.ev === 'out' && stream) stream.write(Buffer.from(message.data, 'base64'));
    else if (message.ev === 'exit') this.ended(message.code ?? null, message.signal ?? null);
    else if (message.ev === 'error') {
      this.emit('error', new Error(message.message));
      this.ended(null, null, true);
    }
  }

  ended(code, signal, failed = false) {
    if (!children.has(this.id)) return;
    children.delete(this.id);
    this.exitCode = code;
    this.signalCode = signal;
    if (!failed) this.emit('exit', code, signal);
    for (const stream of [this.stdout, this.stderr, this.report]) stream.end();
    this.stdin?.destroy();
    setImmediate(() => this.emit('close', code, signal));
  }

  get running() {
    return children.has(this.id);
  }

  /** Signals the app's process; false once it has ended. */
  kill(signal = 'SIGTERM') {
    if (!this.running) return false;
    send({ op: 'kill', id: this.id, signal, group: false });
    return true;
  }

  /** SIGKILL ends the app's whole sandbox (everything it started); other signals go to its process group. */
  killGroup(signal) {
    if (this.running) send({ op: 'kill', id: this.id, signal, group: true });
  }
}

/**
 * Starts `node <args>` as the learner: options.cwd and options.env as given (paths as this process sees them;
 * the learner's sandbox sees the learner's folder and the run's temp folder at the same places),
 * options.stdin true for a writable stdin, options.report true for the preloads' report channel (fd 3).
 */
export function brokeredSpawn(args, { cwd, env, stdin = false, report = false }) {
  const id = nextId++;
  const child = new BrokeredProcess(id, stdin);
  children.set(id, child);
  send({ op: 'spawn', id, args, cwd, env, stdin, report });
  return child;
}

/** Lets the harness exit while the channel is open (it ends the run itself). */
export function unrefBroker() {
  channel?.unref();
}
