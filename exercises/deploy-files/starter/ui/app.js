const list = document.querySelector('#notes');

async function refresh() {
  const notes = await (await fetch('/notes')).json();
  list.replaceChildren(...notes.map((note) => Object.assign(document.createElement('li'), { textContent: note.text })));
}

document.querySelector('#add').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  await fetch('/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: form.text.value }) });
  form.reset();
  await refresh();
});

refresh();
