// One JSON event per line on stdout. Where the stream goes is the platform's business.
export class Logger {
  constructor(fields = {}, out = process.stdout) {
    this.fields = fields;
    this.out = out;
  }

  // A logger that adds the same fields to every event it writes (e.g. a request id).
  child(fields) {
    return new Logger({ ...this.fields, ...fields }, this.out);
  }

  write(level, msg, fields = {}) {
    const event = { time: new Date().toISOString(), level, msg, ...this.fields, ...fields };
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  info(msg, fields) {
    this.write('info', msg, fields);
  }

  warn(msg, fields) {
    this.write('warn', msg, fields);
  }

  error(msg, fields) {
    this.write('error', msg, fields);
  }
}

export const logger = new Logger({ service: 'invoices' });
