'use strict';
// Preloaded into the app by the refusal check: the app sees its output go to a terminal, as when a developer
// runs it by hand. There is no pseudo-terminal to give it in the sandbox, so the checks an app can make are
// answered as a terminal would answer them.
const tty = require('node:tty');

for (const stream of [process.stdout, process.stderr]) {
  Object.defineProperty(stream, 'isTTY', { value: true, configurable: true });
  if (typeof stream.getColorDepth !== 'function') stream.getColorDepth = () => 1;
  if (typeof stream.hasColors !== 'function') stream.hasColors = () => false;
  if (stream.columns === undefined) Object.defineProperty(stream, 'columns', { value: 80, configurable: true });
}
// process.stdin is made on first use; it answers isTTY as a terminal would once it is.
const stdin = Object.getOwnPropertyDescriptor(process, 'stdin');
if (stdin?.get && stdin.configurable) {
  Object.defineProperty(process, 'stdin', {
    configurable: true,
    enumerable: stdin.enumerable,
    get() {
      const stream = stdin.get.call(process);
      if (!stream.isTTY) Object.defineProperty(stream, 'isTTY', { value: true, configurable: true });
      return stream;
    },
  });
}
const isatty = tty.isatty;
tty.isatty = (fd) => (fd === 0 || fd === 1 || fd === 2 ? true : isatty(fd));
