/**
 * The course server for a measurement: `scripts/start.ts` on a free loopback port over a given build, with the
 * per-client grading rate limit raised so that the bench measures grading, not the limiter.
 */
import { spawn } from 'node:child_process';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** `siteDir` defaults to the server's own default, dist/ (building it first if it is missing). */
export async function startServer(siteDir = 'dist'): Promise<RunningServer> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    // TRUST_PROXY=1: a load test names each simulated learner in X-Forwarded-For, as a proxy would, so fair share
    // (one grading slot per client) sees many learners instead of one.
    env: { ...process.env, SITE_DIR: siteDir, PORT: '0', HOST: '127.0.0.1', GRADE_RATE_PER_MINUTE: '100000', GRADE_RATE_BURST: '100000', TRUST_PROXY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: string) => {
      out += chunk;
      const match = /"msg":"listening","url":"([^"]+)"/.exec(out);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.resume(); // from here on, request logs: read and dropped
      resolve(match[1]!);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`the course server exited with ${code} before listening`)));
  });
  return {
    url,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
