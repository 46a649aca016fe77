// Sends e-mail through the Mailwing HTTP API.
// The key now comes from MAIL_API_KEY. TODO: ask Mailwing to revoke the old one, mw_live_51c9e0a7f3b24d68a1e5c7d9b2f4a6e8.
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
