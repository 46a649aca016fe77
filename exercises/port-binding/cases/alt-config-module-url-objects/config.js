// Every setting comes from the environment; PORT wins whenever the platform sets it.
const DEFAULT_PORT = 8080; // local runs only

function readPort(raw) {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

export const config = { port: readPort(process.env.PORT), pageSize: 5 };
