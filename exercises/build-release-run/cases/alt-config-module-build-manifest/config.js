// This release's settings: read from the environment once, at start, and checked.
function checkoutUrl(raw) {
  let url;
  try {
    url = new URL(raw ?? '');
  } catch {
    throw new Error(`CHECKOUT_URL must be the payment provider's checkout URL, e.g. https://pay.example/checkout (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`CHECKOUT_URL must be http(s), got ${url.protocol}`);
  return url.href;
}

function releaseId(raw) {
  if (!raw || !raw.trim()) throw new Error('RELEASE_ID is not set: the deploy tool numbers each release and passes its id');
  return raw.trim();
}

export const config = Object.freeze({
  checkoutUrl: checkoutUrl(process.env.CHECKOUT_URL),
  release: releaseId(process.env.RELEASE_ID),
  port: Number(process.env.PORT ?? 3000),
});
