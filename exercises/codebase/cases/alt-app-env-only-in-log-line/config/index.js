// The settings of this deploy, all from its environment. Every deploy runs the same code.
function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set. Set it to the address short links start with, e.g. PUBLIC_URL=https://sn.example`);
    process.exit(1);
  }
  return value;
}

export default {
  publicUrl: required('PUBLIC_URL').replace(/\/+$/, ''),
};
