/** "Environment for Run": NAME=value lines as a learner would write a .env file. */
import { envProblem } from '../sandbox/server/protocol.ts';

export function parseEnvText(text: string): { env: Record<string, string> } | { error: string } {
  const env: Record<string, string> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match) return { error: `Line ${index + 1}: write NAME=value (found “${line.slice(0, 40)}”).` };
    const [, name = '', value = ''] = match;
    env[name] = value.replace(/^(['"])(.*)\1$/, '$2');
  }
  const problem = envProblem(env);
  return problem ? { error: problem } : { env };
}
