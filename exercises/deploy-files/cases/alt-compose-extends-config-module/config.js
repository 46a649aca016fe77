// Every setting the service reads, read once and checked, so a bad value stops it at start with a clear error.
function port(value = '3000') {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    throw new Error(`PORT must be a port number (1-65535), got "${value}"`);
  }
  return number;
}

export const config = Object.freeze({
  port: port(process.env.PORT),
});
