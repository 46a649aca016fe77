// A tiny pino-like logger: logger.info({ fields }, 'message') prints one JSON line on stdout.
import os from 'node:os';

const base = { pid: process.pid, hostname: os.hostname(), name: 'ledgerly-invoices' };

function emit(level, fieldsOrMsg, maybeMsg) {
  const fields = typeof fieldsOrMsg === 'object' && fieldsOrMsg !== null ? fieldsOrMsg : {};
  const msg = typeof fieldsOrMsg === 'string' ? fieldsOrMsg : (maybeMsg ?? '');
  const event = { level, time: new Date().toISOString(), ...base, ...fields, msg };
  process.stdout.write(JSON.stringify(event) + '\n');
}

export const logger = {
  info: (fieldsOrMsg, msg) => emit('info', fieldsOrMsg, msg),
  warn: (fieldsOrMsg, msg) => emit('warn', fieldsOrMsg, msg),
  error: (fieldsOrMsg, msg) => emit('error', fieldsOrMsg, msg),
};
