// Fresh, realistic settings for each grade: the build machine's environment and two deploys. Fixed values could
// be special-cased (a build that skips values that "look like test values" still bakes the real ones in), so
// every value here is new each grade and carries a random token that is searched for on its own: a build that
// writes only the host of an address, or a value in another spelling, is found too.
import { randomBytes, randomInt } from 'node:crypto';

const hex = (bytes) => randomBytes(bytes).toString('hex');
const pick = (list) => list[randomInt(list.length)];
const digits = () => String(randomInt(10_000_000, 100_000_000));

/**
 * The environment of the CI machine that runs the build: a deploy's settings (CHECKOUT_URL, RELEASE_ID, a
 * database, an app environment) and the machine's own (user, host name, pipeline and job numbers). The
 * reference solution reads none of the machine's: they are here because a build may stamp them.
 * Returns { env, markers: [{ name, token }] }.
 */
export function buildMachine() {
  const values = {
    CHECKOUT_URL: [(t) => `https://pay-${t}.${pick(['kettleandleaf.shop', 'leafpay.net', 'teapayments.com'])}/checkout`, hex(3)],
    RELEASE_ID: [(t) => `v${randomInt(100, 1000)}-${t}`, hex(3)],
    APP_ENV: [(t) => `${pick(['staging', 'preview', 'canary'])}-${t}`, hex(3)],
    DATABASE_URL: [(t) => `postgres://shop:${hex(8)}@db-${t}.internal:5432/shop`, hex(3)],
    USER: [(t) => `${pick(['runner', 'builder', 'deploy'])}-${t}`, hex(3)],
    HOSTNAME: [(t) => `ci-${t}.build.internal`, hex(4)],
    CI_PIPELINE_ID: [(t) => t, digits()],
    CI_JOB_ID: [(t) => t, digits()],
  };
  const env = { NODE_ENV: 'production' };
  const markers = [];
  for (const [name, [make, token]] of Object.entries(values)) {
    env[name] = make(token);
    markers.push({ name, token });
  }
  env.LOGNAME = env.USER;
  return { env, markers };
}

/** Two deploys of one build, each with its own checkout address and release id; one runs under production. */
export function deploys() {
  const release = randomInt(100, 1000);
  const provider = pick(['pay.example-payments.com', 'checkout.paymentsco.net', 'secure.teapay.io']);
  return [
    {
      label: 'the EU release',
      env: { CHECKOUT_URL: `https://eu-${hex(3)}.${provider}/checkout`, RELEASE_ID: `v${release}-eu`, NODE_ENV: 'production' },
    },
    {
      label: 'the US release',
      env: { CHECKOUT_URL: `https://us-${hex(3)}.${provider}/session/new`, RELEASE_ID: `v${release}-us` },
    },
  ];
}
