'use strict';
// Sends e-mail through the Mailwing HTTP API.
function createMailer({ apiUrl, apiKey, from }) {
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

module.exports = { createMailer };
